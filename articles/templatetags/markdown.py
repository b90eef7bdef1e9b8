"""`{{ text|markdown }}`: the safe Markdown pipeline of article bodies, for every other
text an editor writes in Markdown (FAQ answers, notes, summaries of the evidence)."""

from django import template
from django.utils.safestring import mark_safe

from articles import markdown as pipeline

register = template.Library()


@register.filter(is_safe=True)
def markdown(text: str) -> str:
    # Safe to mark: the parser passes no raw HTML and nh3 keeps only the allow-list.
    return mark_safe(pipeline.render(text or ""))
