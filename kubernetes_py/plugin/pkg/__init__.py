"""client-go plugin/pkg."""
