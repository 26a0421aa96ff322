"""Every claim file under claims/ verifies as recorded; the example files under claims/examples/
quote every figure, and each figure's digits occur in its quote."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import claimcheck

CLAIMS = Path(__file__).resolve().parents[1] / "claims"
EXAMPLES = CLAIMS / "examples"

ALL_FILES = sorted(p for pattern in ("*.yaml", "*.yml") for p in CLAIMS.rglob(pattern) if ".table." not in p.name)
EXAMPLE_FILES = sorted(p for pattern in ("*.yaml", "*.yml") for p in EXAMPLES.rglob(pattern)
                       if ".table." not in p.name)  # table check files: tests/test_tables.py

#: A thousands separator: a comma between a digit and a group of exactly three digits.
THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
#: The digits of a written number, with its decimal point.
DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def normalised(text: str) -> str:
    """NFKC, without whitespace and without thousands separators."""
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    return THOUSANDS.sub("", flat)


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(CLAIMS)) for p in paths]


def test_files_found() -> None:
    assert ALL_FILES, "no claim files under claims/"
    assert EXAMPLE_FILES, "no claim files under claims/examples/"


@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_verifies_as_recorded(path: Path) -> None:
    report = claimcheck.verify(path)
    assert report.ok, f"{path}: some verdict differs from its expect:, or the rules conflict jointly"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=ids(EXAMPLE_FILES))
def test_example_values_occur_in_quotes(path: Path) -> None:
    claim_file = claimcheck.load(path)
    assert claim_file.claims
    problems = []
    for claim_id, claim in claim_file.claims.items():
        if not claim.quote:
            problems.append(f"{claim_id}: no quote")
            continue
        value, quote = normalised(str(claim.value)), normalised(claim.quote)
        numbers = DIGITS.findall(value)
        if not numbers:
            problems.append(f"{claim_id}: no digits in value {claim.value!r}")
        for number in numbers:
            if re.search(rf"(?<![0-9.]){re.escape(number)}(?![0-9]|\.[0-9])", quote) is None:
                problems.append(f"{claim_id}: {number} (from {claim.value!r}) not in quote {claim.quote!r}")
    assert not problems, "\n".join(problems)
