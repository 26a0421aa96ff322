"""Reading claim files: YAML with a line number for every value, and nothing silently lost.

The YAML is *composed* (not constructed) with PyYAML's libyaml parser, so every scalar keeps its
exact written text (``1586.90`` stays ``1586.90``, ``1e8`` is not a float) and its line and
column; keys are checked for duplicates here, since composing does not (constructing would keep
the last one silently). libyaml composes a 100,000-claim file about ten times faster than
ruamel.yaml's pure-Python parser (docs/performance.md).
Duplicate keys, anchors that expand beyond a budget, deep nesting, non-UTF-8 bytes and files
over :data:`MAX_FILE_BYTES` are refused with a :class:`~claimcheck.errors.ClaimFileError`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ClaimFileError
from .model import ClaimFile

#: Largest claim file read, in bytes (a 100,000-claim yearbook is about 20 MB).
MAX_FILE_BYTES = 128 * 1024 * 1024
#: Deepest nesting of YAML collections accepted (a claim file needs 5).
MAX_DEPTH = 64
#: Alias expansion budget: nodes visited may exceed the nodes written by at most this factor.
ALIAS_EXPANSION_FACTOR = 4

#: Path element under which the position of a scalar's text (not its key) is recorded.
VALUE = "\0value"

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16",
}


def load(path: str | Path) -> ClaimFile:
    """Read and validate the claim file at ``path``; errors name the file, line and column."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ClaimFileError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    return loads(data, name=name)


def loads(text: str | bytes, name: str = "<string>") -> ClaimFile:
    """Read and validate a claim file given as text or bytes; ``name`` is used in errors."""
    if isinstance(text, bytes):
        text = _decode(text, name)
    if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ClaimFileError(f"file is larger than the limit of {MAX_FILE_BYTES} bytes", file=name)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ClaimFileError("empty file: a claim file starts with 'claimcheck: 1'", file=name, line=1)
    _check_flow_depth(text, name)
    converter = _Converter(name, text)
    data, locations = converter.convert(_compose(text, name))  # the node tree is freed here
    if not isinstance(data, dict):
        raise ClaimFileError("a claim file is a mapping that starts with 'claimcheck: 1'", file=name, line=1)
    if "claimcheck" not in data:
        raise ClaimFileError("not a claim file: 'claimcheck: 1' is missing", file=name, line=1, column=1)
    try:
        claim_file = ClaimFile.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, name, locations) from None
    del data
    claim_file._source = name
    claim_file._locations = locations
    claim_file._layouts = converter.layouts
    claim_file.intervals()  # every figure must be readable: fail now, with its line
    return claim_file


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ClaimFileError(f"file is larger than the limit of {MAX_FILE_BYTES} bytes", file=name)
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            raise ClaimFileError(f"file is {encoding}; claim files are UTF-8", file=name, line=1, column=1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ClaimFileError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; claim files are UTF-8",
            file=name, line=line, column=column,
        ) from None


