"""District stories: the demo's decisions about which communities exist when, and of which type.

The 2023 statistical list (data/reference/divisions.csv) is the state of mid-2023. The articles count
communities on earlier (or later) dates, so some communities get an establishment or abolition date.
These are plausible stories chosen for the demo, not historical facts:

- 洛龙 (157 on 2022-12-31, 246 listed): in the first half of 2023 the district completed 撤村建居 in
  寇店/庞村/佃庄 towns and in the rest of 丰李, 李村 and 诸葛 (their former 村委会 are not in the 2023
  list, so the demo starts them on their establishment date), and set up three special units
  (槐庄村, 关林商贸城社区, 洛龙高新社区). The 157 that existed are the 40 urban + 117 村改居.
- 魏都 (86 on 2018-12-31, 104 listed): 魏北 and 颍昌 streets and the 产业集聚区 were set up in 2019
  with their communities, and four new-estate communities followed in 2020–2022.
- 涧西 (72 on 2020-05-08, 76 listed): 工农街道 finished converting its last four villages
  (燕家沟, 马营, 引驾沟, 东沙坡) in 2020-07 … 2021-06.
- 芝罘 (156 on 2024-10-29, 158 listed): 北里 and 西里 in 黄务街道 were merged into 东里 on 2024-05-31;
  their compounds are listed under 东里.
- 思茅: no change; 兰花社区 (南屏镇) is a large mixed community with 96 compounds.
"""

from __future__ import annotations

import datetime as dt

# --- 洛龙 -------------------------------------------------------------------------------------------
LUOLONG_NEW_STREETS_2023 = ("410311194", "410311197", "410311199", "410311014")  # all their communities
LUOLONG_NEW_2023 = (
    tuple(f"410311195{n:03d}" for n in range(15, 24))  # 诸葛镇 015–023
    + tuple(f"410311021{n:03d}" for n in range(19, 26))  # 李村街道 019–025
    + ("410311003220", "410311004400", "410311007400")  # 槐庄村, 关林商贸城, 洛龙高新
)
LUOLONG_NEW_WINDOW = (dt.date(2023, 1, 1), dt.date(2023, 6, 30))

# The 40 urban communities of 2022 and their kind; every other existing one is 村改居.
LUOLONG_URBAN = {
    "410311002001": "old",
    "410311002002": "commercial",
    "410311002003": "commercial",
    "410311002004": "commercial",
    "410311002011": "commercial",
    "410311003001": "old",
    "410311003002": "old",
    "410311003003": "old",
    "410311004004": "old",
    "410311004006": "work_unit",
    "410311004010": "old",
    "410311004018": "old",
    "410311005003": "commercial",
    "410311005004": "commercial",
    "410311006001": "mixed",
    "410311006002": "commercial",
    "410311006015": "commercial",
    "410311006017": "commercial",
    "410311006018": "commercial",
    "410311006019": "commercial",
    "410311007005": "commercial",
    "410311007006": "mixed",
    "410311007007": "mixed",
    "410311008001": "commercial",
    "410311008002": "commercial",
    "410311008003": "commercial",
    "410311008006": "commercial",
    "410311008007": "mixed",
    "410311008008": "mixed",
    "410311008009": "mixed",
    "410311009001": "work_unit",
    "410311009003": "mixed",
    "410311009006": "commercial",
    "410311009008": "mixed",
    "410311009010": "old",
    "410311010002": "mixed",
    "410311010003": "work_unit",
    "410311010006": "mixed",
    "410311011001": "mixed",
    "410311013001": "mixed",
}
LUOLONG_SPECIAL_TYPES = {"410311004400": "commercial", "410311007400": "mixed"}

