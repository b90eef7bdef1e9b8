import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "x7#kq!v2@p9m$w4z&n8r^t1y*u6i(o3e)a5s-d0f=g+h_j~l%c" * 2,
    "ALLOWED_HOSTS": "reference.example.org",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checklist_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    result = manage("check", **(PRODUCTION | {"SECRET_KEY": "short"}))
    assert result.returncode != 0
    assert "Set SECRET_KEY to a random string of at least 50 characters" in result.stderr


@pytest.mark.django_db
def test_admin_sign_in_is_paused_at_the_fifth_wrong_password_even_for_the_right_one(client):
    user = factories.editor(username="casey")
    login = reverse("admin:login")

    statuses = [
        client.post(login, {"username": "casey", "password": "wrong", "next": "/admin/"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = client.post(login, {"username": "casey", "password": factories.PASSWORD, "next": "/admin/"})

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert "_auth_user_id" not in client.session
    assert user.is_active


@pytest.mark.django_db
def test_a_lockout_of_one_username_does_not_lock_out_another(client):
    factories.editor(username="casey")
    factories.editor(username="robin")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "casey", "password": "wrong"})

    response = client.post(login, {"username": "robin", "password": factories.PASSWORD, "next": "/admin/"})

    assert response.status_code == 302
