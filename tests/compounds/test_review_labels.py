"""What the review screen calls each part of a compound page, and which parts it puts
first as safety-critical."""

import pytest

from compounds.editions import CompoundEditionBuilder
from tests import factories

pytestmark = pytest.mark.django_db


def every_key(content: dict) -> set[str]:
    """Each key a reviewer can see change: top-level keys, the keys inside an object,
    and the fields of each kind of row ("section.field"); labels and ids are not shown."""
    keys = set()
    for key, value in content.items():
        if key.endswith("_label"):
            continue
        keys.add(key)
        if isinstance(value, dict):
            keys |= {f"{key}.{sub}" for sub in value}
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            fields = {field for row in value for field in row}
            keys |= {f"{key}.{field}" for field in fields if field != "id" and not field.endswith("_label")}
    return keys


def full_compound():
    related = factories.published_compound(studies=0, slug="related", name="Related")
    compound = factories.published_compound(studies=1, dosing=1, side_effects=1)
    compound.related_compounds.add(related)
    factories.CautionFactory(compound=compound)
    factories.FaqEntryFactory(compound=compound)
    compound.key_takeaways.create(position=0, text="A takeaway.")
    compound.mechanism_steps.create(position=0, title="A step", text="How.")
    compound.forms.create(position=0, name="Tablets", advice="recommended")
    compound.skip_items.create(position=0, title="Gummies")
    return compound


def test_every_part_of_a_compound_page_has_a_readable_label():
    builder = CompoundEditionBuilder()
    content = builder.content(full_compound())

    unlabelled = sorted(every_key(content) - set(builder.labels))

    assert unlabelled == []
    assert all(label[0].isupper() for label in builder.labels.values())


def test_safety_critical_parts_are_doses_side_effects_cautions_and_the_public_score_only():
    critical = set(CompoundEditionBuilder.critical)

    assert {"dosing_protocols", "side_effects", "cautions", "evidence.score"} <= critical
    assert "evidence" not in critical and "forms" not in critical
    # The public score, and which cited studies it no longer counts (retracted); not its workings.
    assert not any(
        key.startswith("evidence.") and key not in ("evidence.score", "evidence.not_counted") for key in critical
    )
