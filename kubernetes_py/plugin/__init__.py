"""client-go plugin."""
