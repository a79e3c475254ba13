"""Port of k8s.io/apimachinery/pkg/api/resource: Quantity, its notations and arithmetic."""

from kubernetes_py.apimachinery.api.resource.amount import (
    Exa,
    Giga,
    Kilo,
    MaxMilliValue,
    Mega,
    Micro,
    Milli,
    Nano,
    Peta,
    Scale,
    Tera,
)
from kubernetes_py.apimachinery.api.resource.quantity import (
    Quantity,
    must_parse,
    new_decimal_quantity,
    new_milli_quantity,
    new_quantity,
    new_scaled_quantity,
    parse_quantity,
    quantity_ptr_equal,
)
from kubernetes_py.apimachinery.api.resource.quantity_logic import (
    ErrFormatWrong,
    ErrNumeric,
    ErrSuffix,
    QuantityError,
)
from kubernetes_py.apimachinery.api.resource.suffix import BinarySI, DecimalExponent, DecimalSI, Format

__all__ = [
    "BinarySI",
    "DecimalExponent",
    "DecimalSI",
    "ErrFormatWrong",
    "ErrNumeric",
    "ErrSuffix",
    "Exa",
    "Format",
    "Giga",
    "Kilo",
    "MaxMilliValue",
    "Mega",
    "Micro",
    "Milli",
    "Nano",
    "Peta",
    "Quantity",
    "QuantityError",
    "Scale",
    "Tera",
    "must_parse",
    "new_decimal_quantity",
    "new_milli_quantity",
    "new_quantity",
    "new_scaled_quantity",
    "parse_quantity",
    "quantity_ptr_equal",
]
