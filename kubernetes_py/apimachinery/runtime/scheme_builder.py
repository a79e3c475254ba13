"""runtime.SchemeBuilder: a list of functions that register types with a Scheme
(k8s.io/apimachinery/pkg/runtime/scheme_builder.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .scheme import Scheme

AddToSchemeFunc = Callable[["Scheme"], None]


class SchemeBuilder(list[AddToSchemeFunc]):
    """Functions that each register something with a scheme; ``add_to_scheme`` runs them in order and
    stops at the first exception (Go's first error)."""

    def add_to_scheme(self, s: Scheme) -> None:
        for f in self:
            f(s)

    def register(self, *funcs: AddToSchemeFunc) -> None:
        self.extend(funcs)


def new_scheme_builder(*funcs: AddToSchemeFunc) -> SchemeBuilder:
    sb = SchemeBuilder()
    sb.register(*funcs)
    return sb
