import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compounds.models import Compound, DosingProtocol
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"dose_min": -1, "dose_max": 5}, "dose_min", "min_value"),
        ({"dose_min": None, "dose_max": -1}, "dose_max", "min_value"),
        ({"dose_min": 30, "dose_max": 10}, "dose_max", "dose_min_above_max"),
        ({"dose_min": 10, "dose_max": 30, "unit": ""}, "unit", "dose_without_unit"),
        ({"dose_min": None, "dose_max": 30, "unit": ""}, "unit", "dose_without_unit"),
    ],
)
def test_a_dosing_row_with_a_bad_dose_is_refused_with_its_reason_and_not_saved(values, field, code):
    compound = factories.CompoundFactory()
    row = factories.DosingProtocolFactory.build(compound=compound, **values)

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert [error.code for error in caught.value.error_dict[field]] == [code]
    assert not DosingProtocol.objects.exists()


def test_the_messages_for_a_bad_dose_tell_the_editor_what_to_fix():
    row = factories.DosingProtocolFactory.build(compound=factories.CompoundFactory(), dose_min=30, dose_max=10)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert caught.value.message_dict == {"dose_max": ["The maximum dose (10) is below the minimum (30)."]}


def test_a_dosing_row_without_figures_is_allowed_for_community_practice_notes():
    row = factories.DosingProtocolFactory.build(
        compound=factories.CompoundFactory(), dose_min=None, dose_max=None, unit="", basis="community"
    )
    row.full_clean()


def test_the_database_refuses_a_dose_range_upside_down_even_without_the_form():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.DosingProtocolFactory(dose_min=30, dose_max=10)
    assert not DosingProtocol.objects.exists()


def test_overriding_the_evidence_score_needs_a_written_reason():
    compound = factories.CompoundFactory.build(area=factories.AreaFactory(), evidence_score_override=7)
    with pytest.raises(ValidationError) as caught:
        compound.full_clean()
    assert caught.value.message_dict["evidence_override_reason"] == [
        "Explain why you override the computed score; the medical reviewer will read it."
    ]


def test_an_evidence_score_above_ten_is_refused():
    compound = factories.CompoundFactory.build(
        area=factories.AreaFactory(), evidence_score_override=11, evidence_override_reason="Because."
    )
    with pytest.raises(ValidationError) as caught:
        compound.full_clean()
    assert "evidence_score_override" in caught.value.message_dict


def test_a_minimum_course_longer_than_the_optimal_one_is_refused():
    compound = factories.CompoundFactory.build(area=factories.AreaFactory(), cycle_min_days=30, cycle_optimal_days=10)
    with pytest.raises(ValidationError) as caught:
        compound.full_clean()
    assert caught.value.message_dict["cycle_min_days"] == [
        "The minimum course (30 days) is longer than the optimal one (10 days)."
    ]


def test_two_compounds_cannot_share_a_slug():
    factories.CompoundFactory(slug="semax")
    duplicate = factories.CompoundFactory.build(slug="semax", area=factories.AreaFactory())
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.message_dict["slug"] == ["Compound with this Slug already exists."]
    assert Compound.objects.count() == 1


def test_the_banner_follows_the_kind_of_compound():
    assert "Prescription medication" in Compound(kind=Compound.Kind.PRESCRIPTION_DRUG).banner
    assert Compound(kind=Compound.Kind.SUPPLEMENT).banner == ""


@pytest.mark.parametrize(
    ("low", "high", "unit", "shown"),
    [(10, 30, "mL", "10–30 mL"), (30, 30, "mL", "30 mL"), ("0.5", None, "mg", "0.5 mg"), (None, None, "", "")],
)
def test_a_dose_is_shown_as_a_range_or_a_single_figure(low, high, unit, shown):
    assert DosingProtocol(dose_min=low, dose_max=high, unit=unit).dose_display == shown
