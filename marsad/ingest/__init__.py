"""Ingest stage: read files, pages and feeds into Documents."""

from marsad.ingest.decode import UndecodableError, decode_bytes
from marsad.ingest.readers import ReadError, read_file, read_inputs

__all__ = ["ReadError", "UndecodableError", "decode_bytes", "read_file", "read_inputs"]
