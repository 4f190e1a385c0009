"""Cross-source, cross-lingual deduplication of event reports into canonical events.

Pure and storage-free: the store fetches candidate events (same country, within
DedupeConfig.window_days) and persists the assignments and merges returned here.
"""

from .cluster import CODED_FIELDS, candidate_pairs
from .config import DedupeConfig, default_config
from .deduplicator import Assignment, Deduplicator, cluster_reports
from .embedder import Embedder
from .measure import pairwise_scores
from .merge import merge_reports
from .scale import source_scale
from .signature import band_keys, document_signature, signature_similarity

__all__ = [
    "CODED_FIELDS", "Assignment", "DedupeConfig", "Deduplicator", "Embedder", "band_keys",
    "candidate_pairs", "cluster_reports", "default_config", "document_signature", "merge_reports",
    "pairwise_scores", "signature_similarity", "source_scale",
]
