"""What client-go's retry tests share: a back-off that never sleeps, and Do, DoRaw, Stream and Watch as calls on a
built request that swallow the error the test provokes (the tests count attempts and closed bodies instead)."""

from __future__ import annotations

from kubernetes_py import context, rest


class NoSleepBackOff(rest.NoBackoff):
    def sleep_with_context(self, ctx, d):
        pass


def do(r):
    r.do(context.background())


def do_raw(r):
    try:
        r.do_raw(context.background())
    except Exception:
        pass


def stream(r):
    try:
        r.stream(context.background()).close()
    except Exception:
        pass


def watch(r):
    try:
        w = r.watch(context.background())
    except Exception:
        return
    list(w.result_chan())  # the empty body ends the watch, which closes it
    w.stop()
