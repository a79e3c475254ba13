"""Port of k8s.io/client-go/metadata: a client returning only object metadata (PartialObjectMetadata)."""

from kubernetes_py.metadata.metadata import (
    Client,
    config_for,
    new_for_config,
    new_for_config_and_client,
    new_for_config_or_die,
)
from kubernetes_py.metadata.interface import Getter, Interface, ResourceInterface

__all__ = [
    "Client",
    "Getter",
    "Interface",
    "ResourceInterface",
    "config_for",
    "new_for_config",
    "new_for_config_and_client",
    "new_for_config_or_die",
]
