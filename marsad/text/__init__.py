"""Text stage: normalisation with offsets, tokens with clitic keys, sentences, language."""

from marsad.text.langid import detect_language
from marsad.text.matcher import Match, PhraseMatcher
from marsad.text.normalize import Normalized, fold, normalize, normalize_shared
from marsad.text.segment import split_paragraphs, split_sentences
from marsad.text.tokens import Token, lookup_key, phrase_forms, token_keys, tokenize

__all__ = [
    "Match", "Normalized", "PhraseMatcher", "Token", "detect_language", "fold", "lookup_key",
    "normalize", "normalize_shared", "phrase_forms", "split_paragraphs", "split_sentences", "token_keys", "tokenize",
]
