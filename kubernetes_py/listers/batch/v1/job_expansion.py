"""The hand-written methods of the Job lister
(client-go listers/batch/v1/job_expansion.go)."""

from kubernetes_py.listers._expansions import JobListerExpansion

__all__ = ["JobListerExpansion"]
