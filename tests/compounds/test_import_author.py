"""`import_compounds --by USERNAME`: every revision names who imported it, and separation of duties counts them."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from compounds.models import Compound
from reviews import selectors, services
from reviews.exceptions import NotAllowed
from reviews.roles import EDITORS
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db
FULL = Path(__file__).parent.parent / "fixtures" / "compound_full.json"


def test_the_importing_user_must_be_named():
    with pytest.raises(CommandError, match="--by"):
        call_command("import_compounds", str(FULL))


def test_an_unknown_user_is_refused_and_nothing_is_saved():
    with pytest.raises(CommandError, match="there is no user “nobody”"):
        call_command("import_compounds", str(FULL), "--by", "nobody")
    assert not Compound.objects.exists() and not Study.objects.exists()


def test_a_user_who_may_not_add_compounds_is_refused_and_nothing_is_saved():
    factories.reviewer(username="dr-reader")
    with pytest.raises(CommandError, match="dr-reader may not add compounds and studies; only editors import them"):
        call_command("import_compounds", str(FULL), "--by", "dr-reader")
    assert not Compound.objects.exists() and not Study.objects.exists()


def test_a_reviewer_who_imported_a_compound_cannot_approve_it():
    importer = factories.reviewer(username="dr-importer")
    importer.groups.add(Group.objects.get(name=EDITORS))
    other = factories.reviewer(username="dr-other")
    call_command("import_compounds", str(FULL), "--by", "dr-importer")
    compound = Compound.objects.get(slug="nocturnin")
    for study in Study.objects.all():
        factories.approve(services.submit(study, by=importer), by=other)

    submission = services.submit(compound, by=importer)

    assert selectors.authors_since_last_edition(compound) == {importer.pk}
    with pytest.raises(NotAllowed):
        services.approve(submission, by=importer, signature=factories.signature(importer))
    factories.approve(submission, by=other)
    assert Compound.objects.get(pk=compound.pk).is_live
