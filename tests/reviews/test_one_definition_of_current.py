"""What "the current edition" means is written once; every query and constraint uses it."""

import re
from pathlib import Path

from reviews.models import Edition
from reviews.models.workflow import CURRENT

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cms", "reviews", "studies", "compounds", "articles")
# "Neither replaced nor taken down", in the ORM or in SQL: the heart of "current".
SUPERSEDED = re.compile(r"superseded_at(__isnull=True|\s+IS\s+NULL)", re.IGNORECASE)
UNPUBLISHED = re.compile(r"unpublished_at(__isnull=True|\s+IS\s+NULL)", re.IGNORECASE)


def test_both_edition_constraints_use_the_one_definition_of_current():
    conditions = {c.name: c.condition for c in Edition._meta.constraints}
    assert conditions["edition_one_current_per_object"] is CURRENT
    assert conditions["edition_one_current_per_kind_and_slug"] is CURRENT


def test_no_module_spells_out_what_current_means_again():
    spelled = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SUPERSEDED.search(line) and UNPUBLISHED.search(line) and not line.lstrip().startswith("CURRENT =")
    ]
    assert spelled == []
