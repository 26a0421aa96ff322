"""The ``claimcheck`` command group and its checking commands (verify, explain, diff, schema).

Exit codes: 0 every verdict as recorded; 1 some verdict unexpected (or a joint conflict; for
``diff``, a change that makes a rule newly unexpected); 2 invalid input, with
``file:line:column: message`` on stderr; 3 an internal error (a bug in claimcheck). Nothing ends
in a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import ClaimcheckError

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3

FORMATS = ("text", "json", "junit", "sarif", "github", "html")
_SUFFIX_FORMATS = {".json": "json", ".xml": "junit", ".sarif": "sarif", ".txt": "text", ".html": "html"}
#: Rules explained step by step in the HTML report: every failing one, and the others up to this many.
HTML_EXPLAINED = 200

F = TypeVar("F", bound=Callable[..., Any])


def _guarded(fn: F) -> F:
    """Turn any escaping exception into a short message and exit code 3, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except ClaimcheckError as exc:
            _print_error(exc)
            sys.exit(EXIT_INVALID)
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as exc:  # the promise is: no traceback, ever
            click.echo(f"claimcheck: internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _print_error(exc: ClaimcheckError) -> None:
    for problem in getattr(exc, "problems", None) or [exc]:
        click.echo(f"{problem}".encode("utf-8", "replace").decode("utf-8"), err=True)


def _expand(paths: tuple[str, ...]) -> tuple[list[Path], list[ClaimcheckError]]:
    """Files, directories (their *.yaml / *.yml, recursively) and globs, in a stable order, each
    file once; a path that names no claim file is a problem, not a silent pass."""
    files: list[Path] = []
    problems: list[ClaimcheckError] = []
    for raw in paths:
        if not raw.strip():
            # `claimcheck verify "$UNSET"` must not verify the current directory
            problems.append(ClaimcheckError("an empty path (an unset variable?): name a file, directory or glob"))
            continue
        p = Path(raw)
        if p.is_dir():
            candidates = sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and ".table." not in q.name)
            found = [q for q in candidates if q.is_file()]
            for q in candidates:
                if q.is_symlink() and not q.exists():
                    problems.append(ClaimcheckError("a symbolic link to nothing (not verified)", file=str(q)))
            if not found:
                problems.append(ClaimcheckError("no claim files (*.yaml, *.yml) in this directory", file=raw))
            files.extend(found)
        elif any(ch in raw for ch in "*?[") and not p.exists():
            matches = sorted(Path().glob(raw)) if not p.is_absolute() else sorted(Path(p.anchor).glob(raw[1:]))
            if not matches:
                problems.append(ClaimcheckError(f"no file matches {raw!r}", file=raw))
            files.extend(matches)
        else:
            files.append(p)
    seen: dict[Path, Path] = {}
    for f in files:
        try:
            key = f.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: the loader says so
            key = f
        seen.setdefault(key, f)
    return list(seen.values()), problems


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimcheck")
def main() -> None:
    """Numerical fact-checking: can the numbers a document reports all be true at once?"""


def run() -> None:
    """The ``claimcheck`` program: :func:`main` without the cyclic garbage collector. A command runs
    once and exits, and the collector would only walk the heap of verdicts again and again (100k
    claims: 55-59 s with it, 51-54 s without, the same 938 MB peak); reference counting still frees
    what it can. (Called in-process, as tests do, :func:`main` leaves the collector alone.)"""
    import gc

    gc.disable()
    main()


def _parse_outputs(outputs: tuple[str, ...]) -> list[tuple[str, str]]:
    result = []
    for spec in outputs:
        fmt, sep, path = spec.partition(":")
        if sep and fmt in FORMATS:
            result.append((fmt, path))
            continue
        if sep and len(fmt) > 1 and fmt.isalpha():  # a misspelt format (C:\... is a drive letter)
            import difflib

            hint = difflib.get_close_matches(fmt, FORMATS, n=1)
            raise click.BadParameter(
                f"{spec!r}: unknown report format {fmt!r}"
                + (f" (did you mean {hint[0]}?)" if hint else f"; formats: {', '.join(FORMATS)}"),
                param_hint="--output",
            )
        guessed = _SUFFIX_FORMATS.get(Path(spec).suffix.lower())
        if guessed is None:
            raise click.BadParameter(
                f"{spec!r}: write FORMAT:FILE (formats: {', '.join(FORMATS)}) or a file ending in "
                f"{', '.join(_SUFFIX_FORMATS)}", param_hint="--output",
            )
        result.append((guessed, spec))
    return result


