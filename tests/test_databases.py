"""A database as a source: SQLite files and addresses, and a real PostgreSQL server started for
the tests (``tests/fixtures/postgres_server.py``; the tests that need it skip, saying why, where
none can be started)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from pathlib import Path

import htcds_registers as reg
import postgres_server
import pytest
from htcds_registers import NOT_VICTIMS, PEOPLE, SUBMITTED_ON

import tipreport
from tipreport import schema_htcds, sources
from tipreport.cli import main
from tipreport.sql import write_tables

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def load(*targets):
    return tipreport.load(*targets, submitted_on=SUBMITTED_ON)


def sent(dataset, year=2026):
    """The figures without their provenance (files, rows): what the document sent holds."""
    return tipreport.compute(dataset, year=year).to_dict(sent=True)


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def sample():
    return tipreport.load(tipreport.sample_data(), submitted_on="2026-01-30")


@pytest.fixture(scope="module")
def sample_db(sample, tmp_path_factory) -> Path:
    return tipreport.to_sqlite(sample, tmp_path_factory.mktemp("db") / "sample.db")


@pytest.fixture(scope="session")
def postgres():
    try:
        server = postgres_server.start()
    except postgres_server.Unavailable as why:
        if os.environ.get("TIPREPORT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but could not be started: {why}")
        pytest.skip(f"no PostgreSQL server can be started here: {why}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_sample(postgres):
    postgres.sql("CREATE DATABASE sample")
    dataset = tipreport.load(tipreport.sample_data(), submitted_on="2026-01-30")
    write_tables(dataset, postgres.url("sample", password=True))
    return postgres.url("sample", password=True)


# --- SQLite ------------------------------------------------------------------------------------


def test_an_sqlite_file_gives_the_figures_of_the_workbooks(sample, sample_db):
    from_db = tipreport.load(sample_db, submitted_on="2026-01-30")
    assert from_db.report.ok, from_db.report.summary()
    assert sent(from_db) == sent(sample)
    from_url = tipreport.load(f"sqlite:///{sample_db}", submitted_on="2026-01-30")
    assert sent(from_url) == sent(sample)
    assert [s.sheet_in_file for s in from_db.sources] == [
        "activities", "cases", "defendants", "narrative", "recommendations", "victims"]
    assert from_db.submission == sample.submission
    export = sample_db.with_name("export.data")  # any name: an SQLite file by its content
    export.write_bytes(sample_db.read_bytes())
    assert load(export).report.ok


def test_to_sqlite_writes_the_schemas_tables(sample, sample_db, tmp_path):
    with sqlite3.connect(sample_db) as conn:
        tables = {name: sql for name, sql in conn.execute(
            "select name, sql from sqlite_master where type = 'table'")}
        assert set(tables) == {"cases", "defendants", "victims", "activities",
                               "recommendations", "narrative", "submission"}
        assert "PRIMARY KEY (case_id, person_id)" in tables["defendants"]
        assert "opened_on DATE NOT NULL" in tables["cases"]
        with pytest.raises(sqlite3.IntegrityError):  # a code outside its list
            conn.execute("insert into cases (case_id, opened_on, offense) values "
                         "('X-1', '2025-05-01', 'trafficing')")
        assert conn.execute("select count(*) from victims").fetchone()[0] == len(
            sample.tables["Victims"])
    with pytest.raises(tipreport.OutputExistsError):
        tipreport.to_sqlite(sample, sample_db)
    blank = tipreport.to_sqlite(None, tmp_path / "start.db")  # a database to start from
    dataset = load(blank)
    assert dataset.report.ok and dataset.supplied("Cases") and not len(dataset.tables["Cases"])
    assert not list(tmp_path.glob("*.part"))


def test_to_sqlite_refuses_data_with_errors(intake_file, tmp_path):
    dataset = load(intake_file("date-impossible"))
    assert dataset.report.errors
    with pytest.raises(tipreport.DataError):
        tipreport.to_sqlite(dataset, tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()
    tipreport.to_sqlite(dataset, tmp_path / "x.db", allow_errors=True)
    assert load(tmp_path / "x.db").report.ok


def make_db(path: Path, script: str) -> Path:
    with sqlite3.connect(path) as conn:
        conn.executescript(script)
    conn.close()
    return path


def test_tables_and_columns_by_alias_problems_by_table_key_and_column(tmp_path):
    path = make_db(tmp_path / "moj.sqlite", """
        create table "Case register" ("Case ID" text primary key, "Date opened" date,
                                      "Offence" text, "Form of exploitation" text, extra text);
        insert into "Case register" values ('C-1', '2025-05-01', 'trafficking', 'labour', 'x'),
                                           ('C-2', '31/02/2025', 'trafficking', 'sex', null),
                                           ('C-3', '2025-06-01', 'trafficking', 'Forced marriage', null);
        create table suspects (case_id text, person_id integer, sex text, verdict text,
                               primary key (case_id, person_id));
        insert into suspects values ('C-1', 1, 'F', 'pending'), ('C-1', 2, 'alien', 'pending');
        create table victims (victim_id text, identified_on date, sex text, photo blob);
        insert into victims values ('V-1', '2025-07-01', 'M', x'89504e47');
        create table settings (id integer primary key, key text, value text);
        insert into settings (key, value) values ('country', 'Cambodia'), ('language', 'Klingon');
        create table app_users (id integer primary key, login text);
        create table audit_log (id integer primary key, what text);
        """)
    dataset = load(path)
    found = {(i.code, i.sheet, i.row, i.column, i.header) for i in dataset.report.errors}
    assert found == {
        ("date-impossible", "Case register", "C-2", None, "Date opened"),
        ("code-unknown", "suspects", "case_id C-1, person_id 2", None, "sex"),
        ("language-unknown", "settings", 2, None, "language"),
    }
    issue = next(i for i in dataset.report.errors if i.code == "date-impossible")
    assert issue.location == f'{path} › Case register › Case ID C-2, column "Date opened"'
    composite = next(i for i in dataset.report.errors if i.code == "code-unknown")
    assert composite.location.endswith('suspects › case_id C-1, person_id 2, column "sex"')
    assert dataset.submission["country"] == "Cambodia"
    # a table without a primary key: its rows by SQLite's rowid; the picture was dropped as
    # personal data, never read
    notices = {i.code: i for i in dataset.report.notices}
    assert "table-no-key" not in notices
    assert notices["sheet-unknown"].message.startswith("The tables app_users, audit_log are")
    assert dataset.tables["Victims"]["_row"].tolist() == [1]
    cases = dataset.tables["Cases"].set_index("case_id")
    assert cases.loc["C-3", "exploitation"] == "other"
    assert "~extra" in cases.columns
    ledger = {e.sheet: (e.read, e.accepted, e.rejected) for e in dataset.report.ledger}
    assert ledger == {"Case register": (3, 2, 1), "suspects": (2, 1, 1), "victims": (1, 1, 0)}


def test_binary_values_and_tables_without_a_key(tmp_path):
    path = make_db(tmp_path / "cases.db", """
        create table victims (victim_id text primary key, identified_on date, sex blob);
        insert into victims values ('V-1', '2025-07-01', x'00ff'), ('V-2', '2025-07-02', 'F');
        create view cases as select 'C-9' as case_id, '2025-05-05' as opened_on,
                                    'other' as offense;
        """)
    dataset = load(path)
    (error,) = dataset.report.errors
    assert (error.code, error.sheet, error.row, error.header) == (
        "value-unreadable", "victims", "V-1", "sex")
    notice = next(i for i in dataset.report.notices if i.code == "table-no-key")
    assert notice.sheet == "cases"  # a view has no key: rows by position, said
    assert dataset.tables["Cases"]["_row"].tolist() == [1]


def test_a_database_that_is_not_there_is_not_created(tmp_path):
    for target in (tmp_path / "missing.db", f"sqlite:///{tmp_path / 'missing2.db'}"):
        (issue,) = load(target).report.issues
        assert issue.code == "file-not-found"
    assert not list(tmp_path.iterdir())
    (tmp_path / "notes.db").write_text("not a database")
    (issue,) = load(tmp_path / "notes.db").report.issues
    assert issue.code == "database-unreadable"
    (issue,) = load("sqlite://").report.issues
    assert issue.code == "database-connection-failed"


def test_a_folder_never_picks_up_a_database(tmp_path, sample_db):
    (tmp_path / "Thumbs.db").write_bytes(b"\x00" * 64)
    assert sources.expand([tmp_path]) == [(str(tmp_path), tmp_path)]


def test_databases_are_never_written_to(sample_db):
    before = sample_db.read_bytes()
    load(sample_db)
    assert sample_db.read_bytes() == before


def test_without_the_sql_extra_the_pip_line_is_given(monkeypatch, sample_db):
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    with pytest.raises(tipreport.MissingDependencyError, match=r"pip install 'tipreport\[sql\]'"):
        load(sample_db)
    code, _, err = run("check", sample_db)
    assert code == 2 and "pip install 'tipreport[sql]'" in err and "Traceback" not in err


def test_the_commands_take_a_database_wherever_a_file(sample_db, tmp_path):
    url = f"sqlite:///{sample_db}"
    code, out, _ = run("check", "--date", "2026-01-30", "--quiet", url)
    assert code == 0 and "6,031 rows read" in out
    code, out, _ = run("figures", "--date", "2026-01-30", "--year", "2026", "--format", "json",
                       sample_db)
    assert code == 0
    from_db = json.loads(out)
    code, out, _ = run("figures", "--date", "2026-01-30", "--year", "2026", "--format", "json")
    from_files = json.loads(out)  # (the bundled sample: the same data)
    for pillar, figure in (("protection", "victims_identified"), ("protection", "referred"),
                           ("prosecution", "investigations"), ("prosecution", "convictions")):
        assert from_db[pillar][figure] == from_files[pillar][figure]
    people = reg.intake_victims([row for _, row in PEOPLE], tmp_path / "victims.xlsx")
    small = tipreport.to_sqlite(load(people), tmp_path / "victims.db")
    code, out, err = run("build", "--date", SUBMITTED_ON.isoformat(), "--year", "2026",
                         "--country", "Cambodia", "--out", tmp_path / "out", small)
    assert code in (0, 4), err  # 4: no PDF engine here; the DOCX and HTML are written
    written = [Path(line) for line in out.splitlines()]
    assert any(p.suffix == ".docx" for p in written) and all(p.exists() for p in written)


def test_rows_left_out_are_listed_by_their_key(tmp_path):
    path = make_db(tmp_path / "cases.db", """
        create table cases (case_id text primary key, opened_on date, offense text,
                            exploitation text);
        insert into cases values ('C-1', '2025-05-01', 'trafficking', 'labor'),
                                 ('C-2', '31/02/2025', 'trafficking', 'sex');
        """)
    submission = tipreport.build(path, year=2026, submitted_on=SUBMITTED_ON, allow_errors=True,
                                 country="Cambodia")
    assert [r["row"] for r in submission.figures.rejected] == ["C-2"]
    assert "C-2" in submission.to_html()


def test_the_document_names_a_database_by_its_name_alone():
    from tipreport.views import file_name

    assert file_name("postgresql://clerk:***@db.moi.gov.kh:5432/cases?sslmode=require") == \
        "cases"
    assert file_name("sqlite:///data/cases.db") == "cases.db"


def test_addresses_are_shown_without_their_password():
    mask = sources.mask_url
    assert mask("postgresql://me:s3cr3t@db.moi.gov.kh:5432/cases") == \
        "postgresql://me:***@db.moi.gov.kh:5432/cases"
    assert mask("postgresql://me@db/cases?password=s3cr3t&sslmode=require") == \
        "postgresql://me@db/cases?password=***&sslmode=require"
    assert mask("postgresql://me:p@ss:w0rd@db/cases") == "postgresql://me:***@db/cases"
    assert mask("sqlite:///cases.db") == "sqlite:///cases.db"
    dataset = load("mysql://me:s3cr3t@db/cases")
    assert "s3cr3t" not in json.dumps(dataset.report.to_dict())


# --- PostgreSQL ---------------------------------------------------------------------------------


def test_postgresql_gives_the_figures_of_the_workbooks(pg_sample, sample, postgres):
    dataset = tipreport.load(pg_sample, submitted_on="2026-01-30")
    assert dataset.report.ok, dataset.report.summary()
    assert sent(dataset) == sent(sample)
    shown = json.dumps(dataset.report.to_dict(), default=str) + dataset.report.summary()
    assert postgres.password not in shown
    assert dataset.files == (postgres.url("sample", password=True).replace(
        postgres.password, "***"),)


def test_the_same_people_give_the_same_figures_from_a_register_a_workbook_sqlite_and_postgresql(
        tmp_path, postgres, monkeypatch):
    """Done when: a filled HTCDS v2.0 register, the same data as an SQLite file and in
    PostgreSQL each give the figures of the same data in the intake workbook."""
    monkeypatch.setenv(schema_htcds.KEY_ENV, reg.KEY)
    register = reg.fill(reg.V2_SINGLE, [p for p, _ in PEOPLE] + NOT_VICTIMS,
                        tmp_path / "register.xlsx")
    workbook = reg.intake_victims([row for _, row in PEOPLE], tmp_path / "intake.xlsx")
    intake = load(workbook)
    sqlite_file = tipreport.to_sqlite(intake, tmp_path / "victims.db")
    postgres.sql("CREATE DATABASE people")
    write_tables(intake, postgres.url("people", password=True))
    monkeypatch.setenv("PGPASSWORD", postgres.password)  # the password from the environment
    loaded = {"register": load(register), "workbook": intake, "sqlite": load(sqlite_file),
              "postgresql": load(postgres.url("people"))}
    for name, dataset in loaded.items():
        assert dataset.report.ok, (name, dataset.report.summary())
    figures = {name: sent(dataset) for name, dataset in loaded.items()}
    assert figures["register"]["protection"]["victims_identified"]["current"] == 5
    assert figures["register"] == figures["workbook"] == figures["sqlite"] == \
        figures["postgresql"]


def test_a_password_from_pgpass_and_a_wrong_one_never_shown(postgres, pg_sample, tmp_path,
                                                            monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{postgres.user}:{postgres.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert load(postgres.url("sample")).report.ok
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    wrong = postgres.url("sample").replace(f"{postgres.user}@", f"{postgres.user}:Wr0ngPa55@")
    dataset = load(wrong)
    (issue,) = dataset.report.issues
    assert issue.code == "database-connection-failed"
    assert "Wr0ngPa55" not in issue.message and "Wr0ngPa55" not in issue.file
    code, out, err = run("check", "--format", "json", wrong)
    assert code == 2 and "Wr0ngPa55" not in out + err


def test_a_table_the_user_may_not_read(postgres, pg_sample):
    postgres.sql("CREATE ROLE clerk LOGIN PASSWORD 'clerk-pw'")
    postgres.sql("GRANT SELECT ON victims, activities TO clerk", database="sample")
    url = postgres.url("sample", user="clerk").replace("clerk@", "clerk:clerk-pw@")
    dataset = load(url)
    unreadable = {i.sheet for i in dataset.report.errors if i.code == "table-unreadable"}
    assert unreadable == {"cases", "defendants", "narrative", "recommendations", "submission"}
    assert len(dataset.tables["Victims"]) == 2688 and len(dataset.tables["Activities"]) == 352
