"""Package marker so test module names stay unique."""
