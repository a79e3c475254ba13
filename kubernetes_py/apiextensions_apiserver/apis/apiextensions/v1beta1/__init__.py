"""Go's k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1: CustomResourceDefinition and friends.

The message classes, constants and scheme registration come from the generated module
(``generated.py``, rewritten by ``bash hack/generate.sh``).
"""

from kubernetes_py.apiextensions_apiserver.apis.apiextensions.v1beta1.generated import *  # noqa: F401,F403
from kubernetes_py.apiextensions_apiserver.apis.apiextensions._marshal import register_codecs  # noqa: E402

register_codecs("k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1")
