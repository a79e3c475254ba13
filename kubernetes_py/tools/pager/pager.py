"""ListPager (client-go tools/pager/pager.go).

``list`` asks for pages of ``page_size`` (500 unless set) and joins them into one
``metainternalversion.List``; a single page comes back as the server sent it. If a page after the first fails
with "Expired" (the continue token outlived etcd's compaction), it lists everything in one request at the
resource version first asked for, when ``full_list_if_expired`` is set (``new`` sets it).

``each_list_item`` hands items to a callback while a background thread fetches up to ``page_buffer_size``
pages ahead; the thread is stopped and joined before the call returns, whatever happens.

Options are copied before each call to ``page_fn``: as in Go, where they are passed by value, a page function
may keep or change what it was given.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.api import errors as _apierrors
from kubernetes_py.apimachinery.api import meta as _meta
from kubernetes_py.apimachinery.api.meta.help import ItemFunc
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.internalversion import List as _InternalList
from kubernetes_py.apimachinery.runtime import Object
from kubernetes_py.apimachinery.util import runtime as _utilruntime
from kubernetes_py.apimachinery.watch import Chan

defaultPageSize = 500
defaultPageBufferSize = 10

ListPageFunc = Callable[[_context.Context, metav1.ListOptions], Object]
"""``page_fn(ctx, options) -> list object``; raises on failure."""


def simple_page_func(fn: Callable[[metav1.ListOptions], Object]) -> ListPageFunc:
    """Adapt a list function without a context (Go's SimplePageFunc)."""
    return lambda ctx, opts: fn(opts)


def _copy(options: Optional[metav1.ListOptions]) -> metav1.ListOptions:
    out = metav1.ListOptions()
    if options is not None:
        out.CopyFrom(options)
    return out


def _list_accessor(obj: Object) -> Any:  # meta's ListInterface view
    try:
        return _meta.list_accessor(obj)
    except _meta.NotListError as err:
        raise TypeError(f"returned object must be a list: {err}") from err


def _check_ctx(ctx: _context.Context) -> None:
    if ctx.done().is_set():
        raise ctx.err() or _context.Canceled()


class ListPager:
    """Breaks a large list into pages (Go's ListPager). The fields default to Go's zero values (no paging, no
    full-list fallback, no pages buffered ahead); ``new`` sets client-go's defaults."""

    def __init__(
        self,
        page_fn: Optional[ListPageFunc] = None,
        page_size: int = 0,
        full_list_if_expired: bool = False,
        page_buffer_size: int = 0,
    ):
        self.page_size = page_size
        self.page_fn = page_fn
        self.full_list_if_expired = full_list_if_expired
        self.page_buffer_size = page_buffer_size

    def _page_fn(self) -> ListPageFunc:
        if self.page_fn is None:  # Go calls the nil func and panics
            raise TypeError("ListPager.page_fn is not set")
        return self.page_fn

    def list(
        self, ctx: Optional[_context.Context], options: Optional[metav1.ListOptions] = None
    ) -> tuple[Object | _InternalList, bool]:
        """``(list, paginated)``: the whole list, fetched in pages; ``paginated`` says whether more than one
        page was asked for. A ``limit`` already in ``options`` wins over ``page_size``."""
        return self._list(ctx, options, False)

    def list_with_alloc(
        self, ctx: Optional[_context.Context], options: Optional[metav1.ListOptions] = None
    ) -> tuple[Object | _InternalList, bool]:
        """Like ``list``, but the items of a joined list are copies that do not keep their page alive."""
        return self._list(ctx, options, True)

    def _list(
        self, ctx: Optional[_context.Context], options: Optional[metav1.ListOptions], alloc_new: bool
    ) -> tuple[Object | _InternalList, bool]:
        ctx = _context.background() if ctx is None else ctx
        page_fn = self._page_fn()
        options = _copy(options)
        if options.limit == 0:
            options.limit = self.page_size
        requested_rv = options.resourceVersion
        requested_rv_match = options.resourceVersionMatch
        joined: Optional[_InternalList] = None
        paginated = False
        while True:
            _check_ctx(ctx)
            try:
                obj = page_fn(ctx, _copy(options))
            except Exception as err:
                # Only an "Expired" error on page 2 or later falls back to one full list: the resource
                # version the first page established fell out of etcd's window while paging.
                if (
                    not _apierrors.is_resource_expired(err)
                    or not self.full_list_if_expired
                    or getattr(options, "continue") == ""
                ):
                    raise
                options.limit = 0
                setattr(options, "continue", "")
                options.resourceVersion = requested_rv
                options.resourceVersionMatch = requested_rv_match
                return page_fn(ctx, _copy(options)), paginated
            m = _list_accessor(obj)
            if not m.get_continue() and joined is None:
                return obj, paginated
            if joined is None:
                joined = _InternalList()
                joined.metadata.resourceVersion = m.get_resource_version()
                joined.metadata.selfLink = m.get_self_link()
            each = _meta.each_list_item_with_alloc if alloc_new else _meta.each_list_item
            each(obj, joined.items.append)
            if not m.get_continue():
                return joined, paginated
            setattr(options, "continue", m.get_continue())
            # A continue token carries its resource version: asking for one too is an error.
            options.resourceVersion = ""
            options.resourceVersionMatch = ""
            paginated = True

    def each_list_item(
        self, ctx: Optional[_context.Context], options: Optional[metav1.ListOptions], fn: ItemFunc
    ) -> None:
        """Call ``fn`` on every item, page by page, with up to ``page_buffer_size`` pages fetched ahead.
        ``fn`` raising stops everything and propagates; otherwise a listing error or the context's error is
        raised (an "Expired" error when paging took longer than the server keeps continue tokens)."""
        self._each_list_chunk_buffered(ctx, options, lambda chunk: _meta.each_list_item(chunk, fn))

    def each_list_item_with_alloc(
        self, ctx: Optional[_context.Context], options: Optional[metav1.ListOptions], fn: ItemFunc
    ) -> None:
        """Like ``each_list_item``, but ``fn`` gets copies that do not keep their page alive."""
        self._each_list_chunk_buffered(ctx, options, lambda chunk: _meta.each_list_item_with_alloc(chunk, fn))

    def _each_list_chunk_buffered(
        self,
        ctx: Optional[_context.Context],
        options: Optional[metav1.ListOptions],
        fn: Callable[[Object], None],
    ) -> None:
        if self.page_buffer_size < 0:
            raise ValueError(f"ListPager.PageBufferSize must be >= 0, got {self.page_buffer_size}")
        ctx, cancel = _context.with_cancel(_context.background() if ctx is None else ctx)
        chunks = Chan(self.page_buffer_size)
        result: list[Optional[BaseException]] = [None]
        done = ctx.done()

        def produce() -> None:
            try:
                with _utilruntime.handle_crash_with_context(ctx):

                    def send(chunk: Object) -> None:
                        if not chunks.send(chunk, abort=done):
                            raise ctx.err() or _context.Canceled()

                    self._each_list_chunk(ctx, options, send)
            except BaseException as err:  # handed to the caller below  # noqa: BLE001
                result[0] = err
            finally:
                chunks.close()

        producer = threading.Thread(target=produce, name="pager", daemon=True)
        producer.start()
        try:
            for chunk in chunks:
                _check_ctx(ctx)
                fn(chunk)
        finally:
            cancel()
            chunks.wake()
            producer.join()
        if result[0] is not None:
            raise result[0]

    def _each_list_chunk(
        self, ctx: _context.Context, options: Optional[metav1.ListOptions], fn: Callable[[Object], None]
    ) -> None:
        page_fn = self._page_fn()
        options = _copy(options)
        if options.limit == 0:
            options.limit = self.page_size
        while True:
            _check_ctx(ctx)
            obj = page_fn(ctx, _copy(options))
            m = _list_accessor(obj)
            fn(obj)
            if not m.get_continue():
                return
            setattr(options, "continue", m.get_continue())


def new(fn: ListPageFunc) -> ListPager:
    """A pager with the defaults: pages of 500, a full list if a continue token expires, 10 pages buffered."""
    return ListPager(
        page_fn=fn, page_size=defaultPageSize, full_list_if_expired=True, page_buffer_size=defaultPageBufferSize
    )
