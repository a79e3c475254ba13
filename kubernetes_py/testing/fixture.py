"""ObjectTracker and ObjectReaction (client-go testing/fixture.go): the in-memory object store behind the
fake clientset, and the reaction that answers get/list/create/update/patch/delete actions from it.

Like client-go's tracker, and unlike an API server, it:

* does not check ``metadata.resourceVersion`` on update or patch (no conflicts), and does not set it on the
  stored objects: it only keeps a counter per resource, reported as the resourceVersion of lists and used
  to decide which existing objects a watch with a resourceVersion replays;
* does nothing with ``generateName``: an object without a name is stored under the empty name;
* applies no defaults, validation or conversion, and answers subresource creates as updates of the parent;
* handles server-side apply (``ApplyPatchType``) as a strategic merge patch onto an existing object (a
  missing object is NotFound), as client-go's simple tracker does.

``new_field_managed_object_tracker`` is client-go's field-managed tracker (behind ``kubernetes.fake.new_clientset``):
the same store, but creates, updates and patches record managed fields, and apply is server-side apply through
apimachinery's field manager (managed fields, conflicts, force, pruning of fields a manager stops applying). As
in client-go it knows no subresources: ``apply_status`` and status updates are managed as the whole object
(no ``subresource: status`` in managedFields and no reset of the other half), unlike an API server.

Concurrency: every store operation holds the tracker's lock, so objects are never seen torn. The field-managed
tracker's create, update, patch and apply read the live object, compute and then write without holding it in
between (as client-go's do): two concurrent writers of one object race and the last write wins.
"""

from __future__ import annotations

import builtins
import threading
from typing import Any, Optional, Protocol, runtime_checkable

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery import runtime, types
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.watch import watch
from kubernetes_py.apimachinery.watch.watch import RaceFreeFakeWatcher

from .fake import ReactionFunc, WatchReactionFunc
from .actions import (
    Action,
    CreateActionImpl,
    DeleteActionImpl,
    GetActionImpl,
    ListActionImpl,
    PatchActionImpl,
    UpdateActionImpl,
)

__all__ = [
    "ObjectTracker",
    "ObjectScheme",
    "new_object_tracker",
    "new_field_managed_object_tracker",
    "object_reaction",
    "default_watch_reactor",
    "assert_optional_single_argument",
]


def assert_optional_single_argument(arguments: tuple[Any, ...]) -> Any:
    """The only optional argument, or None; more than one raises (Go's variadic options)."""
    if len(arguments) == 0:
        return None
    if len(arguments) == 1:
        return arguments[0]
    raise ValueError(f"expected only one option argument but got {len(arguments)}")


def _deep_copy(obj: Any) -> Any:
    return obj.deep_copy_object()


def _to_json(obj: Any) -> bytes:
    """json.Marshal of an object: its Go JSON form."""
    from kubernetes_py._go.json import marshal

    return marshal(runtime.DefaultUnstructuredConverter.to_unstructured(obj))


def _reset_from_json(obj: Any, data: bytes) -> None:
    """Zero ``obj`` and json.Unmarshal ``data`` into it."""
    from kubernetes_py._go.json import unmarshal

    content = unmarshal(data)
    if hasattr(obj, "set_unstructured_content"):
        obj.set_unstructured_content(content)
        return
    obj.Clear()
    runtime.DefaultUnstructuredConverter.from_unstructured(content, obj)


ObjectScheme = runtime.Scheme


class _Versioned:
    """A stored object with the resource version the tracker gave it (always > 1)."""

    __slots__ = ("resource_version", "object")

    def __init__(self, resource_version: int, obj: Any):
        self.resource_version, self.object = resource_version, obj


@runtime_checkable
class ObjectTracker(Protocol):
    """Go's testing.ObjectTracker: objects by resource, namespace and name, the store the fake clients' reactions
    read and write (``new_object_tracker`` and ``new_field_managed_object_tracker`` make one)."""

    def add(self, obj: Any) -> None: ...
    def get(self, gvr: GroupVersionResource, ns: str, name: str, *opts: Any) -> Any: ...
    def create(self, gvr: GroupVersionResource, obj: Any, ns: str, *opts: Any) -> None: ...
    def update(self, gvr: GroupVersionResource, obj: Any, ns: str, *opts: Any) -> None: ...
    def patch(self, gvr: GroupVersionResource, patched_object: Any, ns: str, *opts: Any) -> None: ...
    def apply(self, gvr: GroupVersionResource, apply_configuration: Any, ns: str, *opts: Any) -> None: ...
    def list(self, gvr: GroupVersionResource, gvk: GroupVersionKind, ns: str, *opts: Any) -> Any: ...
    def delete(self, gvr: GroupVersionResource, ns: str, name: str, *opts: Any) -> None: ...
    def watch(self, gvr: GroupVersionResource, ns: str, *opts: Any) -> watch.Interface: ...
    def is_watch_list_semantics_un_supported(self) -> bool: ...