def render(fmt: str, report: Any, *, colour: bool = False, quiet: bool = False) -> str:
    from ..report import machine, text
    from ..version import __version__

    if fmt == "text":
        return text.render(report, style=click.style if colour else text.plain, quiet=quiet)
    if fmt == "json":
        return machine.to_json(report)
    if fmt == "junit":
        return machine.to_junit(report)
    if fmt == "sarif":
        return machine.to_sarif(report, __version__)
    if fmt == "github":
        return machine.to_github(report)
    raise click.BadParameter(fmt)  # html is written by _html_pages  # pragma: no cover - click.Choice guards this


def _html_pages(report: Any, source: str | None, name: str) -> dict[str, str]:
    """The HTML report's pages: each file read again for its article and its rules' steps."""
    from ..api import compiled, load
    from ..files.loader import read_article
    from ..report.explain import explain
    from ..report.html import Page, render

    pages = []
    for f in report.files:
        claim_file = load(f.path)
        article = read_article(claim_file, source)
        done = compiled(claim_file)
        failing = [r.id for r in f.rules if r.verdict.value != "consistent"]
        others = [r.id for r in f.rules if r.verdict.value == "consistent"][:HTML_EXPLAINED]
        pages.append(Page(f, article, {rid: explain(done, rid, f) for rid in failing + others}))
    return render(report, pages, name)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
              help="What to print on stdout (default: text; github when GITHUB_ACTIONS=true).")
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT:FILE",
              help="Also write a report to FILE (repeatable), e.g. json:report.json, sarif:out.sarif.")
@click.option("--quiet", "-q", is_flag=True, help="Print only what is unexpected.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes to verify with: files in parallel, or the rules of a large file "
                   "(default 0: one per core when there are many files or many rules).")
@click.option("--source", "source", type=click.Path(dir_okay=False), default=None,
              help="The article's text: every quote must be in it and every value in its quote "
                   "(default: each file's document.source, if any).")
@click.option("--fail-on", "fail_on", type=click.Choice(["minor", "major"]), default=None,
              help="Which unexpected findings fail the run: minor (any inconsistency) or major (only those "
                   "that hold at no reasonable reading). Default: each file's policy.fail_on, or minor.")
@_guarded
def verify(paths: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...], quiet: bool,
           color: bool | None, jobs: int, fail_on: str | None, source: str | None) -> None:
    """Verify claim files (files, directories or globs).

    Exit status: 0 every verdict as recorded, 1 something unexpected, 2 invalid input."""
    from ..verify.results import InputProblem
    from ..verify.verifier import make_report

    targets = _parse_outputs(outputs)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    fmt = fmt or ("github" if github else "text")
    files, problems = _expand(paths)
    _refuse_overwriting_inputs(targets, files)
    reports = []
    cores = os.cpu_count() or 1
    workers = jobs or (cores if len(files) >= PARALLEL_FROM else 1)
    show_progress = len(files) > 20 and sys.stderr.isatty()
    # files one at a time: a large file's rules are shared out among the cores instead
    results = _verify_files(files, workers, rule_jobs=jobs or cores, fail_on=fail_on, source=source)
    with click.progressbar(results, length=len(files), label="verifying", file=sys.stderr) if show_progress \
            else _nullbar(results) as bar:
        for result in bar:
            if isinstance(result, list):
                problems.extend(result)
            else:
                reports.append(result)
    for problem in problems:
        click.echo(f"{problem}".encode("utf-8", "replace").decode("utf-8"), err=True)
    errors = [InputProblem(path=p.file or "<input>", line=p.line, column=p.column, message=p.message) for p in problems]
    report = make_report(reports, errors)
    colour = sys.stdout.isatty() if color is None else color
    if fmt == "html":
        pages = _html_pages(report, source, "report.html")
        if len(pages) > 1:
            raise ClaimcheckError("the HTML report of several files is one page each and an index: write it with "
                                  "-o html:FILE")
        click.echo(next(iter(pages.values())), nl=False)
    else:
        click.echo(render(fmt, report, colour=colour, quiet=quiet), nl=False, color=colour)
    status = EXIT_INVALID if problems else (EXIT_OK if report.ok else EXIT_UNEXPECTED)
    for target_fmt, target in targets:
        try:
            if target_fmt == "html":
                for name, page in _html_pages(report, source, Path(target).name).items():
                    _write_atomically(Path(target).with_name(name), page)
            else:
                _write_atomically(Path(target), render(target_fmt, report))
        except OSError as exc:
            click.echo(f"{target}: cannot write the {target_fmt} report: {exc.strerror or exc}", err=True)
            status = max(status, EXIT_INVALID)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if github and summary_file:
        from ..report.machine import to_markdown_summary

        try:
            with open(summary_file, "a", encoding="utf-8", errors="replace") as fh:
                fh.write(to_markdown_summary(report))
        except OSError as exc:
            click.echo(f"{summary_file}: cannot write the step summary: {exc.strerror or exc}", err=True)
    sys.exit(status)


