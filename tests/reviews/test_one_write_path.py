"""Content is written through one path, so every revision names its author: the admin,
the importers, the demo loader and commands all save inside `services.drafting`."""

import re
from pathlib import Path

import pytest

from reviews import services
from reviews.exceptions import NotAllowed

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cms", "reviews", "studies", "compounds", "articles", "public")
HAND_WRITTEN_REVISION = re.compile(r"(?<!def )\b(create_revision|set_user)\(")


def test_no_module_writes_a_revision_by_hand_outside_the_write_path():
    by_hand = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        if (ROOT / app).is_dir()
        for path in (ROOT / app).rglob("*.py")
        if path != ROOT / "reviews" / "drafts.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HAND_WRITTEN_REVISION.search(line)
    ]
    assert by_hand == []


@pytest.mark.django_db
def test_content_cannot_be_written_without_naming_who_writes_it():
    with pytest.raises(NotAllowed), services.drafting(by=None):
        pass