class _Tracker(ObjectTracker):
    """Objects by resource, namespace and name (Go's default tracker)."""

    def __init__(self, scheme: Any, decoder: Any):
        self._scheme = scheme
        self._decoder = decoder
        self._lock = threading.RLock()
        self._objects: dict[GroupVersionResource, dict[types.NamespacedName, _Versioned]] = {}
        self._watchers: dict[GroupVersionResource, dict[str, list[watch.RaceFreeFakeWatcher]]] = {}
        self._resource_versions: dict[GroupVersionResource, int] = {}

    # --- reading ---

    def get(self, gvr: GroupVersionResource, ns: str, name: str, *opts: Any) -> Any:
        """A deep copy of the stored object; NotFound when there is none. A stored metav1.Status that is
        not a success is raised as a StatusError."""
        assert_optional_single_argument(opts)
        not_found = errors.new_not_found(gvr.group_resource(), name)
        with self._lock:
            stored = self._objects.get(gvr, {}).get(types.NamespacedName(namespace=ns, name=name))
            if stored is None:
                raise not_found
            obj = _deep_copy(stored.object)
        if isinstance(obj, metav1.Status) and obj.status != metav1.StatusSuccess:
            raise errors.StatusError(obj)
        return obj

    def list(self, gvr: GroupVersionResource, gvk: GroupVersionKind, ns: str, *opts: Any) -> Any:
        """A new <Kind>List of the objects of ``gvr`` in ``ns`` ("" for all), sorted by namespace and name,
        its resourceVersion the tracker's counter for ``gvr``. Selectors are not applied here."""
        assert_optional_single_argument(opts)
        list_gvk = GroupVersionKind(gvk.group, gvk.version or runtime.APIVersionInternal, gvk.kind + "List")
        lst = self._scheme.new(list_gvk)
        if not meta.is_list_type(lst):
            raise TypeError(f"{go_quote(list_gvk.kind)} is not a list type")
        with self._lock:
            try:
                list_meta = meta.list_accessor(lst)
            except (TypeError, ValueError):
                list_meta = None
            if list_meta is not None:
                list_meta.set_resource_version(str(self._resource_versions.get(gvr, 1)))
            objs = self._objects.get(gvr)
            if objs is None:
                return lst
            meta.set_list(lst, [v.object for v in _filter_by_namespace(objs, ns)])
            return lst.deep_copy_object()

    def watch(self, gvr: GroupVersionResource, ns: str, *opts: Any) -> Any:
        """A watch of ``gvr`` in ``ns`` ("" for all namespaces) that receives Added/Modified/Deleted events.

        Without options no existing object is delivered; with ListOptions (as the fake clients pass) the
        stored objects newer than its resourceVersion ("" replays all) come first as Added events."""
        list_opts = assert_optional_single_argument(opts)
        add_existing, add_from_rv = False, 0
        if opts:
            add_existing = True
            rv = list_opts.resourceVersion if list_opts is not None else ""
            if rv != "":
                try:
                    add_from_rv = int(rv, 10)
                    if not -(1 << 63) <= add_from_rv < (1 << 63):
                        raise ValueError
                except ValueError:
                    raise ValueError(
                        f"invalid ResourceVersion {go_quote(rv)} in ListOptions, must be int64: "
                        f"strconv.ParseInt: parsing {go_quote(rv)}: invalid syntax"
                    ) from None
        with self._lock:
            fake_watcher = watch.new_race_free_fake()
            self._watchers.setdefault(gvr, {}).setdefault(ns, []).append(fake_watcher)
            if add_existing:
                for stored in _filter_by_namespace(self._objects.get(gvr, {}), ns):
                    if add_from_rv < stored.resource_version:
                        fake_watcher.add(stored.object)
            return fake_watcher

    # --- writing ---

    def add(self, obj: Any) -> None:
        """Store an object under the resource guessed from its kind (a list's items one by one)."""
        if meta.is_list_type(obj):
            self._add_list(obj)
            return
        obj_meta = meta.accessor(obj)
        gvks, _ = self._scheme.object_kinds(obj)
        if isinstance(obj, metav1.PartialObjectMetadata) and obj.apiVersion:
            gvks = [obj.get_object_kind().group_version_kind()]
        if not gvks:
            raise ValueError(f"no registered kinds for {obj!r}")
        for gvk in gvks:
            gvr, _ = meta.unsafe_guess_kind_to_resource(gvk)
            if gvr.version == runtime.APIVersionInternal:
                gvr = GroupVersionResource(gvr.group, "", gvr.resource)
            self._add(gvr, obj, obj_meta.get_namespace(), False)

    def create(self, gvr: GroupVersionResource, obj: Any, ns: str, *opts: Any) -> None:
        """Store a new object; AlreadyExists when one has its namespace and name."""
        assert_optional_single_argument(opts)
        self._add(gvr, obj, ns, False)

    def update(self, gvr: GroupVersionResource, obj: Any, ns: str, *opts: Any) -> None:
        """Replace a stored object (NotFound when there is none); its resourceVersion is not checked."""
        assert_optional_single_argument(opts)
        self._add(gvr, obj, ns, True)

    def patch(self, gvr: GroupVersionResource, patched_object: Any, ns: str, *opts: Any) -> None:
        """Store an already patched object in place of the stored one."""
        assert_optional_single_argument(opts)
        self._add(gvr, patched_object, ns, True)

    def apply(self, gvr: GroupVersionResource, apply_configuration: Any, ns: str, *opts: Any) -> None:
        """Merge an apply configuration into the stored object as a strategic merge patch."""
        from kubernetes_py.apimachinery.util import strategicpatch

        assert_optional_single_argument(opts)
        name = meta.accessor(apply_configuration).get_name()
        obj = self.get(gvr, ns, name)
        old = _to_json(obj)
        patch = _to_json(apply_configuration)
        merged = strategicpatch.strategic_merge_patch(old, patch, obj)
        _reset_from_json(obj, merged)
        self._add(gvr, obj, ns, True)

    def delete(self, gvr: GroupVersionResource, ns: str, name: str, *opts: Any) -> None:
        """Remove a stored object; NotFound when there is none."""
        assert_optional_single_argument(opts)
        with self._lock:
            objs = self._objects.get(gvr)
            key = types.NamespacedName(namespace=ns, name=name)
            if objs is None or key not in objs:
                raise errors.new_not_found(gvr.group_resource(), name)
            stored = objs.pop(key)
            for w in self._get_watches(gvr, ns):
                w.delete(_deep_copy(stored.object))

    def is_watch_list_semantics_un_supported(self) -> bool:
        """The tracker cannot serve WatchList requests (reflectors fall back to list + watch)."""
        return True

    # --- internals ---

    def _get_watches(self, gvr: GroupVersionResource, ns: str) -> builtins.list[RaceFreeFakeWatcher]:
        by_ns = self._watchers.get(gvr)
        if by_ns is None:
            return []
        watches = list(by_ns.get(ns, ()))
        if ns != metav1.NamespaceAll:
            watches.extend(by_ns.get(metav1.NamespaceAll, ()))
        return watches

    def _add(self, gvr: GroupVersionResource, obj: Any, ns: str, replace_existing: bool) -> None:
        with self._lock:
            gr = gvr.group_resource()
            obj = _deep_copy(obj)
            new_meta = meta.accessor(obj)
            if not new_meta.get_namespace():
                new_meta.set_namespace(ns)
            if ns != new_meta.get_namespace():
                raise errors.new_bad_request(
                    "request namespace does not match object namespace, request: "
                    f"{go_quote(ns)} object: {go_quote(new_meta.get_namespace())}"
                )
            objects = self._objects.setdefault(gvr, {})
            resource_version = self._resource_versions.get(gvr, 1) + 1
            key = types.NamespacedName(namespace=new_meta.get_namespace(), name=new_meta.get_name())
            if key in objects:
                if not replace_existing:
                    raise errors.new_already_exists(gr, new_meta.get_name())
                self._resource_versions[gvr] = resource_version
                objects[key] = _Versioned(resource_version, obj)
                for w in self._get_watches(gvr, ns):
                    w.modify(_deep_copy(obj))
                return
            if replace_existing:
                raise errors.new_not_found(gr, new_meta.get_name())
            self._resource_versions[gvr] = resource_version
            objects[key] = _Versioned(resource_version, obj)
            for w in self._get_watches(gvr, ns):
                w.add(_deep_copy(obj))

    def _add_list(self, obj: Any) -> None:
        items = meta.extract_list(obj)
        decoded = []
        for item in items:
            if isinstance(item, runtime.Unknown):
                item = runtime.decode(self._decoder, item.raw)
            decoded.append(item)
        for item in decoded:
            self.add(item)


