"""Ontology, validator and `marsad lexicon check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.lexicon import Ontology
from marsad.lexicon.ontology import data_root
from marsad.lexicon.validate import check_all


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def test_ontology_has_6_types_and_25_sub_event_types(ontology):
    assert len(ontology.event_types) == 6
    assert len(ontology.sub_event_types) == 25
    assert ontology.event_type_of("Abduction/forced disappearance") == "Violence against civilians"
    assert ontology.event_type_of("Air/drone strike") == "Explosions/Remote violence"
    assert ontology.event_type_of("No such thing") is None


def test_disorder_types_follow_acled(ontology):
    assert ontology.disorder_type("Battles", "Armed clash") == "Political violence"
    assert ontology.disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert ontology.disorder_type("Protests", "Excessive force against protesters") == \
        "Political violence; Demonstrations"
    assert ontology.disorder_type("Riots", "Mob violence") == "Political violence"
    assert ontology.disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert ontology.disorder_type("Strategic developments", "Agreement") == "Strategic developments"


@pytest.mark.parametrize(("inter1", "inter2", "code"), [
    (1, 2, 12), (2, 1, 12), (2, 7, 27), (7, 2, 27), (1, 1, 11), (6, None, 60), (None, 3, 30), (None, None, None),
    (8, 2, 28),
])
def test_interaction_codes(ontology, inter1, inter2, code):
    assert ontology.interaction(inter1, inter2) == code


def test_civilian_targeting(ontology):
    assert ontology.civilian_targeting("Violence against civilians", "Attack", 7) == "Civilian targeting"
    assert ontology.civilian_targeting("Explosions/Remote violence", "Remote explosive/landmine/IED", 7) == \
        "Civilian targeting"
    assert ontology.civilian_targeting("Explosions/Remote violence", "Remote explosive/landmine/IED", 1) is None
    assert ontology.civilian_targeting("Battles", "Armed clash", 7) is None
    assert ontology.civilian_targeting("Riots", "Mob violence", 7) == "Civilian targeting"


def test_plover_mapping_is_valid(ontology):
    assert len(ontology.plover_types) == 16
    assert ontology.plover_for("Abduction/forced disappearance") == ("ASSAULT", "abduct")
    assert ontology.plover_for("Arrests") == ("COERCE", "arrest")
    assert ontology.plover_for("Peaceful protest") == ("PROTEST", "demo")
    for sub in ontology.sub_event_types:
        ptype, mode = ontology.plover_for(sub)
        if ptype:
            assert ontology.is_plover_type(ptype)
        if mode:
            assert ontology.is_plover_mode(ptype, mode)
    assert ontology.acled_for_plover("AGREE") == ("Strategic developments", "Agreement")


def test_bundled_dictionaries_validate_cleanly():
    report = check_all()
    assert report.errors == []
    assert report.actors > 300
    assert report.aliases_per_language["ar"] > 1000


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    for part in ("actors", "ontology"):
        shutil.copytree(data_root() / part, target / part)
    return target


def test_validator_reports_a_broken_actor_file(tmp_path):
    data = _copy_data(tmp_path)
    (data / "actors" / "international.yaml").write_text(
        "version: 1\nactors:\n"
        "  - {id: bad_code, acled: 'Bad Actor', inter: 9, sector: MIL, aliases: {en: [Bad Actor]}}\n"
        "  - {id: no_name, acled: '', inter: 2, sector: XYZ, country: ZZZ, aliases: {en: [Nameless]}}\n"
        "  - {id: dup, acled: 'Dup', inter: 2, sector: REB, aliases: {en: [JNIM]}}\n"
        "  - {id: common, acled: 'Common', inter: 2, sector: REB, aliases: {fr: [les]}}\n",
        encoding="utf-8")
    errors = "\n".join(check_all(data).errors)
    assert "bad_code: inter code 9 is not 1-8" in errors
    assert "no_name: missing ACLED name" in errors
    assert "unknown PLOVER sector 'XYZ'" in errors
    assert "unknown country code 'ZZZ'" in errors
    assert "'jnim' (en) belongs to several actors: dup, jnim" in errors
    assert "alias 'les' (fr) is a common word" in errors


def test_validator_checks_trigger_files(tmp_path):
    data = _copy_data(tmp_path)
    (data / "triggers").mkdir()
    (data / "triggers" / "xx.yaml").write_text(
        "triggers:\n"
        "  - {id: a, sub_event_type: Armed clash, plover_type: ASSAULT, plover_mode: firearms}\n"
        "  - {id: b, sub_event_type: Armed battle, plover_type: FIGHT}\n"
        "  - {id: c, sub_event_type: '@attack', plover_type: ASSAULT, plover_mode: dance}\n",
        encoding="utf-8")
    errors = "\n".join(check_all(data).errors)
    assert "unknown sub_event_type 'Armed battle'" in errors
    assert "unknown PLOVER type 'FIGHT'" in errors
    assert "'dance' is not a mode of ASSAULT" in errors
    assert "'@attack'" not in errors


def test_cli_check_exit_codes(tmp_path, capsys):
    assert main(["lexicon", "check", "--quiet"]) == 0
    data = _copy_data(tmp_path)
    (data / "actors" / "armed_groups.yaml").write_text("actors: [unclosed", encoding="utf-8")
    assert main(["lexicon", "check", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "armed_groups.yaml" in err and "Traceback" not in err
    assert main(["lexicon", "check", "--data-dir", str(tmp_path / "missing")]) == 1
