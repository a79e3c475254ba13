"""runtime.DeepCopyJSON / DeepCopyJSONValue: copies of JSON-shaped values (dicts, lists, str, int, float, bool, None)."""
from __future__ import annotations

from typing import Any


def deep_copy_json_value(x: Any) -> Any:
    """A deep copy of a JSON-shaped value; anything else raises TypeError (a panic in Go)."""
    if isinstance(x, dict):
        return {k: deep_copy_json_value(v) for k, v in x.items()}
    if isinstance(x, list):
        return [deep_copy_json_value(v) for v in x]
    if x is None or isinstance(x, (str, int, float)):
        return x
    raise TypeError(f"cannot deep copy {type(x).__name__}")


def deep_copy_json(x: dict) -> dict:
    """A deep copy of a JSON object (map[string]interface{})."""
    return deep_copy_json_value(x)
