"""YAML front matter, read with limits that hold before anything is expanded.

`yaml.safe_load` refuses Python objects but not size: a few lines of aliases ("billion
laughs") expand to megabytes, and deep nesting exhausts the stack. This loader counts
aliases and depth while composing, before any value is built, and refuses a document
whose values, with every alias written out, would be larger than the text we accept.
Errors carry their line in the file, so an importer can point at it.
"""

import difflib
from datetime import date

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_BYTES = 100_000  # the demo guides' front matter is under 5 kB
MAX_ALIASES = 10
MAX_DEPTH = 10  # the deepest the format needs is 3: faq → item → question
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"


class FrontMatterError(Exception):
    """The front matter cannot be read; `line` is the line in the file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that this loader will not build: its problem is the whole message."""

    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


class Unreadable:
    """Stands in for a value YAML could not build (2026-02-30); its problem is already recorded."""

    def __repr__(self):
        return "<unreadable>"


UNREADABLE = Unreadable()


class LimitedLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases, depth and types beyond what front matter needs."""

    def __init__(self, stream, *, first_line: int = 1):
        super().__init__(stream)
        self.first_line = first_line  # the file's line number of the YAML text's first line
        self.aliases = 0
        self.depth = 0
        # Values that cannot be built are recorded and stand in as UNREADABLE, so that one
        # bad date does not hide the file's other problems.
        self.problems: list[tuple[object, str]] = []  # (node, message)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(
                    f"more than {MAX_ALIASES} aliases (*name); write the values out", self.peek_event().start_mark
                )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"values are nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node, deep=False):
        # A scalar whose tag or shape promises a type it cannot be (2026-02-30, `!!int x`)
        # raises plain ValueError or TypeError in PyYAML; record it with the node instead.
        deep_construct = self.deep_construct
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            self.deep_construct = deep_construct
            self.recursive_objects.pop(node, None)
            self.constructed_objects[node] = UNREADABLE
            text = node.value if isinstance(node, ScalarNode) else node.tag
            if node.tag == TIMESTAMP and isinstance(exc, ValueError):
                problem = f"“{text}” is not a real date ({exc})"
            elif node.tag == TIMESTAMP:
                problem = f"“{text}” is not a date; write it like 2026-02-14"
            else:
                problem = f"“{text}” cannot be read as {node.tag.rsplit(':', 1)[-1]}"
            self.problems.append((node, problem))
            return UNREADABLE

    def construct_mapping(self, node, deep=False):
        # PyYAML keeps the last of two equal keys and drops the first without a word.
        seen = {}
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != MERGE:
                if key_node.value in seen:
                    message = (
                        f"“{key_node.value}” is given twice (lines {self.first_line + seen[key_node.value]} and "
                        f"{self.first_line + key_node.start_mark.line}); keep one"
                    )
                    self.problems.append((key_node, message))
                seen[key_node.value] = key_node.start_mark.line
        return super().construct_mapping(node, deep)


def load(text: str, *, first_line: int = 1) -> tuple[object, dict[tuple, int], list[tuple[tuple, int, str]]]:
    """The front matter's value, the file's line of each value by its path, and problems.

    `first_line` is the line of the file on which `text` starts. Paths are tuples of keys
    and list indexes, at most three deep: `("faq", 2, "question")`. A problem is
    (path or (), line, message) about a value that stands in as UNREADABLE or a key
    given twice. Raises FrontMatterError when the text cannot be read at all.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise FrontMatterError(first_line, f"front matter is {size:,} bytes; at most {MAX_BYTES:,} are accepted")
    loader = LimitedLoader(text, first_line=first_line)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        _expanded_size(node, {}, set())
        value = loader.construct_document(node)
    except _Refused as exc:
        raise FrontMatterError(first_line + exc.problem_mark.line, exc.problem) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(
            first_line + (mark.line if mark else 0), f"front matter is not valid YAML: {problem}"
        ) from exc
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    paths: dict[int, tuple] = {}
    _record_lines(node, (), lines, paths, first_line)
    problems = [(paths.get(id(bad), ()), first_line + bad.start_mark.line, message) for bad, message in loader.problems]
    return value, lines, problems


