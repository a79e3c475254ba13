"""client-go plugin/pkg/client/auth: importing it registers the bundled auth-provider plugins."""
