"""Port of k8s.io/apimachinery/pkg/fields: field sets and field selectors
(``metadata.name=web,status.phase!=Failed``)."""

from kubernetes_py.apimachinery.fields.fields import Fields, Set
from kubernetes_py.apimachinery.fields.selector import (
    InvalidEscapeSequence,
    Requirement,
    Requirements,
    Selector,
    UnescapedRune,
    and_selectors,
    escape_value,
    everything,
    nothing,
    one_term_equal_selector,
    one_term_not_equal_selector,
    parse_and_transform_selector,
    parse_selector,
    parse_selector_or_die,
    selector_from_set,
    unescape_value,
)

__all__ = [
    "Fields",
    "InvalidEscapeSequence",
    "Requirement",
    "Requirements",
    "Selector",
    "Set",
    "UnescapedRune",
    "and_selectors",
    "escape_value",
    "everything",
    "nothing",
    "one_term_equal_selector",
    "one_term_not_equal_selector",
    "parse_and_transform_selector",
    "parse_selector",
    "parse_selector_or_die",
    "selector_from_set",
    "unescape_value",
]