def _filter_by_namespace(objs: dict[Any, Any], ns: str) -> list[_Versioned]:
    """The stored objects in namespace ``ns`` ("" for all), sorted by namespace then name."""
    res = [v for v in objs.values() if not ns or meta.accessor(v.object).get_namespace() == ns]
    res.sort(key=lambda v: (meta.accessor(v.object).get_namespace(), meta.accessor(v.object).get_name()))
    return res


def new_object_tracker(scheme: Any, decoder: Any) -> ObjectTracker:
    """A tracker for the fake clientset: ``scheme`` creates list objects and types added objects."""
    return _Tracker(scheme, decoder)


class _ObjectDefaulter:
    """A runtime.ObjectDefaulter that does nothing (the fake applies no defaults)."""

    def default(self, obj: Any) -> None:
        pass


class _ManagedFieldObjectTracker(ObjectTracker):
    """The field-managed tracker (Go's managedFieldObjectTracker): an ObjectTracker whose create, update,
    patch and apply go through a field manager for the kind of the resource."""

    def __init__(self, scheme: Any, decoder: Any, type_converter: Any):
        self._tracker = _Tracker(scheme, decoder)
        self._scheme = scheme
        self._type_converter = type_converter
        self._mapper_lock = threading.Lock()
        self._mapper: Optional[meta.RESTMapper] = None

    # The store itself, unchanged.
    def get(self, gvr: GroupVersionResource, ns: str, name: str, *opts: Any) -> Any:
        return self._tracker.get(gvr, ns, name, *opts)

    def list(self, gvr: GroupVersionResource, gvk: GroupVersionKind, ns: str, *opts: Any) -> Any:
        return self._tracker.list(gvr, gvk, ns, *opts)

    def watch(self, gvr: GroupVersionResource, ns: str, *opts: Any) -> Any:
        return self._tracker.watch(gvr, ns, *opts)

    def add(self, obj: Any) -> None:
        self._tracker.add(obj)

    def delete(self, gvr: GroupVersionResource, ns: str, name: str, *opts: Any) -> None:
        self._tracker.delete(gvr, ns, name, *opts)

    def is_watch_list_semantics_un_supported(self) -> bool:
        return self._tracker.is_watch_list_semantics_un_supported()

    def _kind_for(self, gvr: GroupVersionResource) -> GroupVersionKind:
        """The kind of a resource, from a test REST mapper of the scheme. Go builds the mapper on every call, so
        types registered after the tracker was made count; here it is kept and built again when it does not
        know the resource (the one case where a rebuild can change the answer for a growing scheme)."""
        from kubernetes_py.apimachinery.api import meta as apimeta
        from kubernetes_py.apimachinery.api.meta import testrestmapper

        with self._mapper_lock:
            mapper = self._mapper
            if mapper is None:
                mapper = self._mapper = testrestmapper.test_only_static_rest_mapper(self._scheme)
        try:
            return mapper.kind_for(gvr)
        except apimeta.NoResourceMatchError:
            with self._mapper_lock:
                mapper = self._mapper = testrestmapper.test_only_static_rest_mapper(self._scheme)
            return mapper.kind_for(gvr)

    def _field_manager_for(self, gvk: GroupVersionKind) -> Any:
        from kubernetes_py.apimachinery.util import managedfields

        return managedfields.new_default_field_manager(
            self._type_converter, self._scheme, _ObjectDefaulter(), self._scheme, gvk, gvk.group_version(), "", None
        )

    def _new_live_object(self, gvk: GroupVersionKind) -> Any:
        live = self._scheme.new(gvk)
        live.get_object_kind().set_group_version_kind(gvk)
        return live

    def create(self, gvr: GroupVersionResource, obj: Any, ns: str, *vopts: Any) -> None:
        """Store a new object, its fields managed by the options' field manager (the kind is stamped on it)."""
        opts = assert_optional_single_argument(vopts)
        gvk = self._kind_for(gvr)
        mgr = self._field_manager_for(gvk)
        obj.get_object_kind().set_group_version_kind(gvk)
        try:
            live = self._tracker.get(gvr, ns, meta.accessor(obj).get_name(), metav1.GetOptions())
        except errors.StatusError as err:
            if not errors.is_not_found(err):
                raise
            live = self._new_live_object(gvk)
        obj_with_managed_fields = mgr.update(live, obj, _field_manager(opts))
        self._tracker.create(gvr, obj_with_managed_fields, ns, *vopts)

    def update(self, gvr: GroupVersionResource, obj: Any, ns: str, *vopts: Any) -> None:
        """Replace a stored object, recording the options' field manager as the owner of what it changed."""
        self._tracker.update(gvr, self._with_update_managed_fields(gvr, obj, ns, vopts), ns, *vopts)

    def patch(self, gvr: GroupVersionResource, patched_object: Any, ns: str, *vopts: Any) -> None:
        """Store an already patched object, recording the options' field manager as for an update."""
        self._tracker.patch(gvr, self._with_update_managed_fields(gvr, patched_object, ns, vopts), ns, *vopts)

    def _with_update_managed_fields(self, gvr: GroupVersionResource, obj: Any, ns: str, vopts: tuple[Any, ...]) -> Any:
        """``obj`` with the managed fields of an update of the stored object by the options' field manager."""
        opts = assert_optional_single_argument(vopts)
        mgr = self._field_manager_for(self._kind_for(gvr))
        old = self._tracker.get(gvr, ns, meta.accessor(obj).get_name(), metav1.GetOptions())
        return mgr.update(old, obj, _field_manager(opts))

    def apply(self, gvr: GroupVersionResource, apply_configuration: Any, ns: str, *vopts: Any) -> None:
        """Server-side apply: create or update the object from ``apply_configuration`` (an Unstructured) for
        the options' field manager; a 409 StatusError on conflicts unless ``force``."""
        opts = assert_optional_single_argument(vopts)
        gvk = self._kind_for(gvr)
        name = meta.accessor(apply_configuration).get_name()
        exists = True
        try:
            live = self._tracker.get(gvr, ns, name, metav1.GetOptions())
        except errors.StatusError as err:
            if not errors.is_not_found(err):
                raise
            exists = False
            live = self._new_live_object(gvk)
        mgr = self._field_manager_for(gvk)
        force = bool(opts is not None and opts.HasField("force") and opts.force)
        obj = mgr.apply(live, apply_configuration, _field_manager(opts), force)
        dry_run = list(opts.dryRun) if opts is not None else []
        field_manager = _field_manager(opts)
        field_validation = opts.fieldValidation if opts is not None else ""
        if not exists:
            self._tracker.create(
                gvr,
                obj,
                ns,
                metav1.CreateOptions(dryRun=dry_run, fieldManager=field_manager, fieldValidation=field_validation),
            )
        else:
            self._tracker.update(
                gvr,
                obj,
                ns,
                metav1.UpdateOptions(dryRun=dry_run, fieldManager=field_manager, fieldValidation=field_validation),
            )


