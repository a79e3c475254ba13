"""client-go pkg/apis/*."""
