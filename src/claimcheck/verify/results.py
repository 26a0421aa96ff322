"""The results of a verification, as pydantic models that serialise to JSON.

Exact numbers are decimal strings (``"7.2951"``), never floats; an unbounded end is ``null``.
A :class:`Report` holds one :class:`FileReport` per claim file and a :class:`Summary`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from ..files.model import Expect


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    #: A rule with readings whose readings disagree.
    DEPENDS_ON_READING = "depends_on_reading"


class ClaimResult(BaseModel):
    id: str
    value: str = Field(description="The figure as written.")
    unit: str
    qualifier: str
    low: str | None = Field(description="Lowest true value admitted, exact decimal; null if unbounded.")
    high: str | None
    low_open: bool
    high_open: bool
    line: int | None = None
    quote: str | None = None


class Bounds(BaseModel):
    """An interval in a claim's own unit, as exact (or outward-rounded) decimal strings; a null end
    is unbounded."""

    claim: str
    low: str | None
    high: str | None
    unit: str
    empty: bool = Field(
        False, description="True when no value at all is possible (then low and high are null)."
    )


class Suspect(BaseModel):
    """A claim whose change alone would make the check hold, and the values it would need."""

    claims: list[str]
    needed: list[Bounds] = Field(description="The interval each suspect claim would need to lie in.")
    distance: str | None = Field(
        description="How far the reported interval is from the needed one, in units of the claim's own "
        "half-width (null: the claim's interval has no finite half-width to measure by: an exact figure, "
        "where any change is a change, or one bounded on one side only)."
    )


class Fix(BaseModel):
    """The single-claim change that moves a figure least: the nearest value that makes the check
    hold, in the claim's own unit, and how far that is from the written value."""

    claim: str
    written: str = Field(description="The figure as written.")
    value: str = Field(description="The nearest value that would make the check hold (decimal, claim's unit).")
    unit: str
    change: str | None = Field(description="The change in percent of the written value (null when it is 0).")


GRADE = (
    "For an inconsistent check: 'major' when it cannot hold even at the generous reading of the "
    "figures (trailing zeros not counted, about-figures off by 1%, widest qualifiers), 'minor' when "
    "it holds there; null for a consistent check."
)

SETTLED = (
    "False when the search for values satisfying the check ran out of its budget without finding "
    "them or proving there are none: the verdict is then consistent (no alarm without a proof), "
    "but unproven, and the slack only bounds where an inconsistency could still be proven."
)


class ReadingResult(BaseModel):
    """The verdict on one check: a rule's own, or one reading of it."""

    id: str | None = Field(None, description="Reading id; null for a rule's single check.")
    check: str
    verdict: Verdict
    expected: Expect
    ok: bool
    slack: str | None = Field(
        description="Smallest factor by which the claims' tolerances must be widened for the check to hold "
        "(<= 1 consistent); 'inf' when no widening helps; rounded up to 4 significant digits."
    )
    claims: list[str]
    implied: list[Bounds] = Field(description="For each claim, the interval the other claims imply for it.")
    suspects: list[Suspect] = Field(default_factory=list)
    note: str | None = None
    line: int | None = None
    settled: bool = Field(True, description=SETTLED)
    grade: str | None = Field(None, description=GRADE)
    holds_if: str | None = Field(None, description="For a minor finding, the generous reading that makes it hold.")
    fix: Fix | None = Field(None, description="For an inconsistent check, the closest single-claim fix.")
    read_as: list[ClaimResult] = Field(
        default_factory=list, description="The claims this reading reads in its own way (claims: in the reading)."
    )


class RuleResult(BaseModel):
    id: str
    check: str | None
    verdict: Verdict
    expected: Expect | None
    ok: bool
    slack: str | None
    claims: list[str]
    implied: list[Bounds] = Field(default_factory=list)
    suspects: list[Suspect] = Field(default_factory=list)
    note: str | None = None
    line: int | None = None
    readings: list[ReadingResult] | None = None
    settled: bool = Field(True, description=SETTLED)
    grade: str | None = Field(None, description=GRADE)
    holds_if: str | None = Field(None, description="For a minor finding, the generous reading that makes it hold.")
    fix: Fix | None = Field(None, description="For an inconsistent check, the closest single-claim fix.")

    def checks(self) -> list[RuleResult | ReadingResult]:
        """The rule's readings, or the rule itself when it has a single check."""
        return list(self.readings) if self.readings else [self]


