"""Go's k8s.io/apimachinery/pkg/apis/meta/v1: ObjectMeta, ListMeta, the option types, Status...

The message classes, constants and scheme registration come from the generated module
(``generated.py``, rewritten by ``bash hack/generate.sh``); hand-written helpers are re-exported below.
"""

from kubernetes_py.apimachinery.apis.meta.v1.generated import *  # noqa: F401,F403
from kubernetes_py.apimachinery.apis.meta.v1.helpers import *  # noqa: F401,F403,E402
