"""The JSON Schema of the claim-file format, as the models define it.

Editors and CI jobs validate claim files with it (``claimcheck schema``); the models in
:mod:`.model` are its only source, so the schema and the loader cannot disagree.
"""

from __future__ import annotations

from typing import Any

from .model import ClaimFile


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12, as pydantic writes it) of a v1 claim file."""
    return ClaimFile.model_json_schema()
