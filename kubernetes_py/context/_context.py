"""Implementation of the context tree (see the package docstring)."""

from __future__ import annotations

import abc
import datetime as _dt
import threading
import time
from typing import Any, Callable, Optional, Tuple

from ._timer import TIMER

CancelFunc = Callable[[], None]
CancelCauseFunc = Callable[[Optional[BaseException]], None]


class Canceled(Exception):
    """The error ``err()`` reports after a context was cancelled (Go's context.Canceled)."""

    def __init__(self, msg: str = "context canceled"):
        super().__init__(msg)


class DeadlineExceeded(TimeoutError):
    """The error ``err()`` reports after a context's deadline passed (Go's context.DeadlineExceeded)."""

    def __init__(self, msg: str = "context deadline exceeded"):
        super().__init__(msg)


def _wall_from_monotonic(mono: float) -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=mono - time.monotonic())


def _monotonic_from(d: Any) -> float:
    if isinstance(d, _dt.datetime):
        if d.tzinfo is None:
            raise ValueError("deadline datetime must be timezone-aware")
        return time.monotonic() + (d - _dt.datetime.now(_dt.timezone.utc)).total_seconds()
    if isinstance(d, (int, float)) and not isinstance(d, bool):
        return float(d)
    raise TypeError(f"deadline must be an aware datetime or a time.monotonic() value, not {type(d).__name__}")


class Context(abc.ABC):
    """The context interface.  Subclass it to write your own; use the ``with_*`` functions to derive."""

    @abc.abstractmethod
    def deadline(self) -> Tuple[Optional[_dt.datetime], bool]:
        """(deadline as an aware UTC datetime, True) or (None, False) when there is none."""

    @abc.abstractmethod
    def done(self) -> threading.Event:
        """An event that is set once the context is cancelled or times out."""

    @abc.abstractmethod
    def err(self) -> Optional[BaseException]:
        """None while ``done()`` is unset; afterwards Canceled or DeadlineExceeded."""

    @abc.abstractmethod
    def value(self, key: Any) -> Any:
        """The value stored for key by ``with_value`` on this context or an ancestor, else None."""

    # Internal protocol of the built-in contexts; foreign subclasses fall back to polling done().
    def _deadline_mono(self) -> Optional[float]:
        d, ok = self.deadline()
        return _monotonic_from(d) if ok else None

    def _cancel_ctx(self) -> Optional["_CancelCtx"]:
        return None


class _NeverSetEvent(threading.Event):
    """The done() event of contexts that can never end; setting it would wake every waiter by mistake."""

    def set(self) -> None:
        raise RuntimeError("the done event of a context that is never cancelled cannot be set")


class _EmptyCtx(Context):
    _NEVER = _NeverSetEvent()

    def __init__(self, name: str):
        self._name = name

    def deadline(self) -> Tuple[Optional[_dt.datetime], bool]:
        return None, False

    def done(self) -> threading.Event:
        return self._NEVER

    def err(self) -> Optional[BaseException]:
        return None

    def value(self, key: Any) -> Any:
        return None

    def _deadline_mono(self) -> Optional[float]:
        return None

    def __str__(self) -> str:
        return self._name

    __repr__ = __str__


_BACKGROUND = _EmptyCtx("context.Background")
_TODO = _EmptyCtx("context.TODO")


def background() -> Context:
    """The root context: never cancelled, no deadline, no values."""
    return _BACKGROUND


def todo() -> Context:
    """Like background(), for code that does not know which context to use yet."""
    return _TODO


def _name(ctx: Context) -> str:
    return str(ctx) if type(ctx).__str__ is not object.__str__ else type(ctx).__name__


