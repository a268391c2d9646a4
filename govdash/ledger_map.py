"""The map's 台账 layer: the open and overdue ledger items of the area as points (compounds and
facilities at their own coordinates, community items at the community's)."""

from __future__ import annotations

import pandas as pd

from govdash.formatting import fmt_date
from govdash.i18n import t

COLORS = {"overdue": [200, 16, 46, 230], "open": [243, 156, 18, 230]}
LEGEND = {"overdue": "#c8102e", "open": "#f39c12"}


def records(items: pd.DataFrame, lang: str) -> list[dict]:
    """One point per open or overdue item with coordinates (``map_data.MapModel.ledger``), tooltip
    as the map's other points."""
    sep = t("map_sep")
    return [
        {
            "code": "",
            "name": str(row.item_name),
            "lon": round(float(row.lon), 6),
            "lat": round(float(row.lat), 6),
            "color": COLORS[row.status],
            "tip": "\n".join(
                (
                    f"{row.kind_label} · {t('lg_' + row.status)}",
                    f"{t('lg_col_missing')}{sep}{row.missing}",
                    f"{t('lg_col_street')}{sep}{row.street_name}",
                    f"{t('lg_col_due')}{sep}{fmt_date(row.due_date, lang)}",
                )
            ),
        }
        for row in items.itertuples(index=False)
    ]


def legend(rows: list[dict]) -> list[tuple[str, str, str]]:
    """Legend entries (``map_colors.legend_html`` extras) for the statuses shown."""
    shown = {tuple(r["color"]) for r in rows}
    return [
        ("dot", LEGEND[s], t("map_ledger_" + s)) for s in ("overdue", "open") if tuple(COLORS[s]) in shown
    ]
