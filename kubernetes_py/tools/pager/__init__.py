"""Port of k8s.io/client-go/tools/pager: list in pages of ``page_size`` and put the pages together."""

from .pager import ListPageFunc, ListPager, new, simple_page_func

__all__ = ["ListPageFunc", "ListPager", "new", "simple_page_func"]
