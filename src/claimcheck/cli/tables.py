"""The ``claimcheck table`` command: the rules of a table check file over every row of its table."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import EXIT_INVALID, EXIT_OK, EXIT_UNEXPECTED, _guarded, _parse_outputs, _write_atomically, main

if TYPE_CHECKING:
    from ..tables.results import TableReport

_FORMATS = ("text", "json", "junit", "sarif", "github")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--engine", "-e", type=click.Choice(["polars", "duckdb", "dask", "python"]), default="polars",
              show_default=True, help="Where the rows are decided.")
@click.option("--semantics", type=click.Choice(["rounding", "validate"]), default=None,
              help="Override the file's semantics: rounding-aware, or validate's (exact values, tolerance).")
@click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT:FILE", help="Also write a report to FILE.")
@click.option("--compare", "old", type=click.Path(dir_okay=False, exists=True), default=None,
              help="An older version of the table: list the rows whose verdict changed and the new failures.")
@_guarded
def table(path: str, engine: str, semantics: str | None, fmt: str, outputs: tuple[str, ...],
          old: str | None) -> None:
    """Check every row of a CSV or Parquet table against the rules of a table check file.

    Exit status: 0 no row fails, 1 some row fails (with --compare: some new failure), 2 invalid input."""
    from ..tables.results import to_github, to_json, to_junit, to_sarif, to_text
    from ..tables.run import check_table
    from ..version import __version__

    def sarif(report: TableReport) -> str:
        return to_sarif(report, __version__)

    writers: dict[str, Callable[[TableReport], str]] = {"text": to_text, "json": to_json, "junit": to_junit,
                                                         "github": to_github, "sarif": sarif}
    targets = _parse_outputs(outputs)
    if old is not None:
        from ..tables.diff import diff_tables
        from ..tables.spec import load_table_checks

        checks = load_table_checks(path)
        d = diff_tables(checks, Path(old), checks.data_path)
        click.echo(d.model_dump_json(indent=2) if fmt == "json" else d.text(), nl=fmt == "json")
        sys.exit(EXIT_UNEXPECTED if d.new_failures else EXIT_OK)
    report = check_table(path, engine=engine, semantics=semantics)
    click.echo(writers[fmt](report), nl=False)
    status = EXIT_OK if report.ok else EXIT_UNEXPECTED
    for target_fmt, target in targets:
        if target_fmt not in writers:
            click.echo(f"{target}: the {target_fmt} format is not written for tables", err=True)
            status = EXIT_INVALID
            continue
        _write_atomically(Path(target), writers[target_fmt](report))
    sys.exit(status)
