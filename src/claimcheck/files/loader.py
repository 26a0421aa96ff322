"""Reading claim files: the text checked, composed with locations, validated by the models.

Files over :data:`MAX_FILE_BYTES`, UTF-16/32 and other non-UTF-8 bytes are refused with a
:class:`~claimcheck.errors.ClaimFileError` that names the file, line and column; so is anything
:mod:`.syntax` or the models refuse. :func:`dump` writes a claim file back as YAML.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ClaimFileError, printable_path
from .messages import validation_error
from .model import ClaimFile
from .syntax import Converter, check_flow_depth, compose

#: Largest claim file read, in bytes (a 100,000-claim yearbook is about 20 MB).
MAX_FILE_BYTES = 128 * 1024 * 1024


_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16",
}


def load(path: str | Path) -> ClaimFile:
    """Read and validate the claim file at ``path``; errors name the file, line and column."""
    name = printable_path(path)
    try:
        mode = os.stat(path).st_mode  # a FIFO or a device would block a plain open()
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
            raise ClaimFileError(f"cannot read file: it is {kind}, not a claim file", file=name)
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except ClaimFileError:
        raise
    except (OSError, ValueError) as exc:  # ELOOP (a symbolic link loop), ENOENT, EACCES; NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ClaimFileError(f"cannot read file: {reason}", file=name) from None
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
    check_flow_depth(text, name)
    converter = Converter(name, text)
    data, locations = converter.convert(compose(text, name))  # the node tree is freed here
    if not isinstance(data, dict):
        raise ClaimFileError("a claim file is a mapping that starts with 'claimcheck: 1'", file=name, line=1)
    if "claimcheck" not in data:
        raise ClaimFileError("not a claim file: 'claimcheck: 1' is missing", file=name, line=1, column=1)
    try:
        claim_file = ClaimFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, name, locations) from None
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


def read_article(claim_file: ClaimFile, source: str | Path | None = None) -> str | None:
    """The text of the article the claims come from: ``source`` when given, else the file's
    ``document.source`` (relative to the claim file); ``None`` when neither names one."""
    named = source if source is not None else (claim_file.document.source if claim_file.document else None)
    if named is None:
        return None
    path = Path(named) if source is not None else Path(claim_file.source).parent / str(named)
    where = None if source is not None else claim_file.location("document", "source")
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ClaimFileError(f"cannot read the article {printable_path(path)}: {reason}",
                             file=claim_file.source if where else printable_path(path),
                             line=where[0] if where else None, column=where[1] if where else None) from None


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
