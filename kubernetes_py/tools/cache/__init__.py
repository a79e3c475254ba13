"""Port of k8s.io/client-go/tools/cache: stores, indexers, queues, reflectors and informers."""

from kubernetes_py.tools.cache.store import *  # noqa: F401,F403
from kubernetes_py.tools.cache.thread_safe_store import *  # noqa: F401,F403
from kubernetes_py.tools.cache.index import *  # noqa: F401,F403
from kubernetes_py.tools.cache.fifo import *  # noqa: F401,F403
from kubernetes_py.tools.cache.delta_fifo import *  # noqa: F401,F403
from kubernetes_py.tools.cache.controller import *  # noqa: F401,F403
from kubernetes_py.tools.cache.shared_informer import *  # noqa: F401,F403
from kubernetes_py.tools.cache.the_real_fifo import *  # noqa: F401,F403
from kubernetes_py.tools.cache.heap import *  # noqa: F401,F403
from kubernetes_py.tools.cache.listwatch import *  # noqa: F401,F403
from kubernetes_py.tools.cache.retry_with_deadline import *  # noqa: F401,F403
from kubernetes_py.tools.cache.reflector import *  # noqa: F401,F403
from kubernetes_py.tools.cache.reflector_metrics import *  # noqa: F401,F403
from kubernetes_py.tools.cache.identity import *  # noqa: F401,F403
from kubernetes_py.tools.cache.informer_metrics import *  # noqa: F401,F403
from kubernetes_py.tools.cache.expiration_cache import *  # noqa: F401,F403
from kubernetes_py.tools.cache.undelta_store import *  # noqa: F401,F403
from kubernetes_py.tools.cache.mutation_cache import *  # noqa: F401,F403
from kubernetes_py.tools.cache.listers import *  # noqa: F401,F403
from kubernetes_py.tools.cache.fake_custom_store import *  # noqa: F401,F403
from kubernetes_py.tools.cache.mutation_detector import *  # noqa: F401,F403