_FLOW_SPECIAL = re.compile(r"[\n\[\]{}\"'\\#]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_flow_depth(text: str, name: str) -> None:
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


def _compose(text: str, name: str) -> Any:
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
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise ClaimFileError(f"YAML error: {exc}", file=name, line=line) from None
    if len(nodes) != 1:
        raise ClaimFileError(
            "a claim file holds exactly one YAML document" if nodes else "empty file", file=name, line=1
        )
    return nodes[0]


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


class _Converter:
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


def _layout(text: str, node: Any) -> list[tuple[int, int]] | None:
    """(line, column) of each character of a scalar written over several lines, as a check reads
    it (line breaks and indentation folded into single spaces); ``None`` where the written form
    does not match character by character (escapes)."""
    raw = text[node.start_mark.index:node.end_mark.index]
    value = node.value if "\n" not in node.value and "\r" not in node.value else " ".join(node.value.split())
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


def _validation_error(
    exc: ValidationError, name: str, locations: dict[tuple[str, ...], tuple[int, int]]
) -> ClaimFileError:
    problems = []
    typo_first: list[bool] = []
    for err in exc.errors():
        typo_first.append(err["type"] != "extra_forbidden")
        path = tuple(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        lookup = path[:-1] if path and path[-1] == "[key]" else path
        message = _message(err, path)
        where = None
        for end in range(len(lookup), -1, -1):
            where = locations.get(lookup[:end])
            if where:
                break
        line, column = where if where else (None, None)
        problems.append(ClaimFileError(message, file=name, line=line, column=column))
    # an unknown field usually explains a missing one (a typo): report it first, then by line
    order = sorted(range(len(problems)), key=lambda i: (typo_first[i], problems[i].line or 0, problems[i].column or 0))
    problems = [problems[i] for i in order]
    first = problems[0]
    if len(problems) > 1:
        first.message += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    first.problems = problems  # type: ignore[attr-defined]
    return first


_FIELDS = {
    "claim": ["value", "unit", "qualifier", "precision", "tolerance", "period", "quote", "entity",
              "metric", "note", "items", "tags"],
    "rule": ["check", "expect", "note", "readings"],
    "document": ["title", "publisher", "author", "published", "language", "url", "note"],
    "top": ["claimcheck", "document", "defaults", "policy", "claims", "rules"],
    "policy": ["trailing_zeros", "about", "about_relative", "some_more", "nearly", "over", "under"],
}


def _context(path: tuple[str, ...]) -> str:
    if len(path) <= 1:
        return "top"
    if path[0] == "claims" and len(path) == 3:
        return "claim"
    if path[0] == "defaults" and len(path) == 2:
        return "claim"
    if path[0] == "rules" and len(path) in (3, 5):
        return "rule"
    if path[0] in ("document", "policy") and len(path) == 2:
        return path[0]
    return ""


def _message(err: Any, path: tuple[str, ...]) -> str:
    kind = err["type"]
    where = ".".join(path) if path else "file"
    field = path[-1] if path else ""
    if kind == "extra_forbidden":
        known = _FIELDS.get(_context(path), [])
        hint = difflib.get_close_matches(field, known, n=1)
        if field[:1].isdigit():  # {value: 1,586.9亿元}: the comma ended the value
            suggestion = (" (a comma inside {...} separates fields: quote a figure with a thousands "
                          "separator, value: '1,586.9亿元')")
        elif hint:
            suggestion = f" (did you mean {hint[0]!r}?)"
        else:
            suggestion = f"; known fields: {', '.join(known)}" if known else ""
        return f"unknown field {field!r} in {'.'.join(path[:-1]) or 'file'}{suggestion}"
    if kind == "string_pattern_mismatch" and path and path[-1] == "[key]":
        return (
            f"id {path[-2]!r} in {'.'.join(path[:-2])} is not an identifier: ASCII letters, digits and _, "
            "not starting with a digit"
        )
    if kind == "missing":
        return f"missing required field {field!r} in {'.'.join(path[:-1]) or 'file'}"
    if kind in ("string_too_short", "too_short") and isinstance(err.get("input"), str):
        return f"{where}: empty; write the {'figure' if field == 'value' else field} here"
    if kind == "string_type" and err.get("input") is None:
        return f"{where}: empty; write the {'figure' if field == 'value' else field} here"
    if kind == "string_type":
        return f"{where}: expected text, got {type(err.get('input')).__name__} (quote it)"
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{where}: {msg}"


def dump(claim_file: ClaimFile) -> str:
    """The claim file as YAML that :func:`loads` reads back to an equal :class:`ClaimFile`."""
    import yaml

    data = claim_file.model_dump(mode="json", exclude_defaults=True)
    data = {"claimcheck": claim_file.claimcheck, **{k: v for k, v in data.items() if k != "claimcheck"}}
    for cid, claim in data.get("claims", {}).items():
        data["claims"][cid] = {"value": claim.pop("value"), **claim}
    return yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=4096)


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
_DUMPER: Any = None


def _dumper() -> Any:
    """A safe dumper that double-quotes (with escapes) strings holding Unicode line breaks (NEL,
    LS, PS), which plain or single-quoted YAML would fold into spaces."""
    global _DUMPER
    if _DUMPER is None:
        import yaml

        class _Dumper(yaml.SafeDumper):
            pass

        def text(dumper: Any, value: str) -> Any:
            style = '"' if any(ch in value for ch in _LINE_BREAKS) else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        _Dumper.add_representer(str, text)
        _DUMPER = _Dumper
    return _DUMPER
