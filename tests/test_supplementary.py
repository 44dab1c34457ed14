"""The supplementary update: a main submission through 15 January, then an update built after
31 March from corrected data, reconcile — every restatement named, the numbers adding up — and
``<name>.figures.json``, written by every build, holds what the document sent holds and no
more."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import datasets
import openpyxl
import pytest
from invariants import UPDATE_INVARIANTS

import tipreport
from tipreport.cli import main as cli
from tipreport.periods import default_year
from tipreport.privacy import WITHHELD

D = dt.date
SPAN = (D(2025, 4, 1), D(2026, 1, 15))
UPDATE_DAY = D(2026, 4, 20)


# --- the data: sent, then corrected and completed -------------------------------------------------


def _rows(ws):
    header = [c.value for c in ws[1]]
    return header, list(ws.iter_rows(min_row=2))


def _correct_and_complete(folder: Path) -> dict:
    """Edit the workbooks as a ministry would between January and April: correct records of
    the span already reported, enter one late, and add the rest of the period (and one record
    of the next edition). Returns what was done, for the assertions."""
    done: dict = {}
    book = openpyxl.load_workbook(folder / "police.xlsx")
    header, rows = _rows(book["Cases"])
    col = {name: i for i, name in enumerate(header)}
    for row in rows:  # a case of the span reported, its form corrected from other to sex
        opened = row[col["opened_on"]].value.date()
        if (row[col["offense"]].value == "trafficking"
                and row[col["exploitation"]].value == "other" and SPAN[0] <= opened <= SPAN[1]):
            row[col["exploitation"]].value = "sex"
            done["corrected_case"] = row[col["case_id"]].value
            break
    cases = book["Cases"]
    late = ["C-LATE", D(2025, 12, 3), "trafficking", "mixed", "no", "Kampot", None, None, None]
    cases.append(late)  # entered after the submission, dated inside its span
    for case_id, day, form in (("C-FEB", D(2026, 2, 10), "sex"), ("C-MAR", D(2026, 3, 20), "sex"),
                               ("C-APR", D(2026, 4, 5), "labor")):
        cases.append([case_id, day, "trafficking", form, "no", "Kampot", None, None, None])
    defs = book["Defendants"]
    defs.append(["C-FEB", "P0", "M", "KH", "no", D(2026, 3, 2), "pending", None, None, "no", None,
                 None])
    book.save(folder / "police.xlsx")

    book = openpyxl.load_workbook(folder / "social_affairs.xlsx")
    victims = book["Victims"]
    header, rows = _rows(victims)
    col = {name: i for i, name in enumerate(header)}
    for i, row in enumerate(rows, start=2):  # a confirmed victim of the span, removed
        when = row[col["identified_on"]].value.date()
        if row[col["status"]].value == "confirmed" and SPAN[0] <= when <= SPAN[1]:
            done["removed_victim"] = (row[col["victim_id"]].value, row[col["sex"]].value)
            victims.delete_rows(i)
            break
    for n, day in enumerate((D(2026, 2, 11), D(2026, 3, 1), D(2026, 3, 31))):
        victims.append([f"V-NEW-{n}", day, "confirmed", "C-FEB", "F", 16, "KH", "sex", "yes",
                        "shelter", "government", None, "yes", None])
    book.save(folder / "social_affairs.xlsx")

    book = openpyxl.load_workbook(folder / "committee.xlsx")
    recs = book["Recommendations"]
    header, rows = _rows(recs)
    col = {name: i for i, name in enumerate(header)}
    for row in rows:
        if row[col["rec_id"]].value == "R2":
            row[col["status"]].value = "implemented"
        if row[col["rec_id"]].value == "R4":
            row[col["response"]].value = "The law was reviewed and the finding published."
    book["Submission"].append(["deadline", D(2026, 2, 2)])  # the request's, not the update's
    book.save(folder / "committee.xlsx")
    return done


@pytest.fixture(scope="module")
def sent_and_update(tmp_path_factory):
    """(main submission, its figures.json path, the update, what was corrected)."""
    root = tmp_path_factory.mktemp("supplementary")
    files = datasets.make(root / "data")
    main = tipreport.build(files)
    sent = root / "sent" / f"{main.stem}.figures.json"
    sent.parent.mkdir()
    main.to_figures_json(sent)
    corrected = root / "corrected"
    shutil.copytree(root / "data", corrected)
    done = _correct_and_complete(corrected)
    update = tipreport.build(sorted(corrected.glob("*.xlsx")), supplementary=True, sent=sent,
                             submitted_on=UPDATE_DAY)
    return main, sent, update, done, corrected


# --- figures.json -------------------------------------------------------------------------------


def test_every_build_writes_its_figures(sample_submission, tmp_path):
    paths = sample_submission.write(tmp_path, skip=["pdf", "docx", "audit"])
    names = sorted(p.name for p in paths)
    stem = sample_submission.stem
    assert names == [f"{stem}.figures.json", f"{stem}.html"]
    data = json.loads((tmp_path / f"{stem}.figures.json").read_text(encoding="utf-8"))
    f = sample_submission.figures
    assert data["format"] == 1 and data["kind"] == "submission"
    assert data["edition"] == f.year == 2026
    assert data["period"] == {"start": "2025-04-01", "end": "2026-03-31"}
    assert data["data_through"] == f.data_through.isoformat()
    assert data["submitted_on"] == f.submitted_on.isoformat()
    assert (data["prosecution"]["investigations"]["current"]
            == f.get("prosecution.investigations").current)
    assert (data["protection"]["victims_identified"]["by_sex"]["female"]["current"]
            == f.get("protection.victims_identified.by_sex.female").current)
    assert data["recommendations"]["list"][0]["status"] in (
        "implemented", "in_progress", "not_started", "not_accepted")
    assert "response" in data["recommendations"]["list"][0]


def test_figures_json_holds_no_more_than_the_document(tmp_path):
    files = datasets.make(tmp_path / "data", cases=20)
    book = openpyxl.load_workbook(files[0])
    cases = book["Cases"]
    header = [c.value for c in cases[1]]
    summary, highlight = header.index("summary"), header.index("highlight")
    for row in cases.iter_rows(min_row=2):  # a phone number typed into a printed case example
        if row[2].value == "trafficking":
            row[summary].value = "The broker, reachable on +85512345678, was arrested."
            row[highlight].value = "yes"
    book.save(files[0])
    book = openpyxl.load_workbook(files[2])  # activities: texts the document never prints
    acts = book["Activities"]
    acts.cell(1, acts.max_column + 1, "description")
    acts.cell(1, acts.max_column + 1, "location")
    for r in range(2, acts.max_row + 1):
        acts.cell(r, acts.max_column - 1, "UNPRINTED-DESCRIPTION")
        acts.cell(r, acts.max_column, "UNPRINTED-LOCATION")
    book.save(files[2])
    book = openpyxl.load_workbook(files[3])
    book["Submission"].append(["deadline", D(2026, 2, 2)])
    book["Submission"].append(["public_numbers", "1280"])
    book.save(files[3])

    submission = tipreport.build(files)
    text = submission.figures_json()
    data = json.loads(text)
    assert "+85512345678" not in text and "85512345678" not in text
    assert WITHHELD in text  # the document prints the placeholder; so does the file
    assert "UNPRINTED-" not in text
    assert str(tmp_path) not in text and "police.xlsx" not in text and ".xlsx" not in text
    assert not {"deadline", "public_numbers"} & set(data["submission"])
    assert not {"sources", "rejected", "warnings", "verdicts"} & set(data)

    def keys(node):
        if isinstance(node, dict):
            for k, v in node.items():
                yield k
                yield from keys(v)
        elif isinstance(node, list):
            for v in node:
                yield from keys(v)

    found = set(keys({k: v for k, v in data.items() if k != "ledger"}))
    assert not {"file", "row", "description", "location"} & found
    assert all("case_id" not in e for e in data["prosecution"]["case_examples"])


def test_a_sheet_not_supplied_is_null_not_zero(tmp_path):
    files = datasets.make(tmp_path / "data", drop=("Victims",))
    submission = tipreport.build(files)
    data = json.loads(submission.figures_json())
    victims = data["protection"]["victims_identified"]
    assert victims["current"] is None and victims["previous"] is None
    assert victims["not_supplied"] == "no Victims sheet"
    assert data["prosecution"]["investigations"]["current"] is not None
    # and nowhere in words: the console summary, the readiness text, the document
    text = str(submission.figures)
    assert "Victims identified (confirmed)" in text
    row = next(line for line in text.splitlines() if "Victims identified (confirmed)" in line)
    assert "not supplied" in row and " 0 " not in row
    from invariants import walk

    from tipreport.document import BulletList, Paragraph, Table

    words = []
    for _, block in walk(submission.document):
        if isinstance(block, Paragraph):
            words.append(block.text)
        elif isinstance(block, Table):
            words.extend(" ".join(r) for r in block.rows)
        elif isinstance(block, BulletList):
            words.extend(block.items)
    joined = "\n".join(words)
    assert "identified 0" not in joined and "0 victims" not in joined
    out = io.StringIO()
    assert cli(["figures", *map(str, files), "--format", "json", "--quiet"], stdout=out,
               stderr=io.StringIO()) == 0
    assert json.loads(out.getvalue())["protection"]["victims_identified"]["current"] is None


# --- the update reconciles ------------------------------------------------------------------------


def test_update_is_named_and_dated(sent_and_update):
    main, sent, update, _, _ = sent_and_update
    assert update.kind == "supplementary" and main.kind == "submission"
    assert update.stem == "cambodia-tip-2026-supplementary-2026-04-20"
    f = update.figures
    assert f.year == 2026 and f.submitted_on == UPDATE_DAY
    # built after 31 March: it runs to the period's end, from the day after the submission's
    assert f.data_through == D(2026, 3, 31)
    assert update.update.rest_span.start == D(2026, 1, 16)
    assert update.update.reported_through == D(2026, 1, 15)


def test_edition_and_old_data_through_come_from_the_sent_file(sent_and_update):
    _, _, update, _, _ = sent_and_update
    f = update.figures
    # a case dated 5 April 2026 is the latest record: the default rule would pick 2027
    assert default_year(UPDATE_DAY, update.dataset.tables) == 2027
    assert f.edition.source == "sent" and f.year == 2026
    # the Submission sheet still says data through 15 January: the update says why it
    # does not use it
    assert any("data_through (2026-01-15) is that of the submission sent" in w
               for w in update.warnings)
    assert not any("deadline" in w for w in update.warnings)


def test_every_figure_adds_up(sent_and_update):
    """For every figure: the whole period is the same span now plus the rest; where nothing
    was restated, it is also what was reported plus the rest."""
    _, _, update, _, _ = sent_and_update
    lines = update.update.lines
    assert len(lines) > 300
    for line in lines.values():
        if not line.supplied or not line.additive:
            continue
        assert abs(line.same_span + line.rest - line.whole) < 0.011, line
        if line.sent == "value" and not line.restated:
            assert abs(line.reported + line.rest - line.whole) < 0.011, line


def test_the_rest_of_the_period_is_what_was_added(sent_and_update):
    _, _, update, _, _ = sent_and_update
    u = update.update
    assert u.line("prosecution.investigations").rest == 2  # February and March
    assert u.line("prosecution.investigations.by_exploitation.sex").rest == 2
    assert u.line("prosecution.prosecutions").rest == 1
    assert u.line("protection.victims_identified").rest == 3  # 31 March included
    assert u.line("protection.victims_identified.by_sex.female").rest == 3


def test_every_restatement_is_named_with_both_values(sent_and_update):
    main, _, update, done, _ = sent_and_update
    u = update.update
    sent = main.figures
    restated = {line.key: line for line in u.restatements}
    # the late case: one more investigation, a mixed one
    inv = restated["prosecution.investigations"]
    assert (inv.reported, inv.same_span) == (sent.get("prosecution.investigations").current,
                                             sent.get("prosecution.investigations").current + 1)
    mixed = restated["prosecution.investigations.by_exploitation.mixed"]
    assert mixed.restated_by == 1
    # the corrected form: one case of other forms fewer, one sex trafficking case more
    assert done["corrected_case"]
    assert restated["prosecution.investigations.by_exploitation.other"].restated_by == -1
    assert restated["prosecution.investigations.by_exploitation.sex"].restated_by == 1
    # the removed victim
    vic = restated["protection.victims_identified"]
    assert vic.restated_by == -1
    assert vic.reported == sent.get("protection.victims_identified").current
    # nothing else moved in the span: prosecutions, and suspects of cases that did not change
    assert "prosecution.prosecutions" not in restated
    for key, line in restated.items():
        assert line.reported != line.same_span
    # the document names each with both values; the file holds them too
    table = next(b for s in update.document.walk() for b in s.blocks
                 if getattr(b, "key", "") == "update-restatements")
    assert len(table.rows) == len(restated)
    data = json.loads(update.figures_json())
    assert data["kind"] == "supplementary"
    assert data["supplementary"]["reported"] == {"submitted_on": "2026-01-30",
                                                 "data_through": "2026-01-15"}
    assert {".".join(r["figure"]) for r in data["supplementary"]["restatements"]} == set(restated)


@pytest.mark.parametrize("invariant", UPDATE_INVARIANTS, ids=lambda f: f.__name__)
def test_update_invariants(sent_and_update, invariant):
    _, _, update, _, _ = sent_and_update
    invariant(update.update, update.document)


def test_recommendations_that_moved(sent_and_update):
    _, _, update, _, _ = sent_and_update
    moved = {r["rec_id"]: r for r in update.update.recommendations}
    assert set(moved) == {"R2", "R4"}
    assert (moved["R2"]["status_then"], moved["R2"]["status"]) == ("in_progress", "implemented")
    assert moved["R2"]["change"] == "status"
    assert moved["R4"]["change"] == "response"
    assert moved["R4"]["response"] == "The law was reviewed and the finding published."


def test_the_update_is_short_and_renders(sent_and_update, tmp_path):
    """PDF, DOCX, HTML and figures.json, named for the update; a few pages."""
    import docx
    import pdfplumber

    _, _, update, _, _ = sent_and_update
    paths = update.write(tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        f"cambodia-tip-2026-supplementary-2026-04-20{s}"
        for s in (".pdf", ".docx", ".html", ".figures.json", "-audit.xlsx"))
    with pdfplumber.open(tmp_path / f"{update.stem}.pdf") as pdf:
        pages = len(pdf.pages)
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert pages <= 6
    assert "Supplementary update to the 2026 Trafficking in Persons Report" in text
    assert "Completes the submission of 30 January 2026" in text
    assert "Figures restated since the submission" in text
    assert "this update adds 16 January – 31 March 2026" in " ".join(text.split())
    assert "Readiness" not in text  # the ministry's page is in the HTML only
    d = docx.Document(str(tmp_path / f"{update.stem}.docx"))
    cells = {c.text for t in d.tables for r in t.rows for c in r.cells}
    assert "As reported" in cells and "Same span now" in cells
    html = (tmp_path / f"{update.stem}.html").read_text(encoding="utf-8")
    assert "the edition of the submission this update completes" in html


def test_an_update_of_the_update_restates_nothing(sent_and_update, tmp_path):
    """The update's figures.json can be sent on: a second update from the same data finds
    every figure as the first one gave it."""
    _, _, update, _, corrected = sent_and_update
    first = tmp_path / "first.figures.json"
    update.to_figures_json(first)
    again = tipreport.build(sorted(corrected.glob("*.xlsx")), supplementary=True, sent=first,
                            submitted_on=D(2026, 5, 2))
    assert again.update.restatements == ()
    assert again.figures.data_through == D(2026, 3, 31)
    table = next(b for s in again.document.walk() for b in s.blocks
                 if getattr(b, "key", "") == "update-headlines")
    assert table.rows and all(r[3] == "0" for r in table.rows if r[1] != "not supplied")


def test_update_refuses_what_cannot_be(sent_and_update, tmp_path):
    _, sent, _, _, corrected = sent_and_update
    files = sorted(corrected.glob("*.xlsx"))
    with pytest.raises(tipreport.UsageError, match="not after the submission"):
        tipreport.build(files, supplementary=True, sent=sent, submitted_on=D(2026, 1, 30))
    with pytest.raises(tipreport.UsageError, match="sent="):
        tipreport.build(files, supplementary=True)
    with pytest.raises(tipreport.UsageError, match="supplementary=True"):
        tipreport.build(files, sent=sent)
    bad = tmp_path / "notes.figures.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(tipreport.UsageError, match="notes.figures.json is not JSON"):
        tipreport.build(files, supplementary=True, sent=bad, submitted_on=UPDATE_DAY)
    with pytest.raises(tipreport.UsageError, match="before the submission's"):
        tipreport.build(files, supplementary=True, sent=sent, submitted_on=UPDATE_DAY,
                        data_through=D(2026, 1, 10))
    with pytest.raises(tipreport.UsageError, match="edition of the submission sent"):
        tipreport.build(files, supplementary=True, sent=sent, submitted_on=UPDATE_DAY,
                        year=2027)


def test_command_line_update(sent_and_update, tmp_path):
    _, sent, _, _, corrected = sent_and_update
    out, err = io.StringIO(), io.StringIO()
    status = cli(["build", *map(str, sorted(corrected.glob("*.xlsx"))), "--supplementary",
                  "--sent", str(sent), "--date", "2026-04-20", "--out", str(tmp_path / "out")],
                 stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    written = sorted(Path(p).name for p in out.getvalue().split())
    assert written == sorted(f"cambodia-tip-2026-supplementary-2026-04-20{s}"
                             for s in (".docx", ".figures.json", ".html", ".pdf",
                                       "-audit.xlsx"))
    assert "TIP report 2026 edition" in err.getvalue()
    assert "the edition of the submission this update completes" in err.getvalue()
    err = io.StringIO()
    assert cli(["build", str(corrected), "--supplementary", "--out", str(tmp_path / "o2")],
               stdout=io.StringIO(), stderr=err) == 2
    assert "--sent" in err.getvalue()
    err = io.StringIO()
    assert cli(["build", str(corrected), "--supplementary", "--sent", str(tmp_path / "nope.json"),
                "--out", str(tmp_path / "o3")], stdout=io.StringIO(), stderr=err) == 2
    assert "nope.json does not exist" in err.getvalue()


def test_the_sample_s_update_builds_after_the_period(tmp_path):
    """The bundled sample sent on 30 January, then its update on 20 April: activities that
    run across the rest of the period are counted over windows that start on other days."""
    import io

    from tipreport.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["build", "--out", str(tmp_path / "sent"), "--quiet", "--no-audit"],
                stdout=out, stderr=err) == 0, err.getvalue()
    sent = tmp_path / "sent" / "cambodia-tip-2026-submission-2026-01-30.figures.json"
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", "--supplementary", "--sent", str(sent), "--date", "2026-04-20",
                 "--out", str(tmp_path / "update"), "--quiet", "--no-audit"],
                stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert "Traceback" not in err.getvalue()
    names = sorted(p.name for p in (tmp_path / "update").iterdir())
    assert "cambodia-tip-2026-supplementary-2026-04-20.pdf" in names
