"""The clientset generator reads +genclient tags the way client-gen does (offline: synthetic Go sources)."""

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "hack"))
try:
    from codegen.clientset import names, render, tags
    from codegen.clientset import generate as clientset_generate
finally:
    sys.path.remove(str(REPO / "hack"))

TYPES_GO = """
package v1

// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Widget is a thing.
// +k8s:supportsSubresource="/status"
type Widget struct {
	metav1.TypeMeta `json:",inline"`
	Spec WidgetSpec `json:"spec"`
	Status WidgetStatus `json:"status"`
}

// WidgetSpec has no tags.
type WidgetSpec struct {
	Status string `json:"status"`
}

// +genclient
// +genclient:nonNamespaced
// +genclient:onlyVerbs=create

// Review is cluster-scoped and create-only.
type Review struct {
	Spec string
	Status string
}

// +genclient
// +genclient:noStatus
// +genclient:skipVerbs=deleteCollection,watch
type Gadget struct {
	Spec string
	Status string
}

// +genclient
// +genclient:noVerbs
type Nothing struct {
}

// +genclient
type Plain struct {
	Spec string
}

// +genclient

// A second block between the tag and the type.

// Orphan's tags are three blocks up, too far for client-gen.
type Orphan struct {
}

// +genclient

type Loose struct {
}
"""


def _by_name():
    return {t.name: t for t in tags.parse_file(TYPES_GO)}


def test_types_with_genclient_tags_are_found_with_the_two_closest_comment_blocks():
    found = _by_name()
    assert sorted(found) == ["Gadget", "Loose", "Nothing", "Plain", "Review", "Widget"]


def test_default_verbs_and_status():
    widget = _by_name()["Widget"]
    assert widget.namespaced and widget.has_status
    assert widget.verbs == tags.ALL_VERBS
    assert widget.methods == (
        tags.ExtendedMethod(
            name="GetScale",
            verb="get",
            subresource="scale",
            input_type="",
            result_type="k8s.io/api/autoscaling/v1.Scale",
        ),
    )


def test_only_skip_no_verbs_and_no_status():
    found = _by_name()
    assert not found["Review"].namespaced and found["Review"].verbs == ("create",)
    assert found["Gadget"].verbs == ("create", "update", "delete", "get", "list", "patch", "apply")
    assert found["Nothing"].verbs == ()
    # No Status field: no status verbs (client-gen checks the struct, not only the tags).
    assert found["Plain"].verbs == (
        "create",
        "update",
        "delete",
        "deleteCollection",
        "get",
        "list",
        "watch",
        "patch",
        "apply",
    )


def test_readonly_means_get_list_watch():
    (found,) = tags.parse_file("// +genclient\n// +genclient:readonly\ntype R struct {\n\tStatus string\n}\n")
    assert found.verbs == ("get", "list", "watch")


def test_bad_tags_are_rejected_with_the_type_named():
    with pytest.raises(tags.TagError, match=r"^Bad: unknown \+genclient tags \['genclient:nonNamespace'\]$"):
        tags.parse_file("// +genclient\n// +genclient:nonNamespace\ntype Bad struct {\n}\n")
    with pytest.raises(tags.TagError, match=r"Bad: unknown verbs \['frobnicate'\]"):
        tags.parse_file("// +genclient\n// +genclient:onlyVerbs=frobnicate\ntype Bad struct {\n}\n")
    with pytest.raises(tags.TagError, match="Bad: \\+genclient:method=GetScale needs a method name and verb="):
        tags.parse_file("// +genclient\n// +genclient:method=GetScale\ntype Bad struct {\n}\n")


@pytest.mark.parametrize(
    "singular,plural",
    [
        ("Pod", "Pods"),
        ("Endpoints", "Endpoints"),
        ("Ingress", "Ingresses"),
        ("NetworkPolicy", "NetworkPolicies"),
        ("Gateway", "Gateways"),
        ("IPAddress", "IPAddresses"),
        ("Leaf", "Leaves"),
        ("Knife", "Knives"),
        ("Patch", "Patches"),
        ("Graph", "Graphs"),
        ("Box", "Boxes"),
        ("ComponentStatus", "ComponentStatuses"),
    ],
)
def test_plural_follows_client_gen(singular, plural):
    assert names.plural(singular) == plural


@pytest.mark.parametrize(
    "go,py",
    [
        ("CoreV1", "core_v1"),
        ("AdmissionregistrationV1alpha1", "admissionregistration_v1alpha1"),
        ("CSIDrivers", "csi_drivers"),
        ("ServiceCIDRs", "service_cidrs"),
        ("IPAddresses", "ip_addresses"),
        ("RESTClient", "rest_client"),
        ("EvictV1beta1", "evict_v1beta1"),
        ("HorizontalPodAutoscalers", "horizontal_pod_autoscalers"),
    ],
)
def test_snake_case_keeps_acronyms_whole(go, py):
    assert names.snake(go) == py


