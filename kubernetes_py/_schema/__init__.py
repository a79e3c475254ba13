"""The typed object model: every Kubernetes API message class, built once from committed data.

descriptors.binpb (written by ``bash hack/generate.sh``) is the FileDescriptorSet of every
``generated.proto`` of the pinned release (k8s.io/api, the API parts of k8s.io/apimachinery,
k8s.io/apiextensions-apiserver). It is loaded into a private DescriptorPool, so a user's own
protos can never clash with these, and every message class is created here, up front, with
upb's MessageMeta: nested fields then yield instances of these same classes.

Each class also gets, in its own dict:
  * ``__setattr__`` with Go assignment semantics (see _assign.py);
  * ``deep_copy()``; ``==`` is Go's DeepEqual: equal protobuf content, or else equal bytes as Go's
    protobuf encoder writes them plus equal TypeMeta, since proto2 presence makes a non-pointer field set
    to its zero value (as the server's encoder writes it) differ from the same field left unset
    (see _equality.py);
  * the metav1.Object / metav1.ListInterface accessors where the type has ObjectMeta / ListMeta
    ``metadata``, and ``get_object_kind()`` where the Go struct embeds TypeMeta (see _object.py);
  * for a field whose name is a Python keyword (``from``, ``continue``...), a property with a
    trailing underscore (``rule.from_``) that reads and assigns it, and the same keyword argument;
  * the fields of a Go struct embedded with ``json:",inline"`` that protobuf keeps as a nested
    message (core/v1 Volume.volumeSource, Probe.handler, ConfigMapKeySelector.localObjectReference...)
    are promoted as Go promotes them: ``volume.configMap`` reads and assigns
    ``volume.volumeSource.configMap``, and ``Volume(name=..., configMap=...)`` works.

Package-internal API: ``message_class(full_name)``, ``add_methods(full_name, mixin)``, ``POOL``.
"""

from __future__ import annotations

from typing import Any

import functools
import importlib
import keyword
import pathlib

from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.descriptor import Descriptor
from google.protobuf import descriptor_pool as _descriptor_pool
from google.protobuf import message as _message

from kubernetes_py._internals.upb import Message as _UpbMessage
from kubernetes_py._internals.upb import MessageMeta as _MessageMeta

from . import _assign, _embedded, _equality, _object

DESCRIPTORS_PATH = pathlib.Path(__file__).with_name("descriptors.binpb")

POOL = _descriptor_pool.DescriptorPool()
_CLASSES: dict[str, type] = {}
_upb_init = _UpbMessage.__init__


def python_module_for_package(proto_package: str) -> str:
    """The Python module exposing a proto package's messages.

    k8s.io.api.core.v1 -> kubernetes_py.api.core.v1,
    k8s.io.apimachinery.pkg.apis.meta.v1 -> kubernetes_py.apimachinery.apis.meta.v1,
    k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1
      -> kubernetes_py.apiextensions_apiserver.apis.apiextensions.v1.
    """
    return "kubernetes_py." + proto_package.removeprefix("k8s.io.").replace(".pkg.", ".")


def message_class(full_name: str) -> type:
    """The class of the message with this full name ("k8s.io.api.core.v1.Pod")."""
    try:
        return _CLASSES[full_name]
    except KeyError:
        raise KeyError(f"no API message named {full_name!r} in the schema") from None


def all_message_classes() -> dict[str, type]:
    """Every message class by full name (a new dict)."""
    return dict(_CLASSES)


def add_methods(full_name: str, mixin: type) -> None:
    """Copy the methods and properties a mixin class defines (and inherits) onto a message class."""
    cls = message_class(full_name)
    for klass in reversed(mixin.__mro__[:-1]):
        for name, value in vars(klass).items():
            if name in ("__dict__", "__weakref__", "__slots__", "__module__", "__qualname__", "__doc__"):
                continue
            setattr(cls, name, value)


def promoted_fields(descriptor: Descriptor) -> dict[str, tuple[str, ...]]:
    """Fields promoted from inlined embedded structs, as Go promotes them: name -> path of fields.

    A shallower name wins over a deeper one; two at the same depth cancel out (Go's ambiguity rule).
    """
    if descriptor.full_name not in _embedded.EMBEDDED:
        return {}
    own = {f.name for f in descriptor.fields}
    promoted: dict[str, tuple[str, ...]] = {}
    level: list[tuple[tuple[str, ...], Descriptor]] = [
        ((name,), message) for name, message in _embedded_structs(descriptor)
    ]
    taken = set(own)
    while level:
        found: dict[str, list[tuple[str, ...]]] = {}
        deeper: list[tuple[tuple[str, ...], Descriptor]] = []
        for path, message in level:
            for field in message.fields:
                found.setdefault(field.name, []).append(path + (field.name,))
            for name, inner in _embedded_structs(message):
                deeper.append((path + (name,), inner))
        for name, paths in found.items():
            if name not in taken and len(paths) == 1:
                promoted[name] = paths[0]
        taken.update(found)
        level = deeper
    return promoted