def _refuse_overwriting_inputs(targets: list[tuple[str, str]], files: list[Path]) -> None:
    """A report written over a claim file would destroy it: refuse before anything is written."""
    inputs = set()
    for f in files:
        try:
            inputs.add(f.resolve())
        except (OSError, RuntimeError):
            continue
    for fmt, target in targets:
        try:
            resolved = Path(target).resolve()
        except (OSError, RuntimeError):
            continue
        if resolved in inputs:
            raise click.BadParameter(
                f"{fmt}:{target} would overwrite a claim file being verified", param_hint="--output"
            )


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that the file is either the old one or the whole new one,
    never a truncated mix (a temporary file in the same directory, renamed over it). A target
    that is not a regular file (a pipe, /dev/stdout, a symbolic link to either) is written
    through, as it is."""
    import tempfile

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(text)
        return
    if path.is_symlink():
        path = path.resolve()  # replace the file the link points at, not the link

    directory = path.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


#: With this many files or more, ``verify`` uses one process per core unless ``--jobs`` says otherwise.
PARALLEL_FROM = 8


def _verify_one(path: Path, rule_jobs: int = 1, fail_on: str | None = None, source: str | None = None) -> Any:
    """A file's report, or the list of its input problems (picklable, for worker processes)."""
    from ..api import compiled, load, paused_collector
    from ..files.loader import read_article
    from ..verify.verifier import verify_compiled

    try:
        claim_file = load(path)
        article = read_article(claim_file, source)
        with paused_collector():
            return verify_compiled(compiled(claim_file), jobs=rule_jobs, fail_on=fail_on, article=article)
    except ClaimcheckError as exc:
        return list(getattr(exc, "problems", None) or [exc])


def _verify_files(
    files: list[Path], workers: int, rule_jobs: int = 1, fail_on: str | None = None, source: str | None = None
) -> Iterator[Any]:
    """Reports (or problem lists) in the order of ``files``, computed by ``workers`` processes;
    when the files are verified one after another, by up to ``rule_jobs`` processes each."""
    if workers <= 1 or len(files) < 2:
        yield from (_verify_one(path, rule_jobs, fail_on, source) for path in files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        one = functools.partial(_verify_one, rule_jobs=1, fail_on=fail_on, source=source)
        yield from pool.map(one, files, chunksize=max(1, len(files) // (workers * 8)))


class _nullbar:
    def __init__(self, items: Any) -> None:
        self.items = items

    def __enter__(self) -> Any:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


@main.command()
@click.argument("path")
@click.argument("rule")
@_guarded
def explain(path: str, rule: str) -> None:
    """Show how RULE of the claim file PATH is decided, step by step."""
    from ..api import compiled, load
    from ..report.explain import explain as explain_rule

    claim_file = load(path)
    name, _, reading = rule.partition(".")
    known = claim_file.rules.get(name)
    if known is not None and reading and reading not in (known.readings or {}):
        raise ClaimcheckError(f"rule {name!r} has no reading {reading!r}", file=path)
    if known is None:
        import difflib

        hint = difflib.get_close_matches(rule, list(claim_file.rules), n=1)
        raise ClaimcheckError(f"no rule {rule!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""), file=path)
    click.echo(explain_rule(compiled(claim_file), rule), nl=False)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text")
@_guarded
def diff(old: str, new: str, fmt: str) -> None:
    """Compare two versions of a claim file: changed figures, rules and verdicts.

    Exit status 1 when the change makes a rule newly unexpected (or adds a joint conflict)."""
    from ..api import verify as run
    from ..report.diff import diff_reports, render_diff

    old_file, new_file = _load_pair(old, new)
    changes = diff_reports(old_file, run(old_file), new_file, run(new_file))
    if fmt == "json":
        click.echo(json.dumps(changes, ensure_ascii=False, indent=2))
    else:
        click.echo(render_diff(changes), nl=False)
    sys.exit(EXIT_UNEXPECTED if changes["newly_unexpected"] or changes["new_conflicts"] else EXIT_OK)


def _load_pair(old: str, new: str) -> tuple[Any, Any]:
    from ..api import load

    return load(old), load(new)


@main.command()
@_guarded
def schema() -> None:
    """Print the JSON Schema of the claim file format."""
    from ..files.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
