"""The fast paths of issue #3 (Arabic throughput) give exactly what the plain paths give.

Each optimisation keeps a slower, obviously correct reference next to it (or is checked
against one written here): the phrase matcher's key index against its word-by-word scan,
aligned normalisation against the offset map, a word gate's remembered verdicts against
fresh ones, the latitude pre-check against plain haversine distances.
"""

from __future__ import annotations

import gc
import math
import re
from argparse import Namespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.geo.gazetteer import Entry
from marsad.geo.resolver import _near_any, haversine_km
from marsad.text import PhraseMatcher, normalize, normalize_shared, phrase_forms, tokenize
from marsad.text.numbers import WordGate
from marsad.text.tokens import Tokens

PHRASES = [
    "الجيش المالي", "الجيش", "مسلح*", "هجوم مسلح", "اختطف*", "سحب* ... جنود*", "قوات الأمن",
    "l'armée malienne", "engin explosif improvisé", "ambush*", "security forces", "attaque",
]
SENTENCES = [
    "قال الجيش المالي إن مسلحين هاجموا قرية قرب تمبكتو، وإن قوات الأمن طاردت المسلحين.",
    "وأفاد شهود بأن هجوما مسلحا استهدف سوق البلدة، فيما اختطفوا ثلاثة مدنيين وسحبت واشنطن جنودها.",
    "Selon l’armée malienne, un engin explosif improvisé a visé une patrouille ; l'attaque a fait deux morts.",
    "Gunmen ambushed a convoy of security forces near Gao; the army said the ambush was repelled.",
    "",
]
WORDS = ["الجيش", "المالي", "والجيش", "مسلحون", "هجوم", "مسلح", "اختطفوا", "سحبت", "واشنطن", "جنودها",
         "قوات", "الأمن", "في", "قرب", "غاو", "l'armée", "malienne", "security", "forces", "ambushed", "attaque"]


def matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for phrase in PHRASES:
        m.add(phrase, phrase)
    return m


def spans(matches) -> list[tuple[int, int, str, int, int]]:
    return [(m.start, m.end, m.phrase, m.first_token, m.last_token) for m in matches]


@pytest.mark.parametrize("overlapping", [False, True])
@pytest.mark.parametrize("text", SENTENCES)
def test_indexed_phrase_starts_match_the_word_by_word_scan(text, overlapping):
    tokens = tokenize(text)
    assert isinstance(tokens, Tokens)
    indexed = matcher().find(text, tokens=tokens, overlapping=overlapping)
    scanned = matcher().find(text, tokens=list(tokens), overlapping=overlapping)  # a plain list: no index
    assert spans(indexed) == spans(scanned)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.booleans())
def test_indexed_and_scanned_matching_agree_on_any_word_sequence(words, overlapping):
    text = " ".join(words)
    tokens = tokenize(text)
    assert spans(matcher().find(text, tokens=tokens, overlapping=overlapping)) == \
        spans(matcher().find(text, tokens=list(tokens), overlapping=overlapping))


def test_token_index_lists_where_each_key_occurs():
    tokens = tokenize("هاجم مسلحون الجيش ثم انسحب الجيش")
    positions = tokens.positions()
    assert positions["الجيش"] == [2, 5]
    assert positions["جيش"] == [2, 5]  # the article-less key too
    assert tokens.sorted_keys() == sorted(positions)
    assert all(i in positions[key] for i, token in enumerate(tokens) for key in token.keys)


def test_stems_find_every_word_they_begin():
    m = PhraseMatcher()
    m.add("اختطف*", "kidnap")
    text = "اختطف مسلحون تاجرا واختطفوا ابنه ثم اختطفتهم عصابة بعد اختطاف سابق"
    assert [text[x.start:x.end] for x in m.find(text)] == ["اختطف", "واختطفوا", "اختطفتهم"]


def test_gapped_phrase_still_spans_its_gap():
    m = PhraseMatcher()
    m.add("سحب* ... جنود*", "withdrawal")
    text = "سحبت واشنطن أمس جنودها من النيجر"
    found = m.find(text)
    assert [text[x.start:x.end] for x in found] == ["سحبت واشنطن أمس جنودها"]


@pytest.mark.parametrize("text", [
    "قتل خمسة جنود في كمين قرب غاو",
    "Des hommes armés ont attaqué Ménaka",
    "الجيشُ الماليُّ أعلنَ",  # diacritics are dropped: the offsets are mapped
    "ﻻ اله",  # a ligature expands
    "",
])
def test_aligned_spans_map_like_the_offset_map(text):
    normalized = normalize(text)
    assert normalized.aligned == (len(normalized.text) == len(text) and normalized.origin == list(range(len(text))))
    for start in range(len(normalized.text) + 1):
        for end in range(start, len(normalized.text) + 1):
            got = normalized.span_to_original(start, end)
            if normalized.aligned:
                assert got == (start, end)
            assert 0 <= got[0] <= got[1] <= len(text)