def _embedded_structs(message: Descriptor) -> list[tuple[str, Descriptor]]:
    """The message's fields that hold a Go struct embedded with ``json:",inline"``, with their message types."""
    out = []
    for name in _embedded.EMBEDDED.get(message.full_name, ()):
        field_type = message.fields_by_name[name].message_type
        assert field_type is not None  # an embedded struct is a message
        out.append((name, field_type))
    return out


def _follow(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        obj = getattr(obj, name)
    return obj


def _constructor_extras(descriptor: Descriptor, promoted: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """Properties and keyword arguments for keyword-named fields (``from_``) and promoted fields."""
    keywords = _embedded.KEYWORD_FIELDS.get(descriptor.full_name, ())
    if not keywords and not promoted:
        return {}
    attrs: dict[str, Any] = {}
    for name in keywords:
        # Reading goes through this property; assignment through __setattr__ (see _assign.py).
        attrs[name + "_"] = property(functools.partial(_follow, path=(name,)))
    for name, path in promoted.items():
        attr = name + "_" if keyword.iskeyword(name) else name
        attrs[attr] = property(functools.partial(_follow, path=path))
    aliases = {name + "_": name for name in keywords}
    extra = {(name + "_" if keyword.iskeyword(name) else name) for name in promoted}

    def __init__(self: _UpbMessage, *args: Any, **kwargs: Any) -> None:
        later = {name: kwargs.pop(name) for name in extra & kwargs.keys()}
        for alias, name in aliases.items():
            if alias in kwargs:
                kwargs[name] = kwargs.pop(alias)
        _upb_init(self, *args, **kwargs)
        for name, value in later.items():
            setattr(self, name, value)

    attrs["__init__"] = __init__
    return attrs


def _mixins_for(descriptor: Descriptor) -> tuple[type, ...]:
    fields = descriptor.fields_by_name
    mixins: list[type] = [_object.CommonMethods]
    if descriptor.full_name == _object.TYPE_META:
        mixins.append(_object.TypeMetaMethods)
    elif "kind" in fields and "apiVersion" in fields and (fields["kind"].number == _object.TYPE_META_KIND_NUMBER):
        mixins.append(_object.RuntimeObjectMethods)
    elif descriptor.full_name in _object.EMPTY_OBJECT_KIND:
        mixins.append(_object.EmptyObjectKindMethods)
    if descriptor.full_name == _object.OBJECT_META:
        mixins.append(_object.ObjectMetaMethods)
    elif descriptor.full_name == _object.LIST_META:
        mixins.append(_object.ListMetaMethods)
    metadata = fields.get("metadata")
    if metadata is not None and metadata.message_type is not None and not metadata.is_repeated:
        if metadata.message_type.full_name == _object.OBJECT_META:
            mixins.append(_object.ObjectWithMetaMethods)
        elif metadata.message_type.full_name == _object.LIST_META:
            mixins.append(_object.ListWithMetaMethods)
    return tuple(mixins)


_MIXIN_ATTRS: dict[tuple[type, ...], dict[str, Any]] = {}


def _mixin_attrs(mixins: tuple[type, ...]) -> dict[str, Any]:
    attrs = _MIXIN_ATTRS.get(mixins)
    if attrs is None:
        attrs = {}
        for mixin in mixins:
            for klass in reversed(mixin.__mro__[:-1]):
                for name, value in vars(klass).items():
                    if name not in ("__dict__", "__weakref__", "__slots__", "__module__", "__qualname__", "__doc__"):
                        attrs[name] = value
        _MIXIN_ATTRS[mixins] = attrs
    return attrs


def _class_dict(descriptor: Descriptor, module: str) -> dict[str, Any]:
    attrs = dict(_mixin_attrs(_mixins_for(descriptor)))
    promoted = promoted_fields(descriptor)
    attrs.update(_constructor_extras(descriptor, promoted))
    attrs["DESCRIPTOR"] = descriptor
    attrs["__slots__"] = ()
    attrs["__module__"] = module
    attrs["__qualname__"] = descriptor.name
    attrs["__setattr__"] = _assign.make_setattr(descriptor, promoted)
    attrs["__eq__"] = _equality.__eq__
    attrs["__ne__"] = _equality.__ne__
    return attrs


def _load() -> None:
    descriptor_set = _descriptor_pb2.FileDescriptorSet.FromString(DESCRIPTORS_PATH.read_bytes())
    for file_proto in descriptor_set.file:
        POOL.AddSerializedFile(file_proto.SerializeToString())
    for file_proto in descriptor_set.file:
        file_descriptor = POOL.FindFileByName(file_proto.name)
        module = python_module_for_package(file_descriptor.package)
        for descriptor in file_descriptor.message_types_by_name.values():
            _CLASSES[descriptor.full_name] = _MessageMeta(
                descriptor.name, (_message.Message,), _class_dict(descriptor, module)
            )


_load()

# Hand-written packages that attach methods to message classes (they call add_methods when
# imported, and work in either import order).
_METHOD_MODULES: tuple[str, ...] = (
    "kubernetes_py.apimachinery.api.resource.quantity",
    "kubernetes_py.apimachinery.util.intstr.intstr",
    "kubernetes_py.apimachinery.apis.meta.v1.time",
)
for _name in _METHOD_MODULES:
    importlib.import_module(_name)