class _CancelCtx(Context):
    def __init__(self, parent: Context):
        self._parent = parent
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._err: Optional[BaseException] = None
        self._cause: Optional[BaseException] = None
        self._children: set[Any] = set()

    # --- Context interface ---
    def deadline(self) -> Tuple[Optional[_dt.datetime], bool]:
        return self._parent.deadline()

    def done(self) -> threading.Event:
        return self._done

    def err(self) -> Optional[BaseException]:
        with self._lock:
            return self._err

    def value(self, key: Any) -> Any:
        return self._parent.value(key)

    def _deadline_mono(self) -> Optional[float]:
        return self._parent._deadline_mono()

    def _cancel_ctx(self) -> Optional[_CancelCtx]:
        return self

    def __str__(self) -> str:
        return _name(self._parent) + ".WithCancel"

    __repr__ = __str__

    # --- tree plumbing ---
    def _add_child(self, child: Any) -> bool:
        """Attach child; False means this context is already done (caller cancels child itself)."""
        with self._lock:
            if self._err is not None:
                return False
            self._children.add(child)
            return True

    def _remove_child(self, child: Any) -> None:
        with self._lock:
            self._children.discard(child)

    def _propagate(self) -> None:
        """Arrange for this context to be cancelled when its parent is."""
        parent = self._parent
        if parent.done() is _EmptyCtx._NEVER:
            return
        if parent.done().is_set():
            self._cancel(False, parent.err(), cause(parent))
            return
        pc = parent._cancel_ctx()
        if pc is not None:
            if not pc._add_child(self):
                self._cancel(False, pc.err(), cause(pc))
            return

        # A foreign Context implementation: watch it from a helper thread, as Go does with a goroutine.
        def watch() -> None:
            while not self._done.is_set():
                if parent.done().wait(0.05):
                    self._cancel(False, parent.err(), cause(parent))
                    return

        threading.Thread(target=watch, name="context-watch-parent", daemon=True).start()

    def _cancel(self, remove_from_parent: bool, err: Optional[BaseException], cause_: Optional[BaseException]) -> None:
        if err is None:
            raise ValueError("context: internal error: missing cancel error")
        if cause_ is None:
            cause_ = err
        with self._lock:
            if self._err is not None:
                return
            self._err = err
            self._cause = cause_
            children, self._children = self._children, set()
            self._done.set()
        for child in children:
            child._cancel(False, err, cause_)
        self._on_cancelled()
        if remove_from_parent:
            pc = self._parent._cancel_ctx()
            if pc is not None:
                pc._remove_child(self)

    def _on_cancelled(self) -> None:
        pass


class _TimerCtx(_CancelCtx):
    def __init__(self, parent: Context, deadline_mono: float):
        super().__init__(parent)
        self._deadline = deadline_mono
        self._wall = _wall_from_monotonic(deadline_mono)
        self._timer_entry: Any = None

    def deadline(self) -> Tuple[Optional[_dt.datetime], bool]:
        return self._wall, True

    def _deadline_mono(self) -> Optional[float]:
        return self._deadline

    def __str__(self) -> str:
        remaining = self._deadline - time.monotonic()
        return f"{_name(self._parent)}.WithDeadline({self._wall.isoformat()} [{remaining:.6f}s])"

    __repr__ = __str__

    def _on_cancelled(self) -> None:
        entry = self._timer_entry
        if entry is not None:
            TIMER.unschedule(entry)


class _ValueCtx(Context):
    def __init__(self, parent: Context, key: Any, val: Any):
        self._parent = parent
        self._key = key
        self._val = val

    def deadline(self) -> Tuple[Optional[_dt.datetime], bool]:
        return self._parent.deadline()

    def done(self) -> threading.Event:
        return self._parent.done()

    def err(self) -> Optional[BaseException]:
        return self._parent.err()

    def value(self, key: Any) -> Any:
        if key == self._key:
            return self._val
        return self._parent.value(key)

    def _deadline_mono(self) -> Optional[float]:
        return self._parent._deadline_mono()

    def _cancel_ctx(self) -> Optional[_CancelCtx]:
        return self._parent._cancel_ctx()

    def __str__(self) -> str:
        return f"{_name(self._parent)}.WithValue({self._key!r}, {self._val!r})"

    __repr__ = __str__


class _WithoutCancelCtx(Context):
    def __init__(self, parent: Context):
        self._parent = parent

    def deadline(self) -> Tuple[Optional[_dt.datetime], bool]:
        return None, False

    def done(self) -> threading.Event:
        return _EmptyCtx._NEVER

    def err(self) -> Optional[BaseException]:
        return None

    def value(self, key: Any) -> Any:
        return self._parent.value(key)

    def _deadline_mono(self) -> Optional[float]:
        return None

    def __str__(self) -> str:
        return _name(self._parent) + ".WithoutCancel"

    __repr__ = __str__


def _check_parent(parent: Optional[Context]) -> Context:
    if parent is None:
        raise ValueError("cannot create context from nil parent")
    if not isinstance(parent, Context):
        raise TypeError(f"parent must be a Context, not {type(parent).__name__}")
    return parent


def with_cancel(parent: Context) -> Tuple[Context, CancelFunc]:
    """A child of parent with its own cancel function; calling cancel releases the child's resources."""
    c = _CancelCtx(_check_parent(parent))
    c._propagate()
    return c, lambda: c._cancel(True, Canceled(), None)


