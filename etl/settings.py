"""Every setting of the product, declared once (name, environment variable, default, help).

The README's settings table is checked against this list by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


SETTINGS = (
    Setting(
        "warehouse",
        "GOVDASH_DB",
        str(PROJECT_ROOT / "data" / "warehouse"),
        "Warehouse directory (snapshots + CURRENT pointer); `--db` overrides it",
    ),
    Setting("user", "GOVDASH_USER", "", "Name recorded in the load history (default: the OS user)"),
    Setting(
        "star_threshold",
        "GOVDASH_STAR_THRESHOLD",
        "80",
        "Score at which a five-star star counts as awarded when `awarded` is blank",
    ),
    Setting(
        "max_upload_mb",
        "GOVDASH_MAX_UPLOAD_MB",
        "50",
        "Largest file accepted by `load` and the upload page (MB)",
    ),
    Setting("lang", "GOVDASH_LANG", "zh", "Language of messages: zh or en; `--lang` overrides it"),
    Setting(
        "auth",
        "GOVDASH_AUTH",
        "none",
        "Login: `none` (demo warehouse open, any other read-only), `header` (user name from a trusted "
        "proxy header) or `oidc` (`st.login`, see README)",
    ),
    Setting(
        "auth_header",
        "GOVDASH_AUTH_HEADER",
        "X-Remote-User",
        "With `GOVDASH_AUTH=header`: the request header that holds the user name",
    ),
    Setting(
        "trusted_proxy",
        "GOVDASH_TRUSTED_PROXY",
        "",
        "With `GOVDASH_AUTH=header`: the proxy's IP address when the app does not listen on loopback "
        "(the header is honoured only from it)",
    ),
    Setting(
        "oidc_name_claim",
        "GOVDASH_OIDC_NAME_CLAIM",
        "preferred_username",
        "With `GOVDASH_AUTH=oidc`: the ID-token claim used as user name (then `email`, `sub`)",
    ),
    Setting(
        "pdf_font",
        "GOVDASH_PDF_FONT",
        "",
        "Chinese font embedded in PDF reports: a .ttf/.otf/.ttc file (`file.ttc#2` picks a face) or a "
        "family name; default: the first installed of Noto Sans CJK SC, Source Han Sans SC, WenQuanYi, "
        "Microsoft YaHei, SimHei",
    ),
    Setting(
        "max_excel_rows",
        "GOVDASH_MAX_EXCEL_ROWS",
        "1048576",
        "Most rows in one `.xlsx` sheet, counted in the archive before the file is parsed",
    ),
    Setting(
        "max_excel_unpacked_mb",
        "GOVDASH_MAX_EXCEL_UNPACKED_MB",
        "300",
        "Largest uncompressed size of an `.xlsx` file's sheets and strings (MB), checked before parsing",
    ),
    Setting(
        "max_check_seconds",
        "GOVDASH_MAX_CHECK_SECONDS",
        "600",
        "Longest time reading and checking one file may take before it is refused (seconds)",
    ),
    Setting(
        "max_removal_share",
        "GOVDASH_MAX_REMOVAL_SHARE",
        "0.5",
        "Share of the rows in a file's scopes a load may remove without confirmation "
        "(`--allow-removal`, or the checkbox on the upload page)",
    ),
    Setting(
        "min_reporting_share",
        "GOVDASH_MIN_REPORTING_SHARE",
        "0.8",
        "Share of an area's communities that must have reported a dataset for a month to be the default "
        "month of the pages (the latest month reported well enough)",
    ),
)

AUTH_MODES = ("none", "header", "oidc")


def setting(name: str) -> Setting:
    return next(s for s in SETTINGS if s.name == name)


def warehouse_path(cli_value: str | None = None) -> Path:
    return Path(cli_value or setting("warehouse").value())


def is_default_warehouse(path: Path) -> bool:
    """Whether ``path`` is the built-in default (the only place the demo is built on first start)."""
    return Path(path).resolve() == Path(setting("warehouse").default).resolve()


def auth_mode() -> str:
    """The login mode; an unknown value raises ValueError with the choices."""
    mode = setting("auth").value().strip().lower()
    if mode not in AUTH_MODES:
        raise ValueError(f"GOVDASH_AUTH={mode!r}: use one of {', '.join(AUTH_MODES)}")
    return mode


def star_threshold() -> float:
    return float(setting("star_threshold").value())


def max_upload_mb() -> float:
    return float(setting("max_upload_mb").value())


def max_excel_rows() -> int:
    return int(float(setting("max_excel_rows").value()))


def max_excel_unpacked_mb() -> float:
    return float(setting("max_excel_unpacked_mb").value())


def max_check_seconds() -> float:
    return float(setting("max_check_seconds").value())


def max_removal_share() -> float:
    return float(setting("max_removal_share").value())


def min_reporting_share() -> float:
    return float(setting("min_reporting_share").value())
