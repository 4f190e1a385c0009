"""Scoring rules and the `marsad eval` command, on small invented gold/prediction files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.evaluate import cli
from marsad.evaluate.io import EvalInputError, read_acled, read_gold, read_predictions
from marsad.evaluate.scoring import (
    NO_PREDICTION,
    actor_base_name,
    best_report,
    dates_compatible,
    group_by_doc,
    haversine_km,
    match_events,
    normalise_name,
    places_compatible,
    score_acled,
    score_gold,
    top_confusions,
    weighted_f1,
)

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GOLD = FIXTURES / "gold_small.jsonl"
PRED = FIXTURES / "pred_small.jsonl"
ACLED = FIXTURES / "acled_small.csv"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def clash(**fields):
    event = {"event_type": "Battles", "sub_event_type": "Armed clash", "country": "Mali",
             "admin1": "Gao", "location": "Gao", "date": "2025-03-11", "geo_precision": 1}
    event.update(fields)
    return event


# ----------------------------------------------------------------------------- normalisers

def test_place_names_normalise_accents_case_spaces_hyphens_apostrophes():
    assert normalise_name("Tillabéri") == normalise_name("TILLABERI")
    assert normalise_name("Fada N'Gourma") == normalise_name("fada ngourma") == "fadangourma"
    assert normalise_name("Gourma-Rharous") == normalise_name("Gourma Rharous")
    assert normalise_name("Ségou") != normalise_name("Sévaré")
    assert normalise_name(None) == ""


def test_actor_base_name_drops_acled_period_suffix_only():
    assert actor_base_name("Military Forces of Mali (2021-)") == "Military Forces of Mali"
    assert actor_base_name("Military Forces of Mali (2013-2020)") == "Military Forces of Mali"
    assert actor_base_name("Police Forces of Burkina Faso (2022-) Gendarmerie") == "Police Forces of Burkina Faso"
    assert actor_base_name("Islamic State (West Africa)") == "Islamic State (West Africa)"
    assert actor_base_name("Civilians (Mali)") == "Civilians (Mali)"


def test_haversine_gao_to_ansongo_is_about_95_km():
    assert haversine_km(16.2717, -0.0447, 15.6597, 0.5022) == pytest.approx(90, abs=8)


# ----------------------------------------------------------------------------- match rules

def test_dates_within_two_days_match_and_unknown_dates_never_block():
    assert dates_compatible(clash(), clash(date="2025-03-13"))
    assert not dates_compatible(clash(), clash(date="2025-03-14"))
    assert dates_compatible(clash(), clash(date=None))
    assert dates_compatible(clash(date=None), clash(date="1999-01-01"))


def test_place_compatible_by_name_admin1_or_distance():
    assert places_compatible(clash(), clash(location="GAO", admin1=None))
    assert places_compatible(clash(location="Ansongo"), clash(location="Bourem"))  # same admin1
    assert not places_compatible(clash(location="Ansongo"), clash(location="Douentza", admin1="Mopti"))
    near = clash(location="Forgho", admin1="X", latitude=16.35, longitude=-0.05)
    assert places_compatible(clash(admin1="Y", latitude=16.27, longitude=-0.04), near)  # ~9 km
    far = clash(location="Forgho", admin1="X", latitude=16.60, longitude=-0.05)
    assert not places_compatible(clash(admin1="Y", latitude=16.27, longitude=-0.04), far)  # ~37 km


def test_country_level_gold_accepts_any_place_in_that_country():
    gold = clash(admin1=None, location="Mali", geo_precision=3)
    assert places_compatible(gold, clash(location="Kidal", admin1="Kidal"))
    assert not places_compatible(gold, clash(location="Dori", admin1="Sahel", country="Burkina Faso"))


def test_event_type_must_match():
    attack = clash(event_type="Violence against civilians", sub_event_type="Attack")
    assert match_events([clash()], [attack]) == []


def test_duplicate_predictions_match_once_and_the_best_one_wins():
    gold = [clash(actor1="JNIM: Group for Support of Islam and Muslims")]
    pred = [clash(sub_event_type="Government regains territory", date="2025-03-12"),
            clash(actor1="JNIM: Group for Support of Islam and Muslims")]
    assert match_events(gold, pred) == [(0, 1)]


def test_matching_is_one_to_one_across_two_gold_events():
    gold = [clash(location="Gao"), clash(location="Ansongo", date="2025-03-06")]
    pred = [clash(location="Ansongo", date="2025-03-06"), clash(location="Gao")]
    assert match_events(gold, pred) == [(0, 1), (1, 0)]


# ----------------------------------------------------------------------------- gold-mode scores

def test_fixture_scores():
    gold = {a.id: a.events for a in read_gold(GOLD)}
    result = score_gold(gold, group_by_doc(read_predictions(PRED)))
    assert (result.gold, result.predicted, result.matched) == (5, 6, 2)
    assert result.precision == pytest.approx(2 / 6)
    assert result.recall == pytest.approx(2 / 5)
    assert result.f1 == pytest.approx(4 / 11)
    agreement = {a.field: (a.agree, a.total) for a in result.agreement}
    assert agreement["sub_event_type"] == (1, 2)
    assert agreement["fatalities"] == (2, 2)
    assert agreement["admin1"] == (2, 2)  # Tillabéri = Tillaberi
    assert agreement["location"] == (1, 2)
    assert agreement["date"] == (1, 2)
    assert result.unknown_doc_ids == ["t_unknown"]
    rows = {r.sub_event_type: r for r in result.by_sub_event_type}
    assert (rows["Armed clash"].gold, rows["Armed clash"].predicted, rows["Armed clash"].correct) == (2, 3, 1)
    docs = {d.doc_id: d for d in result.per_doc}
    assert docs["t_gao"].missed == ["Attack"]
    assert sorted(docs["t_gao"].spurious) == ["Armed clash", "Armed clash"]
    assert (docs["t_economy"].gold, docs["t_economy"].predicted) == (0, 0)


def test_perfect_predictions_score_one():
    gold = {a.id: a.events for a in read_gold(GOLD)}
    pred = {doc_id: [dict(e) for e in events] for doc_id, events in gold.items()}
    result = score_gold(gold, pred)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert all(a.rate == 1.0 for a in result.agreement)


# ----------------------------------------------------------------------------- ACLED-mode scores

def test_weighted_f1_matches_a_hand_computation():
    gold = ["A", "A", "A", "B"]
    pred = ["A", "B", NO_PREDICTION, "B"]
    # A: P=1, R=1/3, F1=0.5 ; B: P=1/2, R=1, F1=2/3 ; weighted = (3*0.5 + 1*2/3)/4
    assert weighted_f1(gold, pred) == pytest.approx((1.5 + 2 / 3) / 4)
    assert weighted_f1(["A"], ["A"]) == 1.0
    assert weighted_f1([], []) == 0.0


def test_best_report_prefers_the_agreeing_report():
    row = read_acled(ACLED)[0]
    wrong = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "location": "Bamako"}
    right = {"event_type": "Battles", "sub_event_type": "Armed clash", "location": "Gao", "latitude": 16.27,
             "longitude": -0.04}
    assert best_report(row, [wrong, right]) is right
    assert best_report(row, []) is None


def test_score_acled_accuracies_and_distances():
    rows = read_acled(ACLED)
    gao = {"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": rows[0]["actor1"],
           "actor2": "Military Forces of Mali", "fatalities": 15, "country": "Mali", "admin1": "Gao",
           "location": "Gao", "latitude": 16.30, "longitude": -0.05, "date": "2025-03-11"}  # ~3 km off
    djibo = {"event_type": "Battles", "sub_event_type": "Armed clash", "country": "Burkina Faso", "admin1": "Nord",
             "location": "Ouahigouya", "latitude": 13.58, "longitude": -2.42, "fatalities": 23}  # ~100 km off
    protest = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Niger)",
               "country": "Niger", "admin1": "Niamey", "location": "Niamey"}  # no coordinates
    result = score_acled(rows, [gao, djibo, protest, None])
    assert result.detected == 3 and result.detection_recall == 0.75
    assert result.accuracy["event_type"] == pytest.approx(2 / 4)
    assert result.accuracy_on_detected["event_type"] == pytest.approx(2 / 3)
    # the protest row and its report both lack actor2, which counts as agreement
    assert result.accuracy["actor2"] == pytest.approx(1 / 4)
    assert result.accuracy["actor2_base"] == pytest.approx(2 / 4)
    assert result.accuracy["fatalities"] == pytest.approx(3 / 4)  # 15, 23 and an absent 0 all agree
    assert result.accuracy["acc@25km"] == pytest.approx(1 / 4)
    assert result.accuracy["acc@161km"] == pytest.approx(2 / 4)
    assert result.accuracy["date"] == pytest.approx(1 / 4)  # the row's event_date is its date
    confusions = {(c.gold, c.predicted): c.count for c in result.top_confusions}
    assert confusions == {("Air/drone strike", "Armed clash"): 1, ("Mob violence", NO_PREDICTION): 1}
    assert result.sub_event_rows[0].f1 == 0.0  # worst first


def test_top_confusions_are_ordered_by_count():
    gold = ["A", "A", "B", "B", "B"]
    pred = ["B", "B", "A", "B", "C"]
    assert [(c.gold, c.predicted, c.count) for c in top_confusions(gold, pred, 2)] == [("A", "B", 2), ("B", "A", 1)]


# ----------------------------------------------------------------------------- readers

@pytest.mark.parametrize("content, message", [
    ('{"id": "x", "events": [}\n', "not valid JSON"),
    ('{"events": []}\n', 'missing string "id"'),
    ('{"id": "x"}\n', 'missing list "events"'),
    ('{"id": "x", "events": [{"event_type": "Battles"}]}\n', 'lacks a string "sub_event_type"'),
    ('{"id": "x", "events": []}\n{"id": "x", "events": []}\n', "duplicate id"),
    ("\n", "no gold articles"),
])
def test_bad_gold_files_raise_one_line_errors(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalInputError, match=message) as info:
        read_gold(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_prediction_reader_requires_doc_id_and_integer_fatalities(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"event_type": "Battles", "sub_event_type": "Armed clash"}\n', encoding="utf-8")
    with pytest.raises(EvalInputError, match='"doc_id"'):
        read_predictions(path)
    path.write_text('{"doc_id": "d", "event_type": "Battles", "sub_event_type": "Armed clash", "fatalities": "3"}\n')
    with pytest.raises(EvalInputError, match="fatalities"):
        read_predictions(path)


def test_acled_reader_limits_samples_and_rejects_other_csv(tmp_path):
    assert [r["event_id_cnty"] for r in read_acled(ACLED, limit=2)] == ["TST001", "TST002"]
    sample = read_acled(ACLED, limit=2, seed=7)
    assert len(sample) == 2 and sample == read_acled(ACLED, limit=2, seed=7)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvalInputError, match="not an ACLED CSV"):
        read_acled(other)


@pytest.mark.shared
def test_gold_parser_accepts_the_shared_dev_gold():
    path = SHARED / "eval" / "dev_ar.gold.jsonl"
    if not path.exists():
        pytest.skip(f"development data not available: {path} (../shared is absent)")
    articles = read_gold(path)
    assert len(articles) >= 50
    assert sum(len(a.events) for a in articles) >= 150


# ----------------------------------------------------------------------------- command line

def test_cli_json_output(capsys):
    assert cli.main(["--gold", str(GOLD), "--pred", str(PRED), "--json", "--per-doc"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["gold"], payload["predicted"], payload["matched"]) == (5, 6, 2)
    assert len(payload["per_doc"]) == 5


def test_cli_table_output(capsys):
    assert cli.main(["--gold", str(GOLD), "--pred", str(PRED), "--per-doc"]) == 0
    out = capsys.readouterr().out
    assert "Event detection" in out and "t_gao" in out and "Armed clash" in out


def test_cli_through_the_marsad_entry_point(capsys):
    from marsad.cli import main

    assert main(["eval", "--gold", str(GOLD), "--pred", str(PRED), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["matched"] == 2


@pytest.mark.parametrize("args", [
    ["--gold", "missing.jsonl", "--pred", str(PRED)],
    ["--gold", str(PRED), "--pred", str(PRED)],  # a prediction file is not a gold file
    ["--gold", str(GOLD), "--pred", str(GOLD)],  # a gold file is not a prediction file
    ["--gold", str(GOLD)],
    ["--gold", str(GOLD), "--articles", "no/such/dir"],
    ["--acled", str(GOLD)],
    ["--acled", str(ACLED), "--gold", str(GOLD)],
    [],
])
def test_cli_bad_input_is_one_line_and_exit_2(capsys, args):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("marsad eval: error:") and err.count("\n") == 1


def _require_pipeline():
    """Skip unless the whole extraction pipeline loads (it is built by other stages)."""
    from marsad.pipeline import Resources

    return Resources.load()


def test_cli_acled_mode_with_the_pipeline(capsys):
    _require_pipeline()
    assert cli.main(["--acled", str(ACLED), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"] == 4
    assert set(payload["accuracy"]) >= {"event_type", "sub_event_type", "acc@25km", "acc@161km"}


@pytest.mark.shared
def test_acled_reader_accepts_the_shared_dev_csv():
    path = SHARED / "eval" / "acled_dev.csv"
    if not path.exists():
        pytest.skip(f"development data not available: {path} (../shared is absent)")
    rows = read_acled(path)
    assert len(rows) == 2924
    assert len(read_acled(path, limit=50, seed=1)) == 50


@pytest.mark.shared
def test_cli_acled_mode_on_a_sample_of_the_shared_dev_csv(capsys):
    path = SHARED / "eval" / "acled_dev.csv"
    if not path.exists():
        pytest.skip(f"development data not available: {path} (../shared is absent)")
    _require_pipeline()
    assert cli.main(["--acled", str(path), "--limit", "40", "--sample-seed", "3", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"] == 40
    assert 0.0 <= payload["sub_event_weighted_f1"] <= 1.0
    assert payload["accuracy"]["acc@25km"] <= payload["accuracy"]["acc@161km"]
