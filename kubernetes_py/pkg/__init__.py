"""client-go pkg/*."""
