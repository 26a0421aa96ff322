"""A pytest plugin: every rule of the claim files you name becomes a test.

Off unless asked for: ``pytest --claimcheck claims/`` (repeatable; files, directories or globs).
Only the named files are read — never every ``.yaml`` of a repository — and claimcheck itself is
imported only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claimcheck", "numerical fact-checking of claim files")
    group.addoption(
        "--claimcheck", action="append", default=[], metavar="PATH",
        help="verify the rules of these claim files (files, directories or globs) as tests",
    )


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    paths: list[str] = config.getoption("claimcheck") or []
    if not paths:
        return
    from .cli.app import _expand

    files, problems = _expand(tuple(paths))
    if problems:
        raise pytest.UsageError("; ".join(str(p) for p in problems))
    for path in files:
        collector = ClaimFileCollector.from_parent(session, path=Path(path).resolve())
        items.extend(collector.collect())


class ClaimcheckFailure(Exception):
    """A rule whose verdict differs from its recorded finding."""


class ClaimFileCollector(pytest.File):
    """A claim file: one test item per rule (and one per joint conflict)."""

    def collect(self) -> list[pytest.Item]:
        from . import api
        from .errors import ClaimcheckError
        from .report.machine import written_figures

        try:
            report = api.verify(api.load(self.path))
        except ClaimcheckError as exc:
            return [ClaimInvalidItem.from_parent(self, name="load", message=str(exc))]
        file_report = report.files[0]
        written = written_figures(file_report)
        items: list[pytest.Item] = [
            ClaimRuleItem.from_parent(self, name=rule.id, result=rule, written=written)
            for rule in file_report.rules
        ]
        for conflict in file_report.conflicts:
            items.append(ClaimInvalidItem.from_parent(
                self, name="joint:" + "+".join(conflict.rules), message=None if conflict.ok else conflict.message,
            ))
        return items


class ClaimRuleItem(pytest.Item):
    def __init__(self, *, result: Any, written: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result
        self.written = written

    def runtest(self) -> None:
        if not self.result.ok:
            from .report.machine import describe

            problems = [r for r in self.result.checks() if not r.ok]
            raise ClaimcheckFailure("; ".join(f"{p.check}: {describe(p, self.written)}" for p in problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ClaimcheckFailure):
            return f"{self.path}:{self.result.line}: rule {self.name}: {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.result.line - 1 if self.result.line else None
        return self.path, line, f"claimcheck rule {self.name}"


class ClaimInvalidItem(pytest.Item):
    def __init__(self, *, message: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message  # None: a conflict recorded as a finding, found as recorded

    def runtest(self) -> None:
        if self.message is not None:
            raise ClaimcheckFailure(self.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"claimcheck {self.name}"
