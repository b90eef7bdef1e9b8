"""Facts about papers arriving from outside (PubMed, Retraction Watch), merged into our
studies as drafts.

A study is matched by PubMed ID, then by DOI (case-insensitively: DOIs are), so an
import completes the study already here instead of making a second one. Whatever an
import changes is written through `reviews.services.save_draft`, one revision per
study by the importing user: a published study keeps its approved edition until a
reviewer approves the change. A study awaiting review is locked, and an import that
would change one is refused as a whole. A retraction is also acted on at once: see
`studies.notices`.
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from reviews import services

from . import notices
from .importing import ImportRefused
from .models import NOTICE_FIELDS, Study

# How serious each notice is: a later, milder notice (a correction of a retracted
# paper) does not replace a graver one.
NOTICE_SEVERITY = {
    Study.IntegrityStatus.NONE: 0,
    Study.IntegrityStatus.CORRECTED: 1,
    Study.IntegrityStatus.EXPRESSION_OF_CONCERN: 2,
    Study.IntegrityStatus.RETRACTED: 3,
}


@dataclass
class Change:
    """What an import wants to write to one study: an existing one, or a new one."""

    study: Study
    where: str
    fields: dict = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return self.study.pk is None

    @property
    def changed(self) -> list[str]:
        """The fields this change would give a new value, in the model's order."""
        if self.is_new:
            return list(self.fields)
        return [name for name, value in self.fields.items() if getattr(self.study, name) != value]


class StudyIndex:
    """Our studies (or `studies`) by PubMed ID and by DOI (lower case), read once per import.

    Whole rows: an import compares every field it brings with what is saved.
    """

    def __init__(self, studies=None):
        self.by_pmid, self.by_doi = {}, {}
        for study in Study.objects.all() if studies is None else studies:
            if study.pmid:
                self.by_pmid[study.pmid] = study
            if study.doi:
                self.by_doi[study.doi.lower()] = study

    def find(self, *, pmid: str = "", doi: str = "") -> Study | None:
        return self.by_pmid.get(pmid or "") or self.by_doi.get((doi or "").lower())


def check_importer(user, *, adds: bool = True) -> None:
    """Refuse, before any file is read, a user who may not write studies."""
    needed = ["studies.change_study"] + (["studies.add_study"] if adds else [])
    if user is None or not user.has_perms(needed):
        who = user.get_username() if user is not None else "Nobody"
        raise ImportRefused([f"{who} may not {'add or ' if adds else ''}change studies: only editors import them."])


def check_change(change: Change, problems: list[str]) -> None:
    """Add to `problems` why `change` cannot be saved: a locked study, or an invalid value."""
    if not change.is_new and change.changed and change.study.is_locked:
        problems.append(
            f"{change.where}: the study “{change.study.citation}” is awaiting review and locked; withdraw its "
            "submission (or let the reviewer decide) and import again."
        )
        return
    candidate = _with_fields(change)
    try:
        candidate.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = "" if name == "__all__" else f" {name}"
            problems.extend(f"{change.where}{label}: {message}" for message in messages)


def notice_wins(current: str, new: str) -> bool:
    """Whether a notice of kind `new` replaces one of kind `current` (see NOTICE_SEVERITY)."""
    return NOTICE_SEVERITY[new] >= NOTICE_SEVERITY[current]


def save_changes(changes: list[Change], *, by, comment: str) -> tuple[list[Study], list[Study]]:
    """Save each change that changes something, as its own draft revision by `by`.

    Call inside the import's transaction, after `check_change` found no problem.
    Returns the studies created and those changed; unchanged ones are not saved.
    """
    created, updated = [], []
    for change in changes:
        if not change.changed:
            continue
        if change.is_new:
            study = _with_fields(change)
            study.slug = study.free_slug()
        else:
            # Re-read under lock: only the fields the import brings are written, so an
            # editor's save since the import began is not undone.
            study = Study.objects.select_for_update().get(pk=change.study.pk)
            for name, value in change.fields.items():
                setattr(study, name, value)
        services.save_draft(study, by=by, comment=comment)
        if not change.is_new and set(change.changed) & set(NOTICE_FIELDS):
            notices.notice_recorded(study, by=by)
        (created if change.is_new else updated).append(study)
    return created, updated


def _with_fields(change: Change) -> Study:
    """A copy of the change's study with its new values; the indexed study stays as it is."""
    study = copy.copy(change.study) if not change.is_new else Study(**change.fields)
    for name, value in change.fields.items():
        setattr(study, name, value)
    if change.is_new:
        study.slug = "placeholder-for-validation"
    return study
