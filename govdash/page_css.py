"""CSS of the page frame: KPI card labels and deltas, and the labels of links in a page (the
overview's 需关注 items), wrap instead of being cut (an English label is often longer than its card
or column); a delta wraps at its spaces, so "较2023年" stays whole in a narrow card, not "较2023"
above "年" (a word longer than the card still breaks inside); printing a page (no sidebar or
toolbar, nothing cut, sensible page breaks) and phones (KPI cards two per row, so the first chart
comes within a screen or two).

``dashboard.py`` puts it on every page. Streamlit's own test ids are the hooks; no class names of
its generated styles are used (they change between releases).
"""

from __future__ import annotations

PHONE_MAX_PX = 640  # Streamlit stacks columns below this width

FRAME_CSS = f"""<style>
label[data-testid="stMetricLabel"] div[data-testid="stMarkdownContainer"],
label[data-testid="stMetricLabel"] div[data-testid="stMarkdownContainer"] p,
div[data-testid="stMetricDelta"] div[data-testid="stMarkdownContainer"],
div[data-testid="stMetricDelta"] div[data-testid="stMarkdownContainer"] p,
div[data-testid="stMetricDeltaDescription"], div[data-testid="stMetricDeltaDescription"] p {{
  white-space: normal; overflow: visible; text-overflow: clip;}}
div:has(> div[data-testid="stMetricDeltaDescription"]) {{flex-wrap: wrap;}}
div[data-testid="stMetricDelta"] div[data-testid="stMarkdownContainer"] p,
div[data-testid="stMetricDeltaDescription"] p {{word-break: keep-all; overflow-wrap: anywhere;}}
a[data-testid="stPageLink-NavLink"] span,
a[data-testid="stPageLink-NavLink"] div[data-testid="stMarkdownContainer"] p {{
  white-space: normal; overflow: visible; text-overflow: clip;}}
@media print {{
  @page {{size: A4 landscape; margin: 12mm;}}
  section[data-testid="stSidebar"], header[data-testid="stHeader"], div[data-testid="stToolbar"],
  div[data-testid="stDecoration"], div[data-testid="stStatusWidget"],
  div[data-testid="stSidebarCollapsedControl"], div[data-testid="stBottom"],
  .stDownloadButton, .stButton, .stPageLink, div[data-testid="stElementToolbar"], .modebar-container {{
    display: none !important;}}
  html, body, div[data-testid="stApp"], div[data-testid="stAppViewContainer"], main[data-testid="stMain"],
  div[data-testid="stMain"] {{
    position: static !important; overflow: visible !important; height: auto !important;}}
  div[data-testid="stMainBlockContainer"] {{padding: 0 !important; max-width: none !important;}}
  div[data-testid="stElementContainer"], div[data-testid="stMetric"], div[data-testid="stEChartsChart"],
  tr, img, svg {{break-inside: avoid;}}
  h1, h2, h3, div[data-testid="stCaptionContainer"] {{break-after: avoid;}}
  div[data-testid="stDataFrame"], div[data-testid="stTable"] {{overflow: visible !important;}}
}}
@media (max-width: {PHONE_MAX_PX}px) {{
  div[data-testid="stMainBlockContainer"] {{padding-left: .75rem; padding-right: .75rem;}}
  div[data-testid="stHorizontalBlock"]:has(> div[data-testid="stColumn"] div[data-testid="stMetric"]) {{
    flex-direction: row !important; flex-wrap: wrap !important; gap: .5rem !important;}}
  div[data-testid="stHorizontalBlock"]:has(> div[data-testid="stColumn"] div[data-testid="stMetric"])
    > div[data-testid="stColumn"] {{
    flex: 0 0 calc(50% - .25rem) !important; width: calc(50% - .25rem) !important; min-width: 0 !important;}}
  div[data-testid="stMetricValue"] {{font-size: 1.6rem;}}
  /* a long list (the overview's 需关注) scrolls in its own box, so the charts are not pushed down */
  .st-key-ov_attention {{max-height: 35vh; overflow-y: auto !important;}}
}}
</style>"""
