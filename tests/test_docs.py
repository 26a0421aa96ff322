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


def test_tutorial_file_is_the_committed_example() -> None:
    example = (ROOT / "docs" / "examples" / "trade.yaml").read_text("utf-8")
    yaml_blocks = [b for page, _, b in blocks("yaml") if page.name == "tutorial.md"]
    assert yaml_blocks[-1] == example
    draft = yaml_blocks[0].split("\n", 1)[1]  # after its comment line
    assert draft == example.replace("    expect: inconsistent\n", "")


def test_tutorial_commands_run_as_described(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    exe = shutil.which("claimcheck") or str(Path(sys.executable).with_name("claimcheck"))
    commands = [line for page, _, b in blocks("sh") if page.name == "tutorial.md" for line in b.splitlines()]
    assert commands and all(c.startswith("claimcheck ") for c in commands)
    for command in commands:
        args = command.split()[1:]
        args = [a.replace("sarif:claimcheck.sarif", f"sarif:{tmp_path / 'c.sarif'}")
                 .replace("junit:claimcheck.xml", f"junit:{tmp_path / 'c.xml'}") for a in args]
        r = subprocess.run([exe, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
        assert r.returncode == 0, (command, r.stdout, r.stderr)


def test_format_reference_lists_every_field_of_the_schema() -> None:
    from claimcheck.files.model import ClaimFile

    text = (ROOT / "docs" / "format.md").read_text("utf-8")
    schema = ClaimFile.model_json_schema()
    sections = [schema, *(schema["$defs"][name] for name in ("Claim", "Rule", "Reading", "Document", "Policy"))]
    for section in sections:
        for field in section["properties"]:
            assert f"`{field}`" in text, f"docs/format.md does not document {field!r}"


def test_readme_shows_what_the_command_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import main

    shown = next(text for page, _, text in blocks("text")
                 if page.name == "README.md" and text.startswith("claims/example.yaml"))
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["verify", "claims/example.yaml", "--no-color"])
    assert result.exit_code == 0
    assert result.output.startswith(shown)


def test_tutorial_excerpt_of_the_first_report_is_what_the_command_prints(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimcheck.cli import main

    draft = next(b for page, _, b in blocks("yaml") if page.name == "tutorial.md").split("\n", 1)[1]
    (tmp_path / "trade.yaml").write_text(draft, "utf-8")
    shown = next(text for page, _, text in blocks("text")
                 if page.name == "tutorial.md" and "UNEXPECTED" in text)
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "trade.yaml"), "--no-color"])
    assert result.exit_code == 1
    printed = iter(result.output.splitlines())
    for line in shown.strip("\n").splitlines():
        assert any(line == p for p in printed), f"not printed (in this order): {line!r}"
