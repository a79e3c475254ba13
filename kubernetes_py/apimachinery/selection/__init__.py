"""Port of k8s.io/apimachinery/pkg/selection: the operators of label and field selector requirements."""

Operator = str  # Go's selection.Operator is a string type; the constants below are its values

DoesNotExist: Operator = "!"
Equals: Operator = "="
DoubleEquals: Operator = "=="
In: Operator = "in"
NotEquals: Operator = "!="
NotIn: Operator = "notin"
Exists: Operator = "exists"
GreaterThan: Operator = "gt"
LessThan: Operator = "lt"

__all__ = [
    "Operator",
    "DoesNotExist",
    "Equals",
    "DoubleEquals",
    "In",
    "NotEquals",
    "NotIn",
    "Exists",
    "GreaterThan",
    "LessThan",
]
