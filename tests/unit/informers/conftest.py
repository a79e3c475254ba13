"""Fixtures of the informers/listers tests: every test must stop and join the threads it starts."""
from tests.unit.cache.conftest import no_leaked_threads  # noqa: F401 - an autouse fixture, shared
