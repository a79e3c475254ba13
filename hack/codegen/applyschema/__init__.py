"""The structured-merge-diff schema of every built-in type, as client-go's applyconfigurations carries it."""
