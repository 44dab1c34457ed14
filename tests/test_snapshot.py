"""Snapshot of the HTML of the summary section: unintended changes to the document show here.

After an intended change, rewrite the snapshot: ``TIPREPORT_UPDATE_SNAPSHOTS=1 pytest
tests/test_snapshot.py`` and review the diff before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from test_build import small_workbook

import tipreport

SNAPSHOT = Path(__file__).parent / "snapshots" / "summary.html"


def summary_html(tmp_path: Path) -> str:
    html = tipreport.build(small_workbook(tmp_path / "snap.xlsx")).to_html()
    start = html.index('id="summary"')
    start = html.rindex("<section", 0, start)
    end = html.index("</section>", start) + len("</section>")
    return re.sub(r"\s+\n", "\n", html[start:end]).strip() + "\n"


def test_summary_html_snapshot(tmp_path):
    html = summary_html(tmp_path)
    if os.environ.get("TIPREPORT_UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(html, encoding="utf-8")
    assert html == SNAPSHOT.read_text(encoding="utf-8")
