"""Go's sort algorithms where their exact result matters: strategic merge patch sorts with comparators that
are not strict orders (``<=``, or "true unless both are found"), so the output depends on the algorithm."""

from __future__ import annotations

from typing import Any, Callable

Less = Callable[[Any, Any], bool]


def _insertion_sort(data: list[Any], a: int, b: int, less: Less) -> None:
    for i in range(a + 1, b):
        j = i
        while j > a and less(data[j], data[j - 1]):
            data[j], data[j - 1] = data[j - 1], data[j]
            j -= 1


def _swap_range(data: list[Any], a: int, b: int, n: int) -> None:
    for i in range(n):
        data[a + i], data[b + i] = data[b + i], data[a + i]


def _rotate(data: list[Any], a: int, m: int, b: int) -> None:
    i, j = m - a, b - m
    while i != j:
        if i > j:
            _swap_range(data, m - i, m, j)
            i -= j
        else:
            _swap_range(data, m - i, m + j - i, i)
            j -= i
    _swap_range(data, m - i, m, i)


def _sym_merge(data: list[Any], a: int, m: int, b: int, less: Less) -> None:
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


def slice_stable(data: list[Any], less: Less) -> None:
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


_MASK64 = (1 << 64) - 1


def _sift_down(data: list[Any], lo: int, hi: int, first: int, less: Less) -> None:
    root = lo
    while True:
        child = 2 * root + 1
        if child >= hi:
            return
        if child + 1 < hi and less(data[first + child], data[first + child + 1]):
            child += 1
        if not less(data[first + root], data[first + child]):
            return
        data[first + root], data[first + child] = data[first + child], data[first + root]
        root = child


def _heap_sort(data: list[Any], a: int, b: int, less: Less) -> None:
    first, lo, hi = a, 0, b - a
    for i in range((hi - 1) // 2, -1, -1):
        _sift_down(data, i, hi, first, less)
    for i in range(hi - 1, -1, -1):
        data[first], data[first + i] = data[first + i], data[first]
        _sift_down(data, lo, i, first, less)


def _partition(data: list[Any], a: int, b: int, pivot: int, less: Less) -> tuple[int, bool]:
    data[a], data[pivot] = data[pivot], data[a]
    i, j = a + 1, b - 1
    while i <= j and less(data[i], data[a]):
        i += 1
    while i <= j and not less(data[j], data[a]):
        j -= 1
    if i > j:
        data[j], data[a] = data[a], data[j]
        return j, True
    data[i], data[j] = data[j], data[i]
    i, j = i + 1, j - 1
    while True:
        while i <= j and less(data[i], data[a]):
            i += 1
        while i <= j and not less(data[j], data[a]):
            j -= 1
        if i > j:
            break
        data[i], data[j] = data[j], data[i]
        i, j = i + 1, j - 1
    data[j], data[a] = data[a], data[j]
    return j, False


def _partition_equal(data: list[Any], a: int, b: int, pivot: int, less: Less) -> int:
    data[a], data[pivot] = data[pivot], data[a]
    i, j = a + 1, b - 1
    while True:
        while i <= j and not less(data[a], data[i]):
            i += 1
        while i <= j and less(data[a], data[j]):
            j -= 1
        if i > j:
            return i
        data[i], data[j] = data[j], data[i]
        i, j = i + 1, j - 1


def _partial_insertion_sort(data: list[Any], a: int, b: int, less: Less) -> bool:
    max_steps, shortest_shifting = 5, 50
    i = a + 1
    for _ in range(max_steps):
        while i < b and not less(data[i], data[i - 1]):
            i += 1
        if i == b:
            return True
        if b - a < shortest_shifting:
            return False
        data[i], data[i - 1] = data[i - 1], data[i]
        if i - a >= 2:
            for j in range(i - 1, 0, -1):
                if not less(data[j], data[j - 1]):
                    break
                data[j], data[j - 1] = data[j - 1], data[j]
        if b - i >= 2:
            for j in range(i + 1, b):
                if not less(data[j], data[j - 1]):
                    break
                data[j], data[j - 1] = data[j - 1], data[j]
    return False


def _break_patterns(data: list[Any], a: int, b: int) -> None:
    length = b - a
    if length >= 8:
        random = length
        modulus = 1 << length.bit_length()
        for idx in range(a + (length // 4) * 2 - 1, a + (length // 4) * 2 + 2):
            random ^= (random << 13) & _MASK64
            random ^= random >> 7
            random ^= (random << 17) & _MASK64
            other = random & (modulus - 1)
            if other >= length:
                other -= length
            data[idx], data[a + other] = data[a + other], data[idx]


def _choose_pivot(data: list[Any], a: int, b: int, less: Less) -> tuple[int, int]:
    """(pivot, hint): hint 0 unknown, 1 increasing, 2 decreasing."""
    length = b - a
    swaps = 0
    i, j, k = a + length // 4 * 1, a + length // 4 * 2, a + length // 4 * 3

    def order2(x: int, y: int) -> tuple[int, int]:
        nonlocal swaps
        if less(data[y], data[x]):
            swaps += 1
            return y, x
        return x, y

    def median(x: int, y: int, z: int) -> int:
        x, y = order2(x, y)
        y, z = order2(y, z)
        x, y = order2(x, y)
        return y

    if length >= 8:
        if length >= 50:
            i, j, k = median(i - 1, i, i + 1), median(j - 1, j, j + 1), median(k - 1, k, k + 1)
        j = median(i, j, k)
    if swaps == 0:
        return j, 1
    if swaps == 12:
        return j, 2
    return j, 0


def _pdqsort(data: list[Any], a: int, b: int, limit: int, less: Less) -> None:
    was_balanced = was_partitioned = True
    while True:
        length = b - a
        if length <= 12:
            _insertion_sort(data, a, b, less)
            return
        if limit == 0:
            _heap_sort(data, a, b, less)
            return
        if not was_balanced:
            _break_patterns(data, a, b)
            limit -= 1
        pivot, hint = _choose_pivot(data, a, b, less)
        if hint == 2:
            data[a:b] = data[a:b][::-1]
            pivot = (b - 1) - (pivot - a)
            hint = 1
        if was_balanced and was_partitioned and hint == 1:
            if _partial_insertion_sort(data, a, b, less):
                return
        if a > 0 and not less(data[a - 1], data[pivot]):
            a = _partition_equal(data, a, b, pivot, less)
            continue
        mid, was_partitioned = _partition(data, a, b, pivot, less)
        left_len, right_len = mid - a, b - mid
        threshold = length // 8
        if left_len < right_len:
            was_balanced = left_len >= threshold
            _pdqsort(data, a, mid, limit, less)
            a = mid + 1
        else:
            was_balanced = right_len >= threshold
            _pdqsort(data, mid + 1, b, limit, less)
            b = mid


def go_sort(data: list[Any], less: Less) -> None:
    """sort.Sort (pattern-defeating quicksort), in place, with exactly Go's sequence of comparisons."""
    n = len(data)
    if n > 1:
        _pdqsort(data, 0, n, n.bit_length(), less)


def sort_by_string(data: list[Any], key: Callable[[Any], str]) -> None:
    """sort.Sort with ``Less(i, j) = key(i) <= key(j)`` (sort.StringsAreSorted of the pair), in place; with
    that ``<=`` the order of equal keys follows Go's algorithm, so it is Go's own."""
    keys = {id(x): key(x) for x in data}
    go_sort(data, lambda x, y: keys[id(x)] <= keys[id(y)])
