"""The claim file format (version 1) as pydantic models.

A :class:`ClaimFile` holds the document's metadata, its **claims** (each figure exactly as
written, with unit, period and quote) and its **rules** (expressions over claim ids). The models
describe the format and give its JSON Schema (``claimcheck schema``); reading YAML with line
numbers is :mod:`claimcheck.files.loader`'s job.
"""

from __future__ import annotations

import keyword
import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ..errors import MAX_PROBLEMS, ClaimcheckError, gathered
from ..figures.policy import Policy, Qualifier, qualifier_from_name
from ..figures.reported import Reported, reported

FORMAT_VERSION = 1

#: Claim and rule ids: ASCII identifiers, so that rule expressions can name them unambiguously.
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
#: Longest id accepted.
MAX_ID_CHARS = 100

_PERIOD_PART = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
PERIOD_PATTERN = rf"^{_PERIOD_PART}(?:/{_PERIOD_PART})?$"
_PERIOD = re.compile(PERIOD_PATTERN)


def _as_text(value: Any) -> Any:
    """Figures are kept as written: numbers given from Python become their exact decimal text."""
    if isinstance(value, bool):
        raise ValueError("expected a written figure, not a boolean")
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, Fraction):
        raise ValueError("write the figure as text, e.g. '1586.9'")
    if isinstance(value, float):
        raise ValueError("a float cannot carry the written digits exactly; pass the figure as text")
    return value


def _not_a_keyword(name: str) -> str:
    if keyword.iskeyword(name):
        raise ValueError(f"id {name!r} is a reserved word of the rule language; choose another id")
    return name


#: A claim, rule or reading id (a dict key in the file).
Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=MAX_ID_CHARS), AfterValidator(_not_a_keyword)]

Written = Annotated[
    str, BeforeValidator(_as_text),
    Field(min_length=1, max_length=200, json_schema_extra={"type": ["string", "number"]}),
]
Text = Annotated[str, BeforeValidator(_as_text)]


def _known_qualifier(value: str) -> str:
    qualifier_from_name(value)  # raises ValueError with the kinds a qualifier may be
    return value


#: A ``qualifier:`` field: a kind name or any qualifier word.
QualifierName = Annotated[Text, AfterValidator(_known_qualifier)]


class Expect(StrEnum):
    """The fact-checker's recorded finding for a rule."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    #: inconsistent at the file's reading, consistent at the generous one (a loose rounding)
    MINOR = "minor"
    #: inconsistent even at the generous reading
    MAJOR = "major"


class Document(BaseModel):
    """Where the claims come from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text | None = None
    publisher: Text | None = None
    author: Text | None = None
    published: date | None = Field(None, description="Publication date, YYYY-MM-DD.")
    language: Text | None = Field(None, description="BCP 47 language tag, e.g. zh or en.")
    url: Text | None = None
    note: Text | None = None
    source: Text | None = Field(None, description="The article's text file, relative to the claim file.")
    sha256: Text | None = Field(None, description="The SHA-256 of the source file when the claims were drafted.")