def with_cancel_cause(parent: Context) -> Tuple[Context, CancelCauseFunc]:
    """Like with_cancel, but cancel(cause) records cause for ``cause(ctx)``."""
    c = _CancelCtx(_check_parent(parent))
    c._propagate()
    return c, lambda cause_=None: c._cancel(True, Canceled(), cause_)


def with_deadline(parent: Context, d: Any) -> Tuple[Context, CancelFunc]:
    """A child that is cancelled at d (an aware datetime or a time.monotonic() value)."""
    return with_deadline_cause(parent, d, None)


def with_deadline_cause(parent: Context, d: Any, cause_: Optional[BaseException]) -> Tuple[Context, CancelFunc]:
    parent = _check_parent(parent)
    when = _monotonic_from(d)
    current = parent._deadline_mono()
    if current is not None and current < when:
        # The parent's deadline comes first: an ordinary cancel context behaves the same.
        return with_cancel(parent)
    c = _TimerCtx(parent, when)
    c._propagate()
    if time.monotonic() >= when:
        c._cancel(True, DeadlineExceeded(), cause_)
        return c, lambda: c._cancel(False, Canceled(), None)
    with c._lock:
        if c._err is None:
            c._timer_entry = TIMER.schedule(when, lambda: c._cancel(True, DeadlineExceeded(), cause_))
    return c, lambda: c._cancel(True, Canceled(), None)


def with_timeout(parent: Context, timeout: float) -> Tuple[Context, CancelFunc]:
    """with_deadline(parent, now + timeout seconds)."""
    return with_deadline(parent, time.monotonic() + float(timeout))


def with_timeout_cause(parent: Context, timeout: float, cause_: Optional[BaseException]) -> Tuple[Context, CancelFunc]:
    return with_deadline_cause(parent, time.monotonic() + float(timeout), cause_)


def with_value(parent: Context, key: Any, val: Any) -> Context:
    """A child whose value(key) is val.  key must be non-None and hashable."""
    parent = _check_parent(parent)
    if key is None:
        raise ValueError("nil key")
    try:
        hash(key)
    except TypeError:
        raise TypeError("key is not comparable") from None
    return _ValueCtx(parent, key, val)


def without_cancel(parent: Context) -> Context:
    """A child that keeps parent's values but is never cancelled and has no deadline."""
    return _WithoutCancelCtx(_check_parent(parent))


def cause(ctx: Context) -> Optional[BaseException]:
    """Why ctx was cancelled: the cause given to a cancel-cause function, else ctx.err()."""
    cc = ctx._cancel_ctx() if isinstance(ctx, Context) else None
    if cc is None:
        return ctx.err()
    with cc._lock:
        return cc._cause


def deadline_monotonic(ctx: Optional[Context]) -> Optional[float]:
    """The deadline of ctx as a time.monotonic() value, or None (a Python helper; Go has no equivalent)."""
    if ctx is None:
        return None
    return ctx._deadline_mono()


class _AfterFunc:
    """A child of a cancel context that runs f (in a new thread) once, when the context is done."""

    def __init__(self, ctx: Context, f: Callable[[], None]):
        self._ctx = ctx
        self._f = f
        self._once = threading.Lock()
        self._state: Optional[str] = None  # None: pending, "ran", "stopped"

    def _claim(self, state: str) -> bool:
        with self._once:
            if self._state is not None:
                return False
            self._state = state
            return True

    def _cancel(self, remove_from_parent: bool, err: Optional[BaseException], cause_: Optional[BaseException]) -> None:
        if self._claim("ran"):
            threading.Thread(target=self._f, name="context-after-func", daemon=True).start()

    def stop(self) -> bool:
        if not self._claim("stopped"):
            return False
        cc = self._ctx._cancel_ctx()
        if cc is not None:
            cc._remove_child(self)
        return True


def after_func(ctx: Context, f: Callable[[], None]) -> Callable[[], bool]:
    """Run f in its own thread once ctx is done; returns stop(), True if it prevented f from running."""
    ctx = _check_parent(ctx)
    a = _AfterFunc(ctx, f)
    if ctx.done().is_set():
        a._cancel(False, ctx.err(), None)
        return a.stop
    if ctx.done() is _EmptyCtx._NEVER:
        return a.stop
    cc = ctx._cancel_ctx()
    if cc is not None:
        if not cc._add_child(a):
            a._cancel(False, cc.err(), None)
        return a.stop

    def watch() -> None:
        while a._state is None:
            if ctx.done().wait(0.05):
                a._cancel(False, ctx.err(), None)
                return

    threading.Thread(target=watch, name="context-after-func-watch", daemon=True).start()
    return a.stop
