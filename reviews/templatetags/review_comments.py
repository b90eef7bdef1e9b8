"""Reviewers' comments on the review screen and the edit form.

The review screen's diff template asks for them here, beside each field and row it
shows; the edit form gets them from its admin. Both read the comments in one query.
"""

from collections import defaultdict

from django import template
from django.urls import reverse

from .. import comments, registry
from ..diff import SKIPPED, _is_rows, _row_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def review_comments(context, diff) -> dict:
    """Attach to each change in `diff` the comments on it: `change.comments` for a field
    or a section, and for each row `row.row_id` and `row.comments`.

    Returns what the template needs around them: whether this person may comment, where
    to post, and an id prefix unique on the page (the diff can be shown twice). Outside a
    review (the history's comparison) there are none."""
    submission = context.get("submission")
    if submission is None:
        # The history's comparison of two versions: no review, no comments.
        for change in [*diff.sections, *diff.fields]:
            change.comments = []
            for row in getattr(change, "rows", []):
                row.comments = []
        return {"can_comment": False}
    desk = _desk(context, submission)
    desk["shown"] += 1
    by_target = desk["by_target"]
    for change in [*diff.sections, *diff.fields]:
        change.comments = by_target.get(change.key, [])
    for section in diff.sections:
        for row in section.rows:
            target = f"{section.key}:{row.row_id}"
            row.comments = by_target.get(target, [])
            desk["placed"].add(target)
    desk["placed"].update(change.key for change in [*diff.sections, *diff.fields])
    return {
        "can_comment": desk["can_comment"],
        "add_url": desk["add_url"],
        "prefix": f"c{desk['shown']}",
        "here": context["request"].get_full_path(),
    }


def _desk(context, submission) -> dict:
    """What every diff on the screen shares, computed once per request."""
    request = context["request"]
    cache = getattr(request, "_review_comments", None)
    if cache is not None and cache["submission"] == submission.pk:
        return cache
    obj = submission.working_copy
    builder = registry.builder_for(obj)
    current = registry.canonical(builder.content(obj))
    by_target = defaultdict(list)
    for comment in comments.comments_for_review(submission):
        by_target[comment.target].append(comment)
    request._review_comments = {
        "submission": submission.pk,
        "shown": 0,
        "placed": set(),
        "fields": [(key, builder.labels.get(key) or builder.label(key)) for key in _commentable_keys(current)],
        "by_target": dict(by_target),
        "rows": _rows(current),
        "can_comment": submission.status == submission.Status.PENDING and request.user.has_perm(comments.APPROVE),
        "add_url": reverse("admin:reviews_reviewcomment_add_to", args=[submission.pk]),
    }
    return request._review_comments


@register.simple_tag(takes_context=True)
def review_comment_panel(context) -> dict:
    """For the end of the review screen: the comments no diff above showed beside their
    field or row (all of them on a first publication, which shows no diff), and a form to
    comment on any field or row of the page, chosen from a list."""
    submission = context["submission"]
    desk = _desk(context, submission)
    desk["shown"] += 1
    rows = desk["rows"]
    choices = []
    for key, label in desk["fields"]:
        choices.append((key, label))
        choices.extend((f"{key}:{row_id}", f"{label}: {summary}") for row_id, summary in rows.get(key, []))
    unplaced = [
        comment
        for target, on_target in desk["by_target"].items()
        if target not in desk["placed"]
        for comment in on_target
    ]
    return {
        "can_comment": desk["can_comment"],
        "add_url": desk["add_url"],
        "prefix": f"c{desk['shown']}",
        "here": context["request"].get_full_path(),
        "comments": sorted(unplaced, key=lambda comment: (comment.created_at, comment.pk)),
        "choices": choices,
    }


def _commentable_keys(content: dict) -> list[str]:
    # What an editor writes, not what is derived from it ("body_html", "dose_label").
    return [key for key in content if key not in SKIPPED and not key.endswith("_label") and key != "id"]


def _rows(content: dict) -> dict[str, list[tuple[int, str]]]:
    """Each row section's (id, summary) pairs in page order."""
    return {key: [(row["id"], _row_summary(row)) for row in value] for key, value in content.items() if _is_rows(value)}
