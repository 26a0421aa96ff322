"""End to end: the installed ``claimcheck`` command on real files, in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from claimcheck.verify.results import Report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "claims" / "example.yaml"
EXE = shutil.which("claimcheck") or str(Path(sys.executable).with_name("claimcheck"))

CONSISTENT = """claimcheck: 1
claims:
  a: {value: 2个}
  b: {value: 3个}
  t: {value: 5个}
rules:
  parts_add_up:
    check: a + b == t
    note: the parts add up to the total
"""


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full_env.update(env or {})
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120, check=False)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_exit_0_when_every_verdict_is_as_recorded(tmp_path: Path) -> None:
    r = run("verify", str(write(tmp_path, "ok.yaml", CONSISTENT)))
    assert r.returncode == 0, r.stderr
    assert "parts_add_up: consistent" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_exit_1_when_a_verdict_is_unexpected(tmp_path: Path) -> None:
    r = run("verify", str(write(tmp_path, "bad.yaml", CONSISTENT.replace("5个", "6个"))))
    assert r.returncode == 1
    assert "UNEXPECTED" in r.stdout
    assert "suspect:" in r.stdout


def test_recorded_finding_is_as_recorded() -> None:
    r = run("verify", str(EXAMPLE))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "inconsistent (major) — as recorded" in r.stdout
    assert "slack: 1.342" in r.stdout


def test_quiet_prints_only_what_is_unexpected(tmp_path: Path) -> None:
    ok = write(tmp_path, "ok.yaml", CONSISTENT)
    bad = write(tmp_path, "bad.yaml", CONSISTENT.replace("5个", "6个"))
    r = run("verify", "--quiet", str(ok), str(bad))
    assert r.returncode == 1
    assert "bad.yaml" in r.stdout and "ok.yaml" not in r.stdout


def test_directories_and_globs(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", CONSISTENT)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "two.yml", CONSISTENT)
    r = run("verify", str(tmp_path))
    assert r.returncode == 0 and "2 files" in r.stdout
    r = run("verify", "*.yaml", cwd=tmp_path)
    assert r.returncode == 0 and "1 file," in r.stdout
    r = run("verify", "nothing*.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "no file matches" in r.stderr


def test_json_report_matches_the_model(tmp_path: Path) -> None:
    r = run("verify", "--format", "json", str(EXAMPLE))
    assert r.returncode == 0
    data = json.loads(r.stdout)
    jsonschema.validate(data, Report.model_json_schema())
    report = Report.model_validate(data)
    assert report.summary.rules == 1 and report.summary.inconsistent == 1
    claim = report.files[0].claims[0]
    assert (claim.low, claim.high) == ("619950000000", "620050000000")
    rule = report.files[0].rules[0]
    assert rule.slack == "1.342" and rule.line == 7
    assert isinstance(data["files"][0]["claims"][0]["low"], str)  # exact decimals, never floats


def test_junit_has_one_test_case_per_rule(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", CONSISTENT.replace("5个", "6个"))
    out = tmp_path / "junit.xml"
    r = run("verify", str(EXAMPLE), str(bad), "--output", f"junit:{out}")
    assert r.returncode == 1
    root = ET.parse(out).getroot()
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["trade_average_growth", "parts_add_up"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and "verdict inconsistent" in (failure.get("message") or "")


SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {"driver": {"type": "object", "required": ["name"]}},
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message", "ruleId", "locations"],
                            "properties": {
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation"],
                                                "properties": {
                                                    "artifactLocation": {"type": "object", "required": ["uri"]},
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {"startLine": {"type": "integer", "minimum": 1}},
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_points_at_the_yaml_line(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", CONSISTENT.replace("5个", "6个"))
    out = tmp_path / "out.sarif"
    r = run("verify", str(bad), "-o", str(out))
    assert r.returncode == 1
    sarif = json.loads(out.read_text("utf-8"))
    jsonschema.validate(sarif, SARIF_SUBSET)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "unexpected-verdict"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    # and the claims most likely wrong, each at its own line, as notes
    located = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "likely-wrong-claim"]
    assert located and all(r["level"] == "note" and r["locations"][0]["physicalLocation"]["region"]["startLine"]
                           for r in located)


def test_github_actions_recipe(tmp_path: Path) -> None:
    """What docs/ci.md tells a GitHub workflow to run, run the way Actions runs it."""
    bad = write(tmp_path, "bad.yaml", CONSISTENT.replace("5个", "6个"))
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    r = run("verify", str(bad), str(EXAMPLE), "--output", f"sarif:{tmp_path / 'claimcheck.sarif'}", env=env)
    assert r.returncode == 1
    errors = [line for line in r.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={bad},line=7,title=claimcheck%3A parts_add_up::")
    table = summary.read_text("utf-8")
    assert "| file | line | rule | verdict | recorded | slack |" in table
    assert "parts_add_up | inconsistent (major) ❌" in table
    r = run("verify", str(EXAMPLE), env=env)
    assert r.returncode == 0 and "::error" not in r.stdout


BAD_INPUTS = [
    ("syntax", "claimcheck: 1\nclaims:\n  a: {value: [1}\n", 3),
    ("duplicate claim", "claimcheck: 1\nclaims:\n  a: {value: 1}\n  a: {value: 2}\n", 4),
    (
        "duplicate rule",
        "claimcheck: 1\nclaims:\n  a: {value: 1}\nrules:\n  r: {check: a == 1}\n  r: {check: a == 1}\n",
        6,
    ),
    ("duplicate field", "claimcheck: 1\nclaims:\n  a:\n    value: 1\n    value: 2\n", 5),
    ("unknown field", "claimcheck: 1\nclaims:\n  a:\n    value: 1\n    qoute: x\n", 5),
    ("missing value", "claimcheck: 1\nclaims:\n  a:\n    quote: x\n", 3),
    ("unreadable value", "claimcheck: 1\nclaims:\n  a:\n    value: 5 bananas\n", 4),
    ("unknown unit", "claimcheck: 1\nclaims:\n  a:\n    value: '5'\n    unit: bananas\n", 5),
    ("missing version", "claims:\n  a: {value: 1}\n", 1),
    ("bad version", "claimcheck: 7\nclaims:\n  a: {value: 1}\n", 1),
    ("rule syntax", "claimcheck: 1\nclaims:\n  a: {value: 1}\nrules:\n  r:\n    check: a ==\n", 6),
    ("unknown claim", "claimcheck: 1\nclaims:\n  a: {value: 1}\nrules:\n  r:\n    check: b == 1\n", 6),
    (
        "yuan plus dollars",
        "claimcheck: 1\nclaims:\n  a: {value: 1元}\n  b: {value: 1美元}\nrules:\n  r:\n    check: a + b == a\n",
        7,
    ),
    (
        "alias bomb",
        "claimcheck: 1\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e]\nclaims: {}\n",
        None,
    ),
    ("empty", "", 1),
]


@pytest.mark.parametrize(("kind", "text", "line"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_2_with_file_and_line(tmp_path: Path, kind: str, text: str, line: int | None) -> None:
    p = write(tmp_path, "in.yaml", text)
    r = run("verify", str(p))
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{p}:")
    if line is not None:
        assert first.startswith(f"{p}:{line}:"), first


def test_non_utf8_exits_2(tmp_path: Path) -> None:
    p = write(tmp_path, "latin.yaml", "claimcheck: 1\nclaims:\n  a: {value: '5', quote: 'caf\xe9'}\n".encode("latin-1"))
    r = run("verify", str(p))
    assert r.returncode == 2 and f"{p}:3:" in r.stderr and "UTF-8" in r.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    r = run("verify", str(tmp_path / "nope.yaml"))
    assert r.returncode == 2 and "cannot read file" in r.stderr


def test_explain_shows_each_step() -> None:
    r = run("explain", str(EXAMPLE), "trade_average_growth")
    assert r.returncode == 0
    for text in (
        "1. the claims",
        "[6199.5亿, 6200.5亿] yuan",
        "cagr(trade_2020 - trade_increase, trade_2020, years=5)  ∈",
        "trade_2020 - trade_increase  ∈  [4354.5亿, 4365.5亿] yuan",  # the claims' own unit and scale
        "4. verdict: inconsistent",
        "slack: 1.342",
        "suspect trade_growth_avg",
    ):
        assert text in r.stdout
    r = run("explain", str(EXAMPLE), "trade_average_grwth")
    assert r.returncode == 2 and "did you mean 'trade_average_growth'" in r.stderr


def test_diff_of_an_update_that_breaks_a_rule(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", CONSISTENT)
    new = write(tmp_path, "new.yaml", CONSISTENT.replace("b: {value: 3个}", "b: {value: 4个}"))
    r = run("diff", str(old), str(new))
    assert r.returncode == 1
    assert "~ claim b: 3个 -> 4个" in r.stdout
    assert "rule parts_add_up is now unexpectedly inconsistent (major) after changes to b" in r.stdout
    r = run("diff", str(old), str(old))
    assert r.returncode == 0 and "no changes" in r.stdout
    r = run("diff", "--format", "json", str(old), str(new))
    assert json.loads(r.stdout)["newly_unexpected"][0]["id"] == "parts_add_up"


def test_schema_is_json_schema() -> None:
    r = run("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "claims" in schema["properties"]


def test_pytest_plugin_collects_rules_as_tests(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", CONSISTENT)
    write(tmp_path, "bad.yaml", CONSISTENT.replace("5个", "6个"))
    write(tmp_path, "unrelated.yaml", "just: some yaml\n")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "--claimcheck",
            str(tmp_path / "ok.yaml"),
            "--claimcheck",
            str(tmp_path / "bad.yaml"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert "1 failed, 1 passed" in r.stdout, r.stdout + r.stderr
    assert "bad.yaml:7: rule parts_add_up" in r.stdout


def test_invalid_input_is_in_every_report(tmp_path: Path) -> None:
    bad = write(tmp_path, "tabs.yaml", "claimcheck: 1\nclaims:\n\ta: {value: 5}\n")
    out = {f: tmp_path / f"r.{f}" for f in ("json", "sarif")}
    junit = tmp_path / "r.xml"
    r = run("verify", str(EXAMPLE), str(bad), "-o", f"json:{out['json']}", "-o", f"sarif:{out['sarif']}",
            "-o", f"junit:{junit}", env={"GITHUB_ACTIONS": "true"})
    assert r.returncode == 2
    data = json.loads(out["json"].read_text("utf-8"))
    assert data["ok"] is False and data["errors"][0]["line"] == 3
    sarif = json.loads(out["sarif"].read_text("utf-8"))
    assert [x["ruleId"] for x in sarif["runs"][0]["results"]] == ["invalid-input"]
    assert ET.parse(junit).getroot().find(".//error") is not None
    assert f"::error file={bad},line=3" in r.stdout


def test_paths_that_name_no_claim_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    r = run("verify", str(tmp_path / "empty"))
    assert r.returncode == 2 and "no claim files" in r.stderr


def test_unwritable_output_is_reported_not_a_crash(tmp_path: Path) -> None:
    r = run("verify", str(EXAMPLE), "-o", f"json:{tmp_path / 'missing' / 'r.json'}")
    assert r.returncode == 2 and "cannot write the json report" in r.stderr and "Traceback" not in r.stderr


def test_diff_compares_readings(tmp_path: Path) -> None:
    base = """claimcheck: 1
