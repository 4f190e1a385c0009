"""Evaluation: score extraction against gold articles (ANNOTATION.md) or ACLED coding."""

from marsad.evaluate.scoring import (
    AcledScore,
    GoldScore,
    best_report,
    match_events,
    score_acled,
    score_gold,
    weighted_f1,
)

__all__ = ["AcledScore", "GoldScore", "best_report", "match_events", "score_acled", "score_gold", "weighted_f1"]
