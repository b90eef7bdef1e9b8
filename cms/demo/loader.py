"""Loads the demo: a user per role, then the content in `cms/demo/data/` through the importers.

The content is data an editor could have written: compound JSON files, Markdown
guides and the site's four policy pages in Markdown. The demo editor imports them
exactly as `import_compounds` and `import_article` would (a policy page is saved as one
revision through `reviews.services.drafting`, as the admin saves it), so every object is
checked like any import and is one revision by the editor; the demo reviewer then
approves everything through `reviews.services` (studies, then compounds, articles and
policies), after the second demo reviewer where a safety-critical change needs two, so
the public pages show demo content exactly as they would show real content. `make run` thereby exercises both importers.

`data/corrections.json` names pages the demo first publishes with a mistake and then
corrects, through the same services, with a correction note for readers: the page,
its earlier versions and the corrections page and feed show it.

Idempotent: users are matched by username, compounds by slug and articles and policy
pages by file name (`<slug>.md`), and anything already present is left alone, so a
second run creates no rows, no revisions and no new password hashes. The whole load is
one transaction.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from string import Template

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles import front_matter
from articles.importing import import_article
from articles.models import Article
from compounds.importing import import_compounds
from compounds.models import Compound
from people.models import Disclosure, Person
from policies.models import PolicyPage
from reviews import credentials, second_factor, services, signatures
from reviews.models import ChangeKind, Credential, ReviewerProfile
from studies.importing import ImportRefused
from studies.models import Study

from .users import BACKUP_CODES, USERS, authenticator_key

DATA = Path(__file__).parent / "data"
PUBLISHING_ORDER = (
    ("studies", Study),
    ("compounds", Compound),
    # Before the articles: an article goes to review once its authors' pages are approved.
    ("people", Person),
    ("articles", Article),
    ("policies", PolicyPage),
)
POLICY_KEYS = {"role", "title", "summary"}
PERSON_KEYS = {"name", "job_title", "specialties", "reviewer", "disclosures"}


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, new: bool, n: int = 1) -> None:
        bucket = self.created if new else self.present
        bucket[kind] = bucket.get(kind, 0) + n


@transaction.atomic
def load() -> Report:
    report = Report()
    users = {spec["username"]: _user(spec, report) for spec in USERS}
    for user in users.values():
        _second_factor(user)
    sign = _signer({spec["username"]: spec["password"] for spec in USERS})
    for spec in USERS:
        _credentials(users[spec["username"]], spec, by=users["managing-editor"])
    editor, reviewer, second_reviewer = users["editor"], users["reviewer"], users["second-reviewer"]
    before = {kind: set(model.objects.values_list("pk", flat=True)) for kind, model in PUBLISHING_ORDER}

    compounds = import_compounds(*sorted((DATA / "compounds").glob("*.json")), by=editor, skip_existing=True)
    report.count("compounds", new=True, n=compounds.compounds)
    report.count("compounds", new=False, n=len(compounds.skipped))
    report.count("studies", new=False, n=len(before["studies"]))
    for path in sorted((DATA / "people").glob("*.md")):
        exists = Person.objects.filter(slug=path.stem).exists()
        report.count("people", new=not exists)
        if not exists:
            _person(path, users, by=editor)
    for path in sorted((DATA / "articles").glob("*.md")):
        exists = Article.objects.filter(slug=path.stem).exists()
        report.count("articles", new=not exists)
        if not exists:
            import_article(path, by=editor)
    for path in sorted((DATA / "policies").glob("*.md")):
        exists = PolicyPage.objects.filter(slug=path.stem).exists()
        report.count("policies", new=not exists)
        if not exists:
            _policy(path, by=editor)

    corrections = _corrections(before, by=editor)
    for kind, model in PUBLISHING_ORDER:
        new = model.objects.exclude(pk__in=before[kind]).order_by("pk")
        if kind == "studies":
            report.count("studies", new=True, n=len(new))
        for obj in new:
            submission = services.submit(obj, by=editor)
            # A reviewer's own page is approved by the other reviewer.
            if reviewer.pk in obj.people_it_is_about():
                services.approve(submission, by=second_reviewer, signature=sign(second_reviewer))
                continue
            if submission.approvals_required > 1:  # a safety-critical change: two reviewers sign
                services.approve(submission, by=second_reviewer, signature=sign(second_reviewer))
            services.approve(submission, by=reviewer, signature=sign(reviewer))
    for obj, correction in corrections:
        obj.refresh_from_db()
        setattr(obj, correction["field"], correction["correct"])
        field_name = obj._meta.get_field(correction["field"]).verbose_name
        services.save_draft(obj, by=editor, comment=f"Corrected {field_name}")
        submission = services.submit(obj, by=editor, change_note=correction["note"], change_kind=ChangeKind.CORRECTION)
        if submission.approvals_required > 1:
            services.approve(submission, by=second_reviewer, signature=sign(second_reviewer))
        services.approve(submission, by=reviewer, signature=sign(reviewer))
    return report


def _corrections(before: dict, *, by) -> list[tuple]:
    """The pages of `data/corrections.json` created in this run, each saved saying what
    its first publication said wrongly, with the correction to make once it is live."""
    models = dict(PUBLISHING_ORDER)
    found = []
    for correction in json.loads((DATA / "corrections.json").read_text(encoding="utf-8"))["corrections"]:
        model = models[correction["kind"]]
        obj = model.objects.exclude(pk__in=before[correction["kind"]]).filter(slug=correction["slug"]).first()
        if obj is None:
            continue  # present before this run: left alone, as everything else is
        correct = getattr(obj, correction["field"])
        setattr(obj, correction["field"], correction["first_said"])
        services.save_draft(obj, by=by, comment="As first published, before its correction")
        found.append((obj, {**correction, "correct": correct}))
    return found


def _second_factor(user) -> None:
    """Everyone who signs comes enrolled: the authenticator key and backup codes of
    users.py. Backup codes used since the last load come back; an authenticator the
    user set up themselves is left alone."""
    if not second_factor.requires_second_factor(user):
        return
    if not second_factor.has_second_factor(user):
        key = authenticator_key(user.username)
        TOTPDevice.objects.create(user=user, name=second_factor.AUTHENTICATOR_NAME, key=key, confirmed=True)
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=second_factor.BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    kept = set(device.token_set.values_list("token", flat=True))
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in BACKUP_CODES if code not in kept)


def _signer(passwords: dict[str, str]):
    """Signs the demo's approvals as its reviewers would, in one sitting: the password
    and the code their app shows at the first signature, the password again whenever a
    minute has passed. One signature covers the approvals within that minute, or
    checking a password (deliberately slow) for each would make loading take minutes."""
    sessions: dict[int, dict] = {}
    signed: dict[int, signatures.Signature] = {}

    def sign(user) -> signatures.Signature:
        last = signed.get(user.pk)
        if last is None or timezone.now() - last.signed_at > timedelta(minutes=1):
            session = sessions.setdefault(user.pk, {})
            code = "" if session else second_factor.code_shown_now(second_factor.authenticator(user))
            signed[user.pk] = signatures.sign(user, session=session, password=passwords[user.username], code=code)
        return signed[user.pk]

    return sign


def _user(spec: dict, report: Report):
    User = get_user_model()
    user = User.objects.filter(username=spec["username"]).first()
    report.count("users", new=user is None)
    if user is not None:
        return user  # never touch an existing account, least of all its password
    user = User(
        username=spec["username"],
        email=f"{spec['username']}@example.org",
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        is_staff=True,
        is_superuser=spec["is_superuser"],
    )
    validate_password(spec["password"], user)
    user.set_password(spec["password"])
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=spec["groups"]))
    if spec["profile"]:
        display_name, bio = spec["profile"]
        profile = ReviewerProfile(user=user, display_name=display_name, bio=bio)
        profile.full_clean()
        profile.save()
    return user


def _credentials(user, spec: dict, *, by) -> None:
    """The reviewer's credentials, recorded and verified by the demo managing editor, as
    a managing editor would after checking each with its issuing body."""
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is None or profile.credential_records.exists():
        return  # present already, or not a reviewer
    today = timezone.localdate()
    for item in spec.get("credentials", []):
        days = item["expires_in"]
        credential = Credential(
            reviewer=profile,
            kind=item["kind"],
            abbreviation=item["abbreviation"],
            issuing_body=item["issuing_body"],
            number=item["number"],
            expires_on=today + timedelta(days=days) if days is not None else None,
        )
        credentials.verify(credentials.record(credential, by=by), by=by)


def _person(path: Path, users: dict, *, by) -> Person:
    """The person page in `path` (YAML front matter with their name, job title,
    specialties, the username of the reviewer it is about if any, and disclosures; then
    their bio in Markdown), saved as one revision by `by`."""
    meta, bio = _page_file(path, PERSON_KEYS)
    username = meta.pop("reviewer", None)
    disclosures = meta.pop("disclosures", None) or []
    person = Person(slug=path.stem, bio=bio, **meta)
    if username:
        person.reviewer = ReviewerProfile.objects.get(user=users[username])
    rows = [Disclosure(position=n, **row) for n, row in enumerate(disclosures)]
    try:
        person.full_clean()
        for row in rows:
            row.full_clean(exclude=["person"])
    except ValidationError as error:
        raise ImportRefused([f"{path}: {name}: {' '.join(e)}" for name, e in error.message_dict.items()]) from error
    with services.drafting(by=by, comment=f"Imported from {path.name}"):
        person.save()
        for row in rows:
            row.person = person
            row.save()
    return person


def _page_file(path: Path, keys: set[str]) -> tuple[dict, str]:
    """The front matter (only `keys`) and the Markdown body of a demo page file."""
    _, fence, rest = path.read_text(encoding="utf-8").partition("---\n")
    meta_text, fence_end, body = rest.partition("\n---\n")
    if not fence or not fence_end:
        raise ImportRefused([f"{path}: start with front matter between two lines of ---"])
    try:
        meta, _lines, problems = front_matter.load(meta_text, first_line=2)
    except front_matter.FrontMatterError as error:
        raise ImportRefused([f"{path}:{error.line}: {error.message}"]) from error
    if not isinstance(meta, dict):
        raise ImportRefused([f"{path}: the front matter is keys and values: {', '.join(sorted(keys))}"])
    found = [f"{path}:{line}: {message}" for _path, line, message in problems]
    unknown = sorted(set(meta) - keys)
    if unknown:
        found.append(f"{path}: this page takes {', '.join(sorted(keys))}, not {', '.join(unknown)}")
    if found:
        raise ImportRefused(found)
    return meta, body.strip() + "\n"


def _policy(path: Path, *, by) -> PolicyPage:
    """The policy page in `path` (YAML front matter with its role, title and summary, then
    the Markdown body), saved as one revision by `by`. Its body states the review
    cadence as settings have it now: `$compound_months`, `$article_months`,
    `$study_months` and `$policy_months` are filled in from REVIEW_CADENCE_MONTHS."""
    meta, body = _page_file(path, POLICY_KEYS)
    cadence = {f"{kind}_months": months for kind, months in settings.REVIEW_CADENCE_MONTHS.items()}
    policy = PolicyPage(slug=path.stem, body=Template(body).safe_substitute(cadence), **meta)
    try:
        policy.full_clean()
    except ValidationError as error:
        problems = [f"{path}: {name}: {' '.join(errors)}" for name, errors in error.message_dict.items()]
        raise ImportRefused(problems) from error
    with services.drafting(by=by, comment=f"Imported from {path.name}"):
        policy.save()
    return policy
