"""k8s.io/client-go/tools/clientcmd: kubeconfig loading, merging, validation and rest.Config building.

Typical use, as in Go::

    rules = clientcmd.new_default_client_config_loading_rules()
    cc = clientcmd.new_non_interactive_deferred_loading_client_config(rules, clientcmd.ConfigOverrides())
    config = cc.client_config()          # a rest.Config
    namespace, overridden = cc.namespace()

or simply ``clientcmd.build_config_from_flags("", kubeconfig_path)``.
"""
from kubernetes_py.tools.clientcmd.client_config import (  # noqa: F401
    NAMESPACE_FILE,
    ClientConfig,
    ClusterDefaults,
    DefaultClientConfig,
    DirectClientConfig,
    InClusterClientConfig,
    OverridingClientConfig,
    build_config_from_flags,
    build_config_from_kubeconfig_getter,
    new_client_config_from_bytes,
    new_default_client_config,
    new_non_interactive_client_config,
    rest_config_from_kube_config,
)
from kubernetes_py.tools.clientcmd.config import (  # noqa: F401
    ConfigAccess,
    PathOptions,
    get_config_from_file_or_die,
    modify_config,
    new_default_path_options,
    persister_for_user,
)
from kubernetes_py.tools.clientcmd.helpers import parse_timeout  # noqa: F401
from kubernetes_py.tools.clientcmd.loader import (  # noqa: F401
    ClientConfigGetter,
    ClientConfigLoader,
    ClientConfigLoadingRules,
    KubeconfigGetter,
    MissingConfigError,
    RecommendedConfigDir,
    RecommendedConfigPathEnvVar,
    RecommendedConfigPathFlag,
    RecommendedFileName,
    RecommendedHomeDir,
    RecommendedHomeFile,
    RecommendedSchemaFile,
    RecommendedSchemaName,
    get_auth_info_file_references,
    get_cluster_file_references,
    get_config_file_references,
    load,
    load_from_file,
    make_relative,
    new_default_client_config_loading_rules,
    relativize_auth_info_local_paths,
    relativize_cluster_local_paths,
    relativize_config_paths,
    relativize_path_with_no_backsteps,
    resolve_config_paths,
    resolve_local_paths,
    resolve_paths,
    write,
    write_to_file,
)
from kubernetes_py.tools.clientcmd.merged_client_builder import (  # noqa: F401
    DeferredLoadingClientConfig,
    new_non_interactive_deferred_loading_client_config,
)
from kubernetes_py.tools.clientcmd.overrides import *  # noqa: F401,F403
from kubernetes_py.tools.clientcmd.validation import (  # noqa: F401
    ConfigurationInvalidError,
    ContextNotFoundError,
    EmptyClusterError,
    EmptyConfigError,
    NoContextError,
    ErrEmptyCluster,
    ErrEmptyConfig,
    ErrNoContext,
    confirm_usable,
    is_configuration_invalid,
    is_context_not_found,
    is_empty_config,
    new_empty_config_error,
    validate,
)
