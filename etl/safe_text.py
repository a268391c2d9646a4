"""Untrusted text (names from uploaded files, uploaded file names) written out as plain text.

Every writer goes through one rule per output kind, so a community named ``=HYPERLINK(...)`` or
``x<img src=…>`` or ``![a](http://…)`` stays a literal name everywhere:

- ``neutralize_formula``: spreadsheet cells (CSV, XLSX, the PPTX charts' embedded workbooks, table
  cells in PPTX/PDF that may be pasted into a spreadsheet). A cell starting with ``= + - @``, tab or
  CR (OWASP's list; Excel, WPS and LibreOffice run them as formulas or DDE) gets a leading ``'``.
- ``md_text``: text interpolated into anything Streamlit renders as markdown (``st.markdown``,
  ``st.caption``, ``st.info``…, widget labels, tab and metric labels): every ASCII punctuation
  character is backslash-escaped (CommonMark escapes each of them), so no link, image, emphasis,
  HTML, math or colour directive can start inside a name; line breaks become spaces.
- ``html_text``: text inside HTML we build (``st.html``, ``unsafe_allow_html`` blocks).
- ``plot_text``: text plotly draws (it parses ``<a href>``, ``<span style>``, ``<b>``… in titles,
  labels, legends and hover text): ``& < >`` become entities, which plotly shows literally. The one
  tag kept is ``<br>``, which our own labels use to wrap (a ``<br>`` in a name only breaks a line).
"""

from __future__ import annotations

import html
import re
import string

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def neutralize_formula(value: object) -> object:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula; other values as-is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def md_text(value: object) -> str:
    """``value`` as literal text inside Streamlit markdown (one line)."""
    return _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


def html_text(value: object) -> str:
    """``value`` as literal text inside HTML (quotes escaped too, so it is safe in attributes)."""
    return html.escape(_LINE_BREAKS.sub(" ", str(value)), quote=True)


def plot_text(value: str) -> str:
    """``value`` as literal text in a plotly figure (``<br>`` still breaks the line)."""
    return html.escape(value, quote=False).replace("&lt;br&gt;", "<br>")
