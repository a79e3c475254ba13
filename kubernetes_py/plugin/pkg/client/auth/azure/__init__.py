"""client-go plugin/pkg/client/auth/azure: registered, as in client-go, only to explain that it was removed."""

from __future__ import annotations

from typing import NoReturn

from kubernetes_py.rest import plugin as _plugin

REMOVED_MESSAGE = (
    "The azure auth plugin has been removed.\n"
    "Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.\n"
    "See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins "
    "for further details"
)


def _new_azure_auth_provider(cluster_address: str, cfg: dict[str, str], persister: object) -> NoReturn:
    raise ValueError(REMOVED_MESSAGE)


_plugin.register_builtin_auth_provider_plugin("azure", _new_azure_auth_provider)
