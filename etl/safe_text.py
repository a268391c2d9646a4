"""Untrusted text (names from uploaded files, uploaded file names) written out as plain text.

Every writer goes through one rule per output kind, so a community named ``=HYPERLINK(...)`` or
``x<img src=…>`` or ``![a](http://…)`` stays a literal name everywhere:

- ``neutralize_formula``: spreadsheet cells (CSV, XLSX, the PPTX charts' embedded workbooks, table
  cells in PPTX/PDF that may be pasted into a spreadsheet). A cell starting with ``= + - @``, tab or
  CR (OWASP's list; Excel, WPS and LibreOffice run them as formulas or DDE) gets a leading ``'``.
- ``md_text``: text interpolated into anything Streamlit renders as markdown (``st.markdown``,
  ``st.caption``, ``st.info``…, widget labels, tab and metric labels): the characters that open a
  link, image, emphasis, code, HTML, math, colour directive, entity or autolink are
  backslash-escaped (CommonMark escapes any ASCII punctuation), as are list, heading and quote
  markers at the start; line breaks become spaces. ``.`` ``/`` ``-`` inside names stay as they are.
- ``html_text``: text inside HTML we build (``st.html``, ``unsafe_allow_html`` blocks).
- ``plot_text``: text plotly draws (it parses ``<a href>``, ``<span style>``, ``<b>``… in titles,
  labels, legends and hover text): ``& < >`` become entities, which plotly shows literally. The one
  tag kept is ``<br>``, which our own labels use to wrap (a ``<br>`` in a name only breaks a line).
"""

from __future__ import annotations

import html
import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MD_INLINE = re.compile(r"([\\`*_\[\]()<>!~$:&|{}@#])")
_MD_LINE_START = re.compile(r"^(\s*)([+\-=]|\d+(?=[.)]))")
_WWW = re.compile(r"(?i)(www)\.")  # GFM links a bare www.example.com
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def neutralize_formula(value: object) -> object:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula; other values as-is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def md_text(value: object) -> str:
    """``value`` as literal text inside Streamlit markdown (one line)."""
    text = _MD_INLINE.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    text = _WWW.sub(r"\1\\.", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    """``-`` → ``\\-``; ``1`` (before ``.`` or ``)``) → ``1\\`` so the list marker is text."""
    return marker + "\\" if marker.isdigit() else "\\" + marker


def html_text(value: object) -> str:
    """``value`` as literal text inside HTML (quotes escaped too, so it is safe in attributes)."""
    return html.escape(_LINE_BREAKS.sub(" ", str(value)), quote=True)


def plot_text(value: str) -> str:
    """``value`` as literal text in a plotly figure (``<br>`` still breaks the line)."""
    return html.escape(value, quote=False).replace("&lt;br&gt;", "<br>")
