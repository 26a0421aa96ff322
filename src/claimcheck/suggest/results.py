"""What :func:`~claimcheck.suggest.suggester.suggest` finds, and how it is written: rules ready to
paste under ``rules:``, each with why it was suggested, and the near misses apart, commented out,
with their slack and suspects."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .candidates import Candidate


@dataclass(frozen=True)
class Suggestion:
    """A candidate rule, confirmed by the exact verifier."""

    id: str
    candidate: Candidate
    verdict: str
    slack: str | None
    suspects: tuple[str, ...] = ()
    rivals: int = 0  # other candidates of the same shape that reach the same claim
    readings: tuple[tuple[str, str], ...] = ()  # each reading's verdict, for a rule with readings

    @property
    def expected(self) -> float:
        return self.candidate.expected


@dataclass
class Suggestions:
    """What :func:`suggest` found for one file."""

    source: str
    rules: list[Suggestion]
    near_misses: list[Suggestion]
    tried: dict[str, int] = field(default_factory=dict)
    skipped_as_implied: int = 0

    def to_yaml(self) -> str:
        """The suggestions as YAML: rules ready to paste, then the near misses as comments."""
        return to_yaml(self)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _rule(s: Suggestion, *, prefix: str = "", expect: str | None = None) -> list[str]:
    c = s.candidate
    cues = ", ".join(c.cues.said) or "no cue"
    head = f"{prefix}  {s.id}:  # E = {c.expected:.2g} ({c.tried} tried); {cues}"
    if s.rivals:
        head += f"; {s.rivals} other{'s' if s.rivals > 1 else ''} reach {c.claims[-1]} too"
    if s.slack is not None and s.verdict != "consistent":
        head += f"; slack {s.slack}" + (f"; suspects: {', '.join(s.suspects)}" if s.suspects else "")
    lines = [head]
    if c.readings is not None:
        verdicts = dict(s.readings)
        lines.append(f"{prefix}    readings:")
        for rid, check in c.readings:
            lines += [f"{prefix}      {rid}:", f"{prefix}        check: {check}"]
            if verdicts.get(rid, "consistent") != "consistent":
                lines.append(f"{prefix}        expect: inconsistent")  # so that the rule verifies as pasted
    else:
        lines.append(f"{prefix}    check: {c.check}")
        if expect:
            lines.append(f"{prefix}    expect: {expect}")
    lines.append(f"{prefix}    note: {_q('suggested: ' + c.why)}")
    return lines


def rule_lines(suggestions: Suggestions) -> list[str]:
    """The suggested rules as the lines of a ``rules:`` mapping (without the key), then the near
    misses as comments."""
    out: list[str] = []
    for s in suggestions.rules:
        out += _rule(s)
    if suggestions.near_misses:
        out.append("  # Near misses: candidates that fail by a small slack (possible findings, or coincidences).")
        out.append("  # Uncomment one to record it: verify will report it as a finding.")
        for s in suggestions.near_misses:
            out += _rule(s, prefix="  #", expect="inconsistent")
    return out


def to_yaml(suggestions: Suggestions) -> str:
    """A YAML document with a ``rules:`` mapping of the suggestions, best first."""
    tried = ", ".join(f"{k} {v}" for k, v in sorted(suggestions.tried.items()))
    head = [
        f"# claimcheck suggest {suggestions.source}: {len(suggestions.rules)} candidate rules that hold, best first,",
        "# ranked by E, the expected number of matches as good by chance among the candidates of that",
        "# shape tried, after the cues in the text (lower is more telling). Paste the true ones under",
        f"# rules:, delete the rest. Candidates tried: {tried or 'none'}.",
    ]
    if suggestions.skipped_as_implied:
        head.append(f"# {suggestions.skipped_as_implied} candidates over claims that the file's rules already tie "
                    "were left out.")
    body = rule_lines(suggestions)
    return "\n".join([*head, "rules:" if body and suggestions.rules else "rules: {}", *body]) + "\n"


def with_rules(draft: str, suggestions: Suggestions) -> str:
    """A drafted claim file with the suggested rules in place of its empty ``rules: {}``."""
    body = rule_lines(suggestions)
    if not body:
        return draft
    head = "rules:" if suggestions.rules else "rules: {}"
    lines = draft.split("\n")
    at = lines.index("rules: {}")
    note = ["# Rules suggested by `claimcheck suggest`, best first: keep the true ones, delete the rest."]
    return "\n".join([*lines[:at], *note, head, *body, *lines[at + 1:]])


__all__ = ["Suggestion", "Suggestions", "rule_lines", "to_yaml", "with_rules"]
