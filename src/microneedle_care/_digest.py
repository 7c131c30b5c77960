"""The canonical digest of content (private; :mod:`microneedle_care.catalog` re-exports it).

A catalog's ``content_digest`` and its :meth:`~microneedle_care.catalog.Catalog.item_digests`
are the sha256 of the canonical JSON form of the pack, or of each item: the unstructured
value with sorted keys, no spaces and UTF-8 text, so a digest depends only on the content,
not on how its file was formatted.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import ContentPack

__all__ = ["digest"]


def _canonical_digest(value: object) -> str:
    from ._converter import converter  # imports cattrs: not needed with a cached digest

    canonical = json.dumps(
        converter.unstructure(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digest(pack: ContentPack) -> str:
    """Return the sha256 hex digest of *pack*'s canonical JSON form.

    The canonical form is the unstructured pack with sorted keys, no spaces and UTF-8
    text, so the digest depends only on the content, not on how the file was formatted.
    """
    return _canonical_digest(pack)
