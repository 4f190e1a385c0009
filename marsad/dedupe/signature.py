"""Document near-duplicate signatures: MinHash over word shingles, LSH band keys."""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from datasketch import MinHash

from .config import DedupeConfig, default_config
from .normalise import words


def shingles(text: str, size: int, letter_folding: dict[str, str]) -> set[bytes]:
    """Word `size`-shingles of the folded text (a short text is one shingle)."""
    tokens = words(text, letter_folding)
    if len(tokens) <= size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i:i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int, scheme: str):
    """The permutations are derived from the seed; computing them once saves most of the cost."""
    return MinHash(num_perm=num_perm, seed=seed, scheme=scheme).permutations


def minhash_signature(text: str, shingle_words: int, config: DedupeConfig) -> list[int]:
    """MinHash values of `text` with the configured permutations."""
    rules = config.signature
    sketch = MinHash(num_perm=rules.num_perm, seed=rules.seed, scheme=rules.scheme,
                     permutations=_permutations(rules.num_perm, rules.seed, rules.scheme))
    grams = shingles(text, shingle_words, config.letter_folding)
    if grams:
        sketch.update_batch(sorted(grams))
    return [int(v) for v in sketch.hashvalues]


def document_signature(text: str, config: DedupeConfig | None = None) -> list[int]:
    """MinHash signature (num_perm 64, word 5-shingles over folded text) of a document."""
    config = config or default_config()
    return minhash_signature(text, config.signature.shingle_words, config)


def band_keys(signature: list[int], config: DedupeConfig | None = None) -> list[str]:
    """LSH band keys ("<band>:<hex digest>") a database can index; equal key ⇒ candidate duplicate."""
    config = config or default_config()
    bands = config.signature.bands
    rows = max(1, len(signature) // bands)
    keys = []
    for band in range(bands):
        chunk = signature[band * rows:(band + 1) * rows]
        digest = hashlib.blake2b(np.asarray(chunk, dtype=np.uint64).tobytes(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def signature_similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal MinHash values)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))
