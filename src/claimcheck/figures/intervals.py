"""Exact intervals of true values.

An :class:`Interval` holds the set of true values that a reported number stands for. Its ends
are exact :class:`~fractions.Fraction` s (``None`` where unbounded) and each end is open or
closed, so ``超2万`` (more than 20,000) and ``2万以上`` (at least 20,000) differ in what they admit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Number = Fraction | int | Decimal


def _frac(x: Number) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of reals ``{x : low (<|<=) x (<|<=) high}``; ``None`` ends are unbounded."""

    low: Fraction | None
    high: Fraction | None
    low_open: bool = False
    high_open: bool = False

    def __post_init__(self) -> None:
        if self.low is None and not self.low_open:
            object.__setattr__(self, "low_open", True)
        if self.high is None and not self.high_open:
            object.__setattr__(self, "high_open", True)

    @classmethod
    def point(cls, value: Number) -> Interval:
        v = _frac(value)
        return cls(v, v)

    @classmethod
    def closed(cls, low: Number | None, high: Number | None) -> Interval:
        return cls(None if low is None else _frac(low), None if high is None else _frac(high))

    @property
    def is_empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        if self.low > self.high:
            return True
        return self.low == self.high and (self.low_open or self.high_open)

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high and not self.is_empty

    @property
    def is_bounded(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def width(self) -> Fraction | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    def contains(self, x: Number) -> bool:
        """Whether the true value ``x`` (in this interval's unit) is admitted, ends honoured."""
        v = _frac(x)
        if self.low is not None and (v < self.low or (self.low_open and v == self.low)):
            return False
        return not (self.high is not None and (v > self.high or (self.high_open and v == self.high)))

    __contains__ = contains

    def intersect(self, other: Interval) -> Interval:
        low, low_open = self.low, self.low_open
        if other.low is not None and (low is None or other.low > low):
            low, low_open = other.low, other.low_open
        elif other.low is not None and other.low == low:
            low_open = low_open or other.low_open
        high, high_open = self.high, self.high_open
        if other.high is not None and (high is None or other.high < high):
            high, high_open = other.high, other.high_open
        elif other.high is not None and other.high == high:
            high_open = high_open or other.high_open
        return Interval(low, high, low_open, high_open)

    def scaled(self, factor: Fraction) -> Interval:
        """The same set in another unit: every element multiplied by ``factor`` (> 0)."""
        if factor <= 0:
            raise ValueError("unit factors are positive")
        return Interval(
            None if self.low is None else self.low * factor,
            None if self.high is None else self.high * factor,
            self.low_open,
            self.high_open,
        )

    def integers(self) -> Interval:
        """The integers in this interval, as the smallest closed interval holding them."""
        low = self.low
        if low is not None:
            n = -((-low.numerator) // low.denominator)  # ceil
            if self.low_open and n == low:
                n += 1
            low = Fraction(n)
        high = self.high
        if high is not None:
            m = high.numerator // high.denominator  # floor
            if self.high_open and m == high:
                m -= 1
            high = Fraction(m)
        return Interval(low, high, self.low is None, self.high is None)

    def __str__(self) -> str:
        return self.format()

    def format(self, digits: int = 12) -> str:
        """``[a, b)`` with ends written as short decimals (exact where they are short)."""
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        lo = "-inf" if self.low is None else format_fraction(self.low, digits)
        hi = "inf" if self.high is None else format_fraction(self.high, digits)
        return f"{left}{lo}, {hi}{right}"


def fraction_to_decimal_string(x: Fraction, max_digits: int = 40) -> str:
    """The exact decimal expansion of ``x`` if it terminates within ``max_digits`` fractional
    digits, otherwise the truncated expansion followed by ``...`` (so it never pretends to be
    exact). Accepts any exact rational (the verifier's are GMP rationals)."""
    n, d = int(x.numerator), int(x.denominator)
    sign = "-" if n < 0 else ""
    whole, rest = divmod(abs(n), d)
    if rest == 0:
        return f"{sign}{whole}"
    scaled, remainder = divmod(rest * 10**max_digits, d)
    digits = str(scaled).rjust(max_digits, "0")
    if remainder == 0:
        return f"{sign}{whole}.{digits.rstrip('0')}"
    return f"{sign}{whole}.{digits}..."


#: Magnitudes written out in full; beyond 10**±PLAIN_EXPONENTS a bound is written with an
#: exponent (1.23456789012e+5000), so that rendering never needs more digits than it shows.
PLAIN_EXPONENTS = 40


def decimal_exponent(a: int, d: int) -> int:
    """The e with 10**e <= a/d < 10**(e + 1), for positive integers, from their bit lengths (no
    conversion to text, which Python limits to 4,300 digits)."""
    e = int((a.bit_length() - d.bit_length()) * 0.30102999566398120)
    while (a * 10**-e if e < 0 else a) < (d if e < 0 else d * 10**e):
        e -= 1
    while (a * 10 ** -(e + 1) if e + 1 < 0 else a) >= (d if e + 1 < 0 else d * 10 ** (e + 1)):
        e += 1
    return e


def outward_decimal_string(x: Fraction, *, up: bool, digits: int = 12) -> str:
    """``x`` as a decimal string: exact if it has at most ``digits`` significant digits, else
    rounded to ``digits`` significant digits toward +inf (``up``) or -inf, so that an interval
    written with these ends contains the exact one; with an exponent beyond 10**±40. Integer
    arithmetic only (this renders every bound of a report)."""
    n, d = int(x.numerator), int(x.denominator)
    if n == 0:
        return "0"
    negative, a = n < 0, abs(n)
    e = decimal_exponent(a, d)  # 10**e <= |x| < 10**(e + 1)
    if abs(e) > PLAIN_EXPONENTS:
        return _with_exponent(a, d, e, negative=negative, up=up, digits=digits)
    places = digits - 1 - e  # decimal places kept (negative: tens, hundreds...)
    q, r = divmod(a * 10**places, d) if places >= 0 else divmod(a, d * 10**-places)
    if r and up != negative:  # away from zero when rounding toward +inf a positive, -inf a negative
        q += 1
        if q == 10**digits:  # 9.99... rounded up to 10.0...: one place fewer keeps `digits` digits
            q, places = q // 10, places - 1
    if not r:  # exact within `digits` significant digits: written without padding zeros
        while places > 0 and q % 10 == 0:
            q, places = q // 10, places - 1
    text = str(q)
    if places <= 0:
        text += "0" * -places
    elif places < len(text):
        text = f"{text[:-places]}.{text[-places:]}"
    else:
        text = "0." + "0" * (places - len(text)) + text
    return ("-" if negative else "") + text


def _with_exponent(a: int, d: int, e: int, *, negative: bool, up: bool, digits: int) -> str:
    """``a/d`` (= m * 10**e, 1 <= m < 10) rounded outward to ``digits`` significant digits and
    written as ``m.mmme+E``."""
    places = digits - 1 - e
    q, r = divmod(a * 10**places, d) if places >= 0 else divmod(a, d * 10**-places)
    if r and up != negative:
        q += 1
        if q == 10**digits:
            q, e = q // 10, e + 1
    mantissa = str(q).rstrip("0") or "0"
    text = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return f"{'-' if negative else ''}{text}e{e:+d}"


def format_fraction(x: Fraction, digits: int = 12) -> str:
    """A short human rendering with ``digits`` significant digits (for messages, not for data)."""
    if x == 0:
        return "0"
    if abs(decimal_exponent(abs(int(x.numerator)), int(x.denominator))) > PLAIN_EXPONENTS:
        return outward_decimal_string(x, up=True, digits=digits)
    if x.denominator == 1 and abs(x.numerator) < 10**15:
        return str(x.numerator)
    exact = fraction_to_decimal_string(x, max_digits=digits + 2)
    if not exact.endswith("...") and len(exact.replace("-", "").replace(".", "").lstrip("0")) <= digits:
        return exact
    d = Decimal(int(x.numerator)) / Decimal(int(x.denominator))
    return f"{d:.{digits}g}"
