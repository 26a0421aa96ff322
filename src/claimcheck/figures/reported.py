"""A reported number: the figure as written, and the exact interval of true values it stands for.

``reported("6200亿元")`` reads the digits, the magnitude word, the unit word and any qualifier,
then builds the interval from the rounding of the written digits and the qualifier
:class:`~claimcheck.figures.policy.Policy`. Counts of whole things are cut to integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import ClaimcheckError, NumberError, UnitError
from . import written
from .intervals import Interval, Number
from .policy import (
    DEFAULT_POLICY,
    Policy,
    Qualifier,
)
from .units import (
    NONNEGATIVE_UNITS,
    UnitWord,
    unit_name,
)
from .written import parse_written, read_plain, read_scale

if TYPE_CHECKING:
    import pint

DIMENSIONLESS = UnitWord("dimensionless")


@dataclass(frozen=True, slots=True)
class Reported:
    """One written figure and the exact interval of true values it admits (in its own unit)."""

    text: str
    value: Fraction
    unit_name: str
    counts: bool
    qualifier: Qualifier
    step: Fraction
    interval: Interval

    @property
    def unit(self) -> pint.Unit:
        """The pint unit (magnitude words resolved: ``6200亿元`` is in yuan)."""
        from .units import get_unit

        return get_unit(self.unit_name)

    @property
    def low(self) -> Fraction | None:
        return self.interval.low

    @property
    def high(self) -> Fraction | None:
        return self.interval.high

    def contains(self, x: Number) -> bool:
        """Whether ``x`` (in :attr:`unit`) is a true value this figure admits, ends honoured."""
        return self.interval.contains(x)

    __contains__ = contains

    def __str__(self) -> str:
        unit = "" if self.unit_name == "dimensionless" else f" {self.unit_name}"
        return f"{self.text} -> {self.interval}{unit}"



def _amount(
    text: str, what: str, unit: UnitWord, figure: str = "", figure_step: Fraction = Fraction(1)
) -> tuple[Fraction, bool]:
    """A precision or tolerance: (value in ``unit``, whether it is relative). A bare number (no
    unit word, no magnitude) is in ``unit``; beside a figure written with a magnitude word
    (``figure_step`` above 1) it is refused: ``0.5`` next to ``6200亿元`` would mean half a yuan."""
    value, step, _, word, qualifier = parse_written(text)
    if word is None and step <= 1 and figure_step > 1:
        raise NumberError(
            f"{what} {text!r} has no unit, but {figure!r} is written with a magnitude word: write it "
            "the way the figure is written (0.5亿元 beside 6200亿元), or with its unit word if units "
            "of one are meant (0.5元)"
        )
    if qualifier is not None:
        raise NumberError(f"{what} {text!r} cannot carry a qualifier")
    if value <= 0:
        raise NumberError(f"{what} {text!r} must be positive")
    if word is not None and word.unit == "percent" and unit.unit != "percent" and what == "tolerance":
        return value / 100, True
    if word is not None and word.unit == "percent" and what == "tolerance":
        return value / 100, True
    if word is None or word.unit == unit.unit:
        return value, False
    from .units import conversion_factor

    try:
        return value * conversion_factor(word.unit, unit.unit), False
    except UnitError as exc:
        raise UnitError(f"{what} {text!r} does not fit a figure in {unit.unit}: {exc.message}") from None


class _Field:
    """Attribute errors raised inside the block to a claim field (for the error's line)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ClaimcheckError) and exc.field is None:
            exc.field = self.name


def reported(
    text: str,
    unit: str | None = None,
    *,
    qualifier: str | Qualifier | None = None,
    precision: str | None = None,
    tolerance: str | None = None,
    policy: Policy | None = None,
    default_unit: str | None = None,
    default_qualifier: str | None = None,
    default_tolerance: str | None = None,
    scale: str | None = None,
    default_scale: str | None = None,
) -> Reported:
    """Read one written figure into its interval of true values.

    ``unit`` (a unit word or registry name) applies to figures written without one; it must agree
    with a unit word in the text. ``qualifier`` supplies the qualifier (it must agree with a
    written one); ``precision`` is the amount the figure was rounded to (``"1万"``);
    ``tolerance`` an explicit half-width, absolute (``"0.5亿元"``) or relative (``"2%"``).
    ``scale`` is a table's unit note (``"亿元"``, ``"billions of dollars"``): a bare cell
    (``617.50``) is read as written and then scaled, so that ``617.50`` means 617.50亿元.
    The ``default_*`` arguments (a file's ``defaults:``) apply only where they fit: a unit or
    qualifier where the text has none, a tolerance to rounded or approximate figures.
    Raises :class:`ClaimcheckError` (with ``field`` naming the argument at fault) on bad input.
    """
    policy = policy or DEFAULT_POLICY
    if (written.PLAIN_FAST_PATH and unit is None and qualifier is None and precision is None
            and tolerance is None and scale is None and default_tolerance is None):
        plain = _plain_reported(text, policy, default_qualifier)
        if plain is not None:
            return plain
    try:
        with _Field("value"):
            value, step, nonzero_step, word, written_q = parse_written(text)
        scale_field = "scale" if scale is not None else "defaults.scale"
        # a file's scale is for its bare cells: not for a figure with a unit word or a unit of its own
        scale = scale if scale is not None else default_scale if word is None and unit is None else None
        if scale is not None:
            with _Field(scale_field):
                factor, scale_word = read_scale(scale)
                if word is not None:
                    raise UnitError(f"{text!r} is written with its unit; a scale applies to a bare table cell "
                                    f"(write {text!r} without the scale, or the cell as printed)")
            value, step, nonzero_step, word = value * factor, step * factor, nonzero_step * factor, scale_word
        if unit is not None:
            with _Field("unit"):
                given = unit_name(unit)
                if word is not None and word.unit != given.unit:
                    raise UnitError(f"{text!r} is written in {word.unit} but the unit given is {given.unit}")
            word = given if word is None else word
        if word is None and default_unit is not None:
            with _Field("defaults.unit"):
                word = unit_name(default_unit)
        word = word or DIMENSIONLESS
        kind = written_q
        if qualifier is None and written_q is None:
            qualifier = default_qualifier
        if qualifier is not None:
            with _Field("qualifier"):
                kind = _qualifier(qualifier, written_q, text)
        kind = kind or Qualifier.ROUNDED
        digit = nonzero_step
        rounding = step if policy.trailing_zeros == "significant" else nonzero_step
        if precision is not None:
            with _Field("precision"):
                digit, relative = _amount(precision, "precision", word, text, step)
                if relative:
                    raise NumberError(f"precision {precision!r} must be an amount, not a percentage")
            rounding = digit
        accepts_tolerance = kind in (Qualifier.ROUNDED, Qualifier.ABOUT, Qualifier.EXACT)
        if tolerance is None and default_tolerance is not None and accepts_tolerance:
            tolerance = default_tolerance
        half: Fraction | None = None
        if tolerance is not None:
            with _Field("tolerance"):
                if not accepts_tolerance:
                    raise NumberError(
                        f"tolerance applies to rounded or approximate figures; {text!r} is {kind.value}"
                    )
                t, relative = _amount(tolerance, "tolerance", word, text, step)
            half = t * abs(value) if relative else t
            kind = Qualifier.ABOUT if kind == Qualifier.EXACT else kind
        interval = _interval(kind, value, rounding, digit, half, policy)
        return _finish(text, value, step, word, kind, rounding, interval)
    except ClaimcheckError:
        raise
    except (ValueError, ArithmeticError, OverflowError) as exc:  # defensive: never a bare traceback
        raise NumberError(f"cannot read {text!r}: {exc}") from None


def _finish(
    text: str, value: Fraction, step: Fraction, word: UnitWord, kind: Qualifier, rounding: Fraction, interval: Interval
) -> Reported:
    """The reading, its interval cut to what the unit admits; refused if nothing is left."""
    if word.unit in NONNEGATIVE_UNITS and value >= 0:  # durations, areas, counts: never below 0
        interval = interval.intersect(Interval(Fraction(0), None))  # (a fall of them, 减少3万吨, is a change)
    if word.counts and step >= 1:  # whole things: integers (户均2.62人 is an average, not a count)
        interval = interval.integers()
        if interval.is_empty:
            raise NumberError(f"no whole number fits {text!r}")
    if interval.is_empty:
        raise NumberError(f"{text!r} admits no value under this policy")
    return Reported(text, value, word.unit, word.counts, kind, rounding, interval)


def _plain_reported(text: str, policy: Policy, default_qualifier: str | None) -> Reported | None:
    """:func:`reported` for a plain decimal with its unit word (``715.1亿元``, ``约4.2%``) when no
    unit, qualifier, precision, tolerance or scale is given: a rounded figure's interval from
    integers. ``None`` for the general way: other texts, a bare number (the file's unit or scale
    may apply to it), a figure without a qualifier of its own beside a default qualifier."""
    plain = read_plain(text) if isinstance(text, str) else None
    if plain is None:
        return None
    value, step, nonzero_step, word, written_q = plain
    if word is None or (written_q is None and default_qualifier is not None):
        return None
    kind = written_q or Qualifier.ROUNDED
    rounding = step if policy.trailing_zeros == "significant" else nonzero_step
    if kind == Qualifier.ROUNDED:
        interval = _within_half(value, rounding)
    else:
        interval = _interval(kind, value, rounding, nonzero_step, None, policy)
    return _finish(text, value, step, word, kind, rounding, interval)


def _within_half(value: Fraction, rounding: Fraction) -> Interval:
    """[value - rounding/2, value + rounding/2], one Fraction per end from integers (Fraction
    arithmetic would take three operations, each normalised)."""
    a, b, c, d = value.numerator, value.denominator, rounding.numerator, rounding.denominator
    centre, half, denominator = 2 * a * d, b * c, 2 * b * d
    return Interval(Fraction(centre - half, denominator), Fraction(centre + half, denominator))


def _qualifier(qualifier: str | Qualifier, written: Qualifier | None, text: str) -> Qualifier:
    from .policy import qualifier_from_name

    try:
        kind = qualifier if isinstance(qualifier, Qualifier) else qualifier_from_name(qualifier)
    except ValueError as exc:
        raise NumberError(str(exc)) from None
    if written is not None and kind != written:
        raise NumberError(f"{text!r} is written with qualifier {written.value} but {kind.value} is given")
    return kind


def _interval(
    kind: Qualifier, v: Fraction, rounding: Fraction, digit: Fraction, half: Fraction | None, policy: Policy
) -> Interval:
    if kind == Qualifier.EXACT:
        return Interval(v, v)
    if kind == Qualifier.ROUNDED:
        h = rounding / 2 if half is None else half
        return Interval(v - h, v + h)
    if kind == Qualifier.ABOUT:
        h = max(policy.about * digit, policy.about_relative * abs(v), rounding / 2) if half is None else half
        return Interval(v - h, v + h)
    if kind == Qualifier.SOME_MORE:
        return Interval(v, v + policy.some_more * digit, True, True)
    if kind == Qualifier.OVER:
        return Interval(v, None if policy.over is None else v + policy.over * digit, True, True)
    if kind == Qualifier.NEARLY:
        return Interval(v - policy.nearly * digit, v)
    if kind == Qualifier.UNDER:
        return Interval(None if policy.under is None else v - policy.under * digit, v, True, True)
    if kind == Qualifier.AT_LEAST:
        return Interval(v, None)
    if kind == Qualifier.AT_MOST:
        return Interval(None, v)
    raise AssertionError(kind)


__all__ = ["DIMENSIONLESS", "Reported", "parse_written", "reported"]