def test_group_names_come_from_doc_go_or_the_directory(tmp_path):
    api = tmp_path / "api"
    for directory, doc in (
        ("core/v1", "// +groupName=\npackage v1\n"),
        ("apps/v1", "package v1\n"),
        ("apiserverinternal/v1alpha1", "// +groupName=internal.apiserver.k8s.io\npackage v1alpha1\n"),
        ("imagepolicy/v1alpha1", "// +groupName=imagepolicy.k8s.io\npackage v1alpha1\n"),
        ("flowcontrol/v1", "// +groupName=flowcontrol.apiserver.k8s.io\n// +groupGoName=FlowControl\npackage v1\n"),
    ):
        package = api / directory
        package.mkdir(parents=True)
        (package / "doc.go").write_text(doc)
        (package / "types.go").write_text("// +genclient\ntype Thing struct {\n}\n")
    gvs = {f"{gv.types.package_dir}/{gv.types.version}": gv for gv in clientset_generate.group_versions(api)}
    # imagepolicy is a non-server group version: client-go has no client for it.
    assert sorted(gvs) == ["apiserverinternal/v1alpha1", "apps/v1", "core/v1", "flowcontrol/v1"]
    assert [gvs[k].types.group for k in sorted(gvs)] == [
        "internal.apiserver.k8s.io",
        "apps",
        "",
        "flowcontrol.apiserver.k8s.io",
    ]
    assert [gvs[k].accessor for k in sorted(gvs)] == ["internal_v1alpha1", "apps_v1", "core_v1", "flow_control_v1"]


def test_rendered_module_has_the_tagged_verbs_and_methods(tmp_path):
    (tmp_path / "api" / "widgets" / "v1").mkdir(parents=True)
    (tmp_path / "api" / "widgets" / "v1" / "types.go").write_text(TYPES_GO)
    gv = clientset_generate.group_versions(tmp_path / "api")[0]
    text = render.render_group_version(gv, "1.37.1", tmp_path)
    assert text.startswith(
        "# Code generated by clientset-gen (hack/codegen/clientset) from Kubernetes 1.37.1 "
        "(k8s.io/api/widgets/v1). DO NOT EDIT.\n# Regenerate with: bash hack/generate.sh\n"
    )
    assert "    def reviews(self) -> ReviewInterface:\n" in text
    assert "    def widgets(self, namespace: str) -> WidgetInterface:\n" in text
    assert "class ReviewInterface(gentype.Client[widgetsv1.Review]):" in text
    assert "class NothingInterface(gentype.Client[widgetsv1.Nothing]):" in text
    assert "class WidgetInterface(gentype.ClientWithListAndApply[widgetsv1.Widget, widgetsv1.WidgetList]):" in text
    review = text[text.index("class ReviewInterface") : text.index("class WidgetInterface")]
    assert review.count("gentype.not_generated()") == 6  # everything of gentype.Client except create
    assert (
        "    def get_scale(\n        self, ctx: context.Context | None, widget_name: str, options: metav1.GetOptions,\n"
        "    ) -> autoscalingv1.Scale:"
    ) in text
    assert 'config.api_path = "/apis"' in text


def test_unsupported_extended_method_fails_generation(tmp_path):
    (tmp_path / "api" / "widgets" / "v1").mkdir(parents=True)
    (tmp_path / "api" / "widgets" / "v1" / "types.go").write_text(
        "// +genclient\n// +genclient:method=Frob,verb=watch,subresource=x\ntype W struct {\n}\n"
    )
    gv = clientset_generate.group_versions(tmp_path / "api")[0]
    with pytest.raises(render.RenderError, match="W: \\+genclient:method=Frob has verb=watch"):
        render.render_group_version(gv, "1.37.1", tmp_path)


def test_stale_generated_files_are_found_and_hand_written_ones_kept(tmp_path):
    base = tmp_path / "kubernetes_py" / "kubernetes" / "typed" / "old" / "v1"
    base.mkdir(parents=True)
    (base / "__init__.py").write_text(render.HEADER.format(version="1.0.0", source="x") + "\n")
    (base / "widget_expansion.py").write_text('"""Hand-written."""\n')
    assert clientset_generate.stale_files(tmp_path, {}) == ["kubernetes_py/kubernetes/typed/old/v1/__init__.py"]