def _period_bounds(part: str) -> tuple[date, date]:
    """First and last day of a period part: ``2020`` -> 2020-01-01 .. 2020-12-31."""
    pieces = [int(p) for p in part.split("-")]
    if len(pieces) == 3:
        day = date(*pieces)  # raises ValueError for 2021-02-29
        return day, day
    if len(pieces) == 2:
        first = date(pieces[0], pieces[1], 1)
        nxt = date(pieces[0] + (pieces[1] == 12), pieces[1] % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    return date(pieces[0], 1, 1), date(pieces[0], 12, 31)


def _period(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str):
        if not _PERIOD.match(value):
            raise ValueError(
                f"period {value!r} is not YYYY, YYYY-MM, YYYY-MM-DD or two of them joined by '/'"
            )
        parts = value.split("/")
        try:
            bounds = [_period_bounds(p) for p in parts]
        except ValueError:
            raise ValueError(f"period {value!r} names a day that does not exist") from None
        if len(bounds) == 2 and bounds[0][0] > bounds[1][1]:
            raise ValueError(f"period {value!r} ends before it starts")
    return value


Period = Annotated[
    str, BeforeValidator(_period), Field(pattern=PERIOD_PATTERN, json_schema_extra={"type": ["string", "integer"]})
]


class ClaimFields(BaseModel):
    """Fields shared by claims and the file's ``defaults``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: Text | None = Field(None, description="Unit word or code (元, CNY, %) for figures written without one.")
    qualifier: QualifierName | None = Field(
        None, description="Qualifier kind or word (about, 左右, exact) if not written."
    )
    precision: Written | None = Field(None, description="The amount the figure was rounded to, e.g. 1万.")
    tolerance: Written | None = Field(
        None, description="Explicit half-width: absolute (0.5亿元, 0.2pp) or relative (2%)."
    )
    scale: Written | None = Field(
        None, description="A table's unit note (亿元, billions of dollars): a bare cell such as 617.50 is "
        "read as written and scaled.")
    period: Period | None = Field(None, description="2020, 2020-11, 2020-12-22, or an interval 2016/2020.")
    entity: Text | None = None
    metric: Text | None = None
    tags: list[Text] = Field(default_factory=list)


class Claim(ClaimFields):
    """One reported figure, exactly as written."""

    value: Written = Field(description="The figure exactly as written: digits, magnitude, unit word, qualifier.")
    quote: Text | None = Field(None, description="The shortest passage of the source that carries the figure.")
    note: Text | None = None
    items: list[Text] | None = Field(None, description="The names a list claim enumerates (五大产业: ...).")
    weight: float = Field(
        1.0, gt=0, allow_inf_nan=False,
        description="How costly it is to suspect this figure when localising errors (default 1; a figure "
        "checked against the source may weigh more).",
    )

    def reading(self, policy: Policy | None = None, defaults: ClaimFields | None = None) -> Reported:
        """The exact interval of true values this claim's figure admits.

        ``defaults.unit`` and ``defaults.qualifier`` apply only where the figure is written without
        a unit word or qualifier of its own."""
        return reported(
            self.value,
            self.unit,
            qualifier=self.qualifier,
            precision=self.precision,
            tolerance=self.tolerance,
            policy=policy,
            default_unit=defaults.unit if defaults else None,
            default_qualifier=defaults.qualifier if defaults else None,
            default_tolerance=defaults.tolerance if defaults else None,
            scale=self.scale,
            default_scale=defaults.scale if defaults else None,
        )

    @property
    def qualifier_kind(self) -> Qualifier | None:
        return None if self.qualifier is None else qualifier_from_name(self.qualifier)


class ClaimReading(BaseModel):
    """How one reading of a sentence reads one claim: its own precision, qualifier or tolerance
    ("200万 to the 万, or to the hundred 万" is one rule with two readings, not two claims)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    precision: Written | None = Field(None, description="The resolution the figure is rounded to in this reading.")
    qualifier: QualifierName | None = Field(None, description="The qualifier kind or word in this reading.")
    tolerance: Written | None = Field(None, description="The half-width in this reading (absolute or relative).")


class Reading(BaseModel):
    """One way to read a sentence: its own check and expectation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    check: Text = Field(min_length=1, description="An expression over claim ids, e.g. a + b == total.")
    expect: Expect = Field(
        Expect.CONSISTENT, description="The recorded finding: consistent, inconsistent, minor or major."
    )
    note: Text | None = None
    claims: dict[Identifier, ClaimReading] | None = Field(
        None, description="How this reading reads some claims: their own precision, qualifier or tolerance."
    )


class Rule(BaseModel):
    """A relation the figures must satisfy; ``readings`` when a sentence can be read two ways."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    check: Text | None = Field(None, min_length=1, description="An expression over claim ids.")
    expect: Expect = Field(
        Expect.CONSISTENT, description="The recorded finding: consistent, inconsistent, minor or major."
    )
    note: Text | None = None
    readings: dict[Identifier, Reading] | None = Field(
        None, description="Alternative readings, each with its own check, expect and note."
    )

    @model_validator(mode="after")
    def _check_or_readings(self) -> Rule:
        if (self.check is None) == (self.readings is None):
            raise ValueError("a rule has either 'check' or 'readings', not both and not neither")
        if self.readings is not None:
            if len(self.readings) < 2:
                raise ValueError("'readings' lists two or more alternative readings")
            if "expect" in self.model_fields_set:
                raise ValueError("with 'readings', each reading has its own 'expect'")
        return self

    def alternatives(self) -> dict[str | None, Reading]:
        """The readings of this rule; a plain rule is its single reading ``None``."""
        if self.readings is not None:
            return {k: v for k, v in self.readings.items()}
        assert self.check is not None
        return {None: Reading(check=self.check, expect=self.expect, note=self.note)}


class RecordedConflict(BaseModel):
    """A joint conflict found and recorded as a finding: rules that hold one by one but not
    together (as the report names them), so that it no longer fails the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Identifier] = Field(min_length=2, description="The rule ids the report's conflict names.")
    note: Text | None = None


class ClaimFile(BaseModel):
    """A claim file: document, claims, rules, defaults and tolerance policy."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="claimcheck claim file")

    claimcheck: int = Field(description="Format version; must be 1.")
    document: Document | None = None
    defaults: ClaimFields | None = Field(None, description="Fields applied to every claim that lacks them.")
    policy: Policy = Field(default_factory=Policy, description="How qualifiers turn figures into intervals.")
    claims: dict[Identifier, Claim] = Field(description="Claim id -> claim.")
    rules: dict[Identifier, Rule] = Field(default_factory=dict, description="Rule id -> rule.")
    conflicts: list[RecordedConflict] = Field(
        default_factory=list, description="Joint conflicts recorded as findings (each: rules, note)."
    )

    _source: str = PrivateAttr(default="<string>")
    _locations: dict[tuple[str, ...], tuple[int, int]] = PrivateAttr(default_factory=dict)
    _layouts: dict[tuple[str, ...], list[tuple[int, int]]] = PrivateAttr(default_factory=dict)
    _readings: dict[str, tuple[Claim, Reported]] = PrivateAttr(default_factory=dict)
    _compiled: Any = PrivateAttr(default=None)  # (content_key(), CompiledFile), kept by claimcheck.api

    def __eq__(self, other: object) -> bool:
        """Equal when the data is equal (where each was read from does not matter)."""
        if not isinstance(other, ClaimFile):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]

    @field_validator("claimcheck", mode="before")
    @classmethod
    def _version_is_a_whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
            raise ValueError(f"the format version is a whole number (1), not {value!r}")
        return value

    @field_validator("claimcheck")
    @classmethod
    def _version(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise ValueError(f"unsupported format version {value}; this claimcheck reads version {FORMAT_VERSION}")
        return value

    @model_validator(mode="after")
    def _apply_defaults(self) -> ClaimFile:
        if self.defaults is not None:
            fields = self.defaults.model_dump(exclude_unset=True, exclude={"unit", "qualifier", "tolerance", "scale"})
            for claim in self.claims.values():
                for name, value in fields.items():
                    if name not in claim.model_fields_set:
                        # claims are frozen once built: the file fills in its defaults as it is made
                        claim.__dict__[name] = value
                        claim.__pydantic_fields_set__.add(name)
        return self

    def content_key(self) -> tuple[Any, ...]:
        """What the verification of this file depends on, for telling whether a cached compiled
        form still fits: the models are frozen, so their identity stands for their content, but
        the containers that hold them (claims, rules, readings, items) can still be changed, and
        :meth:`model_copy` with ``update`` makes a file with other content. Cheap: no copy of the
        data, comparisons by identity first."""
        return (
            tuple((cid, c, None if c.items is None else tuple(c.items)) for cid, c in self.claims.items()),
            tuple((rid, r, None if r.readings is None else tuple(r.readings.items())) for rid, r in self.rules.items()),
            tuple((c, tuple(c.rules)) for c in self.conflicts), self.policy, self.defaults, self.document,
        )

    @property
    def source(self) -> str:
        """The file name (or ``<string>``) that errors and reports point at."""
        return self._source

    def location(self, *path: str) -> tuple[int, int] | None:
        """(line, column), 1-based, of the YAML node at ``path`` (e.g. ``"claims", "x", "value"``)."""
        found = self._locations.get(tuple(path))
        if found is not None:
            return found
        path = tuple(p for p in path if not p.startswith("\0"))
        for end in range(len(path), 0, -1):
            found = self._locations.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def location_in_value(self, *path: str, column: int) -> tuple[int, int] | None:
        """(line, column) in the file of the ``column``-th character (1-based) of the text value at
        ``path``, for a value written over several lines; ``None`` for one written on one line."""
        layout = self._layouts.get(tuple(path))
        if not layout:
            return None
        return layout[min(max(column, 1), len(layout)) - 1]

    def error(self, message: str, *path: str, kind: type[ClaimcheckError] = ClaimcheckError) -> ClaimcheckError:
        """An error located at the YAML node of ``path``."""
        where = self.location(*path)
        line, column = where if where else (None, None)
        return kind(message, file=self._source, line=line, column=column)

    def interval(self, claim_id: str) -> Reported:
        """The reading of claim ``claim_id`` under this file's policy (computed once)."""
        return self._interval(claim_id, self._readings)

    def _interval(self, claim_id: str, readings: dict[str, tuple[Claim, Reported]]) -> Reported:
        claim = self.claims[claim_id]
        kept = readings.get(claim_id)
        if kept is not None and kept[0] is claim:
            return kept[1]
        found = claim.reading(self.policy, self.defaults)
        readings[claim_id] = (claim, found)  # the claim object read: a replaced claim is read again
        return found

    def intervals(self) -> dict[str, Reported]:
        """Every claim's reading; unreadable figures raise one located error that lists each
        (up to :data:`~claimcheck.errors.MAX_PROBLEMS`)."""
        result = {}
        problems: list[ClaimcheckError] = []
        readings = self._readings  # a private attribute: looked up once, not per claim
        for cid in self.claims:
            try:
                result[cid] = self._interval(cid, readings)
            except ClaimcheckError as exc:
                field = exc.field or "value"
                path = ("defaults", field.split(".", 1)[1]) if field.startswith("defaults.") else ("claims", cid, field)
                where = self.location(*path, "\0value")
                problems.append(exc.located(file=self._source, **_line_col(where)))
                if field.startswith("defaults.") or len(problems) >= MAX_PROBLEMS:
                    break  # a bad default is every claim's problem: say it once
        if problems:
            raise gathered(problems)
        return result


def _line_col(where: tuple[int, int] | None) -> dict[str, int | None]:
    return {"line": where[0], "column": where[1]} if where else {"line": None, "column": None}
