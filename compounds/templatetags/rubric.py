"""The parts of the evidence rubric that the "how we score" page states beside the
score's rules, read from `compounds.scoring` so that the page cannot drift from them."""

from django import template

from compounds import scoring

register = template.Library()


@register.simple_tag
def confidence_rules() -> tuple[scoring.Confidence, ...]:
    return scoring.CONFIDENCE
