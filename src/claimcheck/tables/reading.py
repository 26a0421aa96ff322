"""Reading a table as text, so that every cell keeps the digits it was written with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ClaimFileError

ROW = "__row"


def column_names(path: Path, separator: str = ",") -> list[str]:
    import polars as pl

    if "*" in path.name:  # a table in several files, read by a glob: the first one names the columns
        found = sorted(path.parent.glob(path.name))
        if not found:
            raise ClaimFileError(f"no file matches the table {path}")
        path = found[0]
    try:
        if path.suffix.lower() == ".parquet":
            return list(pl.read_parquet_schema(path))
        return list(pl.scan_csv(path, separator=separator, infer_schema=False).collect_schema())
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ClaimFileError(f"cannot read the table {path}: {exc}") from None


def scan_text(path: Path, separator: str, missing: list[str]) -> Any:
    """The table as a polars LazyFrame of text cells (missing cells null), with its row number."""
    import polars as pl

    if path.suffix.lower() == ".parquet":
        lf = pl.scan_parquet(path)
        lf = lf.with_columns(pl.all().cast(pl.String))  # floats through their shortest decimal
    else:
        lf = pl.scan_csv(path, separator=separator, infer_schema=False, null_values=missing or None)
    return lf.with_row_index(ROW, offset=1)


__all__ = ["ROW", "column_names", "scan_text"]
