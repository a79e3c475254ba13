"""k8s.io/client-go/rest: the client Config and (from the "rest" package owner) the REST client."""
from kubernetes_py.rest.config import (  # noqa: F401
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
    load_tls_files,
)