class Conflict(BaseModel):
    """Rules that hold one by one but cannot all hold at once, and the claims they share; or a
    conflict recorded in the file (``conflicts:``) that was not found."""

    rules: list[str]
    claims: list[str]
    message: str
    found: bool = Field(True, description="False for a recorded conflict that these rules no longer have.")
    expected: bool = Field(False, description="Whether the file records this conflict as a finding.")
    note: str | None = None

    @property
    def ok(self) -> bool:
        """Found exactly when recorded."""
        return self.found == self.expected


class Localisation(BaseModel):
    """The fewest (least weighted) claims which, freed of their figures, would let every rule of a
    group of related rules hold at once: the claims most likely wrong across the file."""

    claims: list[str] = Field(description="The claims of the set (empty when the search gave up).")
    needed: list[Bounds] = Field(
        default_factory=list, description="What the set's claims would jointly need (an outer enclosure)."
    )
    witness: list[Bounds] = Field(
        default_factory=list, description="One choice of values for the set's claims that makes every rule hold, "
        "checked exactly (each a single value)."
    )
    explains: int = Field(0, description="How many of the failing rules of the group name a claim of the set.")
    failing: list[str] = Field(default_factory=list, description="The failing rules (and conflicts) of the group.")
    alternatives: list[list[str]] = Field(default_factory=list, description="Other sets of the same weight.")
    settled: bool = Field(True, description="False when the search gave up within its budget.")
    message: str = ""


class ProvenanceProblem(BaseModel):
    """A claim that does not stand in the article as written."""

    claim: str
    line: int | None = None
    message: str


class FileReport(BaseModel):
    path: str
    title: str | None = None
    ok: bool
    claims: list[ClaimResult]
    rules: list[RuleResult]
    conflicts: list[Conflict] = Field(default_factory=list)
    localisations: list[Localisation] = Field(
        default_factory=list, description="For each group of related rules with failures, the claims most likely wrong."
    )
    provenance: list[ProvenanceProblem] = Field(
        default_factory=list,
        description="Claims whose quote is not in the article, or whose value is not in their quote (checked when the "
        "article's text is given)."
    )


class InputProblem(BaseModel):
    """A claim file that could not be verified: invalid input, located."""

    path: str
    line: int | None = None
    column: int | None = None
    message: str


class Summary(BaseModel):
    """Counts; verdict counts are per check (a rule with readings has one check per reading)."""

    files: int
    claims: int
    rules: int
    checks: int
    consistent: int
    inconsistent: int
    major: int = Field(0, description="Inconsistent checks graded major.")
    minor: int = Field(0, description="Inconsistent checks graded minor.")
    unexpected: int
    conflicts: int
    unsettled: int = Field(0, description="Consistent checks the search could neither prove nor refute.")
    unexpected_conflicts: int = Field(
        0, description="Joint conflicts found but not recorded, or recorded but not found."
    )
    invalid: int = Field(0, description="Files refused as invalid input.")
    provenance: int = Field(0, description="Claims that do not stand in the article as written.")


class Report(BaseModel):
    """Everything :func:`claimcheck.verify` found; ``ok`` is true when nothing is unexpected."""

    ok: bool
    summary: Summary
    files: list[FileReport]
    errors: list[InputProblem] = Field(default_factory=list, description="Invalid input, file by file.")


_M = TypeVar("_M", bound=BaseModel)
#: every field name, per model: shared by all trusted instances (it already holds every name, so
#: pydantic adding an assigned field to it changes nothing)
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}
#: the per-instance state pydantic v2 keeps beside ``__dict__``; where a release keeps another,
#: :func:`trusted` falls back to ``model_construct``
_STATE = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
_SET_STATE = BaseModel.__slots__ == _STATE
_set = object.__setattr__


def trusted(model: type[_M], **values: Any) -> _M:
    """A result built from values the verifier computed itself, without validating them again.

    A yearbook's report holds hundreds of thousands of these; skipping validation and sharing
    one set of field names between instances saves about a third of their memory. The instance is
    set up as ``model_construct`` would set it up, in a third of its time (it fills no defaults:
    every field is given)."""
    fields = _ALL_FIELDS.get(model)
    if fields is None:
        fields = _ALL_FIELDS[model] = set(model.model_fields)
        if model.model_config.get("extra") == "allow" or model.__private_attributes__:
            raise TypeError(f"{model.__name__}: trusted() builds plain models only")
    if values.keys() != fields:
        raise TypeError(f"{model.__name__} needs {sorted(fields - set(values))}, "
                        f"not {sorted(set(values) - fields)}")
    if not _SET_STATE:  # pragma: no cover - a pydantic release that keeps other state
        return model.model_construct(_fields_set=fields, **values)
    instance = model.__new__(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", fields)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance
