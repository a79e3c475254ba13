"""tools/watch until, until_without_retry, until_with_sync: client-go's until_test.go cases."""
import threading

import pytest

from kubernetes_py import context
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import cache
from kubernetes_py.tools import watch as watchtools


class FakePod:
    pass


def feed(fw, *actions):
    def run():
        for action in actions:
            action(fw)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def is_type(event_type):
    return lambda event: event.type == event_type


def test_until():
    fw = watch.new_fake()
    t = feed(fw, lambda w: w.add(FakePod()), lambda w: w.modify(FakePod()))
    last = watchtools.until_without_retry(context.background(), fw, is_type(watch.Added), is_type(watch.Modified))
    t.join(5)
    assert last.type == watch.Modified and isinstance(last.object, FakePod)
    assert fw.is_stopped()


def test_until_multiple_conditions():
    fw = watch.new_fake()
    t = feed(fw, lambda w: w.add(FakePod()))
    last = watchtools.until_without_retry(context.background(), fw, is_type(watch.Added), is_type(watch.Added))
    t.join(5)
    assert last.type == watch.Added and isinstance(last.object, FakePod)


def test_until_multiple_conditions_fail():
    fw = watch.new_fake()
    t = feed(fw, lambda w: w.add(FakePod()))
    ctx, cancel = context.with_cancel(context.background())
    timer = threading.Timer(0.2, cancel)
    timer.start()
    with pytest.raises(wait.ErrWaitTimeout) as info:
        watchtools.until_without_retry(ctx, fw, is_type(watch.Added), is_type(watch.Added), is_type(watch.Deleted))
    timer.join()
    t.join(5)
    assert wait.interrupted(info.value)
    assert info.value.last_event.type == watch.Added and isinstance(info.value.last_event.object, FakePod)


def test_until_timeout():
    fw = watch.new_fake()
    t = feed(fw, lambda w: w.add(FakePod()), lambda w: w.modify(FakePod()))
    last = watchtools.until_without_retry(None, fw, is_type(watch.Added), is_type(watch.Modified))
    t.join(5)
    assert last.type == watch.Modified


def test_until_error_condition():
    fw = watch.new_fake()
    t = feed(fw, lambda w: w.add(FakePod()))

    def bad(event):
        raise RuntimeError("something bad")

    with pytest.raises(RuntimeError, match="something bad"):
        watchtools.until_without_retry(context.background(), fw, is_type(watch.Added), bad)
    t.join(5)


def test_until_watch_closed():
    fw = watch.new_fake_with_chan_size(1)
    fw.add(FakePod())
    fw.stop()
    with pytest.raises(watchtools.ErrWatchClosed, match="^watch closed before UntilWithoutRetry timeout$") as info:
        watchtools.until_without_retry(context.background(), fw, is_type(watch.Deleted))
    assert info.value.last_event.type == watch.Added


def test_until_rewatches_from_the_last_resource_version():
    seen = []

    def watch_func(options):
        seen.append(options.resourceVersion)
        fw = watch.new_fake_with_chan_size(1)
        rv = int(options.resourceVersion) + 1
        fw.add(corev1.Pod(metadata=metav1.ObjectMeta(name="p", resourceVersion=str(rv))))
        fw.stop()
        return fw

    last = watchtools.until(context.background(), "3", cache.ListWatch(watch_func=watch_func),
                            lambda e: e.object.metadata.resourceVersion == "6")
    assert last.object.metadata.resourceVersion == "6"
    assert seen[:3] == ["3", "4", "5"]


def test_context_with_optional_timeout():
    ctx, cancel = watchtools.context_with_optional_timeout(context.background(), 0)
    assert ctx.deadline()[1] is False
    cancel()
    assert ctx.done().is_set()
    ctx, cancel = watchtools.context_with_optional_timeout(context.background(), -1)
    assert ctx.deadline()[1] is False
    cancel()
