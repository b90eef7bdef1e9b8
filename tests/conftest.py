import pytest

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
