"""The documentation's own machinery: what the local Sphinx extension generates."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_keeps_double_hyphens(tmp_path: Path) -> None:
    """The generated command reference shows "--help", never an en dash (smart quotes)."""
    sphinx_cmd = pytest.importorskip("sphinx.cmd.build")
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        "extensions = ['microneedle_care_docs']\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(
        "CLI\n===\n\n.. microneedle-care-cli::\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    status = sphinx_cmd.build_main(["-q", "-b", "html", str(source), str(out)])
    assert status == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "microneedle-care checklist --help" in text
    assert "\u2013help" not in text
    assert "\u2014help" not in text
    del sys.modules["microneedle_care_docs"]
