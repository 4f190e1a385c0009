"""Acceptance on the development data in ../shared (read at test time, never copied)."""

import json
from pathlib import Path

import pytest

from marsad.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_ARTICLE = SHARED / "corpus" / "000_87cf282df6eeba7b.txt"
SEED_GOLD = SHARED / "eval" / "seed.gold.jsonl"

pytestmark = pytest.mark.shared


def _require(*paths: Path) -> None:
    for path in paths:
        if not path.exists():
            pytest.skip(f"development data not available: {path} (../shared is absent)")


def test_seed_article_developments_are_found(tmp_path, capsys):
    _require(SEED_ARTICLE, SEED_GOLD)
    predictions = tmp_path / "seed.jsonl"
    assert main(["extract", str(SEED_ARTICLE), "-o", str(predictions), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["eval", "--gold", str(SEED_GOLD), "--pred", str(predictions), "--json"]) == 0
    score = json.loads(capsys.readouterr().out)
    assert score["recall"] >= 0.8, score
