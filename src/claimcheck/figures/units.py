"""Units: claimcheck's pint registry and the unit words people write.

Unit words (``元``, ``美元``, ``家``, ``标准箱``, ``dollars``, ``%``) are looked up by name in
:data:`UNIT_WORDS`; raw text is never handed to pint's string parser, which evaluates
expressions. The registry is built from ``units.txt`` with exact :class:`~fractions.Fraction`
conversion factors, lazily on first use.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import UnitError
from .numerals import leading_magnitude

if TYPE_CHECKING:
    import pint


@dataclass(frozen=True, slots=True)
class UnitWord:
    """What a written unit word means: the pint unit name, and whether it counts whole things."""

    unit: str
    counts: bool = False


def _words(unit: str, counts: bool, *words: str) -> dict[str, UnitWord]:
    return {w: UnitWord(unit, counts) for w in words}


#: Written unit words, compared after NFKC and case folding; the reader takes the longest match.
UNIT_WORDS: dict[str, UnitWord] = {
    # currencies
    **_words("yuan", False, "元", "元人民币", "人民币", "人民币元", "rmb", "cny", "yuan", "renminbi"),
    **_words("USD", False, "美元", "美金", "usd", "us dollar", "us dollars", "dollar", "dollars", "us$"),
    **_words("EUR", False, "欧元", "eur", "euro", "euros"),
    **_words("GBP", False, "英镑", "gbp", "pound", "pounds", "pounds sterling"),
    **_words("JPY", False, "日元", "jpy", "yen"),
    **_words("HKD", False, "港元", "港币", "hkd", "hong kong dollars", "hk$"),
    **_words("TWD", False, "新台币", "twd"),
    **_words("KRW", False, "韩元", "krw", "won"),
    **_words("MOP", False, "澳门元", "mop"),
    **_words("RUB", False, "卢布", "rub", "rubles", "roubles"),
    **_words("INR", False, "卢比", "inr", "rupees"),
    **_words("SGD", False, "新加坡元", "sgd"),
    **_words("AUD", False, "澳元", "aud"),
    **_words("CAD", False, "加元", "cad"),
    **_words("CHF", False, "瑞士法郎", "chf"),
    # shares and ratios
    **_words("percent", False, "%", "percent", "per cent", "pct"),
    **_words("permille", False, "‰", "per mille", "permille"),
    **_words("percentage_point", False, "个百分点", "百分点", "percentage point", "percentage points", "pp"),
    **_words("permille_point", False, "个千分点", "千分点"),
    **_words("tenth", False, "成"),
    **_words("times", False, "倍", "times", "fold"),
    # counted things: whole numbers
    **_words(
        "count", True,
        "个", "家", "项", "人", "名", "位", "条", "次", "批", "件", "座", "所", "户", "台", "辆", "艘",
        "架", "只", "头", "张", "份", "种", "类", "场", "届", "期", "起", "宗", "笔", "款", "套", "处",
        "项目", "个项目", "家企业", "个国家", "个国家（地区）", "个国家(地区)", "国家（地区）", "国家(地区)",
        "国", "地", "大", "个项目（人选）", "项（人选）", "大港", "大口岸", "梯队",
        "units", "unit", "items", "item", "firms", "firm", "companies", "company", "people", "persons",
        "person", "projects", "project", "countries", "country", "jobs", "job", "cases", "case",
    ),
    **_words("person_time", True, "人次", "person-times", "visits", "visitors"),
    **_words("TEU", False, "标准箱", "teu", "teus"),
    # area, length, mass, time
    **_words("square_meter", False, "平方米", "平米", "㎡", "m2", "m²", "square meters", "square metres", "sqm"),
    **_words("square_kilometer", False, "平方公里", "平方千米", "km2", "km²", "square kilometers",
             "square kilometres"),
    **_words("hectare", False, "公顷", "hectare", "hectares", "ha"),
    **_words("mu", False, "亩"),
    **_words("meter", False, "米", "meter", "meters", "metre", "metres"),
    **_words("kilometer", False, "公里", "千米", "km", "kilometers", "kilometres"),
    **_words("tonne", False, "吨", "tonne", "tonnes", "ton", "tons"),
    **_words("kilogram", False, "千克", "公斤", "kg"),
    **_words("year", False, "年", "year", "years"),
    **_words("month", False, "个月", "月", "month", "months"),
    **_words("week", False, "周", "星期", "week", "weeks"),
    **_words("day", False, "天", "日", "day", "days"),
    **_words("working_day", False, "工作日", "个工作日", "working day", "working days"),
    **_words("hour", False, "小时", "个小时", "hour", "hours", "h"),
    **_words("minute", False, "分钟", "minute", "minutes"),
    **_words("second", False, "秒", "秒钟", "second", "seconds"),
}

#: Units of quantities that cannot be negative (durations, areas, counts...): their intervals
#: are cut at 0, so that "1小时以内" is [0, 1] hour. Money and rates can be negative.
NONNEGATIVE_UNITS = frozenset({
    "count", "person_time", "TEU", "square_meter", "square_kilometer", "hectare", "mu", "meter", "kilometer",
    "tonne", "kilogram", "gram", "year", "month", "week", "day", "working_day", "hour", "minute", "second",
})

#: Currency signs written before the digits ("$1.2 billion", "€3bn").
CURRENCY_SIGNS: dict[str, str] = {
    "US$": "USD", "$": "USD", "HK$": "HKD", "NT$": "TWD", "S$": "SGD", "A$": "AUD", "C$": "CAD",
    "€": "EUR", "£": "GBP", "₩": "KRW", "₹": "INR", "RMB": "yuan", "CNY": "yuan", "USD": "USD",
    "EUR": "EUR", "GBP": "GBP", "JPY": "JPY", "HKD": "HKD",
}

#: Signs that name no single currency: refused with a hint instead of guessed.
AMBIGUOUS_SIGNS: dict[str, str] = {"¥": "yuan (元, CNY) or yen (日元, JPY)"}


def _key(word: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", word).split()).casefold()


_KEYS = {_key(k): v for k, v in UNIT_WORDS.items()}


#: Full-width forms of ASCII (６２００亿元, ８％) read as ASCII, and the full-width signs (￥, ￡).
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | dict(
    zip(range(0xFFE0, 0xFFE7), map(ord, "\u00a2\u00a3\u00ac\u00af\u00a6\u00a5\u20a9"), strict=True))
#: Spaces of other widths read as a plain space (no-break, thin, ideographic ...), in figures and in
#: rules alike.
SPACES = dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                 "\u2009\u200a\u202f\u205f\u3000"), " ")
#: A no-break or thin space between groups of three digits: a thousands separator (6 200亿元),
#: or a separator of decimals (3.141 592); either way it is dropped.
_GROUP_SPACE = re.compile("(?<=[0-9])[\u00a0\u2009\u202f](?=[0-9]{3}(?![0-9]))")


def normalise(text: str) -> str:
    """Only what is safe to read as plain text: full-width forms become ASCII, a no-break or thin
    space between groups of three digits is dropped, other spaces become plain spaces,
    and surrounding space is removed. Unlike NFKC, superscripts, fractions and circled digits are
    left as they are (NFKC would turn 3² into 32): the reader refuses them."""
    text = _GROUP_SPACE.sub("", text.translate(_FULLWIDTH))
    return text.translate(SPACES).strip()


#: How a rate's two units are joined: ``元/人``, ``公斤/亩``, ``yuan per person``, ``per capita``.
_PER = re.compile(r"\s*/\s*|\s+per\s+|^per\s+", re.IGNORECASE)
#: Words for "each person" after ``per`` (``$12,000 per capita``).
_PER_HEAD = ("capita", "head", "person", "人", "人均")
#: The separator of a compound unit's name: ``yuan_per_count`` is yuan per counted thing.
PER = "_per_"


def lookup_unit_word(word: str) -> UnitWord | None:
    """The meaning of a unit word, or ``None``; never evaluates anything. A rate of two unit
    words (``元/人``, ``公斤/亩``, ``元/美元``, ``yuan per person``) is named ``yuan_per_count``;
    a denominator alone (``per capita``) is named ``_per_count``, for a currency sign to complete."""
    found = _KEYS.get(_key(word))
    if found is not None or ("/" not in word and "per" not in word.casefold()):
        return found
    parts = _PER.split(word.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    top, bottom = parts
    below = UnitWord("count") if _key(bottom) in _PER_HEAD else _KEYS.get(_key(bottom))
    above = _KEYS.get(_key(top)) if top else None
    if below is None or (top and above is None) or PER in below.unit or (above and PER in above.unit):
        return None
    return UnitWord(f"{above.unit if above else ''}{PER}{below.unit}")


def unit_name(word_or_code: str) -> UnitWord:
    """Resolve a claim's ``unit:`` field: a unit word (``元``) or a registry name (``CNY``)."""
    found = lookup_unit_word(word_or_code)
    if found is not None and found.unit.startswith(PER):
        raise UnitError(f"unit {word_or_code!r} says per what but not of what: write the unit before it "
                        "(元/人, USD per capita)")
    if found is not None:
        return found
    name = normalise(word_or_code)
    if name.isidentifier() and name in _defined_names():
        return UnitWord(name, name in ("count", "person_time"))
    top, per, bottom = name.partition(PER)
    if per and top in _defined_names() and bottom in _defined_names():
        return UnitWord(name)
    # a unit field must not carry a magnitude (a table's 单位：亿元 is written into each figure)
    magnitude = leading_magnitude(name)
    rest = name[len(magnitude):].strip() if magnitude else ""
    if magnitude is not None and lookup_unit_word(rest) is not None:
        example = f"6200{magnitude}" if not magnitude.isascii() else f"6.2 {magnitude.strip()}"
        raise UnitError(
            f"unknown unit {word_or_code!r}: a unit names what is measured ({rest}); the magnitude "
            f"{magnitude.strip()!r} belongs in each figure ({example})"
        )
    raise UnitError(f"unknown unit {word_or_code!r}")


