"""Take the pictures of the HTML report that docs/html.md shows: the Qingdao page with its figures
marked, a figure's tooltip, and the panel of its rules. Needs Chromium (Debian's) and Playwright.

    python scripts/screenshots.py [--source ../shared/sources/000_95c7f2554f52cc0a.txt] [--out docs/images]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path,
                        default=ROOT.parent / "shared" / "sources" / "000_95c7f2554f52cc0a.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "qingdao.html"
        exe = shutil.which("claimcheck") or str(Path(sys.executable).with_name("claimcheck"))
        subprocess.run([exe, "verify", str(ROOT / "claims" / "qingdao.yaml"), "--source", str(args.source),
                        "-o", f"html:{report}"], check=False, capture_output=True)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(report.as_uri())
            mark = page.locator('mark[data-claim="trade_growth_avg"]')
            mark.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -260)")
            page.screenshot(path=str(args.out / "report-article.png"))
            mark.hover()
            page.screenshot(path=str(args.out / "report-tooltip.png"))
            mark.click()
            page.screenshot(path=str(args.out / "report-panel.png"))
            browser.close()
    for name in ("report-article.png", "report-tooltip.png", "report-panel.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
