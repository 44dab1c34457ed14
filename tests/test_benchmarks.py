"""The benchmark harness (``benchmarks/``) keeps working: its data is clean intake data, and
``run.py`` runs end to end and prints every row of its table.

No timing is asserted here, or anywhere in the tests: speed is measured by
``python benchmarks/run.py`` and written down in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tipreport

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

TINY = 0.002

#: the rows of run.py's table of ratios (the first one twice: two floors)
RATIO_ROWS = ("load + validate", "figures (compute)", "whole build", "peak memory of a build",
              "audit workbook", "import tipreport", "growth of load", "growth of figures",
              "document pages")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder, manifest = generate.ensure(TINY, tmp_path_factory.mktemp("bench-data"), quiet=True)
    return folder, manifest


def test_generated_intake_is_clean_and_complete(tiny):
    folder, manifest = tiny
    dataset = tipreport.load(*generate.paths(folder, manifest))
    assert dataset.report.errors == []
    assert dataset.submission["country"] == "Cambodia"
    assert dataset.submission["report_year"] == generate.REPORT_YEAR
    for sheet, rows in manifest["rows"].items():
        if sheet != "Submission":
            assert len(dataset.tables[sheet]) == rows, sheet
    # several files, as ministries send them, and both TIP periods hold data
    assert len({p.name for p in generate.paths(folder, manifest)}) >= 5
    opened = dataset.tables["Cases"]["opened_on"]
    assert (opened < "2025-04-01").any() and (opened >= "2025-04-01").any()


def test_generated_intake_is_cached_and_deterministic(tiny, tmp_path):
    folder, manifest = tiny
    again, _ = generate.ensure(TINY, folder.parent, quiet=True)
    assert again == folder  # found in the cache, not rewritten
    other, _ = generate.ensure(TINY, tmp_path, quiet=True)
    for path in generate.paths(folder, manifest):
        assert (other / path.name).read_bytes() == path.read_bytes(), path.name


def test_run_prints_every_row(tmp_path):
    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--scale", str(TINY), "--repeat", "1",
         "--sizes", "--data", str(tmp_path / "data"), "--json", str(results)],
        capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout

    stages, _, rest = out.partition("\nstep ")
    for stage in _stage_labels():
        line = next((x for x in stages.splitlines() if x.startswith(stage)), None)
        assert line is not None, f"no line for {stage}"
        assert "failed" not in line, line

    table = [x for x in rest.splitlines() if x and not x.startswith("-")]
    steps = [next((row for row in RATIO_ROWS if x.startswith(row)), None) for x in table]
    assert steps.count("load + validate") == 2
    assert set(RATIO_ROWS) <= set(steps), table
    for line, step in zip(table, steps):
        if step:
            assert line.split()[-1] in ("OK", "over", "n/a"), line
            if step not in ("audit workbook",):
                assert "not measured" not in line, line

    data = json.loads(results.read_text())
    assert len(data["ratios"]) == len([s for s in steps if s])
    assert set(data["sizes"]) == {f"{TINY / 10:g}", f"{TINY / 3:g}", f"{TINY:g}"}


def _stage_labels() -> list[str]:
    import run

    return [stage.label for stage in run.STAGES.values()]
