"""The HTML report: the article with its figures marked, safe with hostile files, and tested in a
real browser (Debian's Chromium driven by Playwright; in CI the browser tests must run)."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.cli import main
from claimcheck.report.html import figure_spans
from claimcheck.verify.results import ClaimResult

ROOT = Path(__file__).resolve().parents[1]
US_TRADE = ROOT / "claims" / "examples" / "us_trade_2016_12.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

ARTICLE = "预计2020年青岛进出口6200亿元，比“十二五”末净增1840亿元左右，年均增长8%左右。\n"
FILE = """claimcheck: 1
document: {title: 青岛 trade, source: article.txt}
claims:
  trade_2020: {value: 6200亿元, period: 2020, quote: 预计2020年青岛进出口6200亿元}
  trade_increase: {value: 1840亿元左右, period: 2016/2020, quote: 比“十二五”末净增1840亿元左右}
  trade_growth_avg: {value: 8%左右, period: 2016/2020, quote: 年均增长8%左右}
rules:
  trade_average_growth:
    check: cagr(trade_2020 - trade_increase, trade_2020, years=5) == trade_growth_avg
    note: The five-year levels imply 7.27%–7.32% a year, not 8%左右.
"""
HOSTILE = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">', "</script><b>x</b>",
           "\" onmouseover=\"window.__pwned=1"]


def write_case(folder: Path, text: str = FILE, article: str = ARTICLE) -> Path:
    (folder / "article.txt").write_text(article, "utf-8")
    path = folder / "trade.yaml"
    path.write_text(text, "utf-8")
    return path


def report_of(folder: Path, *args: str) -> str:
    out = folder / "report.html"
    result = CliRunner().invoke(main, ["verify", str(write_case(folder)), "-o", f"html:{out}", *args])
    assert result.exit_code == 1, result.output  # the growth rate is a finding not yet recorded
    return out.read_text("utf-8")


def hostile_file() -> tuple[str, str]:
    bad = HOSTILE[0]
    article = f"出口{bad}100亿元，进口{HOSTILE[1]}50亿元。\n"
    text = f"""claimcheck: 1
document: {{title: '{HOSTILE[2]}', source: article.txt}}
claims:
  exports: {{value: 100亿元, quote: '出口{bad}100亿元', note: '{HOSTILE[3]}'}}
  imports: {{value: 50亿元, quote: '进口{HOSTILE[1]}50亿元'}}
rules:
  order: {{check: imports <= exports, note: '{HOSTILE[0]}{HOSTILE[2]}'}}
