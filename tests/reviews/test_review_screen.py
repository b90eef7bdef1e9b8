"""The reviewer sees exactly what changed against the live page, safety first, in one
pass: only what changed, figures as readers see them, the page itself for a first
publication, and what changed since they sent a submission back."""

import re
from datetime import timedelta

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compounds.models import DosingProtocol
from reviews import diff, registry, services
from reviews.forms import ApproveForm
from reviews.models import Submission
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


def one_row_compound():
    """A live compound with one dosing row of 10–20 mg and one cited study."""
    compound = factories.published_compound(studies=1, dosing=0, side_effects=1, name="Tianeptine")
    with services.drafting(by=factories.editor(username="row-editor")):
        factories.DosingProtocolFactory(compound=compound, use="Low mood", dose_min=10, dose_max=20, unit="mg")
        compound.save()
    factories.approve(
        services.submit(
            compound, by=factories.editor(username="row-editor"), change_note="The doses now follow the newer trial."
        ),
        by=factories.reviewer(username="row-reviewer"),
    )
    compound.refresh_from_db()
    return compound


def change_dose(compound, editor, **fields):
    with services.drafting(by=editor):
        compound.dosing_protocols.update(**fields)
        compound.save()
    return services.submit(compound, by=editor, change_note="The doses now follow the newer trial.")


def live_compound(editor_user, reviewer_user):
    compound = make_draft("compound")
    factories.DosingProtocolFactory(compound=compound, use="Memory", dose_min=100, dose_max=200, unit="mg")
    edit(compound, by=editor_user)
    factories.approve(
        services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial."),
        by=factories.reviewer(username="first-reviewer"),
    )
    compound.refresh_from_db()
    return compound


def review_page(client, reviewer_user, submission):
    client.force_login(reviewer_user)
    return client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()


def test_the_review_screen_shows_row_changes_with_old_and_new_values_safety_first(client, editor_user, reviewer_user):
    compound = live_compound(editor_user, reviewer_user)
    with reversion.create_revision():
        compound.dosing_protocols.update(dose_max=300)
        factories.SideEffectFactory(compound=compound, name="Headache", frequency="common")
        compound.summary = "A new summary."
        compound.save()
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")

    page = review_page(client, reviewer_user, submission)

    safety, other = page.split("Safety-critical changes")[1].split("Other changes")
    assert "Dosing" in safety and "Changed: Memory" in safety
    assert "200" in safety and "300" in safety
    assert "Added: Headache" in safety
    assert "A new summary." in other
    assert 'class="critical-mark">Safety' in page


def test_a_dose_unit_switch_or_tenfold_jump_is_flagged(client, editor_user, reviewer_user):
    compound = live_compound(editor_user, reviewer_user)
    with reversion.create_revision():
        DosingProtocol.objects.filter(compound=compound, use="Memory").update(unit="mcg")
        factories.DosingProtocolFactory(compound=compound, use="Sleep", dose_min=1, dose_max=2, unit="mg")
        compound.save()
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")
    page = review_page(client, reviewer_user, submission)
    assert "the dose unit changed from mg to mcg" in page

    services.withdraw(submission, by=editor_user)
    compound.refresh_from_db()
    edit(compound, by=editor_user)
    compound.dosing_protocols.filter(use="Memory").update(unit="mg", dose_max=2000)
    page = review_page(
        client,
        reviewer_user,
        services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial."),
    )
    assert "the maximum dose changed from 200 to 2000 mg, a 10-fold change" in page


def test_values_holding_markup_are_shown_as_text_in_the_diff(client, editor_user, reviewer_user):
    compound = live_compound(editor_user, reviewer_user)
    with reversion.create_revision():
        compound.summary = "<script>alert('x')</script>"
        factories.SideEffectFactory(compound=compound, name="<img src=x onerror=alert(1)>")
        compound.save()
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")

    page = review_page(client, reviewer_user, submission)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_first_publication_is_shown_as_all_new_content(client, editor_user, reviewer_user):
    study = make_draft("study")
    submission = services.submit(study, by=editor_user)

    page = review_page(client, reviewer_user, submission)

    assert "this would be the first publication" in page
    assert study.title in page


def test_the_review_screen_offers_decisions_only_to_reviewers(client, editor_user, reviewer_user):
    submission = services.submit(make_draft("study"), by=editor_user)

    assert "Approve (1 of 2)" in review_page(client, reviewer_user, submission)  # a study's finding needs two
    assert "Approve (1 of 2)" not in review_page(client, editor_user, submission)


def test_requesting_changes_without_a_comment_is_refused_with_a_message(client, editor_user, reviewer_user):
    submission = services.submit(make_draft("study"), by=editor_user)
    client.force_login(reviewer_user)

    response = client.post(reverse("admin:reviews_submission_request_changes", args=[submission.pk]), {"comment": ""})

    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING


def test_the_review_queue_lists_pending_submissions_oldest_first(client, editor_user, reviewer_user):
    first = services.submit(make_draft("study"), by=editor_user)
    second = services.submit(make_draft("study"), by=editor_user)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_changelist")).content.decode()

    assert page.index(first.title) < page.index(second.title)
    assert "Review queue" in page and "Due for re-review" in page


