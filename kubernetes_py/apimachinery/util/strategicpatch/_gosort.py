"""Go's sort algorithms where their exact result matters: strategic merge patch sorts with comparators that
are not strict orders (``<=``, or "true unless both are found"), so the output depends on the algorithm."""
from __future__ import annotations

from typing import Any, Callable

Less = Callable[[Any, Any], bool]


def _insertion_sort(data: list, a: int, b: int, less: Less) -> None:
    for i in range(a + 1, b):
        j = i
        while j > a and less(data[j], data[j - 1]):
            data[j], data[j - 1] = data[j - 1], data[j]
            j -= 1


def _swap_range(data: list, a: int, b: int, n: int) -> None:
    for i in range(n):
        data[a + i], data[b + i] = data[b + i], data[a + i]


def _rotate(data: list, a: int, m: int, b: int) -> None:
    i, j = m - a, b - m
    while i != j:
        if i > j:
            _swap_range(data, m - i, m, j)
            i -= j
        else:
            _swap_range(data, m - i, m + j - i, i)
            j -= i
    _swap_range(data, m - i, m, i)


def _sym_merge(data: list, a: int, m: int, b: int, less: Less) -> None:
    if m - a == 1:
        i, j = m, b
        while i < j:
            h = (i + j) >> 1
            if less(data[h], data[a]):
                i = h + 1
            else:
                j = h
        for k in range(a, i - 1):
            data[k], data[k + 1] = data[k + 1], data[k]
        return
    if b - m == 1:
        i, j = a, m
        while i < j:
            h = (i + j) >> 1
            if not less(data[m], data[h]):
                i = h + 1
            else:
                j = h
        for k in range(m, i, -1):
            data[k], data[k - 1] = data[k - 1], data[k]
        return
    mid = (a + b) >> 1
    n = mid + m
    if m > mid:
        start, r = n - b, mid
    else:
        start, r = a, m
    p = n - 1
    while start < r:
        c = (start + r) >> 1
        if not less(data[p - c], data[c]):
            start = c + 1
        else:
            r = c
    end = n - start
    if start < m < end:
        _rotate(data, start, m, end)
    if a < start < mid:
        _sym_merge(data, a, start, mid, less)
    if mid < end < b:
        _sym_merge(data, mid, end, b, less)


def slice_stable(data: list, less: Less) -> None:
    """sort.SliceStable, in place: insertion sort of blocks of 20, then SymMerge."""
    n = len(data)
    block = 20
    a, b = 0, block
    while b <= n:
        _insertion_sort(data, a, b, less)
        a, b = b, b + block
    _insertion_sort(data, a, n, less)
    while block < n:
        a, b = 0, 2 * block
        while b <= n:
            _sym_merge(data, a, a + block, b, less)
            a, b = b, b + 2 * block
        m = a + block
        if m < n:
            _sym_merge(data, a, m, n, less)
        block *= 2


def sort_by_string(data: list, key: Callable[[Any], str]) -> None:
    """sort.Sort with ``Less(i, j) = key(i) <= key(j)`` (sort.StringsAreSorted of the pair), in place.

    Go's pdqsort insertion-sorts up to 12 elements, which with this ``<=`` puts equal keys in reverse input
    order; longer lists are sorted by key (equal keys then keep their input order, where pdqsort's order
    is an implementation detail)."""
    if len(data) <= 12:
        _insertion_sort(data, 0, len(data), lambda x, y: key(x) <= key(y))
    else:
        data.sort(key=key)
