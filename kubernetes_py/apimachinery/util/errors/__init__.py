"""Port of k8s.io/apimachinery/pkg/util/errors: aggregating several errors into one exception."""

from kubernetes_py.apimachinery.util.errors.aggregate import (
    Aggregate,
    Matcher,
    MessageCountMap,
    create_aggregate_from_message_count_map,
    filter_out,
    flatten,
    new_aggregate,
    reduce,
)

__all__ = [
    "Aggregate",
    "Matcher",
    "MessageCountMap",
    "create_aggregate_from_message_count_map",
    "filter_out",
    "flatten",
    "new_aggregate",
    "reduce",
]
