"""What recording a retraction does beyond the study's own draft.

A retraction is a fact about the paper, not our text. The moment one is recorded on a
study (by an import, or by an editor in the admin), through the path that brings pages
back when a cited study changes:

- every live page citing the study, and the study's own page, is flagged
  (`reviews.sweeps.flag_retracted`): first in the reviewers' queue and flags, and,
  while the flag is open, the public page tells readers that a study it cites (or the
  study itself) was retracted, and when;
- the study stops counting towards any evidence score (`studies.editions` hands the
  retraction to every page built from its edition), and each citing page whose working
  copy has nothing else in progress is submitted for review with its recomputed score;
  that change reaches readers only when reviewers approve it;
- the reviewers get one email, and the study's audit log records it.

The study's draft carrying the notice waits for review like any change to a study;
approving it puts the notice on the study's page for good.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reviews import notifications, services, sweeps
from reviews.exceptions import WorkflowError
from reviews.models import AuditEvent, Reviewable, ReviewFlag, Submission

from .models import Study


@dataclass
class RetractionRecorded:
    """What recording one study's retraction did."""

    study: Study
    flags: list[ReviewFlag] = field(default_factory=list)
    submitted: list[Submission] = field(default_factory=list)
    # (page title, why its recomputed score was not submitted)
    not_submitted: list[tuple[str, str]] = field(default_factory=list)


def notice_recorded(study: Study, *, by) -> RetractionRecorded | None:
    """Act on the notice now saved on `study`'s working copy, in the transaction that saved it.

    A retraction flags the pages citing the study and sends each one's recomputed score
    to review (see the module's docstring); recording it again does nothing more. A
    notice that is no longer a retraction (the paper was reinstated) closes the
    retraction's open flags, so readers are no longer told of it. Other notices
    (corrections, expressions of concern) wait for review of the study alone.
    """
    if not study.is_retracted:
        withdrawn = sweeps.withdraw_retraction_flags(study, by=by)
        if withdrawn:
            AuditEvent.record(
                study, "study.retraction_withdrawn", by=by, data={"pages": [flag.edition.title for flag in withdrawn]}
            )
        return None
    flags = sweeps.flag_retracted(study, details=_details(study))
    if not flags:
        return None
    result = RetractionRecorded(study=study, flags=flags)
    for flag in flags:
        if not flag.details.get("itself"):
            _submit_recomputed(flag, study, by=by, result=result)
    AuditEvent.record(
        study,
        "study.retraction_recorded",
        by=by,
        data={
            "retracted_on": study.integrity_notice_date.isoformat() if study.integrity_notice_date else None,
            "notice_url": study.integrity_notice_url,
            "pages_flagged": [flag.edition.title for flag in flags],
            "submitted": [submission.pk for submission in result.submitted],
            "not_submitted": [f"{title}: {why}" for title, why in result.not_submitted],
        },
    )
    notifications.email_reviewers(flags)
    return result


def retraction_sentence(on: date | None) -> str:
    """What a citing page's change note and the reviewers read about the retraction."""
    return _("was retracted on %(date)s") % {"date": date_format(on, "j F Y")} if on else _("was retracted")


def _details(study: Study) -> dict:
    return {
        "retracted_on": study.integrity_notice_date.isoformat() if study.integrity_notice_date else None,
        "notice_url": study.integrity_notice_url,
        "reason": study.integrity_reason,
        "study": study.citation,
    }


def _submit_recomputed(flag: ReviewFlag, study: Study, *, by, result: RetractionRecorded) -> None:
    """Submit the citing page with its score recomputed without `study`, when its
    working copy holds no other change: an editor's draft in progress is not sent to
    review behind their back, and their next submission carries the new score."""
    page = flag.working_copy
    if page.state != Reviewable.State.PUBLISHED:
        why = (
            _("it is awaiting review; the reviewer will be told what is submitted no longer matches")
            if page.state == Reviewable.State.IN_REVIEW
            else _("an editor's draft is in progress; its next submission carries the recomputed score")
        )
        result.not_submitted.append((flag.edition.title, why))
        return
    sentence = _("A study this page cited, %(study)s, %(retracted)s. It no longer counts towards the evidence score.")
    text = sentence % {"study": study.citation, "retracted": retraction_sentence(study.integrity_notice_date)}
    try:
        with transaction.atomic():  # a page that cannot be submitted keeps no draft either
            # The page's own rows are unchanged; what changed is computed from the study
            # it cites, so the revision records why the page is in review again.
            services.save_draft(page, by=by, comment=_("A study it cites was retracted; evidence recomputed"))
            submission = services.submit(page, by=by, note=text, change_note=text)
    except WorkflowError as exc:
        result.not_submitted.append((flag.edition.title, str(exc)))
        return
    result.submitted.append(submission)