# --- 涧西: every community's type (article 002: 16 old, 12 commercial, 27 work-unit, 17 村改居) ---
# street suffix -> "community-suffix + O(ld)/C(ommercial)/W(ork unit)/V(村改居)", names in the comment.
_JIANXI_BY_STREET = {
    "001": "001V 002W 003W 004W 005V 006O 007O",  # 唐村 天四 七二五 天九 王府庄 联盟 上海市场
    "002": "001W 002W 003V 004W 006W 007C",  # 厂前一 厂前二 符家屯 厂北 电厂新村 中侨绿城
    "003": "001W 002V 005O 007C 008O 009W",  # 洛铜 七里河 长春 生活新境 嵩山 军安
    "004": "001W 002W 003W 004O 007C",  # 六冶 江东 江西 南口 华侨新村
    "005": "001V 002W 004W 005W 006W 007W 009W 010W",  # 同乐寨 长安路一二三 青岛路一二 长安路四 华山路
    "006": "001W 002W 003W 004O",  # 三 一 二 谷水东
    "007": "001W 002V 003O 004C 005O 006C 007O 008C 009V",  # 洛耐 南村 西苑 华源 龙蓬 高新 南盟 香港城 东马沟
    "008": "001O 003O 004W 005W 006O",  # 武汉路 秦岭路 洛外 广文路 谷水西
    "010": "001W 002O 003W 004O 005C 006C 007O 008C 009V",  # 石化 延安 理工 春光 丽新 世纪华阳 珠江 兴隆花园 兴隆寨
    "011": "001O 002C 003V 004C 005C",  # 周山 南峰 浅井头 中泰花城 中弘中央广场
    "012": " ".join(f"{n:03d}V" for n in range(12, 24)),  # 工农街道: former villages
}
_LETTER = {"O": "old", "C": "commercial", "W": "work_unit", "V": "village_to_urban"}
JIANXI_TYPES: dict[str, str] = {
    f"410305{street}{item[:3]}": _LETTER[item[3]]
    for street, items in _JIANXI_BY_STREET.items()
    for item in items.split()
}
JIANXI_NEW = tuple(f"410305012{n:03d}" for n in range(20, 24))
JIANXI_NEW_WINDOW = (dt.date(2020, 7, 1), dt.date(2021, 6, 30))

# --- 魏都 -------------------------------------------------------------------------------------------
WEIDU_NEW_STREETS = {
    "411002015": dt.date(2019, 6, 28),
    "411002009": dt.date(2019, 6, 28),
    "411002016": dt.date(2019, 9, 1),
}
WEIDU_NEW = ("411002005006", "411002008008", "411002011011", "411002011012")
WEIDU_NEW_WINDOW = (dt.date(2020, 3, 1), dt.date(2022, 6, 30))

# --- 芝罘 -------------------------------------------------------------------------------------------
ZHIFU_ABOLISHED = {"370602009014": "370602009015", "370602009016": "370602009015"}  # -> merged into
ZHIFU_ABOLISHED_ON = dt.date(2024, 5, 31)

# 兰花 (article 004) mixes old, "三无" and new compounds in the central city.
TYPE_OVERRIDES = {"530802102002": "mixed"}

# --- communities named in the articles: they lead in everything -----------------------------------
NOTABLE_QUALITY = {
    "410311002004": 0.95,  # 天元: smart-community app, 1.2万余 returnee registrations
    "410311005004": 0.90,  # 光合城: 晖光小站 resource listing
    "410311004006": 0.88,  # 石油: 掌上服务 platform
    "410305011004": 0.90,  # 中泰花城: 中泰世纪花城 party-led consultation pilot
    "411002003001": 0.88,  # 建安: renovated premises
    "411002004002": 0.92,  # 七一: resident self-governance
    "370602003006": 0.97,  # 大海阳: elderly canteen, 美好社区
    "530802102002": 0.93,  # 兰花: 书记领航 project, de-bureaucratized service center
}
LAGGARDS_PER_DISTRICT = 4

# Name roots whose last character marks a former village (庄, 村, 屯, …) and keyword hints.
VILLAGE_CHARS = set("庄村屯寨沟营店庙湾岗窑坡垱凹家疃")
WORK_UNIT_KEYS = (
    "厂",
    "矿",
    "许继",
    "许烟",
    "八一",
    "学院",
    "航院",
    "石化",
    "石油",
    "电厂",
    "煤田",
    "工业园",
    "港口",
    "海港",
    "洛铜",
    "六冶",
    "洛耐",
    "洛外",
    "理工",
)
COMMERCIAL_KEYS = (
    "花园",
    "花城",
    "广场",
    "绿城",
    "今典",
    "观澜",
    "华府",
    "丽都",
    "御龙山",
    "锦",
    "盛世",
    "海苑",
    "新城",
    "世纪",
    "鹿鸣湖",
    "祥",
    "福临",
    "万象",
    "金地",
    "豫园",
    "德科",
    "天宝",
    "颐山",
    "泰颐",
    "玺萌",
    "康和",
    "秀苑",
    "龙海",
    "怡海",
    "新世界",
    "华茂",
)


def classify(root: str, subtype: str, ur_code: str) -> str:
    """A community type from its name root, NBS subtype and 2016 urban-rural code (a heuristic)."""
    if subtype == "村委会":
        return "village"
    if any(k in root for k in WORK_UNIT_KEYS):
        return "work_unit"
    commercial = any(k in root for k in COMMERCIAL_KEYS)
    if root[-1] in VILLAGE_CHARS or root.startswith("曼") or (ur_code not in ("", "111") and not commercial):
        return "village_to_urban"
    if commercial:
        return "commercial"
    return "old" if ur_code else "mixed"
