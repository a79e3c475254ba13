"""A port of sigs.k8s.io/structured-merge-diff/v6 (the version k8s.io/apimachinery v0.37.1 requires): the
field sets, schemas, typed values and the apply/update merge behind server-side apply.

Private to the project: apimachinery's ``util.managedfields`` and client-go's field-managed object tracker
are built on it. Values are decoded JSON (dict, list, str, int, float, bool, None); a missing value (Go's nil
``value.Value``) is ``MISSING``. Package layout follows Go's: ``value``, ``fieldpath``, ``schema``, ``typed``,
``merge``.
"""
