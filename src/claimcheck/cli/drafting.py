"""The commands that draft a claim file: ``extract`` (claims from an article's text) and
``suggest`` (rules from a file's claims); ``extract --suggest`` does both."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ClaimcheckError
from .app import _guarded, _write_atomically, main


@main.command()
@click.argument("article", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the draft to this file (default: standard output); an existing file is not overwritten.")
@click.option("--year", type=int, default=None, help="The article's year, for 今年 and months without a year.")
@click.option("--suggest", "with_rules", is_flag=True,
              help="Also propose rules over the drafted claims (as `claimcheck suggest` does).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="With --suggest: how many rules to propose.")
@_guarded
def extract(article: str, output: str | None, year: int | None, with_rules: bool, top: int) -> None:
    """Draft a claim file from an article's text: every figure with its quote, line and period."""
    from ..api import extract as draft_of

    path = None if article == "-" else Path(article)
    try:
        text = sys.stdin.read() if path is None else path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ClaimcheckError(f"cannot read the article: {reason}", file=article) from None
    target = None if output is None else Path(output)
    if target is not None and target.exists():
        raise ClaimcheckError("the draft would overwrite an existing file; choose another name", file=output)
    relative = None if target is None else (target.parent if str(target.parent) else Path("."))
    draft = draft_of(text, source=path, year=year, relative_to=relative, suggest=top if with_rules else 0)
    if target is None:
        click.echo(draft, nl=False)
    else:
        _write_atomically(target, draft)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many rules that hold to propose (and at most as many near misses).")
@click.option("--near-slack", type=click.FloatRange(min=1, min_open=True), default=3.0, show_default=True,
              help="List as near misses the candidates that would hold with a slack up to this.")
@_guarded
def suggest(path: str, top: int, near_slack: float) -> None:
    """Propose rules over a claim file's figures: sums, levels, growth, cagr, shares, multiples,
    subsets and lists, ranked by how unlikely each match is by chance; near misses apart."""
    from ..api import suggest as run

    click.echo(run(path, top=top, near_slack=near_slack).to_yaml(), nl=False)
