"""Loads the demo: a user per role, then the content in `cms/demo/data/` through the importers.

The content is data an editor could have written: compound JSON files and Markdown
guides. The demo editor imports them exactly as `import_compounds` and `import_article`
would, so every object is checked like any import and is one revision by the editor;
the demo reviewer then approves everything through `reviews.services` (studies, then
compounds, then articles), so the public pages show demo content exactly as they
would show real content. `make run` thereby exercises both importers.

Idempotent: users are matched by username, compounds by slug and articles by file name
(`<slug>.md`), and anything already present is left alone, so a second run creates no rows, no revisions and no new
password hashes. The whole load is one transaction.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from articles.importing import import_article
from articles.models import Article
from compounds.importing import import_compounds
from compounds.models import Compound
from reviews import services
from reviews.models import ReviewerProfile
from studies.models import Study

from .users import USERS

DATA = Path(__file__).parent / "data"
PUBLISHING_ORDER = (("studies", Study), ("compounds", Compound), ("articles", Article))


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
    editor, reviewer = users["editor"], users["reviewer"]
    before = {kind: set(model.objects.values_list("pk", flat=True)) for kind, model in PUBLISHING_ORDER}

    compounds = import_compounds(*sorted((DATA / "compounds").glob("*.json")), by=editor, skip_existing=True)
    report.count("compounds", new=True, n=compounds.compounds)
    report.count("compounds", new=False, n=len(compounds.skipped))
    report.count("studies", new=False, n=len(before["studies"]))
    for path in sorted((DATA / "articles").glob("*.md")):
        exists = Article.objects.filter(slug=path.stem).exists()
        report.count("articles", new=not exists)
        if not exists:
            import_article(path, by=editor)

    for kind, model in PUBLISHING_ORDER:
        new = model.objects.exclude(pk__in=before[kind]).order_by("pk")
        if kind == "studies":
            report.count("studies", new=True, n=len(new))
        for obj in new:
            services.approve(services.submit(obj, by=editor), by=reviewer)
    return report


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
        display_name, credentials, bio = spec["profile"]
        profile = ReviewerProfile(user=user, display_name=display_name, credentials=credentials, bio=bio)
        profile.full_clean()
        profile.save()
    return user
