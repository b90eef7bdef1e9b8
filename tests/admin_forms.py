"""Build the POST an editor's browser sends from an admin change form with inlines."""

from compounds.admin import CompoundAdmin

COMPOUND_INLINE_PREFIXES = [
    inline.model._meta.get_field("compound").remote_field.get_accessor_name() for inline in CompoundAdmin.inlines
]


def inline_formset(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = value
    return data


def compound_form(fields: dict, rows: dict[str, list[dict]] | None = None, **initial: int) -> dict:
    """`rows` maps an inline prefix ("dosing_protocols") to its rows; others post empty."""
    rows = rows or {}
    data = {key: value for key, value in fields.items() if value is not None}
    for prefix in COMPOUND_INLINE_PREFIXES:
        data.update(inline_formset(prefix, rows.get(prefix, []), initial=initial.get(prefix, 0)))
    return data


def change_form_data(response, **changes) -> dict:
    """The POST a browser sends back from the admin change form in `response`, with
    `changes` ({"summary": "...", "dosing_protocols-0-use": "..."}) typed over it."""
    data = {}

    def add(bound_field):
        value = bound_field.value()
        name = bound_field.html_name
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)

    for field in response.context["adminform"].form:
        add(field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            add(field)
        for form in formset.forms:
            for field in form:
                add(field)
    data.update(changes)
    return data
