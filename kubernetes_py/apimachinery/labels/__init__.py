"""Port of k8s.io/apimachinery/pkg/labels: label sets and label selectors."""
from kubernetes_py.apimachinery.labels.labels import (
    Labels,
    Set,
    conflicts,
    convert_selector_to_labels_map,
    equals,
    format_labels,
    merge,
)
from kubernetes_py.apimachinery.labels.selector import (
    InternalSelector,
    Requirement,
    Requirements,
    Selector,
    ValidatedSetSelector,
    everything,
    matches_nothing,
    new_requirement,
    new_selector,
    nothing,
    parse,
    parse_to_requirements,
    selector_from_set,
    selector_from_validated_set,
    validated_selector_from_set,
)

__all__ = [
    "InternalSelector", "Labels", "Requirement", "Requirements", "Selector", "Set", "ValidatedSetSelector",
    "conflicts", "convert_selector_to_labels_map", "equals", "everything", "format_labels", "matches_nothing",
    "merge", "new_requirement", "new_selector", "nothing", "parse", "parse_to_requirements", "selector_from_set",
    "selector_from_validated_set", "validated_selector_from_set",
]
