"""``import tipreport`` and the command line's help start without the heavy libraries.

Each check runs in a fresh Python process and reads which modules it imported: a behaviour,
not a time (the times are measured in ``benchmarks/``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import tipreport

#: what a table, a PDF, a DOCX, a chart or a workbook needs, and help text does not
HEAVY = ("pandas", "numpy", "weasyprint", "docx", "matplotlib", "openpyxl", "python_calamine",
         "xlsxwriter", "jinja2", "pycountry", "babel")
HELP = (["--help"], ["--version"], ["check", "--help"], ["figures", "--help"],
        ["build", "--help"], ["export", "--help"], ["export", "glotip", "--help"],
        ["blank", "--help"])


def run(code: str) -> dict:
    """What ``code`` prints last, as JSON, run in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_and_every_help_load_none_of_the_heavy_libraries():
    out = run(f"""
import contextlib, io, json, sys
heavy = {HEAVY!r}
import tipreport, tipreport.cli
seen = {{"import": sorted(m for m in heavy if m in sys.modules)}}
for argv in {HELP!r}:
    with contextlib.redirect_stdout(io.StringIO()) as text:
        try:
            status = tipreport.cli.main(argv)
        except SystemExit as exc:  # argparse's --help and --version
            status = exc.code
    seen[" ".join(argv)] = [status, "usage" in text.getvalue() or "tipreport" in
                            text.getvalue(), sorted(m for m in heavy if m in sys.modules)]
print(json.dumps(seen))
""")
    assert out.pop("import") == []
    assert out == {" ".join(argv): [0, True, []] for argv in HELP}


def test_the_installed_command_s_help_loads_no_pandas():
    """``python -m tipreport --help``, as the entry point runs it: its import log names no
    heavy library."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "tipreport", "--help"],
                          capture_output=True, text=True, check=True)
    assert "usage: tipreport" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "tipreport.cli" in imported
    assert not {m for m in imported if m.split(".")[0] in HEAVY}


def test_every_public_name_loads_on_first_use():
    out = run("""
import json, sys
import tipreport
light = "pandas" not in sys.modules
from tipreport import *  # every name of __all__
import tipreport.build  # the module of the same name: tipreport.build stays the function
names = {n: type(getattr(tipreport, n)).__name__ for n in tipreport.__all__}
try:
    tipreport.no_such_name
    missing = "found"
except AttributeError:
    missing = "AttributeError"
print(json.dumps({"light": light, "names": names, "build": tipreport.build.__module__,
                  "schema": tipreport.schema.__name__, "missing": missing,
                  "dir": sorted(set(tipreport.__all__) - set(dir(tipreport)))}))
""")
    assert out["light"] and out["build"] == "tipreport.build"
    assert set(out["names"]) == set(tipreport.__all__)
    assert out["names"]["load"] == out["names"]["build"] == "function"
    assert out["names"]["Dataset"] == out["names"]["Figures"] == "type"
    assert out["names"]["__version__"] == "str"
    assert out["schema"] == "tipreport.schema"  # a submodule, imported on first use
    assert out["missing"] == "AttributeError" and out["dir"] == []


def test_the_lazy_names_are_the_modules_own():
    from tipreport import dataset, figures, report

    assert tipreport.load is dataset.load and tipreport.Dataset is dataset.Dataset
    assert tipreport.compute is figures.compute and tipreport.Report is report.Report
