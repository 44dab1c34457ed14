"""``tipreport check``, in-process: exit codes, the JSON shape, the text layout."""

from __future__ import annotations

import io
import json
from pathlib import Path

import make_fixtures as mf
import pytest

from tipreport.cli import main

DATE = ["--date", mf.SUBMITTED_ON.isoformat()]
ISSUE_KEYS = {"code", "severity", "file", "sheet", "row", "column", "header", "value", "message"}
LEDGER_KEYS = {"file", "sheet", "read", "accepted", "rejected"}


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def check_json(*argv: str | Path) -> tuple[int, dict]:
    code, out, _ = run("check", "--format", "json", *DATE, *argv)
    return code, json.loads(out)


# --- exit codes ------------------------------------------------------------------------------------


def test_clean_file_exits_0(intake_file):
    code, out, _ = run("check", intake_file("clean"))
    assert code == 0
    assert "0 errors" in out


def test_warnings_only_exit_0(intake_file):
    code, out, _ = run("check", *DATE, intake_file("number-as-text"))
    assert code == 0
    assert "[number-as-text]" in out


def test_data_errors_exit_1(intake_file):
    code, out, _ = run("check", *DATE, intake_file("code-unknown"))
    assert code == 1
    assert "[code-unknown]" in out


def test_one_unreadable_file_among_readable_ones_exits_1(intake_file):
    code, out, _ = run("check", *DATE, intake_file("clean"), intake_file("file-corrupt"))
    assert code == 1
    assert "[file-corrupt]" in out


@pytest.mark.parametrize("kind", ["file-corrupt", "file-password-protected", "file-empty"])
def test_no_readable_input_exits_2(kind, intake_file):
    code, out, err = run("check", *DATE, intake_file(kind))
    assert code == 2
    assert f"[{kind}]" in out
    assert "could be read" in err


def test_a_missing_file_only_exits_2(tmp_path):
    code, out, _ = run("check", tmp_path / "nowhere.xlsx")
    assert code == 2
    assert "[file-not-found]" in out and "nowhere.xlsx" in out


def test_a_missing_file_only_in_json_exits_2(tmp_path):
    missing = tmp_path / "nowhere.xlsx"
    code, data = check_json(missing)
    assert code == 2
    (issue,) = data["issues"]
    assert issue["code"] == "file-not-found" and issue["file"] == str(missing)
    assert data["ledger"] == []


