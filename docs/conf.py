"""Sphinx configuration for the microneedle-care documentation.

Build: python -m sphinx -W -n --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version as _version

sys.path.insert(0, os.path.abspath("_ext"))

project = "microneedle-care"
author = "The microneedle-care maintainers"
copyright = f"2026, {author}"
release = _version("microneedle-care")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "myst_parser",
    "microneedle_care_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_inventories", "_ext"]
root_doc = "index"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True

# No network here or in CI: the inventories are copies of those Debian ships
# (python3.11-doc, python-attr-doc, python-cattrs-doc); links still go to the live sites.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", "_inventories/python.inv"),
    "attrs": ("https://www.attrs.org/en/stable/", "_inventories/attrs.inv"),
    "cattrs": ("https://catt.rs/en/stable/", "_inventories/cattrs.inv"),
}

html_theme = "furo"
html_title = f"microneedle-care {release}"
myst_heading_anchors = 2

# Type variables in overloads have no page of their own.
nitpick_ignore = [("py:class", "microneedle_care.catalog._T"), ("py:class", "re.Pattern")]