def _expanded_size(node, sizes: dict[int, int], busy: set[int]) -> int:
    """Characters of scalar text in `node` with every alias written out; refuses a loop."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in busy:
        raise _Refused("an alias refers to the value that contains it", node.start_mark)
    busy.add(key)
    if isinstance(node, ScalarNode):
        size = len(node.value)
    elif isinstance(node, SequenceNode):
        size = sum(_expanded_size(item, sizes, busy) for item in node.value)
    else:
        size = sum(_expanded_size(k, sizes, busy) + _expanded_size(v, sizes, busy) for k, v in node.value)
    busy.discard(key)
    if size > MAX_BYTES:
        raise _Refused(f"with its aliases written out, this is over {MAX_BYTES:,} characters", node.start_mark)
    sizes[key] = size
    return size


def _record_lines(node, path: tuple, lines: dict[tuple, int], paths: dict[int, tuple], first_line: int) -> None:
    """Each value's line by its path, and each value node's path by its id."""
    if len(path) >= 3:
        return
    children = []
    if isinstance(node, MappingNode):
        children = [((*path, k.value), v) for k, v in node.value if isinstance(k, ScalarNode)]
    elif isinstance(node, SequenceNode):
        children = [((*path, index), item) for index, item in enumerate(node.value)]
    for child_path, child in children:
        lines[child_path] = first_line + child.start_mark.line
        paths.setdefault(id(child), child_path)
        _record_lines(child, child_path, lines, paths, first_line)


class Fields:
    """Typed reading of front-matter values, collecting every problem with its line.

    Nothing is coerced: a list where text belongs, or a number YAML read from an
    unquoted value, is reported, never stored as its Python spelling.
    """

    def __init__(self, path, meta: dict, lines: dict[tuple, int], problems=()):
        self.path, self.meta, self.lines = path, meta, lines
        self.problems: list[str] = []
        self.flagged: set[str] = set()  # top-level keys already reported
        for where, line, message in problems:
            if where:
                self.problem(where, message)
            else:
                self.problems.append(f"{self.path}:{line}: {message}")

    def problem(self, where: tuple, message: str) -> None:
        """`where` is a path of keys and 0-based indexes, e.g. ("faq", 1, "question")."""
        line = self.lines.get(where) or self.lines.get(where[:2]) or self.lines.get(where[:1]) or 1
        label = " ".join(f"item {part + 1}" if isinstance(part, int) else str(part) for part in where)
        self.problems.append(f"{self.path}:{line}: {label}: {message}")
        self.flagged.add(where[0])

    def known(self, key, known: tuple[str, ...], where: tuple) -> bool:
        if key in known:
            return True
        if key is UNREADABLE:
            return False
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"did you mean “{close[0]}”?" if close else f"known keys: {', '.join(known)}"
        self.problem(where, f"unknown key; {hint}")
        return False

    def as_text(self, value, where: tuple) -> str | None:
        """The text, stripped; "" for no value; None (reported) for anything else."""
        if value is None:
            return ""
        if value is UNREADABLE:
            return None
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, list | dict):
            self.problem(where, f"must be text, not {'a list' if isinstance(value, list) else 'key: value pairs'}")
        else:
            self.problem(where, f"must be text; YAML read {value!r} as {_type_name(value)}; put it in quotes")
        return None

    def text(self, key: str) -> str:
        value = self.as_text(self.meta.get(key), (key,))
        return value if value is not None else ""

    def list_of(self, key: str) -> list:
        value = self.meta.get(key)
        if value is None or value is UNREADABLE:
            return []
        if not isinstance(value, list):
            self.problem((key,), "must be a list, one item per “- ” line or [a, b]")
            return []
        return value

    def texts(self, key: str) -> list[tuple[int, str]]:
        """(index, text) for each item of the list `key`; empty and non-text items are reported."""
        found = []
        for n, item in enumerate(self.list_of(key)):
            value = self.as_text(item, (key, n))
            if value == "":
                self.problem((key, n), "is empty")
            elif value is not None:
                found.append((n, value))
        return found

    def mapping(self, value: dict, names: tuple[str, ...], where: tuple) -> dict[str, str] | None:
        """The text values of one `key: value` item; None if any key or value is wrong."""
        values = {}
        for name, text in value.items():
            known = self.known(name, names, (*where, str(name)))
            values[name] = self.as_text(text, (*where, name)) if known else None
        return None if None in values.values() else values

    def mappings(self, key: str, names: tuple[str, ...], *, required: tuple[str, ...]) -> list[tuple[int, dict]]:
        """(index, values) for each `key: value` item of the list `key`."""
        found = []
        for n, item in enumerate(self.list_of(key)):
            if not isinstance(item, dict):
                self.problem((key, n), f"must be key: value pairs ({', '.join(names)})")
                continue
            values = self.mapping(item, names, (key, n))
            missing = [name for name in required if name not in item]
            for name in missing:
                self.problem((key, n), f"has no “{name}”")
            if values is not None and not missing:
                found.append((n, values))
        return found


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__
