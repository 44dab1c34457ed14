"""The wheel, as a ministry's IT officer would install it.

Slow (marked ``slow_wheel``, about 10–30 s): it builds the wheel from this checkout with no
network (``python -m build --wheel --no-isolation``), installs it with ``--no-deps`` into a fresh
virtual environment made with ``--system-site-packages``, and runs ``tipreport check`` there on
the bundled sample data. The dependencies come from the test environment: when the tests run in
a virtual environment (whose packages ``--system-site-packages`` does not see), its
site-packages folders are added to the fresh environment by a ``.pth`` file of plain paths, so
that the test environment's editable install of tipreport (itself a ``.pth``) is not followed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")

pytestmark = pytest.mark.slow_wheel


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1",
               PIP_NO_INPUT="1")
    return env


def _run(argv, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{argv}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the fresh environment's python, its bin folder, a working folder outside the repo)."""
    if not [p for p in (REPO / "sample_data").glob("*") if p.suffix in WORKBOOK_SUFFIXES]:
        pytest.fail("sample_data/ holds no intake files: run scripts/make_sample_data.py")
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO],
         cwd=work)
    (wheel,) = dist.glob("tipreport-*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    assert "tipreport/__init__.py" in names
    assert any(n.startswith("tipreport/templates/") for n in names)
    assert any(n.startswith("tipreport/sample_data/") and n.endswith(WORKBOOK_SUFFIXES)
               for n in names)
    assert not any(n.startswith(("tests/", "scripts/")) for n in names)

    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", venv], cwd=work)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=work).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_test_environment.pth").write_text(
        "".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", wheel], cwd=work)
    return python, bindir, work, venv


def test_installed_package_is_the_wheel_with_its_files(installed):
    python, _, work, venv = installed
    probe = (
        "import json, tipreport, tipreport.resources as r\n"
        "print(json.dumps({'file': tipreport.__file__, 'templates': str(r.templates_dir()),\n"
        "    'sample': [str(p) for p in tipreport.sample_data()]}))\n")
    found = json.loads(_run([python, "-c", probe], cwd=work).stdout)
    package = Path(found["file"]).resolve().parent
    assert package.is_relative_to(venv.resolve()), found["file"]  # not the source checkout
    assert not package.is_relative_to(REPO)
    assert Path(found["templates"]).resolve() == package / "templates"
    assert any((package / "templates").iterdir())
    assert found["sample"]
    for sample in found["sample"]:
        assert Path(sample).resolve().parent == package / "sample_data"
    shipped = sorted(p.name for p in (package / "sample_data").iterdir())
    in_repo = sorted(p.name for p in (REPO / "sample_data").iterdir()
                     if p.suffix in WORKBOOK_SUFFIXES)
    assert [n for n in shipped if n.endswith(WORKBOOK_SUFFIXES)] == in_repo


def test_tipreport_check_runs_on_the_bundled_sample_data(installed):
    _, bindir, work, _ = installed
    script = bindir / ("tipreport.exe" if os.name == "nt" else "tipreport")
    done = subprocess.run([str(script), "check"], cwd=work, env=_env(), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sample data" in done.stderr
    assert "0 errors" in done.stdout
    assert "Rows: read = accepted + rejected" in done.stdout


def test_tipreport_build_runs_from_the_wheel(installed):
    """Templates, fonts and the reference .docx are found inside the installed package."""
    _, bindir, work, _ = installed
    script = bindir / ("tipreport.exe" if os.name == "nt" else "tipreport")
    out = work / "out"
    done = subprocess.run([str(script), "build", "--quiet", "--out", str(out)], cwd=work,
                          env=_env(), capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["cambodia-tip-2026-submission-2026-01-30-audit.xlsx",
                     *(f"cambodia-tip-2026-submission-2026-01-30.{e}"
                       for e in ("docx", "figures.json", "html", "pdf"))]
    assert (out / "cambodia-tip-2026-submission-2026-01-30.pdf").read_bytes().startswith(b"%PDF")
    assert (out / names[0]).read_bytes().startswith(b"PK")  # the audit workbook
