"""tools/pager: client-go's pager_test.go cases (List, EachListItem, the buffered page fetcher)."""

import threading

import pytest

from kubernetes_py import context
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.internalversion import List
from kubernetes_py.tools import pager
from kubernetes_py.tools.pager import ListPager


def make_list(count, rv):
    out = List()
    for i in range(count):
        out.items.append(metav1.PartialObjectMetadata(metadata=metav1.ObjectMeta(name=str(i))))
    out.metadata.resourceVersion = rv
    return out


class UnexpectedCall(AssertionError):
    pass


class FakePager:
    """client-go's testPager: serves ``remaining`` items in pages and checks the options of every call."""

    def __init__(self, expect_page, remaining, rv):
        self.rv = rv
        self.index = 0
        self.remaining = remaining
        self.last = 0
        self.continuing = False
        self.done = False
        self.expect_page = expect_page
        self.violations = []

    def reset(self):
        self.continuing = False
        self.remaining += self.index
        self.index = 0
        self.last = 0
        self.done = False

    def paged_list(self, ctx, options):
        if self.done:
            self.violations.append("did not expect additional call to paged list")
            raise UnexpectedCall("unexpected list call")
        expected_continue = f"{self.rv}:{self.last}"
        cont = getattr(options, "continue")
        if options.limit != self.expect_page or (self.continuing and cont != expected_continue):
            self.violations.append(f"expected limit {self.expect_page} and continue {expected_continue}, got {options}")
            raise UnexpectedCall("invariant violated")
        if cont and options.resourceVersion:
            self.violations.append("resource version with continue")
            raise UnexpectedCall("invariant violated")
        if cont and options.resourceVersionMatch:
            self.violations.append("resource version match with continue")
            raise UnexpectedCall("invariant violated")
        out = List()
        total = options.limit or self.remaining
        for _ in range(total):
            if self.remaining <= 0:
                break
            out.items.append(metav1.PartialObjectMetadata(metadata=metav1.ObjectMeta(name=str(self.index))))
            self.remaining -= 1
            self.index += 1
        self.last = self.index
        if self.remaining > 0:
            setattr(out.metadata, "continue", f"{self.rv}:{self.last}")
            self.continuing = True
        else:
            self.done = True
        out.metadata.resourceVersion = self.rv
        return out

    def expires_on_second_page(self, ctx, options):
        if self.continuing:
            self.done = True
            raise errors.new_resource_expired("this list has expired")
        return self.paged_list(ctx, options)

    def expires_on_second_page_then_full_list(self, ctx, options):
        if self.continuing:
            self.reset()
            self.expect_page = 0
            raise errors.new_resource_expired("this list has expired")
        return self.paged_list(ctx, options)


LIST_CASES = [
    # name, remaining, method, options, full_list_if_expired, want (count or None), want_paged, is_expired
    ("empty page", 0, "paged_list", None, False, 0, False, False),
    ("one page", 9, "paged_list", None, False, 9, False, False),
    ("one full page", 10, "paged_list", None, False, 10, False, False),
    ("two pages", 11, "paged_list", None, False, 11, True, False),
    ("three pages", 21, "paged_list", None, False, 21, True, False),
    ("expires on second page", 21, "expires_on_second_page", None, False, None, True, True),
    ("expires on second page and then lists", 21, "expires_on_second_page_then_full_list", None, True, 21, True, False),
    (
        "two pages with resourceVersion",
        11,
        "paged_list",
        metav1.ListOptions(resourceVersion="rv:10"),
        False,
        11,
        True,
        False,
    ),
    (
        "two pages with resourceVersion and resourceVersionMatch",
        11,
        "paged_list",
        metav1.ListOptions(resourceVersion="rv:10", resourceVersionMatch=metav1.ResourceVersionMatchNotOlderThan),
        False,
        11,
        True,
        False,
    ),
]


@pytest.mark.parametrize(
    "name,remaining,method,options,full,want,want_paged,is_expired", LIST_CASES, ids=[c[0] for c in LIST_CASES]
)
def test_list_pager_list(name, remaining, method, options, full, want, want_paged, is_expired):
    fake = FakePager(expect_page=10, remaining=remaining, rv="rv:20")
    p = ListPager(page_size=10, page_fn=getattr(fake, method), full_list_if_expired=full)
    if want is None:
        with pytest.raises(errors.StatusError) as info:
            p.list(context.background(), options or metav1.ListOptions())
        assert errors.is_resource_expired(info.value) is is_expired
    else:
        got, paginated = p.list(context.background(), options or metav1.ListOptions())
        assert paginated is want_paged
        assert got == make_list(want, "rv:20")
    assert fake.violations == []


def test_list_pager_does_not_change_the_callers_options():
    fake = FakePager(expect_page=10, remaining=21, rv="rv:20")
    options = metav1.ListOptions(resourceVersion="rv:10")
    ListPager(page_size=10, page_fn=fake.paged_list).list(None, options)
    assert options == metav1.ListOptions(resourceVersion="rv:10")


def test_list_with_alloc_copies_items_of_a_joined_list():
    pages = {}

    def page_fn(ctx, options):
        out = FakePager.paged_list(fake, ctx, options)
        pages[getattr(options, "continue")] = out
        return out

    fake = FakePager(expect_page=10, remaining=11, rv="rv:20")
    got, paginated = ListPager(page_size=10, page_fn=page_fn).list_with_alloc(None, metav1.ListOptions())
    assert paginated and got == make_list(11, "rv:20")
    assert got.items[0] is not pages[""].items[0]
    fake = FakePager(expect_page=10, remaining=11, rv="rv:20")
    got, _ = ListPager(page_size=10, page_fn=page_fn).list(None, metav1.ListOptions())
    assert got.items[0] is pages[""].items[0]


