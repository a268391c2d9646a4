"""The unit of each numeric column of the registry (户, 人, 场…), for templates and exports.

Kept by canonical column name (the same name means the same thing in every dataset). Labels that
name their unit already (``面积(平方米)``) have it here too. ``tests/test_table_exports.py`` fails
for a numeric column that is in neither ``UNITS`` nor ``UNITLESS``.
"""

from __future__ import annotations

from etl.registry import Column

# canonical column -> (unit_zh, unit_en)
UNITS: dict[str, tuple[str, str]] = {
    "households": ("户", "households"),
    "population": ("人", "persons"),
    "premises_area_m2": ("平方米", "m²"),
    "area_m2": ("平方米", "m²"),
    "members": ("人", "persons"),
    "capacity_persons": ("人", "persons"),
    "investment_wan": ("万元", "10k CNY"),
    "community_workers": ("人", "persons"),
    "certified_social_workers": ("人", "persons"),
    "two_committee_members": ("人", "persons"),
    "grid_workers": ("人", "persons"),
    "reserve_cadres": ("人", "persons"),
    "activities": ("场", "events"),
    "participants": ("人次", "person-times"),
    "social_org_activities": ("场", "events"),
    "social_org_participants": ("人次", "person-times"),
    "app_registrations": ("人", "persons"),
    "registered_volunteers": ("人", "persons"),
    "active_volunteers": ("人", "persons"),
    "volunteer_hours": ("小时", "hours"),
    "points_earned": ("分", "points"),
    "points_redeemed": ("分", "points"),
    "bank_services": ("人次", "person-times"),
    "score": ("分", "points"),
}
# numeric columns without a unit of their own: coordinates, years, a target (its metric's unit)
UNITLESS = ("lon", "lat", "built_year", "renovated_year", "year", "target_value")


def column_unit(column: Column, lang: str = "zh") -> str:
    """``户`` for households (``households`` in English); ``""`` for a column without a unit."""
    zh, en = UNITS.get(column.name, ("", ""))
    return en if lang == "en" else zh
