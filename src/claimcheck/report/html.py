"""The HTML report: the article with every claimed figure marked where it stands, for an editor.

One self-contained page per claim file: inline CSS and JS under a Content-Security-Policy that
allows only them (by hash) and nothing from the network. The page is made from Jinja2 templates
(``report/templates``) with autoescaping, so values, quotes and notes are always text; the data the
script shows on hover and click travels as JSON in a ``<script type="application/json">`` block and
is put into the page with ``textContent`` only. Several files give one page each plus an index.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..verify.results import ClaimResult, FileReport, ReadingResult, Report, RuleResult
from .text import bounds_text, fix_text, interval_text

#: The worst verdict on a figure, in order of severity: what colours its mark.
SEVERITY = ("major", "minor", "consistent", "unchecked")


@dataclass(frozen=True)
class Page:
    """What a file's page needs beyond its verification: the article and each rule's steps."""

    report: FileReport
    article: str | None = None
    explanations: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimcheck.report", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return resources.files("claimcheck.report").joinpath("templates", name).read_text("utf-8")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` block or open a comment: ``<``, ``>`` and ``&``
    written as escapes (JSON.parse reads them back)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _verdict(r: RuleResult | ReadingResult) -> str:
    if r.verdict.value == "inconsistent":
        return r.grade or "major"
    return r.verdict.value


def _worst(verdicts: list[str]) -> str:
    known = [v for v in verdicts if v in SEVERITY]
    return min(known, key=SEVERITY.index) if known else "unchecked"


def _flat_positions(text: str) -> tuple[str, list[int]]:
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def figure_spans(article: str, claims: list[ClaimResult]) -> list[tuple[int, int, str]]:
    """Where each claim's figure stands in the article: its quote found with white space ignored,
    then its value inside the quote. Overlapping figures keep the first; claims not found are left
    out (provenance reports them)."""
    flat, where = _flat_positions(article)
    spans: list[tuple[int, int, str]] = []
    for c in claims:
        if not c.quote:
            continue
        quote = "".join(c.quote.split())
        value = "".join(c.value.split())
        at = flat.find(quote)
        inside = quote.find(value) if at >= 0 else -1
        if at < 0 or inside < 0 or not value:
            continue
        start, end = where[at + inside], where[at + inside + len(value) - 1] + 1
        spans.append((start, end, c.id))
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _pieces(article: str, spans: list[tuple[int, int, str]]) -> list[dict[str, str | None]]:
    """The article as text pieces, each a figure (with its claim) or the text between."""
    out: list[dict[str, str | None]] = []
    pos = 0
    for start, end, cid in spans:
        if start > pos:
            out.append({"text": article[pos:start], "claim": None})
        out.append({"text": article[start:end], "claim": cid})
        pos = end
    if pos < len(article):
        out.append({"text": article[pos:], "claim": None})
    return out


def _checks(rule: RuleResult) -> list[RuleResult | ReadingResult]:
    return list(rule.readings) if rule.readings else [rule]


def _rule_data(rule: RuleResult, claims: dict[str, ClaimResult], explanation: str | None) -> dict[str, Any]:
    checks: list[dict[str, Any]] = []
    for r in _checks(rule):
        checks.append({
            "reading": r.id if isinstance(r, ReadingResult) else None,
            "check": r.check or "", "verdict": _verdict(r), "ok": r.ok, "slack": r.slack,
            "expected": str(r.expected.value) if r.expected is not None else None,
            "implied": [f"{b.claim}: {bounds_text(b, claims[b.claim].value if b.claim in claims else '')}"
                        for b in r.implied],
            "suspects": [" + ".join(s.claims) + (f" ({s.distance}× its half-width away)" if s.distance else "")
                         for s in r.suspects],
            "fix": fix_text(r.fix) if r.fix else None, "holds_if": r.holds_if,
        })
    worst = _worst([str(c["verdict"]) for c in checks])
    return {"id": rule.id, "note": rule.note, "claims": rule.claims, "verdict": worst, "ok": rule.ok,
            "checks": checks, "explain": explanation or ""}


def page_context(page: Page, *, index: str | None = None) -> dict[str, Any]:
    """Everything the page template shows, as plain data."""
    f = page.report
    claims = {c.id: c for c in f.claims}
    rules = [_rule_data(r, claims, page.explanations.get(r.id)) for r in f.rules]
    of_claim: dict[str, list[str]] = {cid: [] for cid in claims}
    for r in rules:
        for cid in r["claims"]:
            of_claim.setdefault(cid, []).append(r["id"])
    verdict_of = {r["id"]: r["verdict"] for r in rules}
    claim_data = {
        c.id: {"id": c.id, "value": c.value, "interval": interval_text(c), "quote": c.quote or "",
               "qualifier": c.qualifier, "rules": of_claim.get(c.id, []),
               "verdict": _worst([verdict_of[r] for r in of_claim.get(c.id, [])])}
        for c in f.claims
    }
    counts = {v: sum(1 for r in rules if r["verdict"] == v) for v in SEVERITY[:3]}
    likely = [{"claims": loc.claims, "explains": loc.explains, "failing": loc.failing} for loc in f.localisations
              if loc.claims]
    spans = figure_spans(page.article, f.claims) if page.article else []
    marked = {cid for _, _, cid in spans}
    table = page.article is None
    anchors = {cid: f"mark-{cid}" if (table or cid in marked) else f"claim-{cid}" for cid in claim_data}
    labels = {cid: f"{c['value']}: {c['verdict']}; {c['interval']}" for cid, c in claim_data.items()}
    cjk = sum(1 for ch in (page.article or f.title or "") if "\u4e00" <= ch <= "\u9fff")
    return {
        "lang": "zh" if cjk else "en", "anchors": anchors, "labels": labels,
        "verdicts": {cid: c["verdict"] for cid, c in claim_data.items()},
        "unmarked": [c for cid, c in claim_data.items() if not table and cid not in marked],
        "title": f.title or f.path, "path": f.path, "ok": f.ok, "counts": counts, "likely": likely,
        "rules": rules, "claims": list(claim_data.values()),
        "pieces": _pieces(page.article, spans) if page.article else None,
        "marked": len(spans), "provenance": [p.message for p in f.provenance],
        "conflicts": [c.message for c in f.conflicts if c.found and not c.expected],
        "data": _json_for_script({"claims": claim_data, "rules": {r["id"]: r for r in rules}}), "index": index,
    }


def _document(body_template: str, context: dict[str, Any]) -> str:
    css, js = _asset("report.css"), _asset("report.js")
    policy = (f"default-src 'none'; style-src '{_hash(css)}'; script-src '{_hash(js)}'; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    return str(_environment().get_template(body_template).render(css=css, js=js, policy=policy, **context))


def render_page(page: Page, *, index: str | None = None) -> str:
    """One file's page: the article marked up (or a table of claims), the summary and the rules."""
    return _document("page.html.j2", page_context(page, index=index))


def render_index(report: Report, pages: list[tuple[str, Page]]) -> str:
    """The index of a run over several files: each file with its counts, linked to its page."""
    entries = []
    for href, page in pages:
        ctx = page_context(page)
        entries.append({"href": href, "title": ctx["title"], "path": ctx["path"], "ok": ctx["ok"],
                        "counts": ctx["counts"]})
    errors = [f"{e.path}:{e.line or ''}: {e.message}" for e in report.errors]
    return _document("index.html.j2", {"entries": entries, "errors": errors, "ok": report.ok})


def render(report: Report, pages: list[Page], name: str = "report.html") -> dict[str, str]:
    """The pages of a run, by file name: ``name`` itself for one claim file; for several, ``name``
    is the index and each file's page is ``<name>-<n>.html`` beside it."""
    if len(pages) == 1 and not report.errors:
        return {name: render_page(pages[0])}
    stem = name[:-5] if name.endswith(".html") else name
    named = [(f"{stem}-{i + 1}.html", page) for i, page in enumerate(pages)]
    out = {href: render_page(page, index=name) for href, page in named}
    out[name] = render_index(report, named)
    return out


__all__ = ["SEVERITY", "Page", "figure_spans", "page_context", "render", "render_index", "render_page"]
