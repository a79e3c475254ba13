"""Port of k8s.io/apimachinery/pkg/runtime/serializer/json."""

from .json import (
    DefaultMetaFactory,
    Framer,
    MetaFactory,
    Serializer,
    SerializerOptions,
    SimpleMetaFactory,
    YAMLFramer,
    gvk_with_defaults,
    json_to_yaml,
    new_serializer,
    new_serializer_with_options,
    new_yaml_serializer,
    yaml_to_json_value,
)

__all__ = [
    "DefaultMetaFactory",
    "Framer",
    "MetaFactory",
    "Serializer",
    "SerializerOptions",
    "SimpleMetaFactory",
    "YAMLFramer",
    "gvk_with_defaults",
    "json_to_yaml",
    "new_serializer",
    "new_serializer_with_options",
    "new_yaml_serializer",
    "yaml_to_json_value",
]
