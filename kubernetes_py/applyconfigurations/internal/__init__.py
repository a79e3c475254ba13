"""k8s.io/client-go/applyconfigurations/internal: the structured-merge-diff schema of every built-in type.

``schema.json`` is generated from client-go's ``schemaYAML`` by ``hack/codegen/applyschema`` (run by
hack/generate.sh; never edit it by hand) and parsed once, on first use.
"""

from __future__ import annotations

import json
import pathlib
import threading
from typing import Optional

from kubernetes_py._smd import typed

__all__ = ["parser"]

SCHEMA_PATH = pathlib.Path(__file__).with_name("schema.json")

_lock = threading.Lock()
_parser: Optional[typed.Parser] = None


def parser() -> typed.Parser:
    """The parser of the built-in types' schema (loaded once, thread-safe)."""
    global _parser
    with _lock:
        if _parser is None:
            doc = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
            _parser = typed.parser_from_document({"types": doc["types"]})
        return _parser
