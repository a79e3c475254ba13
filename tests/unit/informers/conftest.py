"""Fixtures of the informers/listers tests: every test must stop and join the threads it starts (the context
package's one shared deadline timer thread excepted); fast_thread_switching for the concurrency tests."""

from tests.unit.cache.conftest import fast_thread_switching  # noqa: F401 - a fixture, shared
from tests.unit.toolswatch.conftest import no_leaked_threads  # noqa: F401 - an autouse fixture, shared