def _field_manager(opts: Any) -> str:
    return opts.fieldManager if opts is not None else ""


def new_field_managed_object_tracker(scheme: Any, decoder: Any, type_converter: Any) -> ObjectTracker:
    """A tracker that manages fields as an API server does: updates record managed fields and apply is
    server-side apply, with the structured-merge-diff types of ``type_converter``
    (``applyconfigurations.new_type_converter(scheme)`` for the built-in types, or
    ``managedfields.new_deduced_type_converter()``)."""
    return _ManagedFieldObjectTracker(scheme, decoder, type_converter)


class _TrackerReact:
    def __init__(self, tracker: ObjectTracker):
        self.tracker = tracker

    def list(self, action: ListActionImpl) -> Any:
        return self.tracker.list(action.get_resource(), action.get_kind(), action.get_namespace(), action.list_options)

    def get(self, action: GetActionImpl) -> Any:
        return self.tracker.get(action.get_resource(), action.get_namespace(), action.get_name(), action.get_options)

    def create(self, action: CreateActionImpl) -> Any:
        ns, gvr = action.get_namespace(), action.get_resource()
        obj_meta = meta.accessor(action.get_object())
        if action.get_subresource() == "":
            self.tracker.create(gvr, action.get_object(), ns, action.create_options)
        else:
            old = self.tracker.get(gvr, ns, obj_meta.get_name(), metav1.GetOptions())
            if type(old) is not type(action.get_object()):
                # A subresource of another type (a Binding, an Eviction...): answered, not stored.
                return action.get_object()
            co = action.create_options
            self.tracker.update(
                gvr,
                action.get_object(),
                ns,
                metav1.UpdateOptions(
                    dryRun=list(co.dryRun), fieldManager=co.fieldManager, fieldValidation=co.fieldValidation
                ),
            )
        return self.tracker.get(gvr, ns, obj_meta.get_name(), metav1.GetOptions())

    def update(self, action: UpdateActionImpl) -> Any:
        ns, gvr = action.get_namespace(), action.get_resource()
        obj_meta = meta.accessor(action.get_object())
        self.tracker.update(gvr, action.get_object(), ns, action.update_options)
        return self.tracker.get(gvr, ns, obj_meta.get_name(), metav1.GetOptions())

    def delete(self, action: DeleteActionImpl) -> Any:
        self.tracker.delete(action.get_resource(), action.get_namespace(), action.get_name(), action.delete_options)
        return None

    def apply(self, action: PatchActionImpl) -> Any:
        from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

        ns, gvr = action.get_namespace(), action.get_resource()
        patch_obj = unstructured.Unstructured(_yaml_object(action.get_patch()))
        patch_obj.set_name(action.get_name())
        self.tracker.apply(gvr, patch_obj, ns, action.patch_options)
        return self.tracker.get(gvr, ns, action.get_name(), metav1.GetOptions())

    def patch(self, action: PatchActionImpl) -> Any:
        from kubernetes_py import _jsonpatch
        from kubernetes_py.apimachinery.util import strategicpatch

        ns, gvr = action.get_namespace(), action.get_resource()
        obj = self.tracker.get(gvr, ns, action.get_name(), metav1.GetOptions())
        old = _to_json(obj)
        pt = action.get_patch_type()
        if pt == types.JSONPatchType:
            modified = _jsonpatch.decode_patch(action.get_patch()).apply(old)
        elif pt == types.MergePatchType:
            modified = _jsonpatch.merge_patch(old, action.get_patch())
        elif pt == types.StrategicMergePatchType:
            modified = strategicpatch.strategic_merge_patch(old, action.get_patch(), obj)
        else:
            raise ValueError(f"PatchType {pt} is not supported")
        _reset_from_json(obj, modified)
        self.tracker.patch(gvr, obj, ns, action.patch_options)
        return obj


