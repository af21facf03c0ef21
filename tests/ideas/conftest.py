import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limit counts in the cache, which outlives a test; each test starts with no submissions counted."""
    cache.clear()
    yield
    cache.clear()
