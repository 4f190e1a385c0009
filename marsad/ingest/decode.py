"""Bytes → text: BOMs, UTF-8, and the legacy Arabic and Latin code pages of news sites."""

from __future__ import annotations

import codecs

# Legacy encodings that Arabic and French news sites still serve, in order of preference.
CANDIDATE_ENCODINGS = ("cp1256", "iso8859_6", "cp1252", "latin_1")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we read."""


def looks_binary(data: bytes) -> bool:
    """Binary files have NUL bytes or many control characters in their first kilobytes."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def _mixed_script_share(text: str) -> float:
    """Share of words mixing Arabic and Latin letters: the mark of a wrong code page."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words:
        return 0.0
    mixed = sum(1 for w in words if any("\u0600" <= c <= "\u06ff" for c in w)
                and any(c.isascii() and c.isalpha() for c in w))
    return mixed / len(words)


def _plausibility(text: str) -> float:
    """Higher for text made of letters and spaces than of symbols and mojibake."""
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isalpha() or c.isspace() or c in ".,;:!?()-'\"%0123456789،؛؟")
    return good / len(text)


def _nearly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a page cut mid-character, a stray byte), else None.

    Legacy code pages almost never form valid multi-byte UTF-8 sequences, so many valid ones
    and few invalid bytes mean UTF-8: replace the bad bytes rather than read the whole text
    as windows-1256 mojibake.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    multibyte = sum(1 for c in text if ord(c) > 127) - broken
    return text if multibyte >= 8 and broken * 20 <= multibyte else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode news bytes, returning (text, encoding). Raises UndecodableError."""
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly, "utf-8"
    candidates = ([declared] if declared else []) + list(CANDIDATE_ENCODINGS)
    best: tuple[float, str, str] | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        # Arabic code pages win when they yield Arabic letters; otherwise prefer clean Latin.
        arabic_page = "1256" in encoding or "8859_6" in encoding
        score = (_plausibility(text) + (0.5 * _arabic_share(text) if arabic_page else 0)
                 - 2 * _mixed_script_share(text))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] < 0.6:
        raise UndecodableError("not decodable as UTF-8, windows-1256, ISO-8859-6 or Latin-1 text")
    return best[1], best[2]
