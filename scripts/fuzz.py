"""Fuzz claimcheck: mutated claim files through load, compile and verify, under budgets.

    python scripts/fuzz.py --seconds 60 [--seed 1] [--out fuzz-findings]

Seeds are the project's claim files (``claims/``, ``docs/examples/``). Each input is a seed
mutated a few times: bytes flipped, inserted or deleted; lines duplicated, swapped or dropped;
tokens replaced by hostile ones (long numbers, superscripts, nested powers, aliases, control
characters, other scripts' digits, huge exponents). Every input must end in a report or a
:class:`~claimcheck.ClaimcheckError` within the time budget per input, and the process must stay
within the memory budget. Anything else (another exception, a hang, running out of memory) is a
finding: the input is written to ``--out`` and the exit status is 1.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "9" * 90, "1e999", "3²", "½", "٣", "6\u00a0200", "超过", "左右", "约", "亿亿亿", "((((a))))**12",
    "*a" * 50, "-" * 50, "\x01", "\u202e", "&a", "*a", "<<: *a", "{", "[", "'", '"', "\\", "\t", "\n  ", ": ",
    "cagr(", "growth(", "share(", "sum(", "max(", "years=0", "years=-1", "0", "-0", "0.0000001", "1e-300",
    "_lit0_", "if", "None", "value", "check", "expect: inconsistent", "readings:", "conflicts:", "亿元", "美元",
    "%", "‰", "百分点", "倍", "万家", "/", "//", "**", "== ==", "<=", "!=", "and", "lambda", "__import__",
    "元/人", "per capita", "/人", "a third", "twenty-one", "one in 0", "55.04:38.95:6.01", "单位：亿元", "千分点",
    "billions of dollars", "减少3万吨", "2.62人",
]


def seeds() -> list[bytes]:
    paths = sorted(p for p in (ROOT / "claims").rglob("*.yaml") if ".table." not in p.name)
    paths += sorted((ROOT / "docs" / "examples").glob("*.yaml"))
    return [p.read_bytes() for p in paths]


_FIELD = re.compile(rb"\b(value|check|unit|qualifier|precision|tolerance|period|scale): ([^\n,}]+)")


def mutate_field(data: bytes, rng: random.Random) -> bytes:
    """Replace one figure, check or other field with a hostile variant, keeping the YAML valid
    (single-quoted): these inputs reach the reader, the rule language and the verifier."""
    fields = list(_FIELD.finditer(data))
    if not fields:
        return data
    m = rng.choice(fields)
    old = m.group(2).decode("utf-8", "replace").strip().strip("'\"")
    if m.group(1) == b"value" and rng.random() < 0.6:
        # a figure that still reads: other digits, another qualifier (these reach the verifier)
        new = re.sub("[0-9]", lambda _: str(rng.randrange(10)), old)
        if rng.random() < 0.3:
            new = rng.choice(["约", "超过", "近", "", "about "]) + new + rng.choice(["", "左右", "多", "以上"])
        return data[:m.start(2)] + ("'" + new.replace("'", "''") + "'").encode("utf-8") + data[m.end(2):]
    pieces = [old] + [rng.choice(HOSTILE) for _ in range(rng.randint(1, 3))]
    rng.shuffle(pieces)
    new = "".join(pieces) if rng.random() < 0.5 else old.replace(rng.choice(old or "x"), rng.choice(HOSTILE), 1)
    quoted = "'" + new.replace("'", "''").replace("\n", " ") + "'"
    return data[:m.start(2)] + quoted.encode("utf-8") + data[m.end(2):]


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.choice([1, 1, 1, 2, 3, 6])):
        choice = rng.random()
        if choice < 0.7:
            data = mutate_field(data, rng)
        elif choice < 0.75 and data:
            i = rng.randrange(len(data))
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
        elif choice < 0.8 and data:
            i = rng.randrange(len(data))
            data = data[:i] + data[i + rng.randint(1, 20):]
        elif choice < 0.9:
            lines = data.split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            op = rng.random()
            if op < 0.4:
                lines.insert(j, lines[i])
            elif op < 0.7:
                lines[i], lines[j] = lines[j], lines[i]
            else:
                del lines[i]
            data = b"\n".join(lines)
        else:
            token = rng.choice(HOSTILE).encode("utf-8")
            i = rng.randrange(len(data) + 1)
            cut = rng.randint(0, 8)
            data = data[:i] + token * rng.choice([1, 1, 1, 3, 30]) + data[i + cut:]
    return data


class Budget(Exception):
    """The time budget of one input ran out."""


def _alarm(signum: int, frame: object) -> None:
    raise Budget


def run(seconds: float, seed: int, out: Path, per_input: float, memory_gb: float) -> int:
    import claimcheck

    limit = int(memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.monotonic() + seconds
    inputs = refused = verified = 0
    findings: list[tuple[str, bytes, str]] = []
    slowest = 0.0
    while time.monotonic() < deadline:
        data = mutate(rng.choice(pool), rng)
        inputs += 1
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, per_input)
        try:
            report = claimcheck.verify(claimcheck.loads(data, name="fuzz.yaml"))
            report.model_dump_json()
            verified += 1
        except claimcheck.ClaimcheckError as exc:
            str(exc)
            refused += 1
        except Budget:
            findings.append(("hang", data, f"more than {per_input} s"))
        except MemoryError:
            findings.append(("memory", data, f"more than {memory_gb} GB"))
        except Exception:
            findings.append(("crash", data, traceback.format_exc(limit=8)))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.monotonic() - started)
        if len(findings) >= 20:
            break
    print(f"fuzz: {inputs} inputs in {seconds:.0f} s (seed {seed}): {verified} verified, {refused} refused "
          f"with a located error, {len(findings)} findings; slowest input {slowest:.2f} s")
    if findings:
        out.mkdir(parents=True, exist_ok=True)
        for n, (kind, data, detail) in enumerate(findings):
            path = out / f"{kind}-{seed}-{n}.yaml"
            path.write_bytes(data)
            print(f"{kind}: {path}\n{detail}", file=sys.stderr)
    return 1 if findings else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 10_000)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--per-input", type=float, default=20.0, help="seconds one input may take")
    parser.add_argument("--memory-gb", type=float, default=3.0, help="memory the fuzzing process may use")
    args = parser.parse_args()
    return run(args.seconds, args.seed, args.out, args.per_input, args.memory_gb)


if __name__ == "__main__":
    sys.exit(main())
