"""Recall ceiling of the English triggers on ACLED notes (../shared/eval/acled_dev.csv).

For each gold sub-event type: how often at least one trigger of that sub-event type
fires on the notes ("@attack" counts for Attack and Armed clash), how often the
first-ranked trigger (coder precedence) has the gold type, and the most common wrong
first-ranked triggers. The CSV is read at run time only; nothing from it is stored.

    .venv/bin/python benchmarks/eval_triggers_acled.py [path/to/acled_dev.csv]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from marsad.coder.triggers import ATTACK, TriggerBook

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "acled_dev.csv"


def matches_gold(sub_event_type: str, gold: str) -> bool:
    return sub_event_type == gold or (sub_event_type == ATTACK and gold in ("Attack", "Armed clash"))


def main(path: Path) -> int:
    if not path.exists():
        print(f"{path}: not found (development data lives in ../shared/eval)", file=sys.stderr)
        return 2
    book = TriggerBook.load("en")
    policy_file = Path(__file__).resolve().parents[1] / "marsad" / "data" / "coder" / "policy.yaml"
    order = yaml.safe_load(policy_file.read_text(encoding="utf-8"))["precedence"]
    rank = {sub: index for index, sub in enumerate(order)}
    totals: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    top_right: Counter[str] = Counter()
    silent: Counter[str] = Counter()
    wrong_top: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            gold, notes = row["sub_event_type"], row["notes"] or ""
            totals[gold] += 1
            hits = book.find(notes)
            if not hits:
                silent[gold] += 1
                continue
            if any(matches_gold(h.sub_event_type, gold) for h in hits):
                fired[gold] += 1
            top = min(hits, key=lambda h: (rank.get(h.sub_event_type, len(rank)), -h.weight, h.start))
            if matches_gold(top.sub_event_type, gold):
                top_right[gold] += 1
            else:
                wrong_top[gold][f"{top.sub_event_type} ({top.trigger_id}: {top.text.lower()})"] += 1
    print(f"{'gold sub-event type':38} {'n':>5} {'fires':>7} {'top':>7} {'silent':>7}  most common wrong top triggers")
    for gold, n in totals.most_common():
        common = "; ".join(f"{k} ×{v}" for k, v in wrong_top[gold].most_common(3))
        print(f"{gold:38} {n:5d} {fired[gold] / n:7.1%} {top_right[gold] / n:7.1%} {silent[gold] / n:7.1%}  {common}")
    n = sum(totals.values())
    macro = sum(fired[g] / totals[g] for g in totals) / len(totals)
    print(f"\nall: {n} notes; fires {sum(fired.values()) / n:.1%} (macro {macro:.1%}); "
          f"top {sum(top_right.values()) / n:.1%}; silent {sum(silent.values()) / n:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV))
