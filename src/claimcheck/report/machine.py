"""Machine-readable reports: JSON (the report model), JUnit XML, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from ..files.model import Expect
from ..verify.results import Conflict, FileReport, InputProblem, ReadingResult, Report, RuleResult, Verdict
from .text import about_the_unexpected, bounds_text, fix_text, localisation_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/claimcheck/"


def to_json(report: Report) -> str:
    """The report model as JSON; exact numbers are decimal strings."""
    return report.model_dump_json(indent=2) + "\n"


def describe(rule: RuleResult | ReadingResult, written: Mapping[str, str] | None = None) -> str:
    """One sentence on an unexpected verdict, for annotations and test failures; ``written`` (claim
    id -> figure as written) shows needed values in each figure's own scale (亿, billion)."""
    recorded = f" (recorded: {rule.expected.value})" if rule.expected else ""
    grade = f" ({rule.grade})" if rule.grade else ""
    text = f"verdict {rule.verdict.value}{grade}{recorded}"
    if rule.verdict == Verdict.INCONSISTENT:
        if rule.grade == "minor" and rule.holds_if:
            text += f"; minor: {rule.holds_if}"
        if rule.fix is not None:
            text += f"; fix: {fix_text(rule.fix)}"
        if rule.slack == "inf":
            text += "; no widening of the tolerances makes it hold"
        elif rule.slack:
            text += f"; the tolerances would have to be {rule.slack}× as wide"
        if rule.suspects:
            s = rule.suspects[0]
            needs = ", ".join(f"{b.claim} in {bounds_text(b, (written or {}).get(b.claim, ''))}" for b in s.needed)
            text += f"; first suspect: {' + '.join(s.claims)} (would need {needs})"
    return text


def written_figures(f: FileReport) -> dict[str, str]:
    """Each claim's figure as written, by claim id (for :func:`describe`)."""
    return {c.id: c.value for c in f.claims}


UNEXPECTED_VERDICT = "unexpected-verdict"
JOINT_CONFLICT = "joint-conflict"
INVALID_INPUT = "invalid-input"
LIKELY_WRONG = "likely-wrong-claim"
TOLERATED_MINOR = "tolerated-minor-finding"
PROVENANCE = "not-in-the-article"


def unexpected(f: FileReport) -> list[tuple[str, str, int | None, str, str]]:
    """(kind, title, line, message, level) for every unexpected verdict and joint conflict of a
    file, and every tolerated minor finding. The level is ``error``, or ``warning`` for a minor
    finding (unexpected or tolerated)."""
    found = []
    written = written_figures(f)
    for rule in f.rules:
        for r in rule.checks():
            tolerated = r.ok and r.verdict == Verdict.INCONSISTENT and r.expected == Expect.CONSISTENT
            if r.ok and not tolerated:
                continue
            title = f"{rule.id}.{r.id}" if isinstance(r, ReadingResult) and r.id else rule.id
            level = "warning" if r.grade == "minor" else "error"
            kind = TOLERATED_MINOR if tolerated else UNEXPECTED_VERDICT
            found.append((kind, title, r.line or rule.line, f"{r.check}: {describe(r, written)}", level))
    for c in f.conflicts:
        if not c.ok:
            found.append((JOINT_CONFLICT, " + ".join(c.rules), _conflict_line(f, c), c.message, "error"))
    for p in f.provenance:
        found.append((PROVENANCE, p.claim, p.line, p.message, "error"))
    return found


def _conflict_line(f: FileReport, c: Conflict) -> int | None:
    lines = [r.line for r in f.rules if r.id in c.rules and r.line is not None]
    return min(lines) if lines else None


