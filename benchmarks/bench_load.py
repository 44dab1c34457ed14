"""Time and memory of loading and computing at national scale.

    python benchmarks/bench_load.py            # 3,000 and 30,000 victims
    python benchmarks/bench_load.py 300000     # any sizes

Writes synthetic workbooks (cached in a temporary folder), then prints, per size: seconds to
load (read + validate), seconds to compute the figures, and peak resident memory of the process (so far).
Figures, not assertions: tests never time anything.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

import tipreport

FOLDER = Path(tempfile.gettempdir()) / "tipreport-bench"


def make(n_victims: int) -> list[Path]:
    FOLDER.mkdir(exist_ok=True)
    n_cases = max(1, n_victims // 4)
    paths = [FOLDER / f"cases-{n_victims}.xlsx", FOLDER / f"victims-{n_victims}.xlsx"]
    if all(p.exists() for p in paths):
        return paths
    rng = random.Random(n_victims)
    start = dt.date(2024, 4, 1)

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(0, 660))

    wb = openpyxl.Workbook(write_only=True)
    cases = wb.create_sheet("Cases")
    cases.append(["Case ID", "Date opened", "Offence", "Form of exploitation", "Province"])
    for i in range(n_cases):
        cases.append([f"C-{i:07d}", day(), rng.choice(["trafficking"] * 8 + ["other"]),
                      rng.choice(["sex", "labor", "forced_criminality", "mixed"]),
                      rng.choice(["Phnom Penh", "Siem Reap", "Koh Kong"])])
    defs = wb.create_sheet("Defendants")
    defs.append(["Case ID", "Person ID", "Sex", "Date charged", "Verdict", "Verdict date",
                 "Prison months"])
    for i in range(n_cases):
        for j in range(rng.choice([1, 1, 2])):
            verdict = rng.choice(["pending", "convicted", "acquitted"])
            charged = day()
            defs.append([f"C-{i:07d}", str(j), rng.choice(["F", "M"]), charged, verdict,
                         None if verdict == "pending" else charged + dt.timedelta(days=30),
                         rng.randrange(0, 240) if verdict == "convicted" else None])
    wb.save(paths[0])
    wb = openpyxl.Workbook(write_only=True)
    vic = wb.create_sheet("Victims")
    vic.append(["Victim ID", "Date identified", "Status", "Case ID", "Sex", "Age",
                "Nationality", "Form of exploitation", "Referred", "Services"])
    for i in range(n_victims):
        vic.append([f"V-{i:08d}", day().strftime("%d/%m/%Y") if i % 5 == 0 else day(),
                    rng.choice(["confirmed", "potential"]), f"C-{rng.randrange(n_cases):07d}",
                    rng.choice(["F", "M", None]), rng.randrange(5, 60),
                    rng.choice(["KH", "VN", "Thailand", "CHN"]),
                    rng.choice(["labour", "sex", "forced_criminality"]),
                    rng.choice(["Y", "N"]), rng.choice(["shelter, medical", "legal", None])])
    wb.save(paths[1])
    return paths


def measure(n: int) -> None:
    paths = make(n)
    t0 = time.perf_counter()
    ds = tipreport.load(*paths, submitted_on=dt.date(2026, 1, 30))
    t1 = time.perf_counter()
    figures = tipreport.compute(ds, 2026, submitted_on=dt.date(2026, 1, 30))
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    rows = sum(e.read for e in ds.report.ledger)
    print(f"{n:>9,} victims  {rows:>9,} rows  load {t1 - t0:7.2f} s  "
          f"compute {t2 - t1:6.2f} s  peak RSS {peak / 2**20:7.1f} MiB  "
          f"({len(ds.report.issues):,} issues; "
          f"{figures.protection['victims_identified'].current:,} victims this period)")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [3_000, 30_000]
    for size in sizes:
        measure(size)
