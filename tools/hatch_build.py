"""Hatch build hook: ship a cache of the structured packaged content in the wheel.

The cache (``microneedle_care/data/content.cache``, see ``src/microneedle_care/_cache.py``)
lets the installed package skip importing cattrs and structuring its own JSON at every
start. It is built here, from the source tree being packaged, with the same checks as at
run time; the package uses it only when the hashes of the files it was built from match.
Editable installs and the sdist get no cache: they parse the JSON as before.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ContentCacheHook(BuildHookInterface):  # type: ignore[type-arg]
    """Build ``content.cache`` and add it to the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Structure the packaged content from ``src`` and force-include its pickle."""
        if self.target_name != "wheel" or version == "editable":
            return
        src = os.path.join(self.root, "src")
        before = set(sys.modules)
        sys.path.insert(0, src)
        try:
            from microneedle_care import _cache, loading

            if not os.path.abspath(_cache.__file__).startswith(os.path.abspath(src)):
                raise RuntimeError(f"built the cache from {_cache.__file__}, not from {src}")
            blob = loading._build_cache()
            name = _cache.FILE_NAME
        finally:
            sys.path.remove(src)
            for module in set(sys.modules) - before:
                if module == "microneedle_care" or module.startswith("microneedle_care."):
                    del sys.modules[module]
        self._tmp = tempfile.mkdtemp(prefix="microneedle-care-cache-")
        path = os.path.join(self._tmp, name)
        with open(path, "wb") as stream:
            stream.write(blob)
        build_data["force_include"][path] = f"microneedle_care/data/{name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary directory the cache was written to."""
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
