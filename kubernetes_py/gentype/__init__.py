"""k8s.io/client-go/gentype: the generic typed client that every generated resource client is built on."""

from kubernetes_py.gentype.type import (
    Client,
    ClientWithApply,
    ClientWithList,
    ClientWithListAndApply,
    Expansion,
    ExpansionWithList,
    Option,
    new_client,
    new_client_with_apply,
    new_client_with_list,
    new_client_with_list_and_apply,
    not_generated,
    prefers_protobuf,
    to_patch_options,
)

# The fake side (client-go gentype/fake.go).
from kubernetes_py.gentype.fake import (  # noqa: E402
    FakeClient,
    FakeClientWithApply,
    FakeClientWithList,
    FakeClientWithListAndApply,
    from_pointer_slice,
    new_fake_client,
    new_fake_client_with_apply,
    new_fake_client_with_list,
    new_fake_client_with_list_and_apply,
    to_pointer_slice,
)

__all__ = [
    "Client",
    "ClientWithApply",
    "ClientWithList",
    "ClientWithListAndApply",
    "Expansion",
    "ExpansionWithList",
    "FakeClient",
    "FakeClientWithApply",
    "FakeClientWithList",
    "FakeClientWithListAndApply",
    "Option",
    "from_pointer_slice",
    "new_client",
    "new_client_with_apply",
    "new_client_with_list",
    "new_client_with_list_and_apply",
    "new_fake_client",
    "new_fake_client_with_apply",
    "new_fake_client_with_list",
    "new_fake_client_with_list_and_apply",
    "not_generated",
    "prefers_protobuf",
    "to_patch_options",
    "to_pointer_slice",
]
