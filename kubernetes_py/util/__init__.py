"""client-go util/* packages."""
