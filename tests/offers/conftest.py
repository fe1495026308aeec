import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The directory caches the local authority list; each test starts from its own schools."""
    cache.clear()
    yield
    cache.clear()
