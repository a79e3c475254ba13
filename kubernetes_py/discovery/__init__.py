"""Port of k8s.io/client-go/discovery: server groups, versions and resources, aggregated or legacy.

The package exports the names its modules export (each module's ``__all__``, written once)."""

from kubernetes_py.discovery import aggregated_discovery, discovery_client, helper, interfaces
from kubernetes_py.discovery.aggregated_discovery import *  # noqa: F403
from kubernetes_py.discovery.discovery_client import *  # noqa: F403
from kubernetes_py.discovery.helper import *  # noqa: F403
from kubernetes_py.discovery.interfaces import *  # noqa: F403

__all__ = aggregated_discovery.__all__ + discovery_client.__all__ + helper.__all__ + interfaces.__all__
