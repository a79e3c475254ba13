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

    last = watchtools.until(
        context.background(),
        "3",
        cache.ListWatch(watch_func=watch_func),
        lambda e: e.object.metadata.resourceVersion == "6",
    )
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


def blocking_lw():
    """List and watch block until their context ends (client-go's `select {}`, which Go abandons; here the
    reflector's stop ends them)."""

    def block(ctx, options):
        ctx.done().wait()
        raise ctx.err()

    return cache.to_list_watcher_with_watch_list_semantics(
        cache.ListWatch(list_with_context_func=block, watch_func_with_context=block), FakeClient()
    )


class FakeClient:
    def is_watch_list_semantics_un_supported(self):
        return True


def secrets_lw():
    from kubernetes_py.kubernetes import fake

    client = fake.new_simple_clientset(corev1.Secret(metadata=metav1.ObjectMeta(name="first")))
    return cache.to_list_watcher_with_watch_list_semantics(
        cache.ListWatch(
            list_func=lambda options: client.core_v1().secrets("").list(context.todo(), options),
            watch_func=lambda options: client.core_v1().secrets("").watch(context.todo(), options),
        ),
        client,
    )


def with_timeout(seconds):
    return context.with_timeout(context.background(), seconds)


def test_until_with_sync_does_not_wait_for_sync_without_precondition():
    ctx, cancel = with_timeout(0.5)
    try:
        with pytest.raises(wait.ErrWaitTimeout) as info:
            watchtools.until_with_sync(ctx, blocking_lw(), corev1.Secret(), None, lambda e: True)
    finally:
        cancel()
    assert info.value.last_event is None


def test_until_with_sync_waits_indefinitely_with_precondition_if_it_cannot_sync():
    ctx, cancel = with_timeout(0.5)
    try:
        with pytest.raises(RuntimeError, match="^UntilWithSync: unable to sync caches: context deadline exceeded$"):
            watchtools.until_with_sync(ctx, blocking_lw(), corev1.Secret(), lambda store: True, lambda e: True)
    finally:
        cancel()


def test_until_with_sync_precondition_can_stop_the_loop():
    def precondition(store):
        _, exists = store.get(metav1.ObjectMeta(namespace="", name="first"))
        return exists

    def condition(e):
        raise AssertionError("should never reach this")

    ctx, cancel = with_timeout(5)
    try:
        assert watchtools.until_with_sync(ctx, secrets_lw(), corev1.Secret(), precondition, condition) is None
    finally:
        cancel()


def test_until_with_sync_precondition_lets_it_proceed_to_regular_condition():
    def condition(e):
        if e.type == watch.Added:
            return True
        raise AssertionError("no other events are expected")

    ctx, cancel = with_timeout(5)
    try:
        event = watchtools.until_with_sync(ctx, secrets_lw(), corev1.Secret(), lambda store: False, condition)
    finally:
        cancel()
    assert event.type == watch.Added
    assert event.object == corev1.Secret(metadata=metav1.ObjectMeta(name="first"))
