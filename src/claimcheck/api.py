"""The public entry points that span layers: loading with rules compiled, and verifying."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .files import loader
from .files.model import ClaimFile
from .rules.compiler import CompiledFile, compile_file
from .suggest.results import Suggestions
from .tables.results import TableReport
from .verify.results import Report


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while claimcheck builds and checks a file.

    A large file means hundreds of thousands of small objects, and the collector would walk all
    of them again and again (a third of the time of loading a 100k-claim yearbook) looking for
    reference cycles that claimcheck does not create (a test checks that verifying leaves none).
    The collector's previous state is restored on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compiled(claim_file: ClaimFile) -> CompiledFile:
    """The claim file's compiled rules: compiled once, then kept with the file for as long as its
    content is the same (a claim replaced, a rule added or a copy with other values is compiled
    again, with its figures read again)."""
    key = claim_file.content_key()
    kept = claim_file._compiled
    if kept is not None and kept[0] == key:
        found = kept[1]
    else:
        if kept is not None:
            claim_file._readings = {}  # the readings were of the old content
        found = compile_file(claim_file)
        claim_file._compiled = (key, found)
    assert isinstance(found, CompiledFile)
    return found


def extract(text: str, *, source: str | Path | None = None, year: int | None = None,
            relative_to: str | Path | None = None, suggest: int = 0) -> str:
    """A draft claim file (YAML) for an article's ``text``: every figure exactly as written, its
    quote, line and guessed period; years, dates, plan names and ordinals left out (listed in
    comments). With ``source`` (the article's path) the header names it with its SHA-256
    (relative to ``relative_to``, the draft's folder, when given). With ``suggest`` = N, the N best
    candidate rules over the drafted claims fill its ``rules:`` (and the near misses follow as
    comments): a first draft of the whole document."""
    from .extraction.draft import extract as draft_of

    draft = draft_of(text, source=source, year=year, relative_to=relative_to)
    if not suggest:
        return draft
    from .suggest.results import with_rules
    from .suggest.suggester import suggest as propose

    return with_rules(draft, propose(loads(draft, name="<draft>"), top=suggest))


def check_table(source: str | Path, *, engine: str = "polars", frame: object = None,
                semantics: str | None = None) -> TableReport:
    """Check every row of a table against the rules of a table check file: per rule, validate's
    summary (items, passes, fails, NA) and the failing rows by key. ``engine`` is polars (default),
    duckdb, dask or python; ``frame`` (a polars or pandas DataFrame) replaces the file's table;
    ``semantics`` ("rounding" or "validate") replaces the file's."""
    from .tables.run import check_table as run

    return run(source, engine=engine, frame=frame, semantics=semantics)


def suggest(source: ClaimFile | str | Path, *, top: int = 20, near_slack: float = 3.0) -> Suggestions:
    """Candidate rules over the claims of a claim file (loaded or given by path): the ``top`` that
    hold, ranked by the expected number of matches as good by chance (after the text's cues), each
    confirmed by the exact verifier; and the near misses, whose slack is above 1 and at most
    ``near_slack`` (possible findings). ``.to_yaml()`` writes them as rules ready to paste."""
    from .suggest.suggester import suggest as propose

    claim_file = load(source) if isinstance(source, str | Path) else source
    with paused_collector():
        return propose(claim_file, top=top, near_slack=near_slack)


def load(path: str | Path) -> ClaimFile:
    """Read a claim file and compile its rules: every error names the file, line and column."""
    with paused_collector():
        claim_file = loader.load(path)
        compiled(claim_file)
    return claim_file


def loads(text: str | bytes, name: str = "<string>") -> ClaimFile:
    """Like :func:`load`, from text or bytes; ``name`` is used in errors."""
    with paused_collector():
        claim_file = loader.loads(text, name=name)
        compiled(claim_file)
    return claim_file


def verify(
    *sources: ClaimFile | str | Path, jobs: int = 1, fail_on: str | None = None, article: str | Path | None = None
) -> Report:
    """Verify claim files (loaded or given by path): a verdict, grade, slack, implied intervals,
    suspects and the closest fix for every rule, and the conflicts between rules that hold only
    one by one.

    ``jobs`` > 1 shares out the rules of a large file (thousands of checks) among that many
    processes (on Linux); the report is the same. ``fail_on`` (``"minor"`` or ``"major"``)
    overrides each file's ``policy.fail_on``: with ``"major"``, minor findings are not failures.
    ``article`` (a path) is the source text every quote and value is checked against; without it,
    a file's ``document.source`` is, when it names one."""
    if fail_on not in (None, "minor", "major"):
        raise ValueError(f"fail_on is 'minor' or 'major', not {fail_on!r}")
    from .verify.verifier import make_report, verify_compiled

    files = []
    for src in sources:
        claim_file = load(src) if isinstance(src, str | Path) else src
        with paused_collector():
            text = loader.read_article(claim_file, article)
            files.append(verify_compiled(compiled(claim_file), jobs=jobs, fail_on=fail_on, article=text))
    return make_report(files)
