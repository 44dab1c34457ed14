"""Time of writing the audit workbook at national scale, beside the time pandas takes to read
the same rows.

    python benchmarks/bench_audit.py            # 30,000 and 100,000 victims
    python benchmarks/bench_audit.py 250000     # any sizes

Uses the synthetic workbooks of ``bench_load.py`` (cached in a temporary folder). Prints, per
size: the rows written, seconds for pandas to read the intake workbooks (python-calamine,
every sheet), seconds to compute the figures, seconds to write the audit workbook, its size,
and the peak resident memory of the process. Figures, not assertions: tests never time
anything.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import make

import tipreport
from tipreport.audit import audit_workbook


def measure(n: int) -> None:
    paths = make(n)
    t0 = time.perf_counter()
    for path in paths:
        pd.read_excel(path, sheet_name=None, engine="calamine")
    t1 = time.perf_counter()
    dataset = tipreport.load(*paths, submitted_on=dt.date(2026, 1, 30))
    figures = tipreport.compute(dataset, 2026, submitted_on=dt.date(2026, 1, 30))
    t2 = time.perf_counter()
    data = audit_workbook(figures, dataset)
    t3 = time.perf_counter()
    rows = sum(len(t) for t in figures.tables.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(f"{n:>9,} victims  {rows:>9,} rows  pandas reads them {t1 - t0:6.2f} s  "
          f"load+compute {t2 - t1:6.2f} s  audit {t3 - t2:6.2f} s  "
          f"({len(data) / 2**20:5.1f} MiB, {len(figures.keys()):,} figures)  "
          f"peak RSS {peak / 2**20:7.1f} MiB")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [30_000, 100_000]
    for size in sizes:
        measure(size)