# ---------------------------------------------------------------- the pint registry

_lock = threading.Lock()
_registry: Any = None
#: Whether set_registry() replaced the default registry (then the shipped table is not used).
_user_registry = False
_names: frozenset[str] | None = None


def _definitions() -> list[str]:
    return resources.files("claimcheck.figures").joinpath("units.txt").read_text("utf-8").splitlines()


def _defined_names() -> frozenset[str]:
    """Names and aliases defined in units.txt, read without importing pint."""
    global _names
    if _names is None:
        names: set[str] = set()
        for line in _definitions():
            line = line.split("#", 1)[0].strip()
            if "=" not in line:
                continue
            parts = [p.strip() for p in line.split("=")]
            names.add(parts[0])
            names.update(p for p in parts[2:] if p.isidentifier())
        _names = frozenset(names)
    return _names


def make_registry(base: pint.UnitRegistry[Any] | None = None) -> pint.UnitRegistry[Any]:
    """A registry with claimcheck's units: a new lean one, or ``base`` with the missing ones added.

    A ``base`` registry should be created with ``non_int_type=fractions.Fraction`` so that its
    own conversion factors are exact; float factors are read back through their shortest repr.
    """
    import pint

    # define() line by line: pint's file parser costs about 200 ms at start-up, this about 15 ms
    reg: Any = pint.UnitRegistry(None, non_int_type=Fraction, cache_folder=None) if base is None else base
    for line in _definitions():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name = line.split("=", 1)[0].strip()
        if base is None or name not in base:
            reg.define(line)
    return reg  # type: ignore[no-any-return]