def _yaml_object(data: bytes) -> dict[Any, Any]:
    """sigs.k8s.io/yaml.Unmarshal of an apply patch into a map, with go-yaml's YAML 1.1 reading (``on: x`` is
    the key "true", as client-go decodes it)."""
    from kubernetes_py import _goyaml
    from kubernetes_py._go.json import go_json_kind

    try:
        content = _goyaml.yaml_to_json(data or b"")
    except _goyaml.YAMLError as err:  # its text is sigs.k8s.io/yaml's ("error converting YAML to JSON: ...")
        raise ValueError(str(err)) from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ValueError(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            f"{go_json_kind(content)} into Go value of type map[string]interface {{}}"
        )
    return content


def object_reaction(tracker: ObjectTracker) -> ReactionFunc:
    """The reaction that answers get, list, create, update, delete and patch actions from ``tracker``.

    Other actions are not handled. No defaulting, validation or conversion happens, and subresources are
    stored as updates of their parent (a scale update does not change the parent's replicas)."""
    reactor = _TrackerReact(tracker)

    def reaction(action: Action) -> tuple[Any, ...]:
        if type(action) is ListActionImpl:
            return True, reactor.list(action)
        if type(action) is GetActionImpl:
            return True, reactor.get(action)
        if type(action) is CreateActionImpl:
            return True, reactor.create(action)
        if type(action) is UpdateActionImpl:
            return True, reactor.update(action)
        if type(action) is DeleteActionImpl:
            return True, reactor.delete(action)
        if type(action) is PatchActionImpl:
            if action.get_patch_type() == types.ApplyPatchType:
                return True, reactor.apply(action)
            return True, reactor.patch(action)
        return False, None, ValueError(f"no reaction implemented for {action}")

    return reaction


def default_watch_reactor(watch_interface: watch.Interface, err: Optional[BaseException] = None) -> WatchReactionFunc:
    """A watch reaction that always answers ``watch_interface`` (or raises ``err``)."""

    def reaction(action: Action) -> tuple[Any, ...]:
        return True, watch_interface, err

    return reaction
