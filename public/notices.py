"""What a public page tells readers before any reviewer has looked: that a study it
cites, or the study itself, was retracted.

A retraction is a recorded fact about the paper, not our text, so readers are told at
once, while the page's retraction flag is open (`reviews.sweeps.flag_retracted`); the
page's own text, and its score, change only when a reviewer approves. The flag is read
in the query that reads what else the page shows (`pages.Shown`), so a page still
costs two queries.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Subquery, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string

from reviews.models import Edition, ReviewFlag

TEMPLATE = "public/_retraction_notice.html"
# Annotated on every edition `Shown` reads; only the page's own row is read back.
FIELDS = ("retracted_on", "retracted_itself")


def annotations() -> dict:
    """For each edition: the date of the earliest retraction its page is flagged for ("" when
    the notice gives no date, None when there is none), and whether the page is the
    retracted study's own."""
    flags = ReviewFlag.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
        reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED,
        resolved_at=None,
    )
    on = Coalesce(KeyTextTransform("retracted_on", "details"), Value(""), output_field=TextField())
    return {
        "retracted_on": Subquery(flags.annotate(on=on).order_by("on", "pk").values("on")[:1]),
        "retracted_itself": Exists(flags.filter(details__itself=True)),
    }


def retraction(rows: list[dict], edition: Edition) -> dict | None:
    """{"on": date or None, "itself": bool} when readers of `edition`'s page are to be told."""
    own = next((row for row in rows if row["pk"] == edition.pk), None)
    if own is None or own["retracted_on"] is None:
        return None
    on = own["retracted_on"]
    return {"on": date.fromisoformat(on) if on else None, "itself": own["retracted_itself"]}


def render(notice: dict | None) -> str:
    return render_to_string(TEMPLATE, {"retraction": notice}).strip() if notice else ""