def registry() -> pint.UnitRegistry[Any]:
    """claimcheck's default registry, built once per process on first use (about 15 ms, plus
    about 130 ms to import pint)."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = make_registry()
    return _registry  # type: ignore[no-any-return]


def set_registry(ureg: pint.UnitRegistry[Any] | None) -> pint.UnitRegistry[Any] | None:
    """Use the caller's registry from now on (claimcheck's units are added to it where missing);
    ``None`` goes back to claimcheck's own.

    Create it with ``non_int_type=fractions.Fraction`` so that conversion factors stay exact."""
    global _registry, _user_registry
    with _lock:
        _registry = None if ureg is None else make_registry(ureg)
        _user_registry = ureg is not None
        _base_cache.clear()
    return _registry  # type: ignore[no-any-return]


def get_unit(name: str, ureg: pint.UnitRegistry[Any] | None = None) -> pint.Unit:
    """The pint unit called ``name`` (a registry name, never parsed text)."""
    reg = ureg if ureg is not None else registry()
    if not name.isidentifier():
        raise UnitError(f"unknown unit {name!r}")
    top, per, bottom = name.partition(PER)
    if per and top and bottom:
        return get_unit(top, reg) / get_unit(bottom, reg)  # type: ignore[no-any-return]
    try:
        return reg.Unit(name)
    except Exception as exc:  # pint raises its own UndefinedUnitError
        raise UnitError(f"unknown unit {name!r}") from exc


def exact(x: Any) -> Fraction:
    """A conversion factor as an exact fraction (floats read back through their shortest repr)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(repr(float(x)))


