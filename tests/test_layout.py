"""The package's shape: every module imports only the stages below its own, and none is too long.

The order of the stages is the pipeline's (docs/architecture.md). Imports are read with ``ast``,
including those inside functions (claimcheck imports lazily to start fast), so a late import
that reaches up the stack is caught as surely as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claimcheck"

#: Each stage and the rank it sits at: a module may import from stages of a lower rank, and from
#: its own stage (without cycles); never from a stage of the same or a higher rank.
RANKS: dict[str, int] = {
    "errors": 0,
    "version": 0,
    "figures": 1,
    "files": 2,
    "exact": 3,
    "extraction": 3,
    "rules": 4,
    "verify": 5,
    "report": 6,
    "suggest": 6,
    "tables": 6,
    "api": 7,
    "strategies": 7,
    "cli": 8,
    "pytest_plugin": 9,
    "__init__": 10,
}
#: Longest module accepted, in lines.
MAX_LINES = 420


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("claimcheck", *parts)).removesuffix(".__init__")


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every claimcheck module that ``path`` imports (or would, holding
    ``source``), relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8") if source is None else source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("claimcheck"):
                continue
            for alias in node.names:  # `from . import arith` imports a module
                sub = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists() or (
                    PACKAGE.parent / sub.replace(".", "/")).is_dir()
                found.append((node.lineno, sub if is_module else target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("claimcheck")]
    return found


def test_every_stage_is_ranked() -> None:
    stages = {stage_of(module_name(p)) for p in modules()}
    assert stages == set(RANKS), "a new stage or top-level module needs a rank here and a place in docs/architecture.md"


def upward_imports(path: Path, source: str | None = None) -> list[str]:
    me = module_name(path)
    mine = stage_of(me)
    wrong = []
    for line, target in imported_modules(path, source):
        theirs = stage_of(target)
        if target == "claimcheck" and mine != "__init__":
            wrong.append(f"line {line}: imports the package itself")
        elif theirs != mine and RANKS[theirs] >= RANKS[mine]:
            wrong.append(f"line {line}: {mine} (rank {RANKS[mine]}) imports {target} (rank {RANKS[theirs]})")
    return wrong


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_reach_down_the_stack(path: Path) -> None:
    wrong = upward_imports(path)
    assert not wrong, f"{module_name(path)}: " + "; ".join(wrong)


def test_no_import_cycles_within_a_stage() -> None:
    graph: dict[str, set[str]] = {}
    for path in modules():
        me = module_name(path)
        graph[me] = {t for _, t in imported_modules(path) if stage_of(t) == stage_of(me) and t != me}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, set())):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_short(path: Path) -> None:
    lines = path.read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by idea"


def test_every_stage_says_what_it_owns_and_may_import() -> None:
    for path in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        stage = path.parent.name
        assert "import" in doc and len(doc) > 200, f"{stage}/__init__.py: say what the stage owns and may import"


def test_the_checker_catches_upward_and_sideways_imports() -> None:
    """The rule above can fail: a late import of the verifier in ``figures`` is reported, and so
    is ``api`` importing ``strategies`` (same rank), while a downward import is not."""
    units = PACKAGE / "figures" / "units.py"
    assert upward_imports(units, "def f() -> None:\n    from ..verify import verifier\n") == [
        "line 2: figures (rank 1) imports claimcheck.verify.verifier (rank 5)"]
    assert upward_imports(PACKAGE / "api.py", "from .strategies import claim_files\n") == [
        "line 1: api (rank 7) imports claimcheck.strategies (rank 7)"]
    assert upward_imports(PACKAGE / "verify" / "slack.py", "from ..exact.arith import Q\n") == []


def test_the_version_is_the_one_in_pyproject() -> None:
    import tomllib

    import claimcheck

    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text("utf-8"))["project"]
    assert claimcheck.__version__ == project["version"]


def test_the_public_api_is_unchanged() -> None:
    """The layout is internal: what ``import claimcheck`` offers stays as it was."""
    import claimcheck
    import claimcheck.strategies

    assert sorted(claimcheck.__all__) == sorted([
        "Claim", "ClaimFile", "ClaimcheckError", "Document", "Expect", "Interval", "Policy", "Qualifier",
        "Reading", "RecordedConflict", "Report", "Reported", "Rule", "Suggestion", "Suggestions", "Verdict",
        "__version__", "check_table", "dump", "extract", "load", "loads", "reported", "suggest", "verify",
    ])
    assert all(hasattr(claimcheck, name) for name in claimcheck.__all__)
    assert callable(claimcheck.strategies.consistent_claim_files)