claims:
  p: {value: 112项}
  all: {value: 155项}
  items: {value: ITEMS}
  pct: {value: 76%}
rules:
  share:
    readings:
      of_all: {check: "share(p, all) == pct", expect: inconsistent}
      of_items: {check: "share(p, items) == pct"}
"""
    old = write(tmp_path, "old.yaml", base.replace("ITEMS", "148项"))
    new = write(tmp_path, "new.yaml", base.replace("ITEMS", "160项"))
    r = run("diff", str(old), str(new))
    assert r.returncode == 1 and "share.of_items is now unexpectedly inconsistent" in r.stdout


def test_reports_survive_awkward_file_names(tmp_path: Path) -> None:
    odd = write(tmp_path, "a b\x01c.yaml", CONSISTENT.replace("5个", "6个"))
    junit, sarif = tmp_path / "r.xml", tmp_path / "r.sarif"
    r = run("verify", str(odd), "-o", f"junit:{junit}", "-o", f"sarif:{sarif}")
    assert r.returncode == 1
    ET.parse(junit)  # well-formed despite the control character
    uri = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"]
    assert " " not in uri and "%20" in uri


def test_a_misspelt_report_format_is_refused_not_written_to_a_strange_file(tmp_path: Path) -> None:
    r = run("verify", str(EXAMPLE), "-o", f"sarfi:{tmp_path / 'c.sarif'}")
    assert r.returncode == 2 and "unknown report format 'sarfi'" in r.stderr and "did you mean sarif" in r.stderr
    assert not list(tmp_path.iterdir())


def test_text_summary_counts_invalid_files_and_junit_totals_add_up(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "claimcheck: 1\nclaims:\n  a: {value: 5}\n  a: {value: 6}\n")
    junit = tmp_path / "r.xml"
    r = run("verify", str(EXAMPLE), str(bad), "--no-color", "-o", f"junit:{junit}")
    assert r.returncode == 2
    assert ("1 file, 3 claims, 1 rule: 0 consistent, 1 inconsistent (1 major), 0 unexpected; 1 file not verified"
            in r.stdout)
    root = ET.parse(junit).getroot()
    assert int(root.get("tests", "-1")) == sum(int(s.get("tests", "0")) for s in root) == 2


def test_annotations_show_needed_values_in_the_figures_own_scale(tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8").replace("expect: inconsistent", "expect: consistent")
    r = run("verify", str(write(tmp_path, "e.yaml", text)), "--format", "github")
    assert r.returncode == 1
    assert "would need trade_growth_avg in [7.270065, 7.320744] percent" in r.stdout


def test_messages_name_currencies_not_internal_dimensions(tmp_path: Path) -> None:
    mixed = write(tmp_path, "m.yaml", "claimcheck: 1\nclaims:\n  a: {value: 6200亿元}\n  b: {value: 5亿美元}\n"
                  "rules:\n  r: {check: a / b > 1}\n")
    r = run("verify", str(mixed))
    assert r.returncode == 2 and "(CNY * USD**-1)" in r.stderr and "currency_" not in r.stderr
    assert r.stdout.strip() == "1 file not verified (invalid input)"
    precision = write(tmp_path, "p.yaml", "claimcheck: 1\nclaims:\n  a: {value: 6200亿元, precision: 100亿美元}\n")
    r = run("verify", str(precision))
    assert r.returncode == 2
    assert f"{precision}:3:33: precision '100亿美元' does not fit a figure in yuan" in r.stderr
    assert "different currencies" in r.stderr


CONFLICTING = """claimcheck: 1
claims:
  x: {value: '10'}
  y: {value: '10'}
