"""Five-star branch creation (五星支部创建), Henan districts only, 2022–2024.

Each community gets a score per star and year from its latent quality, a persistent per-star effect,
the star's difficulty (支部过硬, the capstone, is the hardest) and a yearly improvement; a star is awarded at 80 points (the default
threshold). Urban and 村改居 communities are assessed on the urban stars, villages on the village
stars. 2022 and 2023 carry the announced result (是否摘星); the 2024 results are not announced yet, so
only scores are given and the dashboard's threshold setting decides.
"""

from __future__ import annotations

import datetime as dt

from data.demo import _facts as F
from data.demo._areas import Community, World
from data.demo._common import clamp, rng

Row = dict[str, object]
URBAN_STARS = ("strong_branch", "co_build_share", "safety_rule_of_law", "jobs_business", "happiness_harmony")
VILLAGE_STARS = ("strong_branch", "industry", "safety_rule_of_law", "eco_livable", "civility_happiness")
_DIFFICULTY = {
    "strong_branch": -8.0,
    "co_build_share": 0.5,
    "safety_rule_of_law": 3.0,
    "jobs_business": -4.0,
    "happiness_harmony": 0.0,
    "industry": -6.0,
    "eco_livable": -1.0,
    "civility_happiness": 1.0,
}
_IMPROVEMENT = {2022: 0.0, 2023: 4.0, 2024: 8.0}
THRESHOLD = 80.0
ANNOUNCED_AFTER = 2024  # assessment years before this one have announced results


def stars_for(c: Community) -> tuple[str, ...]:
    return VILLAGE_STARS if c.group == "village" else URBAN_STARS


def _score(c: Community, star: str, year: int) -> float:
    persistent = rng("star.effect", c.code, star).gauss(0.0, 6.0)
    street_push = rng("star.street", c.street).uniform(0.6, 1.3)  # some streets push harder
    noise = rng("star.noise", c.code, star, year).gauss(0.0, 4.0)
    star_bonus = 6.0 if "notable" in c.tags else 0.0  # the communities the articles hold up
    value = (
        66.0
        + 18.0 * c.quality
        + star_bonus
        + _DIFFICULTY[star]
        + persistent
        + _IMPROVEMENT[year] * street_push * (0.6 + 0.8 * c.quality)
        + noise
    )
    return round(clamp(value, 0.0, 100.0), 1)


def build_five_star(world: World) -> list[Row]:
    rows = []
    for c in world.communities:
        if c.district not in F.FIVE_STAR_DISTRICTS:
            continue
        for year in F.FIVE_STAR_YEARS:
            if not c.exists_on(dt.date(year, 6, 30)):  # assessed when set up by mid-year
                continue
            for star in stars_for(c):
                score = _score(c, star, year)
                rows.append(
                    {
                        "community_code": c.code,
                        "year": year,
                        "star": star,
                        "score": score,
                        "awarded": score >= THRESHOLD if year < ANNOUNCED_AFTER else None,
                    }
                )
    return rows


def level(awarded: dict[str, bool]) -> int:
    """The capstone rule: the other four stars count one each; 支部过硬 adds the fifth only on top of them."""
    others = sum(1 for star, ok in awarded.items() if ok and star != "strong_branch")
    return others + (1 if others == 4 and awarded.get("strong_branch") else 0)
