"""Where apimachinery's Go-text helpers lived; they are in kubernetes_py._go now (strconv, fmt, json). Kept only for
the modules that still import them from here, to be switched and this module removed."""
from kubernetes_py._go.fmt import go_pointer_type_name, go_sprint, go_type_name  # noqa: F401
from kubernetes_py._go.json import (go_json, go_json_escape_html, go_json_float, go_json_int,  # noqa: F401
                                    go_json_kind, go_json_string)
from kubernetes_py._go.strconv import GoNumError, go_atoi, go_format_float, go_parse_int, go_quote, go_string  # noqa: F401
