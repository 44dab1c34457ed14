"""Shared test fixtures.

The intake problem files are generated at test time (``tests/fixtures/make_fixtures.py``, a
second or two for all of them) into one temporary folder per session: nothing binary is
committed, and the files are the same bytes on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).parent / "fixtures"
if str(FIXTURES_DIR) not in sys.path:
    sys.path.insert(0, str(FIXTURES_DIR))

import make_fixtures


@pytest.fixture(scope="session")
def intake_files(tmp_path_factory) -> dict[str, list[Path]]:
    """Problem kind → the files written for it (most kinds have one)."""
    folder = tmp_path_factory.mktemp("intake-fixtures")
    return make_fixtures.make_all(folder)


@pytest.fixture(scope="session")
def intake_file(intake_files):
    """``intake_file("code-unknown")`` → the one file of that kind."""

    def get(kind: str) -> Path:
        files = intake_files[kind]
        assert len(files) == 1, f"{kind} has {len(files)} files"
        return files[0]

    return get


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "slow_wheel: builds the wheel and installs it into a fresh virtual environment "
        "(about 10-30 s); runs in the normal suite, deselect with -m 'not slow_wheel'")


# --- the sample submission, built once per test session --------------------------------------


@pytest.fixture(scope="session")
def sample_submission():
    """The bundled sample's submission (composed once; renderings are cached on it)."""
    import tipreport

    return tipreport.build(tipreport.sample_data())


@pytest.fixture(scope="session")
def sample_pdf(sample_submission) -> bytes:
    return sample_submission.to_pdf()


@pytest.fixture(scope="session")
def sample_docx(sample_submission) -> bytes:
    return sample_submission.to_docx()


@pytest.fixture(scope="session")
def sample_texts(sample_pdf, sample_docx) -> tuple[str, str]:
    """The sample's PDF text and DOCX text (paragraphs, then table cells)."""
    import io

    import docx
    import pdfplumber

    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        pdf_text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    d = docx.Document(io.BytesIO(sample_docx))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return pdf_text, "\n".join(parts)