def test_new_defaults():
    p = pager.new(pager.simple_page_func(lambda opts: make_list(0, "1")))
    assert (p.page_size, p.full_list_if_expired, p.page_buffer_size) == (500, True, 10)
    seen = []
    p = pager.new(pager.simple_page_func(lambda opts: seen.append(opts.limit) or make_list(0, "1")))
    p.list(None, metav1.ListOptions())
    p.list(None, metav1.ListOptions(limit=7))
    assert seen == [500, 7]


def test_list_returns_a_non_list_error():
    p = ListPager(page_size=10, page_fn=lambda ctx, opts: metav1.ObjectMeta(name="x"))
    with pytest.raises(TypeError, match="^returned object must be a list: object does not implement the List"):
        p.list(None, metav1.ListOptions())


def test_list_stops_at_a_cancelled_context():
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    p = ListPager(page_size=10, page_fn=lambda ctx, opts: pytest.fail("listed after cancel"))
    with pytest.raises(context.Canceled):
        p.list(ctx, metav1.ListOptions())


class ProcessorError(Exception):
    pass


EACH_CASES = [
    # name, remaining, method, want, want_err, is_expired, raise_on, cancel_on
    ("empty page", 0, "paged_list", 0, None, False, 0, 0),
    ("one page", 9, "paged_list", 9, None, False, 0, 0),
    ("one full page", 10, "paged_list", 10, None, False, 0, 0),
    ("two pages", 11, "paged_list", 11, None, False, 0, 0),
    ("three pages", 21, "paged_list", 21, None, False, 0, 0),
    ("expires on second page", 21, "expires_on_second_page", 10, errors.StatusError, True, 0, 0),
    ("error processing item", 51, "paged_list", 3, ProcessorError, False, 3, 0),
    ("cancel context while processing", 51, "paged_list", 10, context.Canceled, False, 0, 3),
]


@pytest.mark.parametrize("alloc", [False, True], ids=["each_list_item", "each_list_item_with_alloc"])
@pytest.mark.parametrize(
    "name,remaining,method,want,want_err,is_expired,raise_on,cancel_on", EACH_CASES, ids=[c[0] for c in EACH_CASES]
)
def test_list_pager_each_list_item(name, remaining, method, want, want_err, is_expired, raise_on, cancel_on, alloc):
    ctx, cancel = context.with_cancel(context.background())
    fake = FakePager(expect_page=10, remaining=remaining, rv="rv:20")
    p = ListPager(page_size=10, page_fn=getattr(fake, method))
    items = []

    def fn(obj):
        items.append(obj)
        if raise_on and len(items) == raise_on:
            raise ProcessorError("processor error")
        if cancel_on and len(items) == cancel_on:
            cancel()

    each = p.each_list_item_with_alloc if alloc else p.each_list_item
    before = set(threading.enumerate())
    if want_err is None:
        each(ctx, metav1.ListOptions(), fn)
    else:
        with pytest.raises(want_err) as info:
            each(ctx, metav1.ListOptions(), fn)
        assert errors.is_resource_expired(info.value) is is_expired
    assert items == make_list(want, "rv:20").items
    assert set(threading.enumerate()) <= before
    assert fake.violations == []
    cancel()


BUFFERED_CASES = [
    # name, total_pages, pages_processed, want_page_lists, page_buffer_size
    ("no buffer, one total page", 1, 1, 1, 0),
    ("no buffer, 1/5 pages processed", 5, 1, 2, 0),
    ("no buffer, 2/5 pages processed", 5, 2, 3, 0),
    ("no buffer, 5/5 pages processed", 5, 5, 5, 0),
    ("size 1 buffer, 1/5 pages processed", 5, 1, 3, 1),
    ("size 1 buffer, 5/5 pages processed", 5, 5, 5, 1),
    ("size 10 buffer, 1/5 page processed", 5, 1, 5, 10),
]


@pytest.mark.parametrize(
    "name,total_pages,pages_processed,want_page_lists,page_buffer_size",
    BUFFERED_CASES,
    ids=[c[0] for c in BUFFERED_CASES],
)
def test_list_pager_each_list_page_buffered(name, total_pages, pages_processed, want_page_lists, page_buffer_size):
    page_size = 10
    fake = FakePager(expect_page=page_size, remaining=total_pages * page_size, rv="rv:20")
    page_lists = [0]
    wanted_done = threading.Event()

    def list_fn(ctx, options):
        page_lists[0] += 1
        if page_lists[0] == want_page_lists:
            wanted_done.set()
        return fake.paged_list(ctx, options)

    p = ListPager(page_size=page_size, page_buffer_size=page_buffer_size, page_fn=list_fn)
    processed = [0]

    def fn(obj):
        processed[0] += 1
        if processed[0] == pages_processed:
            assert wanted_done.wait(1.0), f"timed out waiting for {want_page_lists} page lists"
            raise ProcessorError("processor error")

    with pytest.raises(ProcessorError):
        p._each_list_chunk_buffered(context.background(), metav1.ListOptions(), fn)
    assert page_lists[0] == want_page_lists
    assert processed[0] == pages_processed


def test_each_list_item_rejects_a_negative_buffer():
    p = ListPager(page_size=10, page_buffer_size=-1, page_fn=lambda ctx, opts: make_list(0, "1"))
    with pytest.raises(ValueError, match=r"^ListPager.PageBufferSize must be >= 0, got -1$"):
        p.each_list_item(None, metav1.ListOptions(), lambda obj: None)
