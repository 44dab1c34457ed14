"""Time of writing the audit workbook at national scale, beside the time pandas takes to read
the same rows.

    python benchmarks/bench_audit.py            # 30,000 and 100,000 victims
    python benchmarks/bench_audit.py 250000     # any sizes

Uses the synthetic workbooks of ``bench_load.py`` (cached in a temporary folder). Prints, per
size: the rows written, seconds for pandas to read the intake workbooks (python-calamine,
every sheet), seconds to compute the figures, seconds to write the audit workbook, its size,
and the peak resident memory of the process. Figures, not assertions: tests never time
anything.

Measured on the development machine (2 shared cores, under load from other jobs):

    victims   rows     pandas reads them  load+compute  audit    workbook
     30,000    47,509    1.8 s              7.6 s          3.4 s    4.7 MiB
    100,000   158,337    4.4 s             19.7 s         11.1 s   15.4 MiB
    250,000   395,936   25.3 s             78.8 s         31.0 s   39.1 MiB

The audit writes about four times the cells pandas reads (every row with its window columns,
the columns filters name and a yes/no column per service, beside the intake's ten), in one to
three times the time. In CPU time at 100,000 victims: 2.3 s for pandas to read, 6.3 s for the
audit, of which about 2.6 s is the zip compression XlsxWriter does on closing and 2.8 s the
rows' XML, the rest converting the columns. The Victims sheet alone (100,000 rows, 37 columns)
takes 1.7 s as XML blocks (``tipreport/_xlsx.py``) against 17.4 s through XlsxWriter's call
per cell.
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
