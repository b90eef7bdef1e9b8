"""What changed between two versions of a page, field by field and row by row.

Works on builder output (Edition content), so the reviewer compares exactly what the
public would see before and after. Values are returned as plain text; templates
escape them.
"""

from dataclasses import dataclass, field

from .registry import EditionBuilder

# Derived keys: their source key is compared instead.
SKIPPED = {"body_html"}


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
        """Safety-critical changes first, as the reviewer must read them."""
        return [
            {"title": "Safety-critical changes", "changes": self.critical},
            {"title": "Other changes", "changes": self.other},
        ]

    def __bool__(self) -> bool:
        return bool(self.fields or self.sections)


def compare(old: dict | None, new: dict, builder: EditionBuilder) -> Diff:
    """Differences from `old` (None for a first publication) to `new`."""
    old = old or {}
    fields, sections = [], []
    for key in _keys(old, new):
        before, after = old.get(key), new.get(key)
        critical = key in builder.critical or key.split(".")[0] in builder.critical
        if _is_rows(before) or _is_rows(after):
            rows = _row_changes(before or [], after or [])
            if rows:
                sections.append(SectionChange(key, builder.label(key), rows, critical))
        elif isinstance(before, dict) or isinstance(after, dict):
            for sub in _keys(before or {}, after or {}):
                b, a = (before or {}).get(sub), (after or {}).get(sub)
                if b != a:
                    label = f"{builder.label(key)}: {sub.replace('_', ' ')}"
                    fields.append(FieldChange(f"{key}.{sub}", label, display(b), display(a), critical))
        elif before != after:
            shown_before = old.get(f"{key}_label", before)
            shown_after = new.get(f"{key}_label", after)
            fields.append(FieldChange(key, builder.label(key), display(shown_before), display(shown_after), critical))
    return Diff(fields, sections, builder.warnings(old or None, new))


def display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return str(value.get("citation") or value.get("name") or value.get("title") or value)
    if isinstance(value, list):
        return ", ".join(display(item) for item in value) or "—"
    return str(value)


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


def _row_fields(row: dict) -> list[str]:
    return [k for k in row if k != "id" and not k.endswith("_label")]


def _shown(row: dict, key: str) -> str:
    return display(row.get(f"{key}_label", row.get(key)))


def _row_changes(before: list[dict], after: list[dict]) -> list[RowChange]:
    old_rows = {row["id"]: row for row in before}
    new_ids = {row["id"] for row in after}
    changes = []
    for row in after:
        was = old_rows.get(row["id"])
        if was is None:
            changes.append(
                RowChange(
                    "added", _row_summary(row), [(k.replace("_", " "), "—", _shown(row, k)) for k in _row_fields(row)]
                )
            )
        elif was != row:
            changed = [
                (k.replace("_", " "), _shown(was, k), _shown(row, k))
                for k in _row_fields(row)
                if was.get(k) != row.get(k)
            ]
            if changed:
                changes.append(RowChange("changed", _row_summary(row), changed))
    for row in before:
        if row["id"] not in new_ids:
            changes.append(
                RowChange(
                    "removed", _row_summary(row), [(k.replace("_", " "), _shown(row, k), "—") for k in _row_fields(row)]
                )
            )
    return changes
