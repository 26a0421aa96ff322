"""Two versions of a table under the same rules: the rows whose verdict changed, and the new failures.

Rows are matched by the file's key (by row number when it has none); a row only in the new version
that fails is a new failure too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .reading import ROW
from .spec import TableChecks


class VerdictChange(BaseModel):
    rule: str
    key: dict[str, str | None]
    old: str
    new: str


class TableDiff(BaseModel):
    path: str
    old: str
    new: str
    changed: list[VerdictChange]
    new_failures: int

    def text(self) -> str:
        out = [f"{self.path}: {self.old} -> {self.new}: {len(self.changed)} verdicts changed, "
               f"{self.new_failures} new failures"]
        for c in self.changed:
            key = ", ".join(f"{k}={v}" for k, v in c.key.items())
            mark = "✗" if c.new == "fail" else "·"
            out.append(f"  {mark} {c.rule} [{key}]: {c.old} -> {c.new}")
        return "\n".join(out) + "\n"


def _word(value: Any) -> str:
    return "NA" if value is None else "pass" if value else "fail"


def diff_tables(checks: TableChecks, old: Path, new: Path) -> TableDiff:
    import polars as pl

    from ..errors import ClaimcheckError
    from .polars_engine import PolarsEngine
    from .run import guarded
    from .spec import TableFile

    def verdicts(path: Path) -> Any:
        table = checks.spec.table.model_copy(update={"path": str(path.resolve())})
        spec = TableFile.model_validate(checks.spec.model_dump() | {"table": table.model_dump()})
        engine = PolarsEngine(TableChecks(spec, checks.source, checks.locations, checks.names))
        engine.run()  # every cell a number, every sum exact: or a located error
        found = engine.verdicts()
        keys = checks.spec.table.key
        if keys and found.select(pl.struct(keys).is_duplicated().any()).item():
            raise ClaimcheckError(f"{path}: the key ({', '.join(keys)}) repeats, so rows cannot be matched between "
                                  "versions", file=checks.source)
        return found

    before, after = guarded(lambda: verdicts(old), checks), guarded(lambda: verdicts(new), checks)

    keys = checks.spec.table.key or [ROW]
    rules = [c for c in after.columns if c not in (ROW, *checks.spec.table.key)]
    joined = after.join(before, on=keys, how="left", suffix=":old")
    changed: list[VerdictChange] = []
    new_failures = 0
    for rid in rules:
        differs = joined.filter(pl.col(rid).ne_missing(pl.col(f"{rid}:old")))
        for row in differs.iter_rows(named=True):
            change = VerdictChange(rule=rid, key={k: None if row[k] is None else str(row[k]) for k in keys},
                                   old=_word(row[f"{rid}:old"]), new=_word(row[rid]))
            changed.append(change)
            new_failures += change.new == "fail"
    return TableDiff(path=checks.source, old=str(old), new=str(new), changed=changed, new_failures=new_failures)


__all__ = ["TableDiff", "VerdictChange", "diff_tables"]
