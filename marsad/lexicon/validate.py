"""Validation of the actor dictionaries, the ontology and the trigger files."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.lexicon.actors import LANGUAGES, ActorBase, LexiconError, build_actors, is_acronym
from marsad.lexicon.ontology import Ontology, data_root, read_yaml
from marsad.text import lookup_key

VALID_INTER = range(1, 9)


@dataclass(slots=True)
class Report:
    """Errors, warnings and coverage counts from one check."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    actors_per_country: dict[str, int] = field(default_factory=dict)
    aliases_per_language: dict[str, int] = field(default_factory=dict)
    actors: int = 0
    trigger_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def check_all(data_dir: Path | None = None) -> Report:
    """Validate marsad/data (or another data directory): actors, ontology, triggers."""
    root = data_dir or data_root()
    report = Report()
    try:
        ontology = Ontology.load(root / "ontology") if data_dir else Ontology.load()
    except (OSError, KeyError, TypeError, ValueError) as exc:
        report.errors.append(f"{root / 'ontology'}: cannot load the ontology ({exc})")
        return report
    check_ontology(ontology, report)
    check_actor_dir(root / "actors", ontology, report)
    check_triggers(root / "triggers", ontology, report)
    return report


def check_ontology(ontology: Ontology, report: Report) -> None:
    """The ACLED↔PLOVER mapping only names known types and modes."""
    for sub, (ptype, mode) in ontology.acled_to_plover.items():
        if sub not in ontology.sub_to_type:
            report.errors.append(f"ontology/mapping.yaml: unknown ACLED sub-event type {sub!r}")
        if ptype and not ontology.is_plover_type(ptype):
            report.errors.append(f"ontology/mapping.yaml: {sub}: unknown PLOVER type {ptype!r}")
        if ptype and mode and not ontology.is_plover_mode(ptype, mode):
            report.errors.append(f"ontology/mapping.yaml: {sub}: {mode!r} is not a mode of {ptype}")
    for sub in ontology.sub_to_type:
        if sub not in ontology.acled_to_plover:
            report.warnings.append(f"ontology/mapping.yaml: no PLOVER mapping for {sub!r}")
    for ptype, sub in ontology.plover_to_acled.items():
        if not ontology.is_plover_type(ptype) or sub not in ontology.sub_to_type:
            report.errors.append(f"ontology/mapping.yaml: bad plover_to_acled entry {ptype} -> {sub}")


def check_actor_dir(directory: Path, ontology: Ontology, report: Report) -> None:
    """Codes, ACLED names, duplicate and common-word aliases of every actor."""
    try:
        actors, countries, hints, head_nouns, _either = build_actors(directory)
    except LexiconError as exc:
        report.errors.append(str(exc))
        return
    except (TypeError, ValueError, AttributeError) as exc:
        report.errors.append(f"{directory}: malformed actor data ({exc})")
        return
    common = _common_words(directory / "common_words.yaml", report)
    owners: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    per_country: Counter[str] = Counter()
    per_language: Counter[str] = Counter()
    for actor in actors.values():
        where = f"{directory / actor.source}: {actor.id}"
        if not actor.acled.strip() and not actor.state_role:
            report.errors.append(f"{where}: missing ACLED name")
        if actor.inter not in VALID_INTER:
            report.errors.append(f"{where}: inter code {actor.inter} is not 1-8")
        if actor.sector and actor.sector not in ontology.plover_sectors:
            report.errors.append(f"{where}: unknown PLOVER sector {actor.sector!r}")
        for code in (actor.country, actor.period_country, *actor.by_country, *(a.country for a in actor.attributed)):
            if code and code not in countries:
                report.errors.append(f"{where}: unknown country code {code!r}")
        for target in actor.by_country.values():
            if target not in actors:
                report.errors.append(f"{where}: by_country names unknown actor {target!r}")
        for attribution in actor.attributed:
            if attribution.actor not in actors:
                report.errors.append(f"{where}: attributed names unknown actor {attribution.actor!r}")
        if actor.primary and actor.primary not in actors:
            report.errors.append(f"{where}: unknown primary actor {actor.primary!r}")
        if actor.parent and actor.parent not in actors:
            report.errors.append(f"{where}: unknown parent {actor.parent!r}")
        if not any(actor.aliases.get(lang) for lang in LANGUAGES) and not actor.state_role:
            report.warnings.append(f"{where}: no aliases")
        per_country[actor.country or "-"] += 1
        for lang, aliases in actor.aliases.items():
            if lang not in LANGUAGES:
                report.errors.append(f"{where}: unknown language {lang!r}")
                continue
            per_language[lang] += len(aliases)
            for alias in aliases:
                key = lookup_key(alias)
                if not key:
                    report.errors.append(f"{where}: empty alias {alias!r}")
                    continue
                owners[(lang, key, is_acronym(alias))].add(actor.id)
                if not is_acronym(alias) and " ".join(key) in common.get(lang, set()):
                    report.errors.append(f"{where}: alias {alias!r} ({lang}) is a common word")
    for (lang, key, _), ids in sorted(owners.items()):
        if len(ids) > 1:
            report.errors.append(f"{directory}: alias {' '.join(key)!r} ({lang}) belongs to several actors: "
                                 + ", ".join(sorted(ids)))
    report.actors = len(actors)
    report.actors_per_country = dict(per_country.most_common())
    report.aliases_per_language = dict(per_language)
    del hints, head_nouns


