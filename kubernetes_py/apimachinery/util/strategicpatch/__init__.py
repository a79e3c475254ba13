"""k8s.io/apimachinery/pkg/util/strategicpatch: strategic merge patches of typed objects."""

from .errors import *  # noqa: F401,F403
from .errors import __all__ as _errors_all
from .meta import *  # noqa: F401,F403
from .meta import __all__ as _meta_all
from .patch import *  # noqa: F401,F403
from .patch import __all__ as _patch_all

__all__ = [*_errors_all, *_meta_all, *_patch_all]
