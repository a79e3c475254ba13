"""Port of k8s.io/client-go/tools/cache/testing (imported in Go as ``fcache``)."""

from .fake_controller_source import (
    FakeControllerSource,
    FakePVCControllerSource,
    FakePVControllerSource,
    new_fake_controller_source,
    new_fake_pv_controller_source,
    new_fake_pvc_controller_source,
)

__all__ = [
    "FakeControllerSource",
    "FakePVCControllerSource",
    "FakePVControllerSource",
    "new_fake_controller_source",
    "new_fake_pv_controller_source",
    "new_fake_pvc_controller_source",
]
