"""client-go plugin/pkg/client."""
