"""The page registry: every page of the dashboard, declared once. ``dashboard.py`` builds the
navigation from it, the audit log names a viewed page by its title, and the tests iterate over it
(the browser tests read it without importing anything). No Streamlit here."""

from __future__ import annotations

# Per navigation section (its title key): (script, title key, icon, URL path, permission needed:
# ``etl.access.PERMISSIONS``).
PAGES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "nav_section_browse": [
        ("app_pages/overview.py", "nav_overview", ":material/dashboard:", "overview", "view"),
        ("app_pages/coverage.py", "nav_coverage", ":material/home_work:", "coverage", "view"),
        ("app_pages/volunteer.py", "nav_volunteer", ":material/volunteer_activism:", "volunteer", "view"),
        ("app_pages/five_star.py", "nav_five_star", ":material/star:", "five-star", "view"),
        ("app_pages/map.py", "nav_map", ":material/map:", "map", "view"),
        ("app_pages/profile.py", "nav_profile", ":material/badge:", "profile", "view"),
        ("app_pages/all_metrics.py", "nav_all_metrics", ":material/list:", "all-metrics", "view"),
        ("app_pages/present.py", "nav_present", ":material/slideshow:", "present", "view"),
        ("app_pages/ledger.py", "nav_ledger", ":material/checklist:", "ledger", "view"),
    ],
    "nav_section_data": [
        ("app_pages/tables.py", "nav_tables", ":material/table:", "tables", "view"),
        ("app_pages/upload.py", "nav_upload", ":material/upload_file:", "upload", "upload"),
        ("app_pages/history.py", "nav_history", ":material/history:", "history", "view"),
        ("app_pages/submissions.py", "nav_submissions", ":material/event_available:", "submissions", "view"),
        ("app_pages/audit.py", "nav_audit", ":material/policy:", "audit", "audit"),
    ],
}

DEFAULT_URL = "overview"  # the page served at the root URL

_TITLES = {entry[3]: entry[1] for entries in PAGES.values() for entry in entries}


def title_key(url_path: str) -> str | None:
    """The title key (UI dictionary) of the page at ``url_path``; None for a path no page has."""
    return _TITLES.get(url_path)