@pytest.mark.parametrize("argv", [
    ["check", "--bogus"],
    ["check", "--format", "xml"],
    ["check", "--date-order", "ymd"],
    ["check", "--date", "31/03/2026"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(argv, intake_file):
    code, _, err = run(*argv, *([intake_file("clean")] if argv[:1] == ["check"] else []))
    assert code == 2
    if argv:
        assert err.startswith("tipreport: ")


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert "tipreport" in capsys.readouterr().out


# --- JSON ---------------------------------------------------------------------------------------------


def test_json_shape(intake_files):
    files = intake_files["id-duplicate-across-files"]
    code, data = check_json(*files)
    assert code == 1
    assert set(data) == {"files", "issues", "ledger"}
    assert data["files"] == [str(f) for f in files]
    assert len(data["issues"]) == 2
    for issue in data["issues"]:
        assert set(issue) == ISSUE_KEYS
        assert issue["code"] == "id-duplicate" and issue["severity"] == "error"
        assert issue["sheet"] == "Cases" and issue["column"] == "A"
        assert issue["header"] == "case_id"
        assert isinstance(issue["row"], int)
        assert issue["value"].strip().upper() == "BX-001"
    assert [(Path(i["file"]).name, i["row"]) for i in data["issues"]] == [
        ("id-duplicate-across-files-a.xlsx", 2), ("id-duplicate-across-files-b.xlsx", 3)]
    assert len(data["ledger"]) == 2
    for entry in data["ledger"]:
        assert LEDGER_KEYS <= set(entry)
        assert (entry["read"], entry["accepted"], entry["rejected"]) == (2, 1, 1)
        assert entry["read"] == entry["accepted"] + entry["rejected"]


def test_json_file_level_issue_has_nulls(intake_file):
    path = intake_file("file-password-protected")
    code, data = check_json(path, intake_file("clean"))
    assert code == 1
    (issue,) = [i for i in data["issues"] if i["file"] == str(path)]
    assert set(issue) == ISSUE_KEYS
    assert issue["code"] == "file-password-protected"
    assert [issue[k] for k in ("sheet", "row", "column", "header", "value")] == [None] * 5


def test_json_keeps_non_ascii_text(intake_file):
    code, data = check_json(intake_file("csv-latin1"))
    assert code == 0
    assert {i["code"] for i in data["issues"]} == {"csv-encoding", "csv-sheet-inferred"}


def test_json_and_text_never_show_personal_data(intake_file):
    path = intake_file("personal-data-dropped")
    for fmt in ("json", "text"):
        code, out, err = run("check", "--format", fmt, *DATE, path)
        assert code == 0
        assert mf.PERSONAL_MARK not in out + err
    code, data = check_json(path)
    assert [i["header"] for i in data["issues"]] == ["Name", "Date of birth", "Phone",
                                                     "Passport no"]


def test_json_output_is_only_json(intake_file):
    """Progress lines go to stderr, never into the JSON on stdout."""
    code, out, err = run("check", "--format", "json", *DATE, intake_file("code-unknown"))
    assert code == 1
    json.loads(out)
    assert "Reading" not in out and "Reading" not in err  # json: no progress at all


# --- text -----------------------------------------------------------------------------------------------


def test_text_groups_by_file_and_sheet_and_shows_the_ledger(intake_file):
    cases = intake_file("case-rejected")
    corrupt = intake_file("file-corrupt")
    code, out, _ = run("check", *DATE, cases, corrupt)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("2 errors, 0 warnings, 1 notice in 2 files; 4 rows read, "
                               "3 accepted, 1 rejected")
    titles = [line for line in lines if line and not line.startswith(" ")]
    assert titles[1:-1] == [f"{cases} › Cases", f"{cases} › Defendants", str(corrupt),
                            "Rows: read = accepted + rejected"]
    # the readiness view names the edition and the period it judged
    assert titles[-1].startswith("Readiness of the 2026 edition (1 April 2025 – 31 March 2026")
    # each issue sits under its group, with its row and column
    at = lines.index(f"{cases} › Cases")
    assert lines[at + 1].lstrip().startswith('ERROR    row 3, column C "offense": ')
    assert lines[at + 1].endswith("[code-unknown]")
    at = lines.index(f"{cases} › Defendants")
    assert lines[at + 1].lstrip().startswith('NOTICE   row 3, column A "case_id": ')
    at = lines.index(str(corrupt))
    assert lines[at + 1].lstrip().startswith("ERROR    ") and "[file-corrupt]" in lines[at + 1]
    # the ledger: one line per file and sheet, read = accepted + rejected
    at = lines.index("Rows: read = accepted + rejected")
    assert lines[at + 1].split() == ["file", "sheet", "read", "accepted", "rejected"]
    end = lines.index("", at)
    ledger = [line.split() for line in lines[at + 2:end]]
    assert ledger[0][:5] == [str(cases), "Cases", "2", "1", "1"]
    assert "(code-unknown" in lines[at + 2]
    assert ledger[1][:5] == [str(cases), "Defendants", "2", "2", "0"]
    assert len(ledger) == 2


def test_text_limit(intake_files):
    code, out, _ = run("check", *DATE, "--limit", "1", *intake_files["id-duplicate-across-files"])
    assert code == 1
    assert out.count("[id-duplicate]") == 1
    assert "… and 1 more" in out


def test_date_order_option(tmp_path):
    path = tmp_path / "2025_cases_police.csv"
    path.write_text("case_id,opened_on,offense,exploitation\nC-1,13/05/2025,trafficking,sex\n",
                    encoding="utf-8")
    assert run("check", *DATE, path)[0] == 0
    code, out, _ = run("check", *DATE, "--date-order", "mdy", path)
    assert code == 1
    assert "[date-impossible]" in out


def test_submission_date_option_moves_the_future(intake_file):
    path = intake_file("date-in-future")
    code, data = check_json(path)
    assert code == 0 and [i["code"] for i in data["issues"]] == ["date-in-future"]
    code, out, _ = run("check", "--format", "json", "--date", "2026-12-31", path)
    assert code == 0 and json.loads(out)["issues"] == []


def test_folder_argument(intake_file, tmp_path):
    import shutil

    for kind in ("clean", "code-unknown"):
        shutil.copy(intake_file(kind), tmp_path)
    code, data = check_json(tmp_path)
    assert code == 1
    assert [Path(f).name for f in data["files"]] == ["clean.xlsx", "code-unknown.xlsx"]


def test_no_file_uses_the_bundled_sample_data():
    from tipreport import sample_data

    assert sample_data(), "sample_data/ is empty: run scripts/make_sample_data.py"
    code, out, err = run("check")
    assert code == 0, out
    assert "sample data" in err
    assert "0 errors" in out
