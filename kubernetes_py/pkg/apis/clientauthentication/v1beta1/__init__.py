"""client-go pkg/apis/clientauthentication/v1beta1: the same types as v1, under their own Go package (and so their
own classes: a v1beta1.Cluster never equals a v1.Cluster)."""

from __future__ import annotations

import dataclasses
from typing import Optional

from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.pkg.apis.clientauthentication import v1

__all__ = ["GroupName", "SchemeGroupVersion", "Cluster", "ExecCredential", "ExecCredentialSpec", "ExecCredentialStatus"]

GroupName = v1.GroupName
SchemeGroupVersion = schema.GroupVersion(group=GroupName, version="v1beta1")


@dataclasses.dataclass
class Cluster(v1.Cluster):
    pass


@dataclasses.dataclass
class ExecCredentialSpec(v1.ExecCredentialSpec):
    cluster: Optional[v1.Cluster] = None  # a v1beta1.Cluster


@dataclasses.dataclass(repr=False)
class ExecCredentialStatus(v1.ExecCredentialStatus):
    pass


@dataclasses.dataclass
class ExecCredential(v1.ExecCredential):
    spec: v1.ExecCredentialSpec = dataclasses.field(default_factory=ExecCredentialSpec)
    status: Optional[v1.ExecCredentialStatus] = None  # a v1beta1.ExecCredentialStatus
