"""Port of k8s.io/client-go/tools/watch: RetryWatcher and waiting for conditions on watch events."""

from kubernetes_py.tools.watch.retrywatcher import *  # noqa: F401,F403
from kubernetes_py.tools.watch.until import *  # noqa: F401,F403
from kubernetes_py.tools.watch.informerwatcher import *  # noqa: F401,F403
