"""Export format names, in a module light enough for the CLI to import at start-up."""

TEXT_FORMATS: tuple[str, ...] = ("acled-csv", "plover-json", "geojson", "jsonl")
FORMATS: tuple[str, ...] = (*TEXT_FORMATS, "parquet")
