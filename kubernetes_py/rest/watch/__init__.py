"""client-go rest/watch: decoding the watch events of a stream (``metav1.WatchEvent`` frames)."""

from __future__ import annotations

from kubernetes_py.rest.watch.decoder import Decoder, new_decoder

__all__ = ["Decoder", "new_decoder"]
