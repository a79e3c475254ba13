"""Port of k8s.io/apimachinery/pkg/util/sets: sets with Go's method names.

``sets.Set`` is the generic ``Set[T]``; ``String``, ``Int``, ``Int32``, ``Int64`` and ``Byte`` are the legacy typed
sets. All are Python ``set`` subclasses, so ``in``, ``len()`` and iteration work too.
"""

from kubernetes_py.apimachinery.util.sets.set import (
    Byte,
    Empty,
    Int,
    Int32,
    Int64,
    Set,
    String,
    insert,
    key_set,
    list,
    new,
    new_byte,
    new_int,
    new_int32,
    new_int64,
    new_string,
    string_key_set,
)

__all__ = [
    "Byte",
    "Empty",
    "Int",
    "Int32",
    "Int64",
    "Set",
    "String",
    "insert",
    "key_set",
    "list",
    "new",
    "new_byte",
    "new_int",
    "new_int32",
    "new_int64",
    "new_string",
    "string_key_set",
]