def test_history_compares_two_revisions_and_offers_a_revert(client, editor_user):
    study = make_draft("study")
    edit(study, by=editor_user, finding="First finding.")
    edit(study, by=editor_user, finding="Second finding.")
    older, newer = reversed(list(reversion.models.Version.objects.get_for_object(study)[:2]))
    client.force_login(editor_user)

    page = client.get(
        reverse("admin:studies_study_compare", args=[study.pk]), {"from": older.pk, "to": newer.pk}
    ).content.decode()

    assert "First finding." in page and "Second finding." in page
    assert "Restore this older version as a draft" in page


def test_a_dose_is_shown_as_the_public_page_prints_it(client, editor_user, reviewer_user):
    compound = one_row_compound()
    submission = change_dose(compound, editor_user, dose_max=30)

    page = review_page(client, reviewer_user, submission)

    assert "10–20 mg" in page and "10–30 mg" in page
    assert "10.000" not in page and "20.000" not in page and "30.000" not in page


def test_a_changed_row_shows_only_its_changed_fields(client, editor_user, reviewer_user):
    compound = one_row_compound()
    submission = change_dose(compound, editor_user, dose_max=30)

    page = review_page(client, reviewer_user, submission)

    changes = page.split("Safety-critical changes")[1]
    assert "Changed: Low mood" in changes
    assert "once daily" not in changes and "8 weeks" not in changes  # frequency and duration did not change
    # The dose is one figure, as readers see it, not its parts beside it.
    assert "Maximum dose" not in changes
    assert "Other changes" not in page


def test_no_empty_section_is_shown_as_nothing_becoming_nothing(client, editor_user, reviewer_user):
    compound = one_row_compound()
    with services.drafting(by=editor_user):
        compound.manufacturer = ""  # was empty already: no change
        compound.summary = "A tricyclic-like antidepressant with a short half-life."
        compound.save()

    page = review_page(
        client,
        reviewer_user,
        services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial."),
    )

    assert not re.search(r'<td class="old">—</td>\s*<td class="new">—</td>', page)
    # Listed only among the fields a comment can be put on, never as a change.
    assert not re.search(r"<caption>[^<]*Manufacturer", page)
    assert not re.search(r"<th[^>]*>\s*Manufacturer", page)
    assert "Safety-critical changes" not in page  # a summary is no safety matter


class ScoreBuilder(registry.EditionBuilder):
    critical = ("evidence.score",)


@pytest.mark.parametrize(
    ("critical", "expected"),
    [
        (("evidence.score",), {"evidence.score": True, "evidence.scale": False, "evidence.reasons": False}),
        (("evidence",), {"evidence.score": True, "evidence.scale": True, "evidence.reasons": True}),
        ((), {"evidence.score": False, "evidence.scale": False, "evidence.reasons": False}),
    ],
)
def test_only_the_listed_keys_are_safety_critical_down_to_one_part_of_a_block(critical, expected):
    builder = ScoreBuilder()
    builder.critical = critical
    old = {"evidence": {"score": 4, "scale": 10, "reasons": ["one trial"]}}
    new = {"evidence": {"score": 5, "scale": 12, "reasons": ["two trials"]}}

    changes = diff.compare(old, new, builder)

    assert {change.key: change.critical for change in changes.fields} == expected


def test_a_first_publication_shows_the_page_as_a_preview_with_its_safety_content_as_a_checklist(
    client, editor_user, reviewer_user
):
    compound = make_draft("compound")
    with services.drafting(by=editor_user):
        compound.dosing_protocols.all().delete()
        factories.DosingProtocolFactory(compound=compound, use="Focus", dose_min="0.500", dose_max=5, unit="mg")
        factories.SideEffectFactory(compound=compound, name="Jitteriness")
        compound.save()
    submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")

    response = client_get_review(client, reviewer_user, submission)
    page = response.content.decode()

    assert "this would be the first publication" in page
    assert "Preview</strong>: not approved and not public" in page
    preview = page.split('class="page-preview-body"')[1].split('class="review-side"')[0]
    assert f"<h1>{compound.name}</h1>" in preview  # the public template's own heading
    assert "100–200 mg" not in preview and "0.5–5 mg" in preview
    checklist = page.split('class="safety-checklist"')[1]
    assert 'type="checkbox"' in checklist
    assert "Focus" in checklist and "0.5–5 mg" in checklist and "Jitteriness" in checklist
    assert "0.500" not in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def client_get_review(client, user, submission):
    client.force_login(user)
    return client.get(reverse("admin:reviews_submission_change", args=[submission.pk]))


def test_a_resubmission_shows_what_changed_since_it_was_sent_back_with_the_reviewers_comment(
    client, editor_user, reviewer_user
):
    compound = one_row_compound()
    first = change_dose(compound, editor_user, dose_max=300)
    services.request_changes(first, by=reviewer_user, comment="300 mg is above every trial; keep 20 mg at most.")
    compound.refresh_from_db()
    second = change_dose(compound, editor_user, dose_max=25)

    page = review_page(client, reviewer_user, second)

    since, against_live = page.split("Changed since you sent it back")[1].split("Changes against the live page")
    assert "10–300 mg" in since and "10–25 mg" in since
    assert "Your comment" in since and "300 mg is above every trial; keep 20 mg at most." in since
    assert "10–20 mg" in against_live and "10–25 mg" in against_live


