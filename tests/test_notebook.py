"""The notebook under ``examples/`` runs in a real Jupyter kernel (nbclient, local, no network)
and shows the report, the figures and the build; progress goes to the notebook's own display,
never to stderr; a submission shows as a compact card. And the Python API's edges: ``load()``
with no file is never the sample."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest

import tipreport

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "submission.ipynb"


def _texts(cell, kind: str) -> list[str]:
    """The ``kind`` (e.g. ``text/html``) of each rich output of a cell."""
    out = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if kind in data:
            value = data[kind]
            out.append("".join(value) if isinstance(value, list) else value)
    return out


def _cell(nb, source_start: str):
    return next(c for c in nb.cells if c.cell_type == "code"
                and c.source.startswith(source_start))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is in the test extra")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is in the test extra")
    pytest.importorskip("ipykernel", reason="ipykernel is in the test extra")
    folder = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError:
        raise
    except Exception as exc:  # no kernel could start here (sandbox, no ZMQ, …)
        pytest.skip(f"no Jupyter kernel could start: {type(exc).__name__}: {exc}")
    return nb, folder


def test_the_notebook_runs_and_shows_the_report_figures_and_build(executed):
    nb, folder = executed
    report = _texts(_cell(nb, "dataset.report"), "text/html")
    assert report and "<table" in report[0]
    figures = _texts(_cell(nb, "figures = tipreport.compute"), "text/html")
    assert figures and "TIP report 2026 edition" in figures[0]
    printed = "".join(o.get("text", "") for o in _cell(nb, "print(figures)").outputs
                      if o.get("name") == "stdout")
    assert printed.startswith("TIP report 2026 edition: period 1 April 2025 – 31 March 2026")
    written = sorted(p.name for p in (folder / "out").iterdir())
    assert written == sorted(f"cambodia-tip-2026-submission-2026-01-30{s}"
                             for s in (".docx", ".figures.json", ".html", ".pdf",
                                       "-audit.xlsx"))


def test_progress_goes_to_the_notebook_display_not_stderr(executed):
    nb, _ = executed
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        stderr = [o for o in cell.outputs if o.get("output_type") == "stream"
                  and o.get("name") == "stderr"]
        assert not [o for o in stderr if "…" in o.get("text", "")], (cell.source, stderr)
    steps = _cell(nb, "import tipreport")  # load(progress=True): reading steps, in place
    shown = [o for o in steps.outputs if o.get("output_type") == "display_data"]
    assert len(shown) == 1, shown
    assert shown[0]["data"]["text/plain"].startswith(("Reading", "Checking"))


def test_a_submission_shows_as_a_card(executed):
    nb, _ = executed
    (card,) = _texts(_cell(nb, "submission = tipreport.build"), "text/html")
    assert 'class="tipreport-card"' in card
    assert "Submission to the 2026 Trafficking in Persons Report" in card
    assert "TIP report 2026 edition" in card
    assert " pages · files " in card
    assert "<iframe" in card and 'srcdoc="' in card and 'sandbox=""' in card
    # the document sits inside the frame, escaped; it is not poured into the notebook page
    outside = card.split('srcdoc="')[0] + card.split('srcdoc="')[1].split('"', 1)[1]
    assert "<section" not in outside and len(outside) < 20_000
    assert "&lt;section" in card


def test_card_without_a_kernel(sample_submission):
    card = sample_submission._repr_html_()
    frame = card.split('srcdoc="')[1].split('"', 1)[0]
    assert html.unescape(frame) == sample_submission.to_html()
    assert f"{sample_submission.pages} pages" in card
    for warning in sample_submission.warnings:
        assert html.escape(warning) in card


@pytest.mark.parametrize("args", [(), ([],), ((),)], ids=["nothing", "empty-list", "empty-tuple"])
def test_no_file_is_never_the_sample(args):
    with pytest.raises(tipreport.NoInputError, match=r"tipreport\.sample_data\(\)"):
        tipreport.load(*args)
    with pytest.raises(tipreport.NoInputError):
        tipreport.build(*args) if args else tipreport.build([])


def test_an_empty_folder_is_never_the_sample(tmp_path):
    dataset = tipreport.load(tmp_path)
    assert dataset.report.errors and not dataset.sources
    assert not dataset.tables["Cases"].shape[0]


def test_only_the_command_line_falls_back_to_the_sample():
    from tipreport.cli import main

    err = io.StringIO()
    assert main(["check", "--quiet"], stdout=io.StringIO(), stderr=err) == 0
    assert "No files given" not in err.getvalue()  # quiet
    err = io.StringIO()
    main(["check"], stdout=io.StringIO(), stderr=err)
    assert "No files given: using the bundled sample data" in err.getvalue()


def test_warnings_are_worded_for_python_and_the_command_line(tmp_path):
    import datasets
    import openpyxl

    files = datasets.make(tmp_path / "data", cases=8)
    book = openpyxl.load_workbook(files[-1])
    sheet = book["Submission"]
    for row in range(sheet.max_row, 1, -1):
        if sheet.cell(row, 1).value in ("contact_name", "country"):
            sheet.delete_rows(row)
    book.save(files[-1])
    figures = tipreport.compute(tipreport.load(*files))
    warning = next(w for w in figures.warnings if "does not name" in w)
    assert "country=, contact_name= (Python)" in warning
    assert "--country, --contact-name (command line)" in warning


def test_unknown_figure_names_the_close_ones(sample_submission):
    with pytest.raises(tipreport.UnknownFigureError, match="prosecution.investigations"):
        sample_submission.figures.get("prosecution.investigation")
    with pytest.raises(KeyError):  # it is a KeyError too, for code that expects one
        sample_submission.figures.get("prosecution.investigation")
