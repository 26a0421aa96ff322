"""Provenance of claims/qingdao.yaml: every quote is in the source, every value is in its quote,
every rule explains itself, and every verdict is the one recorded."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import claimcheck
from claimcheck.files.model import ClaimFile

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO / "claims" / "qingdao.yaml"
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "sources" / "000_95c7f2554f52cc0a.txt"

CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万亿半"
#: The number inside a written value: Arabic digits (with their magnitude words) or a Chinese numeral.
NUMBER = re.compile(rf"[0-9]+(?:[.,][0-9]+)*[十百千万亿]*|[{CHINESE_NUMERALS}]+")


def flat(text: str) -> str:
    """NFKC with every whitespace character removed (the source breaks lines inside words)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def numbers_in(value: str) -> list[str]:
    return NUMBER.findall(flat(value))


def occurs_as_number(number: str, text: str) -> bool:
    """``number`` occurs in ``text`` and is not part of a longer number there."""
    if number[0].isdigit():
        pattern = rf"(?<![0-9.,]){re.escape(number)}(?![0-9]|[.,][0-9])"
    else:
        pattern = rf"(?<![{CHINESE_NUMERALS}]){re.escape(number)}(?![{CHINESE_NUMERALS}])"
    return re.search(pattern, text) is not None


@pytest.fixture(scope="module")
def claim_file() -> ClaimFile:
    return claimcheck.load(CLAIMS)


@pytest.fixture(scope="module")
def source() -> str:
    if not SOURCE.exists():
        pytest.skip(f"source text not available at {SOURCE}")
    return flat(SOURCE.read_text("utf-8"))


def test_document(claim_file: ClaimFile) -> None:
    doc = claim_file.document
    assert doc is not None
    assert doc.title == "青岛勇立开放潮头"
    assert doc.publisher == "人民日报"
    assert doc.author == "宋晓华"
    assert str(doc.published) == "2020-12-23"
    assert doc.language == "zh"


def test_many_claims(claim_file: ClaimFile) -> None:
    assert len(claim_file.claims) > 60


def test_every_claim_has_a_quote(claim_file: ClaimFile) -> None:
    missing = [cid for cid, c in claim_file.claims.items() if not c.quote]
    assert not missing


def test_quotes_occur_in_source(claim_file: ClaimFile, source: str) -> None:
    missing = {cid: c.quote for cid, c in claim_file.claims.items() if flat(c.quote or "") not in source}
    assert not missing


def test_value_number_occurs_in_quote(claim_file: ClaimFile) -> None:
    problems = {}
    for cid, c in claim_file.claims.items():
        found = numbers_in(c.value)
        quote = flat(c.quote or "")
        if not found or not all(occurs_as_number(n, quote) for n in found):
            problems[cid] = (c.value, found, c.quote)
    assert not problems


def test_value_written_verbatim_unless_completed(claim_file: ClaimFile) -> None:
    """A value needs unit: or qualifier: only where the written form cannot be read as it stands;
    everywhere else the value is a verbatim piece of its quote."""
    problems = {
        cid: (c.value, c.quote)
        for cid, c in claim_file.claims.items()
        if c.unit is None and c.qualifier is None and flat(c.value) not in flat(c.quote or "")
    }
    assert not problems


def test_every_rule_and_reading_has_a_note(claim_file: ClaimFile) -> None:
    missing = [rid for rid, r in claim_file.rules.items() if not (r.note and r.note.strip())]
    missing += [
        f"{rid}.{name}"
        for rid, r in claim_file.rules.items()
        for name, reading in (r.readings or {}).items()
        if not (reading.note and reading.note.strip())
    ]
    assert not missing


def test_every_list_is_counted(claim_file: ClaimFile) -> None:
    counted = {m for r in claim_file.rules.values() for reading in r.alternatives().values()
               for m in re.findall(r"count\(\s*([A-Za-z_]\w*)\s*\)", reading.check)}
    lists = {cid for cid, c in claim_file.claims.items() if c.items}
    assert lists <= counted


def test_verdicts_as_recorded(claim_file: ClaimFile) -> None:
    report = claimcheck.verify(claim_file)
    unexpected = [
        (rule.id, reading.id, reading.verdict, reading.expected)
        for f in report.files
        for rule in f.rules
        for reading in (rule.readings or [rule])
        if not reading.ok
    ]
    assert not unexpected
    assert all(not f.conflicts for f in report.files)
    assert report.ok


def test_the_recorded_inconsistencies(claim_file: ClaimFile) -> None:
    """The page's genuine inconsistencies stay recorded as such."""
    rules = claim_file.rules
    assert rules["trade_average_growth"].expect == "inconsistent"
    readings = rules["sci_leading_share"].readings
    assert readings is not None
    assert readings["all_awards"].expect == "inconsistent"
    assert readings["projects_only"].expect == "consistent"


def test_the_page_is_checked_as_a_source_by_the_verifier() -> None:
    """The checks above, as a user runs them: `verify --source` (or document.source)."""
    if not SOURCE.exists():
        pytest.skip(f"source text not available at {SOURCE}")
    report = claimcheck.verify(CLAIMS, article=SOURCE)
    assert report.files[0].provenance == [] and report.summary.provenance == 0


def test_a_quote_or_value_not_in_the_article_fails_the_run(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("今年1至11月，青岛高附加值机电产品出口\n1586.9亿元，增长16.8%。", "utf-8")
    text = ("claimcheck: 1\ndocument: {source: article.txt}\nclaims:\n"
            "  a: {value: 1586.9亿元, quote: 机电产品出口1586.9亿元}\n"
            "  b: {value: 16.9%, quote: 增长16.8%}\n"
            "  c: {value: 5亿元, quote: 出口5亿元}\n"
            "rules: {}\n")
    path = tmp_path / "claims.yaml"
    path.write_text(text, "utf-8")
    f = claimcheck.verify(path).files[0]
    assert [(p.claim, p.line) for p in f.provenance] == [("b", 5), ("c", 6)]
    assert "not in its quote" in f.provenance[0].message and "not in the article" in f.provenance[1].message
    assert not f.ok
    (tmp_path / "article.txt").unlink()
    with pytest.raises(claimcheck.ClaimcheckError, match="cannot read the article") as info:
        claimcheck.verify(path)
    assert info.value.line == 2
