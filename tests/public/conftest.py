import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db, django_capture_on_commit_callbacks):
    """The demo content, published and stamped as after `make run`."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
