"""Go's k8s.io/apimachinery/pkg/apis."""
