import pytest
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from cms.celery import app
from reviews import second_factor
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


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor everyone who signs has."""
    return factories.enrol(admin_user)


@pytest.fixture(autouse=True)
def force_login_includes_the_second_factor(monkeypatch):
    """`client.force_login` stands for a whole sign-in, which for someone with an
    authenticator includes its code (tests/reviews/test_signatures.py signs in through
    the form itself)."""
    force_login = Client.force_login

    def sign_in(self, user, backend=None):
        force_login(self, user, backend)
        device = second_factor.authenticator(user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", sign_in)


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
