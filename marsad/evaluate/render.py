"""Human-readable output of evaluation scores (rich tables) and the progress bar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from marsad.evaluate.scoring import AcledScore, GoldScore, TypeRow

T = TypeVar("T")


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def progress(items: Sequence[T], label: str, enabled: bool = True) -> Iterator[T]:
    """Iterate with a progress bar on stderr (shown only on a terminal and when enabled)."""
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not (enabled and console.is_terminal)) as bar:
        task = bar.add_task(label, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def print_gold(result: GoldScore, per_doc: bool = False, console: Console | None = None) -> None:
    """Detection P/R/F1, field agreement on matched pairs, per sub-event type, optional per article."""
    console = console or Console()
    summary = Table(title=f"Event detection ({result.documents} articles)")
    for name in ("gold", "predicted", "matched", "precision", "recall", "F1"):
        summary.add_column(name, justify="right")
    summary.add_row(str(result.gold), str(result.predicted), str(result.matched),
                    _pct(result.precision), _pct(result.recall), _pct(result.f1))
    console.print(summary)

    agreement = Table(title=f"Agreement on {result.matched} matched events")
    agreement.add_column("field")
    agreement.add_column("agree", justify="right")
    agreement.add_column("%", justify="right")
    for row in result.agreement:
        agreement.add_row(row.field, f"{row.agree}/{row.total}", _pct(row.rate))
    console.print(agreement)
    console.print(_type_table("By sub-event type (correct = matched with the same sub-event type)",
                              result.by_sub_event_type))
    if per_doc:
        console.print(_doc_table(result))
    if result.unknown_doc_ids:
        console.print(f"[yellow]{len(result.unknown_doc_ids)} predicted doc_id(s) absent from the gold file "
                      f"were not scored[/yellow]: {', '.join(result.unknown_doc_ids[:5])}")


def _type_table(title: str, rows: Iterable[TypeRow]) -> Table:
    table = Table(title=title)
    table.add_column("sub_event_type")
    for name in ("gold", "pred", "correct", "P", "R", "F1"):
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(row.sub_event_type, str(row.gold), str(row.predicted), str(row.correct),
                      _pct(row.precision), _pct(row.recall), _pct(row.f1))
    return table


def _doc_table(result: GoldScore) -> Table:
    table = Table(title="Per article")
    table.add_column("doc_id", no_wrap=True)
    for name in ("gold", "pred", "matched"):
        table.add_column(name, justify="right")
    table.add_column("missed (gold)")
    table.add_column("spurious (pred)")
    for doc in result.per_doc:
        table.add_row(doc.doc_id, str(doc.gold), str(doc.predicted), str(doc.matched),
                      _tally(doc.missed), _tally(doc.spurious))
    return table


def _tally(labels: Sequence[str]) -> str:
    """'Attack ×3, Other' — a compact count of repeated labels."""
    return ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in Counter(labels).most_common())


def print_acled(result: AcledScore, seconds: float, console: Console | None = None) -> None:
    """Field accuracies over all rows and over detected rows, sub-event F1 and worst confusions."""
    console = console or Console()
    rate = f", {result.rows / seconds:.1f} rows/s" if seconds else ""
    console.print(f"ACLED notes: {result.rows} rows, detection recall {_pct(result.detection_recall)}% "
                  f"({result.detected} rows with a report){rate}")
    console.print(f"sub_event_type weighted F1: {_pct(result.sub_event_weighted_f1)}")
    table = Table(title="Agreement with ACLED coding")
    table.add_column("field")
    table.add_column("% of all rows", justify="right")
    table.add_column("% of detected rows", justify="right")
    for name, value in result.accuracy.items():
        table.add_row(name, _pct(value), _pct(result.accuracy_on_detected[name]))
    console.print(table)
    console.print(_type_table("Sub-event types, worst F1 first", result.sub_event_rows))
    confusions = Table(title="Top confusions")
    for name in ("gold", "predicted", "rows"):
        confusions.add_column(name, justify="right" if name == "rows" else "left")
    for item in result.top_confusions:
        confusions.add_row(item.gold, item.predicted, str(item.count))
    console.print(confusions)


def print_errors(errors: Sequence[str], limit: int) -> None:
    """Pipeline and reading errors, a few shown, all counted (stderr)."""
    if not errors:
        return
    console = Console(stderr=True)
    console.print(f"[yellow]{len(errors)} document(s) could not be read or coded[/yellow]")
    for message in errors[:limit]:
        console.print(f"  {message}", markup=False, highlight=False)
