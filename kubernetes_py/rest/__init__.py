"""k8s.io/client-go/rest: the client Config and the REST client."""

from kubernetes_py.rest.config import (
    DefaultBurst,
    DefaultQPS,
    ErrNotInCluster,
    AuthProviderConfigPersister,
    Config,
    ContentConfig,
    ImpersonationConfig,
    TLSClientConfig,
    anonymous_client_config,
    copy_config,
    in_cluster_config,
    is_config_transport_tls,
    load_tls_files,
)

# The REST client (client.go, request.go, urlbackoff.go, warnings.go, with_retry.go...).
from kubernetes_py.rest.client import (  # noqa: E402
    ClientContentConfig,
    Interface,
    RESTClient,
    new_request_with_client,
    new_rest_client,
    rest_client_for,
    rest_client_for_config_and_client,
    unversioned_rest_client_for,
    unversioned_rest_client_for_config_and_client,
)
from kubernetes_py.rest.request import (  # noqa: E402
    NameMayNotBe,
    NameMayNotContain,
    Request,
    RequestConstructionError,
    is_valid_path_segment_name,
    is_valid_path_segment_prefix,
    new_request,
    validate_path_segment_name,
)
from kubernetes_py.rest.result import Result  # noqa: E402
from kubernetes_py.rest.url_utils import (  # noqa: E402
    default_server_url,
    default_server_url_for,
    default_versioned_api_path,
)
from kubernetes_py.rest.urlbackoff import (  # noqa: E402
    BackoffManager,
    BackoffManagerWithContext,
    NoBackoff,
    URLBackoff,
)
from kubernetes_py.rest.user_agent import (  # noqa: E402
    add_user_agent,
    default_kubernetes_user_agent,
    set_kubernetes_defaults,
)
from kubernetes_py.rest.warnings import (  # noqa: E402
    NoWarnings,
    WarningHandler,
    WarningHandlerWithContext,
    WarningLogger,
    WarningWriterOptions,
    new_warning_writer,
    set_default_warning_handler,
    set_default_warning_handler_with_context,
)
from kubernetes_py.rest.with_retry import RetryAfter, WithRetry  # noqa: E402

# Transport bridge and auth-provider plugins (transport.go, exec.go, plugin.go).
from kubernetes_py.rest.exec import config_to_exec_cluster, exec_cluster_to_config  # noqa: E402
from kubernetes_py.rest.plugin import AuthProvider, get_auth_provider, register_auth_provider_plugin  # noqa: E402
from kubernetes_py.rest.transport import (  # noqa: E402
    HTTPClient,
    http_client_for,
    http_wrappers_for_config,
    tls_config_for,
    transport_config_for,
    transport_for,
)

__all__ = [
    "AuthProvider",
    "AuthProviderConfigPersister",
    "BackoffManager",
    "BackoffManagerWithContext",
    "ClientContentConfig",
    "Config",
    "ContentConfig",
    "DefaultBurst",
    "DefaultQPS",
    "ErrNotInCluster",
    "HTTPClient",
    "ImpersonationConfig",
    "Interface",
    "NameMayNotBe",
    "NameMayNotContain",
    "NoBackoff",
    "NoWarnings",
    "RESTClient",
    "Request",
    "RequestConstructionError",
    "Result",
    "RetryAfter",
    "TLSClientConfig",
    "URLBackoff",
    "WarningHandler",
    "WarningHandlerWithContext",
    "WarningLogger",
    "WarningWriterOptions",
    "WithRetry",
    "add_user_agent",
    "anonymous_client_config",
    "config_to_exec_cluster",
    "copy_config",
    "default_kubernetes_user_agent",
    "default_server_url",
    "default_server_url_for",
    "default_versioned_api_path",
    "exec_cluster_to_config",
    "get_auth_provider",
    "http_client_for",
    "http_wrappers_for_config",
    "in_cluster_config",
    "is_config_transport_tls",
    "is_valid_path_segment_name",
    "is_valid_path_segment_prefix",
    "load_tls_files",
    "new_request",
    "new_request_with_client",
    "new_rest_client",
    "new_warning_writer",
    "register_auth_provider_plugin",
    "rest_client_for",
    "rest_client_for_config_and_client",
    "set_default_warning_handler",
    "set_default_warning_handler_with_context",
    "set_kubernetes_defaults",
    "tls_config_for",
    "transport_config_for",
    "transport_for",
    "unversioned_rest_client_for",
    "unversioned_rest_client_for_config_and_client",
    "validate_path_segment_name",
]
