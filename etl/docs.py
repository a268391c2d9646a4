"""Generate the README's dataset and settings tables and ``docs/metric-rules.md`` from the registries.

``python -m etl.docs`` rewrites the sections between the ``<!-- datasets:start -->`` /
``<!-- datasets:end -->`` (and ``settings``) markers and ``docs/metric-rules.md`` (from the metric
catalog); tests fail when either is out of date.
"""

from __future__ import annotations

import re
import sys

from etl.datasets import DATASETS
from etl.registry import Column
from etl.settings import PROJECT_ROOT, SETTINGS

README = PROJECT_ROOT / "README.md"
METRIC_RULES = PROJECT_ROOT / "docs" / "metric-rules.md"


def _column_cell(col: Column) -> str:
    text = f"`{col.name}` {col.label_zh}"
    if col.required:
        text += " **必填**"
    if col.values:
        text += "：" + " / ".join(labels[0] for labels in col.values.values())
        if col.open_values:
            text += " / …"
    return text


def datasets_markdown() -> str:
    lines = [
        "| dataset | 中文 | grain | natural key | a new file replaces | columns |",
        "|---|---|---|---|---|---|",
    ]
    for ds in DATASETS.values():
        columns = "<br>".join(_column_cell(c) for c in ds.columns)
        lines.append(
            f"| `{ds.name}` | {ds.label_zh} | {ds.grain} | {', '.join(ds.key)} | "
            f"rows with the same {', '.join(ds.scope)} | {columns} |"
        )
    return "\n".join(lines)


def settings_markdown() -> str:
    lines = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = s.default.replace(str(PROJECT_ROOT) + "/", "") if s.default else "—"
        lines.append(f"| {s.name} | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(lines)


SECTIONS = {"datasets": datasets_markdown, "settings": settings_markdown}


def render(readme: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n)(?:.*?\n)?(<!-- {name}:end -->)", re.S)
        readme = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), readme)
    return readme


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md updated")
    from etl.metric_catalog.docs import render as metric_rules

    rules = metric_rules()
    if METRIC_RULES.read_text(encoding="utf-8") != rules:
        METRIC_RULES.write_text(rules, encoding="utf-8")
        print("docs/metric-rules.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
