"""Every example in the docs runs: Python examples as doctests, claim files are loaded and verified."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import claimcheck

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks(kind: str) -> list[tuple[Path, int, str]]:
    found = []
    for page in PAGES:
        text = page.read_text("utf-8")
        for m in _BLOCK.finditer(text):
            if m.group(1) == kind:
                found.append((page, text.count("\n", 0, m.start()) + 1, m.group(2)))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples(page: Path) -> None:
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0


CLAIM_FILES = [b for b in blocks("yaml") if b[2].lstrip().startswith("claimcheck: 1")]


@pytest.mark.parametrize("block", CLAIM_FILES, ids=lambda b: f"{b[0].name}:{b[1]}")
def test_claim_file_examples_load_and_verify_as_recorded(block: tuple[Path, int, str]) -> None:
    page, line, text = block
    claim_file = claimcheck.loads(text, name=f"{page.name}:{line}")
    report = claimcheck.verify(claim_file)
    assert report.ok, report.model_dump_json(indent=1)


def test_there_are_examples() -> None:
    assert len(CLAIM_FILES) >= 2
