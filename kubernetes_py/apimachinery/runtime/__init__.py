"""Port of k8s.io/apimachinery/pkg/runtime: Scheme, Object, codecs and the unstructured converter.

``runtime.Unknown``, ``runtime.RawExtension`` and ``runtime.TypeMeta`` are the API message classes;
``runtime.DefaultUnstructuredConverter`` converts typed objects to and from JSON-shaped dicts.
"""

from typing import TYPE_CHECKING, Any

from . import extension  # noqa: F401 - registers the JSON codecs of RawExtension and Unknown
from ._jsonvalue import deep_copy_json, deep_copy_json_value
from .codec import (
    Codec,
    NoopDecoder,
    NoopEncoder,
    decode,
    decode_into,
    encode,
    encode_or_die,
    new_codec,
    use_or_create_object,
)
from .error import (
    APIVersionInternal,
    MissingKindError,
    MissingVersionError,
    NotRegisteredError,
    StrictDecodingError,
    as_strict_decoding_error,
    is_missing_kind,
    is_missing_version,
    is_not_registered_error,
    is_strict_decoding_error,
    new_missing_kind_err,
    new_missing_version_err,
    new_not_registered_err_for_kind,
    new_not_registered_err_for_target,
    new_not_registered_err_for_type,
    new_not_registered_gvk_err_for_target,
    new_strict_decoding_error,
)
from .helper import WithoutVersionDecoder, WithVersionEncoder
from .negotiate import NegotiateError, new_client_negotiator, new_simple_negotiated_serializer
from .interfaces import (
    ContentTypeCBOR,
    ContentTypeCBORSequence,
    ContentTypeJSON,
    ContentTypeProtobuf,
    ContentTypeYAML,
    Decoder,
    DisabledGroupVersioner,
    Encoder,
    Framer,
    Identifier,
    InternalGroupVersioner,
    Object,
    SerializerInfo,
    StreamSerializerInfo,
    new_coercing_multi_group_versioner,
    new_multi_group_versioner,
    serializer_info_for_media_type,
)
from .scheme_builder import AddToSchemeFunc, SchemeBuilder, new_scheme_builder
from .scheme import (
    ConversionError,
    FieldLabelConversionFunc,
    Scheme,
    default_meta_v1_field_selector_conversion,
    new_scheme,
)

__all__ = [
    "APIVersionInternal",
    "AddToSchemeFunc",
    "Codec",
    "ContentTypeCBOR",
    "ContentTypeCBORSequence",
    "ContentTypeJSON",
    "ContentTypeProtobuf",
    "ContentTypeYAML",
    "ConversionError",
    "Decoder",
    "DisabledGroupVersioner",
    "Encoder",
    "FieldLabelConversionFunc",
    "Framer",
    "Identifier",
    "InternalGroupVersioner",
    "MissingKindError",
    "MissingVersionError",
    "NegotiateError",
    "NoopDecoder",
    "NoopEncoder",
    "NotRegisteredError",
    "Object",
    "Scheme",
    "SchemeBuilder",
    "SerializerInfo",
    "StreamSerializerInfo",
    "StrictDecodingError",
    "WithVersionEncoder",
    "WithoutVersionDecoder",
    "as_strict_decoding_error",
    "decode",
    "decode_into",
    "deep_copy_json",
    "deep_copy_json_value",
    "default_meta_v1_field_selector_conversion",
    "encode",
    "encode_or_die",
    "is_missing_kind",
    "is_missing_version",
    "is_not_registered_error",
    "is_strict_decoding_error",
    "new_client_negotiator",
    "new_codec",
    "new_coercing_multi_group_versioner",
    "new_missing_kind_err",
    "new_missing_version_err",
    "new_multi_group_versioner",
    "new_not_registered_err_for_kind",
    "new_not_registered_err_for_target",
    "new_not_registered_err_for_type",
    "new_not_registered_gvk_err_for_target",
    "new_scheme",
    "new_scheme_builder",
    "new_simple_negotiated_serializer",
    "new_strict_decoding_error",
    "serializer_info_for_media_type",
    "use_or_create_object",
]

# Served by __getattr__ below, on first use (Unknown too, left untyped: its class is no runtime.Object yet).
if TYPE_CHECKING:
    from kubernetes_py._schema.messages import RawExtension as RawExtension
    from kubernetes_py._schema.messages import TypeMeta as TypeMeta

    from .converter import DefaultUnstructuredConverter as DefaultUnstructuredConverter
    from .converter import UnstructuredConverter as UnstructuredConverter
    from .parameter_codec import new_parameter_codec as new_parameter_codec

_MESSAGES = {
    "Unknown": "k8s.io.apimachinery.pkg.runtime.Unknown",
    "RawExtension": "k8s.io.apimachinery.pkg.runtime.RawExtension",
    "TypeMeta": "k8s.io.apimachinery.pkg.runtime.TypeMeta",
}


def __getattr__(name: str) -> Any:
    """The names above imported on first use (a module's __getattr__: its value is whatever the name holds)."""
    value: object
    if name in _MESSAGES:
        from kubernetes_py._schema import message_class

        value = message_class(_MESSAGES[name])
    elif name in ("DefaultUnstructuredConverter", "UnstructuredConverter"):
        from . import converter

        value = getattr(converter, name)
    elif name == "new_parameter_codec":
        from . import parameter_codec

        value = parameter_codec.new_parameter_codec
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
