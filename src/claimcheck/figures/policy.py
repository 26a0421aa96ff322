"""Qualifiers and the tolerance policy: what interval of true values a written figure admits.

The qualifier words (``左右``, ``余``, ``超``, ``近``, ``以上``, ``about``, ``more than`` ...) fall into a
few kinds; :class:`Policy` says, for each kind, how its interval is built from the written value
``v`` and the place value of its last digit. The defaults are the table in ``docs/semantics.md``;
a claim file overrides them under ``policy:``.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator


class Qualifier(StrEnum):
    """The kinds of qualifier a written figure can carry."""

    ROUNDED = "rounded"  # no qualifier: the figure is rounded at its last written digit
    EXACT = "exact"  # the figure is exact (e.g. a count of listed things)
    ABOUT = "about"  # 左右 约 大约 about around approximately roughly
    SOME_MORE = "some_more"  # 余 多 (6000余家, 170多条): a bit more, less than the next digit
    OVER = "over"  # 超 超过 逾 突破 over more than exceeding
    NEARLY = "nearly"  # 近 将近 接近 nearly almost
    UNDER = "under"  # 不到 不足 低于 少于 less than under below
    AT_LEAST = "at_least"  # 以上 不低于 不少于 至少 at least
    AT_MOST = "at_most"  # 以内 以下 不超过 最多 up to at most within


#: Qualifier words written before the number.
PREFIX_WORDS: dict[str, Qualifier] = {
    "约": Qualifier.ABOUT, "大约": Qualifier.ABOUT, "约为": Qualifier.ABOUT, "大概": Qualifier.ABOUT,
    "about": Qualifier.ABOUT, "around": Qualifier.ABOUT, "approximately": Qualifier.ABOUT,
    "approx.": Qualifier.ABOUT, "roughly": Qualifier.ABOUT, "some": Qualifier.ABOUT, "~": Qualifier.ABOUT,
    "≈": Qualifier.ABOUT,
    "超": Qualifier.OVER, "超过": Qualifier.OVER, "过": Qualifier.OVER, "逾": Qualifier.OVER, "破": Qualifier.OVER,
    "突破": Qualifier.OVER, "高于": Qualifier.OVER, "多于": Qualifier.OVER,
    "over": Qualifier.OVER, "more than": Qualifier.OVER, "above": Qualifier.OVER,
    "in excess of": Qualifier.OVER, "exceeding": Qualifier.OVER, "upwards of": Qualifier.OVER, ">": Qualifier.OVER,
    "近": Qualifier.NEARLY, "将近": Qualifier.NEARLY, "接近": Qualifier.NEARLY, "近乎": Qualifier.NEARLY,
    "nearly": Qualifier.NEARLY, "almost": Qualifier.NEARLY, "close to": Qualifier.NEARLY,
    "just under": Qualifier.NEARLY,
    "不到": Qualifier.UNDER, "不足": Qualifier.UNDER, "低于": Qualifier.UNDER, "少于": Qualifier.UNDER,
    "less than": Qualifier.UNDER, "fewer than": Qualifier.UNDER, "under": Qualifier.UNDER,
    "below": Qualifier.UNDER, "<": Qualifier.UNDER,
    "不低于": Qualifier.AT_LEAST, "不少于": Qualifier.AT_LEAST, "至少": Qualifier.AT_LEAST,
    "at least": Qualifier.AT_LEAST, "no less than": Qualifier.AT_LEAST, "no fewer than": Qualifier.AT_LEAST,
    "≥": Qualifier.AT_LEAST, ">=": Qualifier.AT_LEAST,
    "不超过": Qualifier.AT_MOST, "不高于": Qualifier.AT_MOST, "最多": Qualifier.AT_MOST, "至多": Qualifier.AT_MOST,
    "up to": Qualifier.AT_MOST, "at most": Qualifier.AT_MOST, "within": Qualifier.AT_MOST,
    "no more than": Qualifier.AT_MOST, "≤": Qualifier.AT_MOST, "<=": Qualifier.AT_MOST,
}

#: Words of a change written before its size: the sign of the figure (下降3.4% is -3.4%).
CHANGE_WORDS: dict[str, int] = {
    "增长": 1, "增加": 1, "提高": 1, "上升": 1, "回升": 1, "上涨": 1, "增长了": 1, "提高了": 1,
    "下降": -1, "减少": -1, "回落": -1, "降低": -1, "下跌": -1, "下滑": -1, "下降了": -1, "减少了": -1,
    "rose": 1, "rose by": 1, "increased": 1, "increased by": 1, "grew": 1, "grew by": 1, "up": 1, "up by": 1,
    "fell": -1, "fell by": -1, "decreased": -1, "decreased by": -1, "declined": -1, "declined by": -1,
    "down": -1, "down by": -1, "dropped": -1, "dropped by": -1,
}
#: Words of a conversion written before a figure (约合5亿美元: about 5亿 dollars; 折合, 相当于: as converted).
CONVERSION_WORDS: dict[str, Qualifier | None] = {"约合": Qualifier.ABOUT, "折合": None, "相当于": None}

#: Qualifier words written right after the digits, before the unit word (6000余家, 170多条, 2万多).
INFIX_WORDS: dict[str, Qualifier] = {"余": Qualifier.SOME_MORE, "多": Qualifier.SOME_MORE}

#: Qualifier words written after the unit word (1840亿元左右, 1小时以内, 70%以上).
SUFFIX_WORDS: dict[str, Qualifier] = {
    "左右": Qualifier.ABOUT, "上下": Qualifier.ABOUT, "许": Qualifier.ABOUT,
    "以上": Qualifier.AT_LEAST, "及以上": Qualifier.AT_LEAST, "级": Qualifier.AT_LEAST, "or more": Qualifier.AT_LEAST,
    "plus": Qualifier.AT_LEAST, "+": Qualifier.AT_LEAST,
    "以内": Qualifier.AT_MOST, "以下": Qualifier.AT_MOST, "之内": Qualifier.AT_MOST,
    "or less": Qualifier.AT_MOST, "or fewer": Qualifier.AT_MOST,
    "多": Qualifier.SOME_MORE, "余": Qualifier.SOME_MORE,
}


def qualifier_from_name(name: str) -> Qualifier:
    """A ``qualifier:`` field: a kind name (``about``) or any qualifier word (``左右``)."""
    key = " ".join(name.split()).casefold()
    for kind in Qualifier:
        if kind.value == key:
            return kind
    for table in (PREFIX_WORDS, SUFFIX_WORDS, INFIX_WORDS):
        if key in table:
            return table[key]
    raise ValueError(f"unknown qualifier {name!r}; use one of {', '.join(q.value for q in Qualifier)}")


def _fraction(value: object) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return Fraction(text[:-1].strip()) / 100
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"expected an exact number, got {value!r}") from None
    raise ValueError(f"expected an exact number written as text or an integer, got {value!r}")


#: A non-negative exact number in a policy; written ``0.5``, ``"1/2"`` or ``"2%"``.
ExactNumber = Annotated[
    Fraction,
    BeforeValidator(_fraction),
    PlainSerializer(lambda f: str(f), return_type=str),
    Field(json_schema_extra={"type": ["string", "integer", "number"]}),
]


class Policy(BaseModel):
    """How qualifiers turn a written figure into an interval. Widths are multiples of the place
    value of the figure's last non-zero digit (``d``): ``1840左右`` has d = 10, ``8%左右`` has d = 1%."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    trailing_zeros: Literal["significant", "insignificant"] = Field(
        "significant",
        description="Whether trailing zeros of an integer figure without a qualifier are significant: "
        "'6200亿' rounded to 1亿 (significant) or to 100亿 (insignificant).",
    )
    about: ExactNumber = Field(
        Fraction(1, 2),
        description="左右/about: the figure is within this many d of the truth (default 1/2: it is the "
        "truth rounded at its last non-zero digit).",
    )
    about_relative: ExactNumber = Field(
        Fraction(0),
        description="左右/about: a lower limit on the half-width, relative to the figure (e.g. '2%').",
    )
    some_more: ExactNumber = Field(
        Fraction(1),
        description="余/多: the truth is above the figure and below figure + this many d (6000余 < 7000).",
    )
    nearly: ExactNumber = Field(
        Fraction(1, 2),
        description="近/nearly: the truth is at most the figure and at least figure - this many d.",
    )
    over: ExactNumber | None = Field(
        None,
        description="超/over/more than: upper limit as figure + this many d; null (default) for no limit.",
    )
    under: ExactNumber | None = Field(
        None,
        description="不到/less than: lower limit as figure - this many d; null (default) for no limit.",
    )

    generous_about: ExactNumber = Field(
        Fraction(1, 100),
        description="The generous reading that grades findings: 左右/about figures may be off by this much "
        "of their value (default '1%').",
    )
    fail_on: Literal["minor", "major"] = Field(
        "minor",
        description="Which unexpected findings fail the run: 'minor' (any inconsistency) or 'major' (only "
        "those that hold at no reasonable reading; minor ones are warnings).",
    )

    @field_validator("about", "about_relative", "nearly", "generous_about")
    @classmethod
    def _non_negative(cls, value: Fraction) -> Fraction:
        if value < 0:
            raise ValueError(f"must not be negative, got {value}")
        return value

    @field_validator("some_more", "over", "under")
    @classmethod
    def _positive(cls, value: Fraction | None) -> Fraction | None:
        if value is not None and value <= 0:
            raise ValueError(f"must be positive (a width of 0 or less admits no value), got {value}")
        return value


DEFAULT_POLICY = Policy()
