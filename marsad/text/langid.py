"""Language identification: script first, then a statistical model for Latin text."""

from __future__ import annotations

from functools import lru_cache

from marsad.text.normalize import is_arabic_script

SUPPORTED = ("ar", "fr", "en")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["fr", "en", "es", "pt", "de", "it", "ha"])
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('ar', 'fr', 'en', ...); 'und' if unknown."""
    sample = text[:4000]
    if not any(c.isalpha() for c in sample):
        return "und"
    if is_arabic_script(sample):
        return "ar"
    language, _ = _identifier().classify(sample)
    return language