def _common_words(path: Path, report: Report) -> dict[str, set[str]]:
    if not path.exists():
        report.warnings.append(f"{path}: missing; common-word check skipped")
        return {}
    raw = read_yaml(path) or {}
    return {lang: {" ".join(lookup_key(str(w))) for w in raw.get(lang) or ()} for lang in LANGUAGES}


_TRIGGER_FIELDS = ("event_type", "sub_event_type", "plover_type", "plover_mode")


def check_triggers(directory: Path, ontology: Ontology, report: Report) -> None:
    """sub_event_type / event_type / plover fields in marsad/data/triggers/*.yaml."""
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yaml")):
        report.trigger_files += 1
        try:
            raw = read_yaml(path)
        except Exception as exc:  # a broken YAML file is an error to report, not a crash
            report.errors.append(f"{path}: invalid YAML: {str(exc).splitlines()[0]}")
            continue
        entries = list(_walk(raw, path.name))
        ids = {entry.get("id") for _, entry in entries}
        for where, entry in entries:
            _check_trigger(entry, where, ontology, report, path, ids)


def _walk(node: Any, where: str):
    if isinstance(node, dict):
        if any(name in node for name in (*_TRIGGER_FIELDS, "applies_to")):
            yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}[{index}]")


def _placeholder(value: Any) -> bool:
    """'@attack' names a sub-event decided later by the coder (e.g. from the actors)."""
    return isinstance(value, str) and value.startswith("@")


def _check_trigger(entry: dict[str, Any], where: str, ontology: Ontology, report: Report, path: Path,
                   ids: set[Any]) -> None:
    sub, etype = entry.get("sub_event_type"), entry.get("event_type")
    for target in entry.get("applies_to") or ():
        if not _placeholder(target) and target not in ontology.sub_to_type and target not in ids:
            report.errors.append(f"{path}: {where}: applies_to names unknown sub_event_type {target!r}")
    if _placeholder(sub):
        sub = None
    ptype, mode = entry.get("plover_type"), entry.get("plover_mode")
    if sub is not None and not isinstance(sub, dict | list) and sub not in ontology.sub_to_type:
        report.errors.append(f"{path}: {where}: unknown sub_event_type {sub!r}")
    if etype is not None and isinstance(etype, str) and etype not in ontology.disorder_by_type:
        report.errors.append(f"{path}: {where}: unknown event_type {etype!r}")
    if isinstance(sub, str) and isinstance(etype, str) and sub in ontology.sub_to_type and \
            ontology.sub_to_type[sub] != etype:
        report.errors.append(f"{path}: {where}: {sub!r} is not a sub-event of {etype!r}")
    if isinstance(ptype, str) and not ontology.is_plover_type(ptype):
        report.errors.append(f"{path}: {where}: unknown PLOVER type {ptype!r}")
    if isinstance(ptype, str) and isinstance(mode, str) and ontology.is_plover_type(ptype) \
            and not ontology.is_plover_mode(ptype, mode):
        report.errors.append(f"{path}: {where}: {mode!r} is not a mode of {ptype}")


def coverage_lines(report: Report, base: ActorBase | None = None) -> list[str]:
    """Human-readable coverage summary."""
    lines = [f"actors: {report.actors}", "aliases per language: " + ", ".join(
        f"{lang} {n}" for lang, n in sorted(report.aliases_per_language.items()))]
    lines.append("actors per country: " + ", ".join(f"{c} {n}" for c, n in report.actors_per_country.items()))
    if report.trigger_files:
        lines.append(f"trigger files checked: {report.trigger_files}")
    return lines
