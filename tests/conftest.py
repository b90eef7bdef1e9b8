import pytest
from django.core.cache import cache

from cms.celery import app
from tests import factories


@pytest.fixture
def editor_user(db):
    return factories.editor(username="editor")


@pytest.fixture
def reviewer_user(db):
    return factories.reviewer(username="reviewer")


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many users and check no hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def eager_tasks(request):
    """Unit tests run tasks in-process; integration tests start a real worker instead."""
    eager = "real_worker" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def empty_cache():
    # Rolled-back tests reuse primary keys, which cache keys may be built from.
    cache.clear()
    yield