def to_junit(report: Report) -> str:
    """JUnit XML: a test suite per file, a test case per rule (a failure when unexpected)."""
    root = ET.Element(
        "testsuites", name="claimcheck", tests=str(report.summary.rules),
        failures=str(report.summary.unexpected + report.summary.unexpected_conflicts
                     + sum(1 for f in report.files if f.provenance)),
    )
    for f in report.files:
        written = written_figures(f)
        failures = sum(1 for r in f.rules if not r.ok) + sum(1 for c in f.conflicts if not c.ok) + bool(f.provenance)
        suite = ET.SubElement(
            root, "testsuite", name=_xml_text(f.path), tests=str(len(f.rules) + len(f.conflicts) + bool(f.provenance)),
            failures=str(failures), errors="0",
        )
        for rule in f.rules:
            case = ET.SubElement(suite, "testcase", classname=_xml_text(f.path), name=rule.id)
            case.set("file", _xml_text(f.path))
            if rule.line:
                case.set("line", str(rule.line))
            tolerated = [r for r in rule.checks() if r.ok and r.verdict == Verdict.INCONSISTENT
                         and r.expected == Expect.CONSISTENT]
            if tolerated:  # a minor finding only major ones fail on: passing, but said
                out = ET.SubElement(case, "system-out")
                out.text = _xml_text("\n".join(f"tolerated minor finding: {p.check}: {describe(p, written)}"
                                                for p in tolerated))
            if not rule.ok:
                problems = [r for r in rule.checks() if not r.ok]
                message = "; ".join(
                    (f"reading {p.id}: " if isinstance(p, ReadingResult) and p.id else "") + describe(p, written)
                    for p in problems
                )
                fail = ET.SubElement(case, "failure", message=_xml_text(message), type="unexpected verdict")
                fail.text = _xml_text("\n".join(f"{p.check}: {describe(p, written)}" for p in problems))
        for c in f.conflicts:
            case = ET.SubElement(suite, "testcase", classname=_xml_text(f.path), name="joint: " + " + ".join(c.rules))
            if not c.ok:
                ET.SubElement(case, "failure", message=_xml_text(c.message), type="joint conflict")
        if f.provenance:
            case = ET.SubElement(suite, "testcase", classname=_xml_text(f.path), name="provenance")
            fail = ET.SubElement(case, "failure", message=_xml_text(f.provenance[0].message), type="provenance")
            fail.text = _xml_text("\n".join(p.message for p in f.provenance))
    by_path: dict[str, list[InputProblem]] = {}
    for e in report.errors:
        by_path.setdefault(e.path, []).append(e)
    for path, located in by_path.items():
        suite = ET.SubElement(root, "testsuite", name=_xml_text(path), tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", classname=_xml_text(path), name="load")
        err = ET.SubElement(case, "error", message=_xml_text(located[0].message), type="invalid input")
        err.text = _xml_text("\n".join(_located(p) for p in located))
    root.set("errors", str(len(by_path)))
    root.set("tests", str(sum(int(suite.get("tests", "0")) for suite in root)))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _located(p: InputProblem) -> str:
    where = ":".join(str(x) for x in (p.path, p.line, p.column) if x is not None)
    return f"{where}: {p.message}"


def _xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (control characters, lone surrogates)."""
    return "".join(
        ch if ch in "\t\n\r" or (ch >= " " and not "\ud800" <= ch <= "\udfff" and ch not in "\ufffe\uffff")
        else "\ufffd" for ch in text
    )


def to_sarif(report: Report, version: str) -> str:
    """SARIF 2.1.0: one result per unexpected verdict or conflict, at its YAML line."""
    results = []
    for f in report.files:
        for kind, title, line, message, level in unexpected(f):
            location: dict[str, object] = {"artifactLocation": {"uri": _uri(f.path)}}
            if line:
                location["region"] = {"startLine": line}
            results.append({
                "ruleId": kind,
                "level": level,
                "message": {"text": f"{title}: {message}"},
                "locations": [{"physicalLocation": location}],
            })
        claims = {c.id: c for c in f.claims}
        for loc in f.localisations:
            if not about_the_unexpected(f, loc):
                continue  # recorded findings are not news to a CI run
            for cid in loc.claims:
                location = {"artifactLocation": {"uri": _uri(f.path)}}
                if claims[cid].line:
                    location["region"] = {"startLine": claims[cid].line}
                results.append({
                    "ruleId": LIKELY_WRONG,
                    "level": "note",
                    "message": {"text": localisation_text(loc, claims)},
                    "locations": [{"physicalLocation": location}],
                })
    for e in report.errors:
        location = {"artifactLocation": {"uri": _uri(e.path)}}
        if e.line:
            location["region"] = {"startLine": e.line, **({"startColumn": e.column} if e.column else {})}
        results.append({
            "ruleId": INVALID_INPUT,
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": location}],
        })
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claimcheck",
                "version": version,
                "informationUri": INFORMATION_URI,
                "rules": [
                    {"id": UNEXPECTED_VERDICT, "shortDescription": {
                        "text": "A rule's verdict differs from the finding recorded with expect:"}},
                    {"id": JOINT_CONFLICT, "shortDescription": {
                        "text": "Rules that hold one by one cannot all hold at once"}},
                    {"id": INVALID_INPUT, "shortDescription": {
                        "text": "A claim file that cannot be read or compiled"}},
                    {"id": TOLERATED_MINOR, "shortDescription": {
                        "text": "A minor finding, tolerated because only major ones fail this run"}},
                    {"id": PROVENANCE, "shortDescription": {
                        "text": "A claim whose quote is not in the article, or whose value is not in its quote"}},
                    {"id": LIKELY_WRONG, "shortDescription": {
                        "text": "The fewest claims whose change lets every rule of a group hold"}},
                ],
            }},
            "results": results,
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    """A file path as a SARIF artifact URI (relative paths stay relative, percent-encoded)."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/:")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: Report) -> str:
    """GitHub Actions workflow commands: an ``::error`` annotation per unexpected verdict."""
    lines = []
    for f in report.files:
        for _, title, line, message, level in unexpected(f):
            props = f"file={_escape_property(f.path)}"
            if line:
                props += f",line={line}"
            props += f",title={_escape_property('claimcheck: ' + title)}"
            lines.append(f"::{level} {props}::{_escape_data(message)}")
    for e in report.errors:
        props = f"file={_escape_property(e.path)}"
        if e.line:
            props += f",line={e.line}"
            if e.column:
                props += f",col={e.column}"
        props += f",title={_escape_property('claimcheck: invalid input')}"
        lines.append(f"::error {props}::{_escape_data(e.message)}")
    s = report.summary
    lines.append(
        f"::notice title=claimcheck::{s.rules} rules in {s.files} file(s): {s.consistent} consistent, "
        f"{s.inconsistent} inconsistent ({s.major} major, {s.minor} minor), {s.unexpected} unexpected, "
        f"{s.conflicts} joint conflicts"
    )
    return "\n".join(lines) + "\n"


