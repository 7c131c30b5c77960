"""CSV cells safe to open in a spreadsheet (private)."""

from __future__ import annotations

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet read a CSV cell as a formula (or hide it).

``= + - @``, TAB and CR are the ones OWASP and ASVS name; LF and NUL are added, and
the full-width forms, in case a spreadsheet folds them to the ASCII ones.
"""


def csv_cell(value: str) -> str:
    r"""Return *value* safe to open in a spreadsheet as one CSV cell.

    A cell whose first character that is not a space is one of ``= + - @``, a tab, a
    carriage return, a line feed or NUL (or the full-width form of ``= + - @``) gets a
    single quote put before it, which spreadsheets show as text rather than run as a
    formula. Every other cell is returned unchanged. Quoting the cell (commas, quotes,
    line breaks) is left to :mod:`csv`.

    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell("p-001"), csv_cell("-1")
    ('\'=HYPERLINK("http://x")', 'p-001', "'-1")
    """
    if value.lstrip(" ").startswith(_FORMULA):
        return "'" + value
    return value
