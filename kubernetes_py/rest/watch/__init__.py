"""client-go rest/watch: decoding the watch events of a stream (``metav1.WatchEvent`` frames), and encoding them."""

from __future__ import annotations

from kubernetes_py.rest.watch.decoder import Decoder, new_decoder
from kubernetes_py.rest.watch.encoder import Encoder, new_encoder

__all__ = ["Decoder", "Encoder", "new_decoder", "new_encoder"]
