"""The parts of an imported Markdown body that become rows rather than text.

A guide written elsewhere carries its key takeaways as a blockquote box and its FAQ as
a section of `###` questions, and often repeats its title as the first heading. An
import lifts these out of the body, keeping each item's line so a problem can point at
it. Text that would fit neither the body nor a row is reported, never dropped.
"""

import re
from dataclasses import dataclass, field

TAKEAWAYS_START = re.compile(r"^>\s*\*\*Key Takeaways?\*\*\s*$", re.IGNORECASE)
TAKEAWAY_ITEM = re.compile(r"^>\s*[-*]\s+")
FAQ_HEADING = re.compile(r"^##\s+(Frequently Asked Questions|FAQ)\s*$", re.IGNORECASE)


@dataclass
class Sections:
    """Indexes are 0-based lines of the body."""

    body: str
    takeaways: list[tuple[int, str]] = field(default_factory=list)
    faq: list[tuple[int, str, str]] = field(default_factory=list)  # (line, question, answer)
    problems: list[tuple[int, str]] = field(default_factory=list)


def lift(lines: list[str], *, title: str) -> Sections:
    """Split a body into its text and its key-takeaway and FAQ items."""
    removed: set[int] = set()
    sections = Sections(body="")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].startswith("# ") and lines[first][2:].strip() == title:
        removed.add(first)  # the title, repeated as the body's first heading
    start = next((n for n, line in enumerate(lines) if TAKEAWAYS_START.match(line.strip())), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and lines[end].startswith(">"):
            end += 1
        removed.update(range(start, end))
        _takeaways(lines, range(start + 1, end), sections)
    start = next((n for n, line in enumerate(lines) if FAQ_HEADING.match(line.strip())), None)
    if start is not None:
        end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
        removed.update(range(start, end))
        _faq(lines, range(start + 1, end), sections)
    sections.body = "\n".join(line for n, line in enumerate(lines) if n not in removed).strip() + "\n"
    return sections


def _takeaways(lines: list[str], numbers: range, sections: Sections) -> None:
    items: list[list] = []
    for n in numbers:
        text = lines[n].lstrip(">").strip()
        if TAKEAWAY_ITEM.match(lines[n]):
            items.append([n, TAKEAWAY_ITEM.sub("", lines[n]).strip()])
        elif text and items:  # a long item wraps onto the next line
            items[-1][1] += " " + text
        elif text:
            sections.problems.append((n, "text in the Key Takeaways box must be a “- ” list item"))
    sections.takeaways = [(n, _plain(text)) for n, text in items]


def _faq(lines: list[str], numbers: range, sections: Sections) -> None:
    entries: list[list] = []
    for n in numbers:
        if lines[n].startswith("### "):
            entries.append([n, lines[n][4:].strip(), []])
        elif entries:
            entries[-1][2].append(lines[n])
        elif lines[n].strip():
            sections.problems.append((n, "text under the FAQ heading must follow a “### ” question"))
    sections.faq = [(n, question, "\n".join(answer).strip()) for n, question, answer in entries]


def _plain(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)
