"""What changed between two versions of a page, field by field and row by row.

Works on builder output (Edition content), so the reviewer compares exactly what the
public would see before and after. Values are returned as plain text, with numbers as
the public page prints them; templates escape them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .figures import figure, is_decimal_text
from .registry import EditionBuilder

# Derived keys: their source key is compared instead.
SKIPPED = {"body_html"}
EMPTY = "—"


@dataclass
class FieldChange:
    key: str
    label: str
    old: str
    new: str
    critical: bool = False


@dataclass
class RowChange:
    status: str  # "added", "removed" or "changed"
    summary: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    row_id: int | None = None  # the row's id in the content, which comments on it name


@dataclass
class SectionChange:
    key: str
    label: str
    rows: list[RowChange]
    critical: bool = False


@dataclass
class Diff:
    fields: list[FieldChange]
    sections: list[SectionChange]
    warnings: list[str]

    @property
    def critical(self) -> list:
        return [c for c in [*self.sections, *self.fields] if c.critical]

    @property
    def other(self) -> list:
        return [c for c in [*self.sections, *self.fields] if not c.critical]

    @property
    def groups(self) -> list[dict]:
        """Safety-critical changes first, as the reviewer must read them; a group with
        nothing in it is left out. Within a group, row sections come before the page's
        single fields."""
        groups = []
        for title, changes, critical in (
            ("Safety-critical changes", self.critical, True),
            ("Other changes", self.other, False),
        ):
            if changes:
                groups.append(
                    {
                        "title": title,
                        "critical": critical,
                        "sections": [c for c in changes if isinstance(c, SectionChange)],
                        "fields": [c for c in changes if isinstance(c, FieldChange)],
                    }
                )
        return groups

    def __bool__(self) -> bool:
        return bool(self.fields or self.sections)


def is_critical(key: str, critical: tuple[str, ...]) -> bool:
    """Whether a change at `key` ("dosing_protocols", "evidence.score") is safety-critical.

    A key is critical when it, or a key it sits under, is listed: "evidence" would mark
    every part of the evidence block, "evidence.score" the public score alone.
    """
    parts = key.split(".")
    return any(".".join(parts[:n]) in critical for n in range(1, len(parts) + 1))


def _section_is_critical(key: str, critical: tuple[str, ...]) -> bool:
    # A listed field of its rows ("dosing_protocols.dose") makes the whole section critical.
    return is_critical(key, critical) or any(name.startswith(f"{key}.") for name in critical)


def compare(old: dict | None, new: dict, builder: EditionBuilder) -> Diff:
    """Differences from `old` (None for a first publication) to `new`."""
    old = old or {}
    fields, sections = [], []
    for key in _keys(old, new):
        before, after = old.get(key), new.get(key)
        if _is_rows(before) or _is_rows(after):
            rows = _row_changes(before or [], after or [], builder, key)
            if rows:
                critical = _section_is_critical(key, builder.critical)
                sections.append(SectionChange(key, builder.label(key), rows, critical))
        elif isinstance(before, dict) or isinstance(after, dict):
            for sub in _keys(before or {}, after or {}):
                b, a = (before or {}).get(sub), (after or {}).get(sub)
                if _differs(b, a):
                    key_path = f"{key}.{sub}"
                    label = builder.labels.get(key_path) or f"{builder.label(key)}: {sub.replace('_', ' ')}"
                    fields.append(
                        FieldChange(key_path, label, display(b), display(a), is_critical(key_path, builder.critical))
                    )
        elif _differs(before, after):
            shown_before = old.get(f"{key}_label", before)
            shown_after = new.get(f"{key}_label", after)
            fields.append(
                FieldChange(
                    key,
                    builder.label(key),
                    display(shown_before),
                    display(shown_after),
                    is_critical(key, builder.critical),
                )
            )
    return Diff(fields, sections, builder.warnings(old or None, new))


def display(value) -> str:
    """A stored value as a reader would see it printed."""
    if _blank(value):
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | float) or is_decimal_text(value):
        return figure(value)
    if isinstance(value, dict):
        return str(value.get("citation") or value.get("name") or value.get("title") or value)
    if isinstance(value, list):
        return ", ".join(display(item) for item in value) or EMPTY
    return str(value)


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _differs(before, after) -> bool:
    # An empty field that stays empty in another form (None, "", []) is no change.
    if _blank(before) and _blank(after):
        return False
    return before != after


def _keys(old: dict, new: dict) -> list[str]:
    keys = [k for k in new if k not in SKIPPED and not k.endswith("_label")]
    keys += [k for k in old if k not in new and k not in SKIPPED and not k.endswith("_label")]
    return keys


def _is_rows(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _row_summary(row: dict) -> str:
    for key in ("use", "name", "outcome", "question", "title", "text"):
        if row.get(key):
            return str(row[key])
    if isinstance(row.get("study"), dict):
        return display(row["study"])
    return f"row {row['id']}"


def _row_fields(row: dict, composed: dict[str, tuple[str, ...]]) -> list[str]:
    # A figure readers see composed ("10–30 mg") stands for the keys it is made from.
    parts = {part for name, sources in composed.items() if name in row for part in sources}
    return [k for k in row if k != "id" and not k.endswith("_label") and k not in parts]


def _field_label(builder: EditionBuilder, section: str, key: str) -> str:
    return builder.labels.get(f"{section}.{key}") or key.replace("_", " ").capitalize()


def _shown(row: dict, key: str) -> str:
    return display(row.get(f"{key}_label", row.get(key)))


def _row_changes(before: list[dict], after: list[dict], builder: EditionBuilder, section: str) -> list[RowChange]:
    composed = builder.composed_fields
    old_rows = {row["id"]: row for row in before}
    new_ids = {row["id"] for row in after}
    changes = []

    def label(key: str) -> str:
        return _field_label(builder, section, key)

    for row in after:
        was = old_rows.get(row["id"])
        if was is None:
            shown = [(label(k), EMPTY, _shown(row, k)) for k in _row_fields(row, composed)]
            changes.append(RowChange("added", _row_summary(row), [f for f in shown if f[2] != EMPTY], row["id"]))
        elif was != row:
            changed = [
                (label(k), _shown(was, k), _shown(row, k))
                for k in _row_fields(row, composed)
                if _differs(was.get(k), row.get(k))
            ]
            if changed:
                changes.append(RowChange("changed", _row_summary(row), changed, row["id"]))
    for row in before:
        if row["id"] not in new_ids:
            shown = [(label(k), _shown(row, k), EMPTY) for k in _row_fields(row, composed)]
            changes.append(RowChange("removed", _row_summary(row), [f for f in shown if f[1] != EMPTY], row["id"]))
    return changes
