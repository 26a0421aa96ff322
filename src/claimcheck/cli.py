"""The ``claimcheck`` command: verify claim files, print their schema.

Exit codes: 0 every verdict as expected; 1 some verdict unexpected; 2 invalid input
(``file:line:column: message`` on stderr). Nothing ends in a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import ClaimcheckError

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_INVALID = 2


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file()))
        elif any(ch in raw for ch in "*?["):
            files.extend(sorted(Path().glob(raw)))
        else:
            files.append(p)
    return files


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimcheck")
def main() -> None:
    """Numerical fact-checking: are the reported numbers consistent with each other?"""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--quiet", "-q", is_flag=True, help="Print only what is unexpected.")
def verify(paths: tuple[str, ...], quiet: bool) -> None:
    """Verify claim files (files, directories or globs)."""
    from .api import load
    from .formats.text import render
    from .verifier import make_report, verify_compiled

    status = EXIT_OK
    reports = []
    for path in _expand(paths):
        try:
            claim_file = load(path)
            from .api import compiled

            reports.append(verify_compiled(compiled(claim_file)))
        except ClaimcheckError as exc:
            for problem in getattr(exc, "problems", [exc]):
                click.echo(f"error: {problem}", err=True)
            status = EXIT_INVALID
    report = make_report(reports)
    styled = sys.stdout.isatty()
    click.echo(render(report, style=click.style if styled else _plain, quiet=quiet), nl=False)
    if status == EXIT_OK and not report.ok:
        status = EXIT_UNEXPECTED
    sys.exit(status)


def _plain(text: str, **_: object) -> str:
    return text


@main.command()
def schema() -> None:
    """Print the JSON Schema of the claim file format."""
    from .model import ClaimFile

    click.echo(json.dumps(ClaimFile.model_json_schema(), ensure_ascii=False, indent=2))
