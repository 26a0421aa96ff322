"""Write every report claimcheck prints for the project's example files into one folder.

A change that must not alter what users see (a refactoring) is checked by taking a snapshot before
and after it and comparing the two folders::

    python scripts/snapshot_reports.py /tmp/before      # on the old commit
    python scripts/snapshot_reports.py /tmp/after       # on the new one
    python scripts/snapshot_reports.py --compare /tmp/before /tmp/after

The snapshot covers ``claims/**/*.yaml``, ``docs/examples/*.yaml`` and every claim file written in
the docs' YAML blocks: the verify report in each format, ``explain`` of each rule, ``diff`` of
each file with itself, and the JSON Schema. Exit codes are recorded beside the outputs.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("text", "json", "junit", "sarif", "github")
_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def claim_files(scratch: Path) -> list[tuple[str, Path]]:
    """(name in the snapshot, path) of every example claim file, docs' blocks written to scratch."""
    found = [(p.relative_to(ROOT).as_posix(), p) for p in sorted((ROOT / "claims").rglob("*.yaml"))
             if ".table." not in p.name]
    found += [(p.relative_to(ROOT).as_posix(), p) for p in sorted((ROOT / "docs" / "examples").glob("*.yaml"))]
    for page in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]:
        text = page.read_text("utf-8")
        for m in _BLOCK.finditer(text):
            if m.group(1).lstrip().startswith("claimcheck: 1"):
                line = text.count("\n", 0, m.start()) + 1
                name = f"{page.name}-{line}.yaml"
                path = scratch / name
                path.write_text(m.group(1), "utf-8")
                found.append((f"docs-blocks/{name}", path))
    return found


def snapshot(out: Path) -> int:
    import os

    import yaml
    from click.testing import CliRunner

    from claimcheck.cli import main

    out = out.resolve()
    os.chdir(ROOT)
    out.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    count = 0

    def record(name: str, args: list[str]) -> None:
        nonlocal count
        result = runner.invoke(main, args)
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"exit {result.exit_code}\n{result.output}", "utf-8")
        count += 1

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        files = claim_files(scratch)
        for name, path in files:
            # reports name their files: give every run the same relative name
            arg = name if (ROOT / name).exists() else str(path)
            for fmt in FORMATS:
                record(f"{name}/verify.{fmt}", ["verify", arg, "--no-color", "--format", fmt])
            rules = (yaml.safe_load(path.read_text("utf-8")) or {}).get("rules") or {}
            for rule in rules:
                record(f"{name}/explain.{rule}", ["explain", arg, rule])
            record(f"{name}/diff.text", ["diff", arg, arg])
            record(f"{name}/diff.json", ["diff", arg, arg, "--format", "json"])
        record("schema.json", ["schema"])
    # outputs that name the scratch folder would differ between runs for no reason
    for path in out.rglob("*"):
        if path.is_file():
            path.write_text(path.read_text("utf-8").replace(str(scratch), "<docs>"), "utf-8")
    print(f"{count} outputs of {len(files)} claim files written to {out}")
    return 0


def compare(before: Path, after: Path) -> int:
    names = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    differing = [n for n in sorted(names)
                 if not (before / n).is_file() or not (after / n).is_file()
                 or (before / n).read_bytes() != (after / n).read_bytes()]
    for name in differing:
        print(f"differs: {name}")
    print(f"{len(names) - len(differing)} of {len(names)} outputs byte-identical")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), type=Path)
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give a folder to write the snapshot to, or --compare BEFORE AFTER")
    return snapshot(args.out)


if __name__ == "__main__":
    sys.exit(main())