"""
    return text, article


# ---------------------------------------------------------------- the page, without a browser

def test_the_page_is_self_contained_under_a_strict_policy(tmp_path: Path) -> None:
    page = report_of(tmp_path)
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert found is not None
    policy = html.unescape(found.group(1))
    assert "default-src 'none'" in policy
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style and script
    for block in (style.group(1), script.group(1)):
        digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from the network
    assert 'data-claim="trade_growth_avg"' in page and "v-major" in page


def test_without_an_article_a_table_of_the_claims_takes_its_place(tmp_path: Path) -> None:
    path = tmp_path / "trade.yaml"
    path.write_text(FILE.replace(", source: article.txt", ""), "utf-8")
    result = CliRunner().invoke(main, ["verify", str(path), "-f", "html"])
    assert result.exit_code == 1
    assert "<table>" in result.output and result.output.count('class="fig ') == 3


def test_hostile_text_is_always_text(tmp_path: Path) -> None:
    text, article = hostile_file()
    path = write_case(tmp_path, text, article)
    result = CliRunner().invoke(main, ["verify", str(path), "-f", "html"])
    assert result.exit_code == 0, result.output
    page = result.output
    for bad in HOSTILE:
        assert bad not in page  # escaped in the markup, \\u003c-escaped in the JSON
    assert page.count("<script") == 2 and page.count("</script>") == 2  # the data block and the code


def test_several_files_give_a_page_each_and_an_index(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    example = ROOT / "claims" / "example.yaml"
    result = CliRunner().invoke(main, ["verify", str(example), str(US_TRADE), "-o", f"html:{out}"])
    assert result.exit_code == 0, result.output
    index = out.read_text("utf-8")
    assert 'href="report-1.html"' in index and 'href="report-2.html"' in index
    assert "← all files" in (tmp_path / "report-2.html").read_text("utf-8")
    assert CliRunner().invoke(main, ["verify", str(example), str(US_TRADE), "-f", "html"]).exit_code == 2


@given(st.lists(st.sampled_from(["6200亿元", "8%左右", "超2万家", "$1.2 billion", "两国"]), min_size=1, max_size=6),
       st.lists(st.sampled_from(["进出口", "，", " ", "\n", "增长", "Exports of "]), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None)
def test_every_mark_is_its_figure_in_the_article(values: list[str], fillers: list[str]) -> None:
    article = "".join(fillers[i % len(fillers)] + value for i, value in enumerate(values))

    results = [ClaimResult(id=f"c{i}", value=v, unit="", qualifier="", low=None, high=None, low_open=True,
                           high_open=True, quote=fillers[i % len(fillers)].strip() + v)
               for i, v in enumerate(values)]
    spans = figure_spans(article, results)
    ends = [0]
    for start, end, cid in spans:
        value = next(r.value for r in results if r.id == cid)
        assert "".join(article[start:end].split()) == "".join(value.split())
        assert start >= ends[-1]
        ends.append(end)


# ---------------------------------------------------------------- in a real browser

def _browser():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM is None or sync_playwright is None:
        if os.environ.get("CI"):
            pytest.fail("the browser tests need Chromium and Playwright; .ci/run installs them")
        pytest.skip("Chromium or Playwright is not installed (apt-get install chromium; pip install playwright)")
    return sync_playwright


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_playwright = _browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def open_page(browser, path: Path):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    return page, problems, requests


def test_hover_and_click_show_the_figure_and_its_rules(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report_of(tmp_path)
    page, problems, requests = open_page(browser, tmp_path / "report.html")
    mark = page.locator('mark[data-claim="trade_growth_avg"]')
    assert "v-major" in (mark.get_attribute("class") or "")
    mark.hover()
    assert page.locator("#tip").is_visible()
    assert "[7.5, 8.5] percent" in page.locator("#tip").inner_text()
    page.screenshot(path=str(tmp_path / "hover.png"))
    mark.click()
    panel = page.locator("#panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "trade_average_growth" in text and "slack 1.342" in text and "suspect: trade_growth_avg" in text
    assert "1. the claims, each an interval of true values" in text  # the steps of explain
    page.screenshot(path=str(tmp_path / "panel.png"))
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert requests == [(tmp_path / "report.html").as_uri()]  # nothing leaves the file
    assert problems == []
    assert (tmp_path / "panel.png").stat().st_size > 10_000


def test_the_keyboard_reaches_every_figure(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report_of(tmp_path)
    page, problems, _ = open_page(browser, tmp_path / "report.html")
    marks = page.locator("mark.fig")
    assert marks.count() == 3
    for i in range(3):
        assert marks.nth(i).get_attribute("tabindex") == "0" and marks.nth(i).get_attribute("aria-label")
    marks.nth(0).focus()
    assert page.locator("#tip").is_visible()
    page.keyboard.press("Enter")
    assert page.locator("#panel").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Close"  # focus moves into the panel
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.claim") == "trade_2020"  # and back to the figure
    page.locator('.filters button[data-filter="consistent"]').click()
    assert not page.locator("#rule-trade_average_growth").is_visible()
    page.locator('.filters button[data-filter="inconsistent"]').click()
    assert page.locator("#rule-trade_average_growth").is_visible()
    assert problems == []


def test_nothing_in_a_hostile_file_runs(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text, article = hostile_file()
    path = write_case(tmp_path, text, article)
    out = tmp_path / "hostile.html"
    assert CliRunner().invoke(main, ["verify", str(path), "-o", f"html:{out}"]).exit_code == 0
    page, problems, requests = open_page(browser, out)
    dialogs: list[str] = []
    page.on("dialog", lambda d: dialogs.append(d.message))
    page.locator('mark[data-claim="exports"]').hover()
    page.locator('mark[data-claim="exports"]').click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert HOSTILE[0] in page.locator(".article").inner_text()  # shown as the text it is
    assert HOSTILE[3] not in page.content() or page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and requests == [out.as_uri()] and problems == []


def test_the_english_example_reads_and_prints(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "us.html"
    assert CliRunner().invoke(main, ["verify", str(US_TRADE), "-o", f"html:{out}"]).exit_code == 0
    page, problems, _ = open_page(browser, out)
    assert page.locator("mark.fig").count() == 38
    page.emulate_media(media="print")
    assert not page.locator(".filters").is_visible() and not page.locator("#panel").is_visible()
    assert problems == []


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_mark_colour_has_sufficient_contrast() -> None:
    """WCAG 2 AA: text on each verdict's tint at 4.5:1 or more, and the marks' edges visible (3:1)
    against the page."""
    css = (ROOT / "src" / "claimcheck" / "report" / "templates" / "report.css").read_text("utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))

    def ratio(a: str, b: str) -> float:
        la, lb = sorted((_luminance(colours[a]), _luminance(colours[b])), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for verdict in ("major", "minor", "consistent", "unchecked"):
        assert ratio(f"{verdict}-ink", f"{verdict}-bg") >= 4.5, verdict
        assert ratio(f"{verdict}-edge", "paper") >= 3, verdict
    assert ratio("ink", "paper") >= 7 and ratio("muted", "paper") >= 4.5