def conversion_factor(from_unit: str, to_unit: str) -> Fraction:
    """Exact factor f with ``x from_unit == x * f to_unit``; a :class:`UnitError` if incompatible."""
    factor_from, dims_from = base_unit(from_unit)
    factor_to, dims_to = base_unit(to_unit)
    if dims_from != dims_to:
        currencies = all(any(k.startswith("[currency_") for k, _ in d) for d in (dims_from, dims_to))
        kinds = "different currencies" if currencies else (
            f"{dimension_text(dims_from)} is not {dimension_text(dims_to)}")
        raise UnitError(f"cannot convert {from_unit} to {to_unit} ({kinds})")
    return factor_from / factor_to


#: A unit's exact factor to base units and its dimensions (sorted base-dimension exponents).
BaseUnit = tuple[Fraction, tuple[tuple[str, Fraction], ...]]

_base_cache: dict[str, BaseUnit] = {}
_table: dict[str, BaseUnit] | None = None
#: Where the built-in units' factors and dimensions are kept, as pint computes them.
TABLE_FILE = "units_table.json"


def _from_pint(name: str, reg: pint.UnitRegistry[Any]) -> BaseUnit:
    unit = get_unit(name, reg)
    factor, _ = reg.get_base_units(unit)
    return exact(factor), tuple(sorted((str(k), exact(v)) for k, v in unit.dimensionality.items()))


def unit_table() -> dict[str, list[Any]]:
    """Every name defined in ``units.txt`` with its factor and dimensions, computed by pint
    (what :data:`TABLE_FILE` holds; a test checks that the two agree)."""
    reg = make_registry()
    table: dict[str, list[Any]] = {}
    for name in sorted(_defined_names()):
        factor, dims = _from_pint(name, reg)
        table[name] = [str(factor), {k: str(v) for k, v in dims}]
    return table


def write_table() -> None:
    """Regenerate :data:`TABLE_FILE` after changing ``units.txt``."""
    import json

    path = resources.files("claimcheck.figures").joinpath(TABLE_FILE)
    with resources.as_file(path) as target:
        lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in unit_table().items()]
        target.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def _shipped_table() -> dict[str, BaseUnit]:
    """The built-in units, read from :data:`TABLE_FILE`: verifying a file whose units are all
    built in does not import pint at all (importing it is most of claimcheck's start-up)."""
    global _table
    if _table is None:
        import json

        raw = json.loads(resources.files("claimcheck.figures").joinpath(TABLE_FILE).read_text("utf-8"))
        _table = {
            name: (Fraction(factor), tuple((k, Fraction(v)) for k, v in sorted(dims.items())))
            for name, (factor, dims) in raw.items()
        }
    return _table


def base_unit(name: str) -> BaseUnit:
    """The exact factor to base units and the dimensions of the unit called ``name``."""
    cached = _base_cache.get(name)
    if cached is not None:
        return cached
    top, per, bottom = name.partition(PER)
    if name == "dimensionless":
        result: BaseUnit = (Fraction(1), ())
    elif per and top and bottom:  # a rate: yuan_per_count, kilogram_per_mu
        (f_top, d_top), (f_bottom, d_bottom) = base_unit(top), base_unit(bottom)
        dims = dict(d_top)
        for k, v in d_bottom:
            dims[k] = dims.get(k, Fraction(0)) - v
        result = (f_top / f_bottom, tuple(sorted((k, v) for k, v in dims.items() if v)))
    elif not _user_registry and name in _shipped_table():
        result = _shipped_table()[name]
    else:
        result = _from_pint(name, registry())
    _base_cache[name] = result
    return result


def factor_of(name: str) -> Fraction:
    """The exact factor from the unit ``name`` to base units."""
    return base_unit(name)[0]


def dimension_text(dims: tuple[tuple[str, Fraction], ...]) -> str:
    """Dimensions (base dimension, exponent) as messages show them: ``CNY * USD**-1``, ``length``."""
    if not dims:
        return "dimensionless"
    names = [k.strip("[]").removeprefix("currency_") for k, _ in dims]  # [currency_CNY] -> CNY
    return " * ".join(n if p == 1 else f"{n}**{p}" for n, (_, p) in zip(names, dims, strict=True))


