"""client-go util/certificate packages."""
