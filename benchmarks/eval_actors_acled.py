"""Actor recall ceiling on ACLED notes: how often actor1/actor2 are among resolved mentions.

Reads ../shared/eval/acled_dev.csv at run time (never copied into the project).
For each row, runs ActorBase.find_mentions over the English notes, resolves every
mention with the row's country and event_date, and checks whether the row's
actor1 and actor2 appear, by base name (period suffix removed) and by full name.

    .venv/bin/python benchmarks/eval_actors_acled.py [--csv PATH] [--as-of DATE] [--misses N]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from marsad.lexicon import ActorBase

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "acled_dev.csv"
_PERIOD = re.compile(r" \(\d{4}-(?:\d{4})?\)")


def base_name(name: str) -> str:
    """An ACLED name without its regime-period suffix."""
    return _PERIOD.sub("", name).strip()


def canonical(name: str, spellings: dict[str, str]) -> str:
    """Replace older ACLED spellings of an actor by the current one."""
    for old, new in spellings.items():
        name = name.replace(old, new)
    return name


def evaluate(rows: list[dict[str, str]], actors: ActorBase, as_of: str | None) -> dict[str, object]:
    spellings = {v: a.acled for a in actors.actors.values() for v in a.variants}
    counts: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for row in rows:
        full, bases = set(), set()
        for mention in actors.find_mentions(row["notes"], "en"):
            resolved = actors.resolve(mention.value, row["country"], row["event_date"] or None, as_of)
            if resolved is None:
                continue
            related = [n for n in (resolved.name, resolved.primary, resolved.parent) if n]
            full.update(related)
            bases.update(base_name(n) for n in related)
            bases.update(base_name(n.replace("{country}", row["country"]))
                         for n in actors.all_names(resolved.actor_id))
        for column in ("actor1", "actor2"):
            gold = canonical(row[column].strip(), spellings)
            if not gold:
                continue
            counts[f"{column}_n"] += 1
            counts[f"{column}_base"] += base_name(gold) in bases
            counts[f"{column}_full"] += gold in full
            if not gold.startswith(("Protesters (", "Rioters (")):  # set by the event type, not a mention
                counts[f"{column}_n_np"] += 1
                counts[f"{column}_base_np"] += base_name(gold) in bases
            if base_name(gold) not in bases:
                missed[base_name(gold)] += 1
    return {"counts": counts, "missed": missed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--as-of", default=None, help="name periods as closed by this date ('latest')")
    parser.add_argument("--misses", type=int, default=25, help="show the N most frequent missed actors")
    args = parser.parse_args(argv)
    if not args.csv.exists():
        print(f"eval_actors_acled: {args.csv}: not found (development data lives in ../shared/eval)",
              file=sys.stderr)
        return 1
    with args.csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = evaluate(rows, ActorBase.load(), args.as_of)
    counts: Counter[str] = result["counts"]  # type: ignore[assignment]
    print(f"rows: {len(rows)}  (naming as_of={args.as_of or 'event date'})")
    for column in ("actor1", "actor2"):
        n = counts[f"{column}_n"] or 1
        print(f"{column}: base-name recall {counts[f'{column}_base'] / n:.3f}   "
              f"full-name recall {counts[f'{column}_full'] / n:.3f}   (n={counts[f'{column}_n']})")
        n_np = counts[f"{column}_n_np"] or 1
        print(f"  without Protesters/Rioters: base-name recall {counts[f'{column}_base_np'] / n_np:.3f}"
              f"   (n={counts[f'{column}_n_np']})")
    print("most frequent missed actors (base name):")
    for name, count in result["missed"].most_common(args.misses):  # type: ignore[union-attr]
        print(f"  {count:4d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