def to_markdown_summary(report: Report) -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY`` (GitHub shows only a few annotations)."""
    s = report.summary
    out = [
        "## claimcheck",
        "",
        f"{'✅ every verdict as recorded' if report.ok else '❌ unexpected verdicts or invalid input'} — "
        f"{s.files} file(s), {s.invalid} invalid, "
        f"{s.claims} claims, {s.rules} rules: {s.consistent} consistent, {s.inconsistent} inconsistent, "
        f"{s.unexpected} unexpected, {s.conflicts} joint conflicts",
        "",
        "| file | line | rule | verdict | recorded | slack |",
        "|---|---|---|---|---|---|",
    ]
    for f in report.files:
        for rule in f.rules:
            for r in rule.checks():
                rid = rule.id if not isinstance(r, ReadingResult) or r.id is None else f"{rule.id}.{r.id}"
                mark = "" if r.ok else " ❌"
                expected = r.expected.value if r.expected else ""
                verdict = r.verdict.value + (f" ({r.grade})" if r.grade else "") + mark
                cells = [f.path, str(r.line or rule.line or ""), rid, verdict, expected, r.slack or ""]
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        for c in f.conflicts:
            verdict = "joint conflict" if c.found else "no joint conflict"
            recorded = "joint conflict" if c.expected else ""
            out.append(f"| {f.path} | | {' + '.join(c.rules)} | {verdict}{'' if c.ok else ' ❌'} | {recorded} | |")
    for e in report.errors:
        message = e.message.replace("|", "\\|")
        out.append(f"| {e.path} | {e.line or ''} | (file) | invalid input ❌: {message} | | |")
    return "\n".join(out) + "\n"
