"""Port of k8s.io/apimachinery/pkg/util/intstr: IntOrString (an int32 or a string, e.g. a port or "25%")."""

from kubernetes_py.apimachinery.util.intstr.intstr import (
    Int,
    IntOrString,
    String,
    Type,
    from_int,
    from_int32,
    from_string,
    get_scaled_value_from_int_or_percent,
    get_value_from_int_or_percent,
    parse,
    value_or_default,
)

__all__ = [
    "Int",
    "IntOrString",
    "String",
    "Type",
    "from_int",
    "from_int32",
    "from_string",
    "get_scaled_value_from_int_or_percent",
    "get_value_from_int_or_percent",
    "parse",
    "value_or_default",
]
