"""k8s.io/client-go/testing: the recording Fake with its reactor chains, the actions it records, and the
ObjectTracker behind the fake clientset."""

from .actions import *  # noqa: F401,F403
from .actions import __all__ as _actions_all
from .fake import *  # noqa: F401,F403
from .fake import __all__ as _fake_all
from .fixture import *  # noqa: F401,F403
from .fixture import __all__ as _fixture_all
from .interface import FakeClient  # noqa: F401

__all__ = [*_actions_all, *_fake_all, *_fixture_all, "FakeClient"]
