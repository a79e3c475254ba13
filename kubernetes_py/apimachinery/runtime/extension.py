"""runtime.RawExtension and runtime.Unknown in JSON: the embedded object kept as raw bytes (Go's extension.go)."""

from ._special import RawJSONCodec, register

register(RawJSONCodec("k8s.io/apimachinery/pkg/runtime.RawExtension", "raw", "*runtime.RawExtension"))
register(RawJSONCodec("k8s.io/apimachinery/pkg/runtime.Unknown", "raw", "*runtime.Unknown"))
