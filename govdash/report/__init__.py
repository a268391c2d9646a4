"""Review-meeting reports (汇报): one model, three outputs — presentation page, PPTX, PDF.

- ``build.build_report(version, area_code, as_of, lang)`` → ``model.Report`` (the slides' content,
  every number from ``etl.metrics`` and the pages' data modules);
- ``pptx_builder.pptx_bytes(report)`` → a 16:9 deck with native, editable charts;
- ``pdf_builder.pdf_bytes(report)`` → an A4-landscape PDF with Noto Sans CJK SC embedded;
- ``png.chart_png(fig)`` → PNG bytes of any plotly figure (kaleido + system Chromium, offline);
- ``python -m govdash.report`` writes a PPTX or PDF from the command line (see ``__main__``).
"""

from __future__ import annotations

from datetime import date

from govdash.report.model import Report
from govdash.report.png import chart_png

__all__ = ["Report", "chart_png", "export"]


def export(version: str, area_code: str, as_of: date, fmt: str, lang: str = "zh") -> bytes:
    """The report of an area and date as ``pptx`` or ``pdf`` bytes."""
    from govdash.report.build import build_report  # noqa: PLC0415 - keeps ``import govdash.report`` light

    report = build_report(version, area_code, as_of, lang)
    if fmt == "pptx":
        from govdash.report.pptx_builder import pptx_bytes  # noqa: PLC0415

        return pptx_bytes(report)
    if fmt == "pdf":
        from govdash.report.pdf_builder import pdf_bytes  # noqa: PLC0415

        return pdf_bytes(report)
    raise ValueError(f"unknown format {fmt!r} (pptx or pdf)")
