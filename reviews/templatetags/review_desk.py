"""The admin home's dashboards: what waits for the signed-in person.

The admin's index view takes no extra context, so the home template asks for it here;
the lists themselves come from `reviews.selectors.desk`, and this only adds the admin
address of each item.
"""

from django import template
from django.urls import reverse

from .. import selectors
from ..models import Submission

register = template.Library()


def _admin_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _review_url(submission) -> str:
    return reverse("admin:reviews_submission_change", args=[submission.pk])


def _working_copy_url(submission) -> str:
    ct = submission.content_type
    return reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[submission.object_id])


@register.simple_tag(takes_context=True)
def review_desk(context) -> dict:
    """{"editor": [panels], "reviewer": [panels]}; a role's list is empty when the
    person does not have it. Each panel: id, title, items (title, url, meta), queue_url."""
    desk = selectors.desk(context["request"].user)
    queue = reverse("admin:reviews_submission_changelist")
    editor, reviewer = [], []
    if desk.is_editor:
        editor = [
            _panel("my-drafts", "My drafts", [(o, _admin_url(o), None) for o in desk.my_drafts]),
            _panel("sent-back", "Sent back to me", [(s, _working_copy_url(s), "sent_back") for s in desk.sent_back]),
            _panel(
                "awaiting", "Awaiting review", [(s, _working_copy_url(s), "awaiting") for s in desk.awaiting_review]
            ),
        ]
    if desk.is_reviewer:
        reviewer = [
            _panel(
                "assigned",
                "Assigned to me",
                [(s, _review_url(s), "queue") for s in desk.assigned_to_me],
                queue + "?assigned=me",
            ),
            _panel(
                "unassigned",
                "Unassigned",
                [(s, _review_url(s), "queue") for s in desk.unassigned],
                queue + "?assigned=nobody",
            ),
            _panel(
                "overdue", "Overdue", [(s, _review_url(s), "queue") for s in desk.overdue], queue + "?assigned=overdue"
            ),
            _panel(
                "due-pages",
                "Pages due for periodic review",
                [(p, _due_page_url(p), "due_page") for p in desk.due_pages],
                reverse("admin:reviews_reviewflag_changelist"),
            ),
        ]
    return {"editor": editor, "reviewer": reviewer}


def _due_page_url(page) -> str:
    if page.flag is not None:
        return reverse("admin:reviews_reviewflag_change", args=[page.flag.pk])
    return _admin_url(page.obj)


def _kind(item) -> str:
    if isinstance(item, selectors.DuePage):
        return item.kind
    if isinstance(item, Submission):
        return item.content_type.name
    return item._meta.verbose_name


def _panel(panel_id: str, title: str, items: list, more_url: str = "") -> dict:
    return {
        "id": panel_id,
        "title": title,
        "items": [{"item": item, "url": url, "shape": shape, "kind": _kind(item)} for item, url, shape in items],
        "more_url": more_url,
    }
