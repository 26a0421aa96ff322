"""What a table check finds: for each rule, validate's summary (items, passes, fails, NA) and the
failing rows with their keys; and how it is written (text, JSON, JUnit, SARIF, GitHub)."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel, Field

#: Failing rows listed per rule (the counts are always complete).
MAX_LISTED = 100


class FailingRow(BaseModel):
    row: int = Field(description="The row's number in the table, from 1.")
    key: dict[str, str | None] = Field(description="The row's key columns (empty when the table has no key).")
    slack: str | None = Field(None, description="How many times wider every cell's half-width would have to be for "
                              "the row to pass (∞ for exact cells); linear rules over the row's own cells.")
    suspects: list[str] = Field(default_factory=list, description="The columns whose cell alone, changed, would "
                                "make the row pass, nearest first, with the values each would need.")


class RuleSummary(BaseModel):
    rule: str
    check: str
    items: int
    passes: int
    fails: int
    na: int = Field(description="Rows where a cell the rule needs is missing (validate's nNA).")
    line: int | None = None
    note: str | None = None
    failing: list[FailingRow] = Field(default_factory=list, description=f"The first {MAX_LISTED} failing rows.")


class TableReport(BaseModel):
    path: str = Field(description="The table check file.")
    table: str = Field(description="The table it checks.")
    engine: str
    semantics: str
    rows: int
    ok: bool = Field(description="True when no row fails any rule.")
    rules: list[RuleSummary]


def key_text(row: FailingRow) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.key.items()) if row.key else f"row {row.row}"


def why_text(row: FailingRow) -> str:
    parts = [f"slack {row.slack}"] if row.slack else []
    if row.suspects:
        parts.append("suspect: " + row.suspects[0])
    return f"{key_text(row)} ({'; '.join(parts)})" if parts else key_text(row)


def to_text(report: TableReport) -> str:
    out = [f"{report.path}: {report.table}, {report.rows} rows, {report.semantics} semantics ({report.engine})",
           f"  {'rule':<28} {'items':>8} {'passes':>8} {'fails':>8} {'NA':>6}  check"]
    for r in report.rules:
        out.append(f"  {r.rule:<28} {r.items:>8} {r.passes:>8} {r.fails:>8} {r.na:>6}  {r.check}")
    for r in report.rules:
        if r.failing:
            shown = "; ".join(why_text(f) for f in r.failing[:10])
            more = f" and {r.fails - 10} more" if r.fails > 10 else ""
            out.append(f"  ✗ {r.rule} fails on {shown}{more}")
    out.append("every row passes every rule" if report.ok else "some rows fail")
    return "\n".join(out) + "\n"


def to_json(report: TableReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


def to_junit(report: TableReport) -> str:
    cases = []
    for r in report.rules:
        body = ""
        if r.fails:
            rows = "\n".join(why_text(f) for f in r.failing)
            message = quoteattr(f"{r.fails} of {r.items} rows fail: {r.check}")
            body = f"<failure message={message}>{escape(rows)}</failure>"
        cases.append(f'  <testcase classname={quoteattr(report.path)} name={quoteattr(r.rule)}>{body}</testcase>')
    failures = sum(1 for r in report.rules if r.fails)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name={quoteattr(report.path)} '
            f'tests="{len(report.rules)}" failures="{failures}">\n' + "\n".join(cases) + "\n</testsuite>\n")


def to_sarif(report: TableReport, version: str) -> str:
    results = []
    for r in report.rules:
        for f in r.failing:
            results.append({
                "ruleId": r.rule, "level": "error",
                "message": {"text": f"{why_text(f)} fails {r.rule}: {r.check}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": report.path},
                                                    "region": {"startLine": r.line or 1}}}],
            })
    doc = {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
           "runs": [{"tool": {"driver": {"name": "claimcheck", "version": version,
                                         "rules": [{"id": r.rule, "shortDescription": {"text": r.check}}
                                                   for r in report.rules]}},
                     "results": results}]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_github(report: TableReport) -> str:
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for r in report.rules:
        if r.fails:
            rows = "; ".join(key_text(f) for f in r.failing[:20])
            line = f",line={r.line}" if r.line else ""
            lines.append(f"::error file={report.path}{line},title=claimcheck {r.rule}::"
                         + esc(f"{r.fails} of {r.items} rows fail {r.check}: {rows}"))
    return "\n".join(lines) + ("\n" if lines else "")


__all__ = [
    "MAX_LISTED",
    "FailingRow",
    "RuleSummary",
    "TableReport",
    "key_text",
    "to_github",
    "to_json",
    "to_junit",
    "to_sarif",
    "to_text",
    "why_text",
]
