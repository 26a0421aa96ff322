"""The table check file: which table, its key, how each column is written, and the rules.

    claimcheck: 1
    table:
      path: ../data/retailers.csv      # CSV or Parquet, relative to this file
      separator: ";"                   # CSV only (default ",")
      missing: [NA, ""]                # how a missing cell is written (default NA and empty)
      key: [id]                        # the columns that name a row (default: its row number)
    semantics: rounding                # or validate: exact values, linear equalities within tolerance
    tolerance: "1e-8"                  # validate semantics: |lhs - rhs| <= tolerance (lin.eq.eps)
    columns:                           # optional: unit, scale, precision of a column
      turnover: {unit: EUR, scale: thousand, precision: "1"}
    rules:
      balance: {check: turnover + other_rev == total_rev}
      costs:   {check: staff > 0 implies staff_costs > 0}
      big:     {check: turnover <= 10 * median(turnover) by size}

A rule names a column by its name with dots and spaces written ``_`` (``other.rev`` is
``other_rev``). Under rounding semantics every cell stands for the values that round to it: as
written (``1130`` is 1129.5 to 1130.5, ``617.50`` is 617.495 to 617.505) or at the column's
``precision``; a row passes a rule when some such values satisfy it, exactly as for claims.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ClaimFileError, RuleError
from ..files.messages import validation_error
from ..files.syntax import Converter, check_flow_depth, compose
from .forms import Form, compile_rule, identifier


class TableSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(description="The CSV or Parquet file, relative to the table check file.")
    separator: str = Field(",", min_length=1, max_length=1, description="The CSV field separator.")
    missing: list[str] = Field(default_factory=lambda: ["NA", ""], description="How a missing cell is written.")
    key: list[str] = Field(default_factory=list, description="The columns that name a row (default: its number).")


class ColumnSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str | None = Field(None, description="The column's unit (for reports).")
    scale: str | None = Field(None, description="The unit note of the table: thousand, 亿元 (for reports).")
    precision: str | None = Field(
        None, description="The amount each cell was rounded to (\"1\" for integer kEUR), or \"exact\" (counts "
        "of people, codes); default: as written.")

    @field_validator("precision")
    @classmethod
    def _positive(cls, value: str | None) -> str | None:
        if value is not None and value != "exact":
            try:
                ok = Fraction(value) > 0
            except (ValueError, ZeroDivisionError):
                ok = False
            if not ok:
                raise ValueError("precision is a positive number or 'exact'")
        return value


class TableRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    check: str = Field(min_length=1)
    note: str | None = None


class TableFile(BaseModel):
    """A table check file: a table, how its columns are written, and rules over every row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claimcheck: int = Field(description="Format version; must be 1.")
    table: TableSource
    semantics: Literal["rounding", "validate"] = "rounding"
    tolerance: str = Field("1e-8", description="validate semantics: the tolerance of linear equalities.")
    columns: dict[str, ColumnSpec] = Field(default_factory=dict)
    rules: dict[str, TableRule]

    @field_validator("tolerance")
    @classmethod
    def _tolerance(cls, value: str) -> str:
        try:
            ok = Fraction(value) >= 0
        except (ValueError, ZeroDivisionError):
            ok = False
        if not ok:
            raise ValueError("tolerance is a number of 0 or more, such as 1e-8")
        return value

    @field_validator("claimcheck")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != 1:
            raise ValueError("this claimcheck reads version 1")
        return value


class TableChecks:
    """A loaded table check file: the model, where it is, and each rule's canonical form."""

    def __init__(self, spec: TableFile, source: str, locations: dict[tuple[str, ...], tuple[int, int]],
                 names: list[str]) -> None:
        self.spec = spec
        self.source = source
        self.locations = locations
        self.names = names  # the table's columns, as the file has them
        #: the column each name a rule may use stands for (``other_rev`` and ``other.rev``: ``other.rev``)
        self.columns = {identifier(n): n for n in names} | {n: n for n in names}
        columns = self.columns
        self.forms: dict[str, Form] = {}
        problems = []
        for rid, rule in spec.rules.items():
            try:
                self.forms[rid] = compile_rule(rule.check, columns)
            except (RuleError, ValueError) as exc:
                line = locations.get(("rules", rid, "check"), (None, None))[0]
                message = getattr(exc, "message", str(exc))
                problems.append(RuleError(f"rule {rid}: {message}", file=source, line=line))
        unknown = [c for c in spec.columns if c not in names and identifier(c) not in columns]
        for c in unknown:
            line = locations.get(("columns", c), (None, None))[0]
            problems.append(RuleError(f"columns: the table has no column {c!r}", file=source, line=line))
        missing_keys = [k for k in spec.table.key if k not in names]
        for k in missing_keys:
            problems.append(RuleError(f"table.key: the table has no column {k!r}", file=source,
                                      line=locations.get(("table", "key"), (None, None))[0]))
        if problems:
            from ..errors import gathered

            raise gathered(problems)

    @property
    def data_path(self) -> Path:
        return Path(self.source).parent / self.spec.table.path

    def precision(self, column: str) -> Fraction | None:
        spec = self.spec.columns.get(column) or self.spec.columns.get(identifier(column))
        if spec is None or spec.precision is None:
            return None
        return Fraction(0) if spec.precision == "exact" else Fraction(spec.precision)

    def line(self, rule_id: str) -> int | None:
        return self.locations.get(("rules", rule_id), (None, None))[0]


def load_table_checks(path: str | Path, names: list[str] | None = None) -> TableChecks:
    """Read a table check file; ``names`` are the table's columns (read from the table when not given)."""
    source = str(path)
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimFileError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=source) from None
    check_flow_depth(text, source)
    data, locations = Converter(source, text).convert(compose(text, source))
    if not isinstance(data, dict) or "table" not in data:
        raise ClaimFileError("a table check file is a mapping with 'claimcheck: 1' and 'table:'", file=source, line=1)
    try:
        spec = TableFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, source, locations) from None
    if names is None:
        from .reading import column_names

        names = column_names(Path(source).parent / spec.table.path, spec.table.separator)
    return TableChecks(spec, source, locations, names)


def is_table_file(data: Any) -> bool:
    return isinstance(data, dict) and "table" in data


__all__ = ["ColumnSpec", "TableChecks", "TableFile", "TableRule", "TableSource", "is_table_file",
           "load_table_checks"]