def test_diacritics_make_a_text_unaligned():
    assert normalize("مدينة غاو").aligned
    assert not normalize("مدينةُ غاو").aligned


def test_a_shared_normalisation_is_worked_out_once():
    text = "هاجم مسلحون مدينة غاو صباح الأحد"
    first = normalize_shared(text)
    assert first is normalize_shared(text)
    assert (first.text, first.origin) == (normalize(text).text, normalize(text).origin)


@pytest.mark.parametrize("phrase", ["الجيشُ المالي", "l'Armée Malienne", "مسلح*", "سحب* ... جنود*"])
def test_phrase_words_fold_like_their_normalised_text(phrase):
    words = [w for w in phrase.split() if w != "..."]
    forms = [f for f in phrase_forms(phrase) if f != ("...",)]
    firsts = [f[0].rstrip("*") for f in forms]
    expected = [w for raw in words for w in re.findall(r"[^\W_]+", normalize(raw.rstrip("*")).text)]
    assert firsts == expected


def test_word_gate_remembers_verdicts_without_changing_matches():
    pattern = re.compile(r"(?:ثلاث|خمس)(?:ه|ة)?")
    gate = WordGate.build(pattern, ["ثلاثة", "خمسة"], ["و", "ب"])
    text = "قتل ثلاثه وجرح خمسه ثم وخمسه آخرون وثلاث"
    first = [(m.start(), m.end()) for m in gate.finditer(text)]
    again = [(m.start(), m.end()) for m in gate.finditer(text)]
    fresh = WordGate.build(pattern, ["ثلاثة", "خمسة"], ["و", "ب"])
    assert first == again == [(m.start(), m.end()) for m in fresh.finditer(text)]
    assert [text[s:e] for s, e in first] == ["ثلاثه", "خمسه"]  # after a proclitic, re.match fails at the و
    assert gate._admitted["وخمسه"] is True and gate._admitted["قتل"] is False


def place(ident: int, latitude: float | None, longitude: float | None) -> Entry:
    return Entry(ident, f"p{ident}", latitude, longitude, "ML", "Gao", None, "PPL", 0, "test")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-30, 30), st.floats(-20, 20)), min_size=1, max_size=8),
       st.floats(-30, 30), st.floats(-20, 20), st.sampled_from([5.0, 50.0, 150.0, 300.0]))
def test_latitude_precheck_never_changes_nearness(anchor_points, latitude, longitude, km):
    anchors = [place(i + 2, lat, lon) for i, (lat, lon) in enumerate(anchor_points)]
    entry = place(1, latitude, longitude)
    brute = any(haversine_km(entry, a) < km for a in anchors if a.id != entry.id)
    assert _near_any(entry, anchors, km) == brute


def test_latitude_precheck_at_the_edge_and_without_coordinates():
    entry = place(1, 16.27, -0.04)
    km_per_degree = 6371.0 * math.pi / 180
    just_inside = place(2, 16.27 + 149.9 / km_per_degree, -0.04)
    just_outside = place(3, 16.27 + 150.1 / km_per_degree, -0.04)
    assert _near_any(entry, [just_inside], 150.0)
    assert not _near_any(entry, [just_outside], 150.0)
    assert not _near_any(entry, [place(4, None, None)], 150.0)
    assert not _near_any(place(5, None, None), [entry], 150.0)
    assert not _near_any(entry, [entry], 150.0)  # a place is not its own neighbour


def test_batch_commands_keep_loaded_resources_out_of_collections():
    from marsad import commands

    before = gc.get_threshold()
    try:
        resources = commands.load_resources(Namespace(gazetteer=None))
        assert resources is not None
        assert gc.get_threshold()[0] == commands.GC_YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_sentence_spans_are_remembered_but_each_caller_gets_its_own_list():
    from marsad.text import split_sentences

    text = "قُتل جنديان في كمين قرب غاو. وقال الجيش إن المهاجمين فروا.وأصيب مدني"
    first = split_sentences(text)
    assert [text[s:e] for s, e in first] == ["قُتل جنديان في كمين قرب غاو.", "وقال الجيش إن المهاجمين فروا.",
                                             "وأصيب مدني"]
    first.append((0, 1))  # a caller changing its list changes no one else's
    assert split_sentences(text) == first[:-1]
