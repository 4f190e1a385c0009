"""Reading the YAML data files: the C loader when PyYAML has it (five times faster at start-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: Any) -> Any:
    """Parse YAML text or a stream with the safe loader (no arbitrary objects)."""
    return yaml.load(source, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


def read_data_file(path: Path, error: type[Exception], what: str) -> Any:
    """Parse one data file, turning I/O and syntax problems into `error` naming the file."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: invalid YAML ({exc})") from exc


def read_language_file(folder: Path, language: str, fallback: str = "en") -> Any:
    """Parse `folder/<language>.yaml`, or the fallback language's file when there is none."""
    path = folder / f"{language}.yaml"
    if not path.exists():
        path = folder / f"{fallback}.yaml"
    return load_yaml(path.read_text(encoding="utf-8")) or {}
