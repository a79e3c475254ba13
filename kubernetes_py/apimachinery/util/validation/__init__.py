"""Port of k8s.io/apimachinery/pkg/util/validation: the name and value checks client-go relies on.

Each ``is_*`` function returns a list of problem descriptions, empty when the value is valid (Go's ``[]string``).
"""

from kubernetes_py.apimachinery.util.validation.validation import (
    DNS1035LabelMaxLength,
    DNS1123LabelMaxLength,
    DNS1123SubdomainMaxLength,
    LabelValueMaxLength,
    empty_error,
    is_c_identifier,
    is_dns1035_label,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_label_key,
    is_qualified_name,
    is_valid_label_value,
    is_valid_percent,
    is_valid_port_num,
    max_len_error,
    regex_error,
)

__all__ = [
    "DNS1035LabelMaxLength",
    "DNS1123LabelMaxLength",
    "DNS1123SubdomainMaxLength",
    "LabelValueMaxLength",
    "empty_error",
    "is_c_identifier",
    "is_dns1035_label",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_label_key",
    "is_qualified_name",
    "is_valid_label_value",
    "is_valid_percent",
    "is_valid_port_num",
    "max_len_error",
    "regex_error",
]
