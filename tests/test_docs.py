"""The documentation keeps step with the code."""

import re
from pathlib import Path

import tipreport
from tipreport.codes import ISSUE_CODES
from tipreport.docs import intake_markdown, issues_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_intake_docs_match_schema():
    written = (ROOT / "docs" / "intake.md").read_text(encoding="utf-8")
    assert written == intake_markdown(), "run: python -m tipreport.docs > docs/intake.md"


def test_figures_docs_name_the_required_keys():
    text = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    for key in ("prosecution.investigations", "prosecution.suspects_investigated",
                "prosecution.prosecutions", "prosecution.convictions", "prosecution.acquittals",
                "prosecution.officials", "protection.victims_identified",
                "protection.victims_potential", "protection.referred", "protection.repatriated",
                "prevention.activities", "prevention.trained", "prevention.reached_online",
                "prosecution.convictions_other_laws", "by_tip_form", "other_offences.cases",
                "previous_full", "change_pct", "increased", "maintained", "decreased"):
        assert key in text, key


def test_public_api():
    for name in tipreport.__all__:
        assert hasattr(tipreport, name), name
    assert {"load", "compute", "build", "sample_data", "Dataset", "Report", "Figures",
            "Submission", "DataError"} <= set(tipreport.__all__)


def test_issue_docs_match_codes():
    written = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")
    assert written == issues_markdown(), "run: python -m tipreport.docs issues > docs/issues.md"


def test_every_emitted_code_is_documented():
    emitted = set()
    names = ["reading.py", "dataset.py", "validate.py", "coerce.py", "settings.py"]
    names += [f"sources/{p.name}" for p in (ROOT / "tipreport" / "sources").glob("*.py")]
    for name in names:
        text = (ROOT / "tipreport" / name).read_text(encoding="utf-8")
        emitted |= set(re.findall(r'Issue\(\s*"([a-z-]+)"', text))
        emitted |= set(re.findall(r'Problem\([^,]+, "([a-z-]+)"', text))
        emitted |= set(re.findall(r'flag\([^"]*"([a-z-]+)", (?:ERROR|WARNING|NOTICE)', text))
        emitted |= set(re.findall(r'_err\(\s*"([a-z-]+)"', text))  # sources/_files.py
        emitted |= set(re.findall(r'\[\(\s*"([a-z-]+)",\s*\n?\s*f?"', text))  # settings.py
        emitted |= set(re.findall(r'"((?:file|sheet|cell|csv)-[a-z-]+)"', text))
    emitted.discard("")
    assert emitted, "the scan found no codes"
    assert emitted <= set(ISSUE_CODES), emitted - set(ISSUE_CODES)
