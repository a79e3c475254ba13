"""The name of an event handler, for log messages and the handler's sync tracker (Go's nameForHandler).

A ResourceEventHandlerFuncs is named after the function that defined its callbacks when they share one
(``module.function`` for lambdas and nested functions), else after every callback joined by ``+``; any other
handler after its class (``module.Class``).
"""

from __future__ import annotations

from typing import Any, List


def name_for_handler(handler: Any) -> str:
    from .controller import ResourceEventHandlerFuncs

    if handler is None:
        return "<nil>"
    if isinstance(handler, ResourceEventHandlerFuncs):
        name = _name_for_functions(handler.add_func, handler.update_func, handler.delete_func)
        if name:
            return name
    cls = type(handler)
    return f"{cls.__module__}.{cls.__qualname__}"


def _name_for_function(f: Any) -> str:
    qualname = getattr(f, "__qualname__", None)
    module = getattr(f, "__module__", None)
    if qualname is None or module is None:
        return ""
    return f"{module}.{qualname.replace('.<locals>', '')}"


def _name_for_functions(*fs: Any) -> str:
    qualifier = ""
    single_qualifier = True
    names: List[str] = []
    for f in fs:
        if f is None:
            continue
        name = _name_for_function(f)
        if not name:
            continue
        names.append(name)
        index = name.rfind(".")
        new_qualifier = name[:index] if index > 0 else name
        if qualifier == "":
            qualifier = new_qualifier
        elif qualifier != new_qualifier:
            single_qualifier = False
    if single_qualifier:
        return qualifier
    return "+".join(names)