rules:
  up: {check: x - y == 0.8}
  down: {check: y - x == 0.8}
"""


def test_a_joint_conflict_fails_until_recorded_then_passes_in_every_report(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.yaml", CONFLICTING)
    r = run("verify", str(plain), "--format", "github")
    assert r.returncode == 1 and "::error" in r.stdout and "hold one by one but not together" in r.stdout
    recorded = write(tmp_path, "recorded.yaml", CONFLICTING + "conflicts:\n  - rules: [up, down]\n    note: reported\n")
    junit = tmp_path / "r.xml"
    r = run("verify", str(recorded), "--no-color", "-o", f"junit:{junit}")
    assert r.returncode == 0, r.stdout
    assert "joint conflict — as recorded" in r.stdout and "reported" in r.stdout
    root = ET.parse(junit).getroot()
    assert root.get("failures") == "0" and root.find(".//failure") is None
    assert run("verify", str(recorded), "--format", "github").stdout.count("::error") == 0


def test_explain_says_when_a_verdict_is_not_settled(tmp_path: Path) -> None:
    f = write(tmp_path, "u.yaml", "claimcheck: 1\nclaims:\n  w: {value: '5', tolerance: '1'}\n"
              "rules:\n  same: {check: 'cagr(w, w, years=1) == 0.001'}\n")
    r = run("explain", str(f), "same")
    assert r.returncode == 0 and "4. verdict: consistent (not settled" in r.stdout
