"""YAML as written: composed nodes turned into plain data, with the line and column of every value.

The YAML is *composed* (not constructed) with PyYAML's libyaml parser, so every scalar keeps its
exact written text (``1586.90`` stays ``1586.90``, ``1e8`` is not a float) and its line and
column; keys are checked for duplicates here, since composing does not (constructing would keep
the last one silently). libyaml composes a 100,000-claim file about ten times faster than
ruamel.yaml's pure-Python parser (docs/performance.md). Duplicate keys, anchors that expand
beyond a budget and deep nesting are refused with a :class:`~claimcheck.errors.ClaimFileError`.

:func:`fold_lines` is the one place that says how a value written over several lines reads as
one line: the rule parser folds a check with it, and the layout of a check's characters is
computed from it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import ClaimFileError

#: Deepest nesting of YAML collections accepted (a claim file needs 5).
MAX_DEPTH = 64


#: Alias expansion budget: what the expanded data holds (a unit per value, and the characters of
#: its text) may exceed the size of the file by at most this factor.
ALIAS_EXPANSION_FACTOR = 4


#: Path element under which the position of a scalar's text (not its key) is recorded.
VALUE = "\0value"


_FLOW_SPECIAL = re.compile(r"[\n\[\]{}\"'\\#]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_flow_depth(text: str, name: str) -> None:
    """Refuse deeply nested flow collections (``[[[[...``) before the YAML parser sees them: its
    cost grows with the square of the depth, and its recursion would hit Python's limit.
    Only the characters that open, close or quote anything are visited."""
    depth = 0
    line = 1
    line_start = 0
    quote = ""
    pos = 0
    n = len(text)
    search = _FLOW_SPECIAL.search
    while (m := search(text, pos)) is not None:
        i = m.start()
        ch = text[i]
        pos = i + 1
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif quote:
            if ch == "\\" and quote == '"':
                pos = i + 2  # an escaped character
            elif ch == quote:
                quote = ""
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ClaimFileError(
                    f"YAML nesting is too deep (at most {MAX_DEPTH} levels)", file=name, line=line,
                    column=i - line_start + 1,
                )
        elif ch in "]}":
            depth = max(depth - 1, 0)
        elif ch in "\"'" and (i == line_start or text[i - 1] in " \t[{,:"):
            quote = ch
        elif ch == "#" and (i == line_start or text[i - 1] in " \t"):
            j = text.find("\n", i)
            pos = n if j < 0 else j


def _loader() -> Any:
    """A PyYAML loader (libyaml's C parser where available) that resolves no implicit types:
    every plain scalar stays text, as written."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        tags = {
            yaml.ScalarNode: base.DEFAULT_SCALAR_TAG,
            yaml.SequenceNode: base.DEFAULT_SEQUENCE_TAG,
            yaml.MappingNode: base.DEFAULT_MAPPING_TAG,
        }

        class _TextLoader(base):  # type: ignore[misc, valid-type]
            yaml_implicit_resolvers: dict[str, Any] = {}  # noqa: RUF012 - a class attribute of PyYAML's

            def resolve(self, kind: type, value: Any, implicit: Any) -> str:
                # what PyYAML's resolver returns when no implicit or path resolvers are defined,
                # without its general-purpose lookups (called once for every node)
                return tags[kind]

        _LOADER = _TextLoader
    return _LOADER


_LOADER: Any = None


def compose(text: str, name: str) -> Any:
    import yaml

    try:
        nodes = list(yaml.compose_all(text, Loader=_loader()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if "'\\t'" in message or (mark is not None and text[mark.index:mark.index + 1] == "\t"):
            message += " (a tab: YAML is indented with spaces only)"
        if "duplicate anchor" in message:
            message = "an anchor is defined twice; the second would silently replace the first"
        long_key = _long_key(text, mark)
        if long_key is not None and mark is not None:
            message = (f"a key of {long_key[0]} characters is too long: YAML reads a plain key of at most "
                       f"{MAX_PLAIN_KEY_CHARS} characters (ids are short names)")
            mark = type(mark)(mark.name, mark.index, mark.line, long_key[1], mark.buffer, mark.pointer)
        raise ClaimFileError(
            f"YAML syntax error: {message}",
            file=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except RecursionError:
        raise ClaimFileError(
            f"YAML nesting is too deep (at most {MAX_DEPTH} levels)", file=name, line=_deepest_line(text)
        ) from None
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line = column = None
        if isinstance(position, int):  # a character YAML refuses (a control character): where it is
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        raise ClaimFileError(f"YAML error: {exc}", file=name, line=line, column=column) from None
    if len(nodes) != 1:
        raise ClaimFileError(
            "a claim file holds exactly one YAML document" if nodes else "empty file", file=name, line=1
        )
    return nodes[0]


#: Longest plain (implicit) key YAML reads; a longer one is a syntax error in libyaml.
MAX_PLAIN_KEY_CHARS = 1024


def _long_key(text: str, mark: Any) -> tuple[int, int] | None:
    """(length, 0-based column) of the key on the line of a syntax error, when it is longer than
    YAML allows."""
    if mark is None:
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    line = text[start:mark.index]
    key = line.lstrip(" -")
    key_length = len(key.strip())
    return (key_length, len(line) - len(key)) if key_length > MAX_PLAIN_KEY_CHARS else None


def _deepest_line(text: str) -> int:
    """The most indented line: where block nesting that is too deep to parse most likely is."""
    best, best_indent = 1, -1
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" -"))
        if indent > best_indent:
            best, best_indent = number, indent
    return best


def _anchor_line(text: str) -> int | None:
    """The line of the second definition of an anchor name, if any."""
    import re

    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for anchor in re.findall(r"&([^\s,\]\}]+)", line):
            if anchor in seen:
                return number
            seen.add(anchor)
    return None


class Converter:
    """Turns composed YAML nodes into plain data, recording where each value was written."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.budget = ALIAS_EXPANSION_FACTOR * max(len(text), 1000)
        self.locations: dict[tuple[str, ...], tuple[int, int]] = {}
        #: where each character of a value written over several lines is, by path (see _layout)
        self.layouts: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        self.text = text

    def error(self, message: str, node: Any) -> ClaimFileError:
        mark = node.start_mark
        return ClaimFileError(message, file=self.name, line=mark.line + 1, column=mark.column + 1)

    def convert(self, node: Any) -> tuple[Any, dict[tuple[str, ...], tuple[int, int]]]:
        return self._node(node, (), set()), self.locations

    def _node(self, node: Any, path: tuple[str, ...], active: set[int]) -> Any:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.budget -= 1
        if self.budget < 0:
            raise self.error("aliases expand to too many values (an alias bomb?)", node)
        if len(path) > MAX_DEPTH:
            raise self.error(f"nesting is too deep (at most {MAX_DEPTH} levels)", node)
        mark = node.start_mark
        self.locations.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node, ScalarNode):
            self.budget -= len(node.value)  # a long note aliased a thousand times is a bomb too
            if self.budget < 0:
                raise self.error("aliases expand to too much text (an alias bomb?)", node)
            if _SURROGATE.search(node.value):
                raise self.error("a lone surrogate escape is not a character; text must be valid Unicode", node)
            # where the text itself starts (after an opening quote), for columns inside values
            quoted = 1 if node.style in ("'", '"') else 0
            self.locations[(*path, VALUE)] = (mark.line + 1, mark.column + 1 + quoted)
            if node.end_mark.line > mark.line and isinstance(node.value, str):
                layout = _layout(self.text, node)
                if layout is not None:
                    self.layouts[(*path, VALUE)] = layout
            return _scalar(node)
        if id(node) in active:
            raise self.error("an alias refers to a collection that contains it", node)
        active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self._node(item, (*path, str(i)), active) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                result: dict[str, Any] = {}
                for key_node, value_node in _pairs(node):
                    if not isinstance(key_node, ScalarNode):
                        raise self.error("mapping keys must be plain names", key_node)
                    if key_node.value == "<<" and not key_node.style:
                        raise self.error("merge keys (<<) are not supported in claim files", key_node)
                    key = key_node.value
                    if key in result:
                        first = self.locations.get((*path, key), (None, None))
                        raise self.error(
                            f"duplicate key {key!r} (first written on line {first[0]}); nothing is overwritten",
                            key_node,
                        )
                    kmark = key_node.start_mark
                    self.locations[(*path, key)] = (kmark.line + 1, kmark.column + 1)
                    result[key] = self._node(value_node, (*path, key), active)
                return result
        finally:
            active.discard(id(node))
        raise self.error(f"unsupported YAML node {type(node).__name__}", node)


def fold_lines(text: str) -> str:
    """A value written over several lines as the one logical line it means: every run of line
    breaks and indentation (and other white space) becomes a single space. Text on one line is
    returned unchanged."""
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(text.split())


def _layout(text: str, node: Any) -> list[tuple[int, int]] | None:
    """(line, column) of each character of a scalar written over several lines, as a check reads
    it (line breaks and indentation folded into single spaces); ``None`` where the written form
    does not match character by character (escapes)."""
    raw = text[node.start_mark.index:node.end_mark.index]
    value = fold_lines(node.value)
    j = raw.index("\n") + 1 if node.style in (">", "|") and "\n" in raw else (1 if node.style in ("'", '"') else 0)
    while j < len(raw) and raw[j] in " \t\r\n" and value[:1] not in (" ", ""):
        j += 1  # a block scalar's indentation
    offsets: list[int] = []
    i = 0
    while i < len(value):
        if value[i].isspace():  # a run of spaces in the value: a run of spaces and breaks written
            start = j
            while j < len(raw) and raw[j] in " \t\r\n":
                j += 1
            if j == start:
                return None
            while i < len(value) and value[i].isspace():
                offsets.append(start)
                i += 1
            continue
        if j >= len(raw) or raw[j] != value[i]:
            return None
        offsets.append(j)
        i += 1
        j += 1
    line, column, last = node.start_mark.line + 1, node.start_mark.column + 1, 0
    positions = []
    for offset in offsets:
        for ch in raw[last:offset]:
            line, column = (line + 1, 1) if ch == "\n" else (line, column + 1)
        last = offset
        positions.append((line, column))
    return positions


def _pairs(node: Any) -> Iterator[tuple[Any, Any]]:
    yield from node.value


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _scalar(node: Any) -> Any:
    """A scalar as written: text stays text (digits exact); plain null and true/false are typed
    (as in YAML 1.2: ``yes`` and ``no`` stay text)."""
    if not node.style:
        if node.value in _NULLS and node.tag.endswith((":str", ":null")):
            return None
        if node.value in _BOOLEANS:
            return _BOOLEANS[node.value]
    return node.value
