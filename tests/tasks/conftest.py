"""Fixtures of the dispatch tests: the migrated PostgreSQL database and the shared Redis."""

from tests.tasks.dispatch_support import pg_url, shared_redis  # noqa: F401 - fixtures
