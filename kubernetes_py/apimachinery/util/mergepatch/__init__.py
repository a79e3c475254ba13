"""k8s.io/apimachinery/pkg/util/mergepatch: errors and helpers shared by the merge patch packages."""

from .errors import *  # noqa: F401,F403
from .errors import __all__ as _errors_all
from .util import *  # noqa: F401,F403
from .util import __all__ as _util_all

__all__ = [*_errors_all, *_util_all]