def test_a_first_submission_has_no_changed_since_sent_back_section(client, editor_user, reviewer_user):
    compound = one_row_compound()
    submission = change_dose(compound, editor_user, dose_max=30)

    assert "Changed since you sent it back" not in review_page(client, reviewer_user, submission)


def test_the_review_screen_costs_the_same_queries_for_one_changed_row_or_many(client, editor_user, reviewer_user):
    def queries_for_a_change_with(rows: int) -> int:
        compound = one_row_compound()
        with services.drafting(by=editor_user):
            for n in range(rows):
                factories.DosingProtocolFactory(compound=compound, use=f"Use {n}", position=n + 1)
            compound.dosing_protocols.filter(use="Low mood").update(dose_max=30)
            compound.save()
        submission = services.submit(compound, by=editor_user, change_note="The doses now follow the newer trial.")
        client.force_login(reviewer_user)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("admin:reviews_submission_change", args=[submission.pk]))
        services.withdraw(submission, by=editor_user)
        return len(captured)

    assert queries_for_a_change_with(0) == queries_for_a_change_with(8)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25/12/2030 14:30", (2030, 12, 25, 14, 30)),
        ("03/04/2030 09:05", (2030, 4, 3, 9, 5)),  # the 3rd of April, as a British reader means it
        ("2030-12-25 14:30", (2030, 12, 25, 14, 30)),
    ],
)
def test_publish_at_is_read_day_first_on_the_24_hour_clock(typed, expected):
    form = ApproveForm({"publish_at": typed, "comment": ""})

    assert form.is_valid(), form.errors
    when = timezone.localtime(form.cleaned_data["publish_at"])
    assert (when.year, when.month, when.day, when.hour, when.minute) == expected


@pytest.mark.parametrize("typed", ["12/25/2030 14:30", "12/25/2030 2:30 PM", "25/12/2030 2:30 PM"])
def test_a_us_date_or_a_12_hour_time_is_refused_with_a_message(typed):
    form = ApproveForm({"publish_at": typed, "comment": ""})

    assert not form.is_valid()
    assert "day first" in form.errors["publish_at"][0]


def test_publish_at_is_shown_day_first(client, editor_user, reviewer_user):
    submission = services.submit(make_draft("study"), by=editor_user)
    client.force_login(reviewer_user)
    later = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)

    response = client.post(
        reverse("admin:reviews_submission_approve", args=[submission.pk]),
        {"publish_at": later.strftime("%m/%d/%Y %H:%M") if later.day > 12 else "13/13/2030 10:00", "comment": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the day first" in page
    assert 'placeholder="dd/mm/yyyy hh:mm"' in page
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING


def test_a_scheduled_approval_reads_the_date_back_in_words(client, editor_user, reviewer_user):
    submission = services.submit(make_draft("study"), by=editor_user)
    first_signer = factories.reviewer(username="first-signer")
    services.approve(
        submission, by=first_signer, signature=factories.signature(first_signer)
    )  # a study's finding needs two
    client.force_login(reviewer_user)

    response = client.post(
        reverse("admin:reviews_submission_approve", args=[submission.pk]),
        {
            "publish_at": "03/04/2099 09:05",
            "comment": "",
            "password": factories.PASSWORD,
            "code": factories.backup_code(reviewer_user),
        },
        follow=True,
    )

    assert "It will go live on 3 April 2099 at 09:05." in response.content.decode()


class DoseBuilder(registry.EditionBuilder):
    critical = ("dosing_protocols",)
    composed_fields = {"dose": ("dose_min", "dose_max", "unit")}
    labels = {"dosing_protocols.dose": "Dose"}


def test_a_figure_composed_from_other_fields_stands_for_them_in_a_changed_row():
    row = {"id": 1, "use": "Memory", "dose_min": "10.000", "dose_max": "20.000", "unit": "mg", "dose": "10–20 mg"}
    old = {"dosing_protocols": [row]}
    new = {"dosing_protocols": [{**row, "dose_max": "30.000", "dose": "10–30 mg"}]}

    (section,) = diff.compare(old, new, DoseBuilder()).sections

    assert section.critical and section.rows[0].fields == [("Dose", "10–20 mg", "10–30 mg")]


def test_figures_lose_their_trailing_zeros_wherever_they_are_shown():
    old = {"dosing_protocols": [{"id": 1, "use": "Memory", "dose_min": "10.000"}], "cycle_min_days": "0.500"}
    new = {"dosing_protocols": [{"id": 1, "use": "Memory", "dose_min": "12.500"}], "cycle_min_days": "1.000"}

    changes = diff.compare(old, new, registry.EditionBuilder())

    assert changes.sections[0].rows[0].fields == [("Dose min", "10", "12.5")]
    assert (changes.fields[0].old, changes.fields[0].new) == ("0.5", "1")
