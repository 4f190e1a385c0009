"""Reading the YAML data files: the C loader when PyYAML has it (five times faster at start-up)."""

from __future__ import annotations

from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: Any) -> Any:
    """Parse YAML text or a stream with the safe loader (no arbitrary objects)."""
    return yaml.load(source, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
