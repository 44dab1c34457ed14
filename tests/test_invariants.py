"""The document's statements check themselves: every invariant of ``invariants.py`` on the
sample, on a second synthetic four-ministry data set, on awkward data sets and on generated
workbooks; then the sample's pages as the analyst receives them."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import datasets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import INVARIANTS, check_all

import tipreport

D = dt.date
ROOT = Path(__file__).resolve().parent.parent

AWKWARD = datasets.AWKWARD


def build(files, **options) -> tipreport.Submission:
    return tipreport.build(files, **options)


@pytest.fixture(scope="session")
def four_ministries(tmp_path_factory) -> list[Path]:
    """Another synthetic country-year, made by the sample's generator with another seed."""
    folder = tmp_path_factory.mktemp("four-ministries")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"),
                    str(folder), "--seed", "7"], check=True, capture_output=True)
    return sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".csv"))


@pytest.mark.parametrize("invariant", INVARIANTS, ids=lambda f: f.__name__)
def test_sample(sample_submission, invariant):
    invariant(sample_submission.figures, sample_submission.document)


@pytest.mark.parametrize("invariant", INVARIANTS, ids=lambda f: f.__name__)
def test_four_ministries(four_ministries, invariant):
    sub = build(four_ministries)
    invariant(sub.figures, sub.document)


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward(tmp_path, name):
    files = datasets.make(tmp_path / name, **AWKWARD[name])
    sub = build(files)
    check_all(sub.figures, sub.document)


def test_calendar_year(tmp_path):
    files = datasets.make(tmp_path / "cal", cases=30)
    sub = build(files, calendar_year=2025)
    check_all(sub.figures, sub.document)


@pytest.mark.parametrize("name", ["plain", "tiny", "victims-missing"])
def test_small_cell_suppression(tmp_path, name):
    files = datasets.make(tmp_path / name, **AWKWARD[name])
    sub = build(files, suppress_below=5)
    assert sub.document.suppress_below == 5
    check_all(sub.figures, sub.document)


def test_small_cell_suppression_in_the_sample_pdf(tmp_path):
    sub = build(tipreport.sample_data(), suppress_below=5)
    check_all(sub.figures, sub.document)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(sub.to_pdf())) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "<5" in text and "Counts from 1 to 4 are shown as <5" in text


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), cases=st.integers(0, 25),
       drop=st.sets(st.sampled_from(["Cases", "Defendants", "Victims", "Activities",
                                     "Recommendations"]), max_size=2),
       empty=st.sets(st.sampled_from(["prosecution", "protection", "prevention",
                                      "partnership"]), max_size=3),
       through=st.dates(D(2025, 5, 1), D(2026, 1, 30)),
       previous_from=st.one_of(st.none(), st.dates(D(2024, 4, 1), D(2025, 3, 1))))
def test_generated(tmp_path, seed, cases, drop, empty, through, previous_from):
    folder = tmp_path / f"gen-{seed}-{cases}-{len(drop)}-{through}"
    files = datasets.make(folder, seed=seed, cases=cases, drop=tuple(drop),
                          empty_pillars=tuple(empty), through=through,
                          previous_from=previous_from)
    if not files:
        return
    sub = build(files)
    check_all(sub.figures, sub.document)


# --- the sample as the analyst receives it ----------------------------------------------------

BODY_PAGES = 20


def _page_fill(pdf: bytes) -> list[tuple[float, str]]:
    """Per page: how far down its text reaches (share of the page) and its text."""
    import pdfplumber

    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            words = [w for w in page.extract_words() if w["bottom"] < page.height - 50
                     and w["top"] > 50]  # not the running header and footer
            bottom = max((w["bottom"] for w in words), default=0.0)
            out.append((bottom / page.height, page.extract_text() or ""))
    return out


def test_sample_body_fits_twenty_pages_none_thin(sample_pdf):
    pages = _page_fill(sample_pdf)
    annex = next(i for i, (_, text) in enumerate(pages) if "\nAnnex: " in "\n" + text
                 and i > 2)
    body = pages[:annex]
    assert len(body) <= BODY_PAGES, f"the body runs to {len(body)} pages"
    for number, (fill, text) in enumerate(body, start=1):
        if number in (1, 2) or number == len(body):  # cover, contents, page before an annex
            continue
        assert fill >= 0.4, f"page {number} is only {fill:.0%} full"


def test_sample_nothing_cut_nor_hyphenated(sample_pdf):
    text = "\n".join(t for _, t in _page_fill(sample_pdf))
    assert "…" not in text
    # a place name or a label split at a syllable ends a line with a hyphen
    assert "Kan‐" not in text and "activ‐" not in text and "‐\n" not in text


#: one phrase per rule of submission.md's "Decided after reading the first build" section,
#: each of which must be visible in the sample's PDF and DOCX
RULES = {
    "convictions under other laws": "Convicted under other laws",
    "confirmed victims, potential apart": "Potential victims (this period)",
    "victims in non-trafficking cases": "linked to cases recorded as offences other than",
    "TIP two-way split": "two-way split",
    "agreements across pillars": "Across all pillars the government signed",
    "shelter one number": "shelter type given",
    "activities started and continued": "Activities continued from before",
    "in force, not adopted": "in force since",
    "people reached per kind": "Accounts reached online",
    "money in USD": "US$",
    "percent only on a base of 10": "(from ",
    "sentence range and median": "Median (months)",
    "statutory minimum": "below the statutory minimum",
    "complicit officials' cases": "Cases of complicit officials",
    "case examples with outcomes": "Outcome:",
    "no action taken": "No action was taken in the period.",
    "evidence annex": "Annex: evidence cited",
    "coverage of the previous period": "the whole previous period",
    "records after data through": "will follow in the supplementary update",
    "partners named": "Partners named:",
    "online cases": "recruitment or exploitation online",
    "laws charged": "Laws and articles charged",
    "fines imposed": "Fines imposed on traffickers convicted",
    "page economy": "Annex: other activities of the period",
}


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_is_visible_in_the_sample(sample_texts, rule):
    pdf_text, docx_text = sample_texts
    phrase = RULES[rule]
    flat = " ".join(pdf_text.split())
    assert phrase in flat, f"PDF lacks {phrase!r} ({rule})"
    assert phrase in " ".join(docx_text.split()), f"DOCX lacks {phrase!r} ({rule})"


def _pages(pdf: bytes) -> int:
    return len(_page_fill(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(text for _, text in _page_fill(pdf))


def test_page_count_does_not_grow_with_the_rows(tmp_path):
    """Page economy: four times the cases and activities (officials, policies, agreements and
    annexed activities all over their caps at both sizes) make no longer a document."""
    small = build(datasets.make(tmp_path / "small", seed=3, cases=700))
    large = build(datasets.make(tmp_path / "large", seed=3, cases=2800))
    assert len(large.figures.prosecution["officials"]["cases"]) > \
        2 * len(small.figures.prosecution["officials"]["cases"]) > 50
    check_all(large.figures, large.document)
    small_pdf, large_pdf = small.to_pdf(), large.to_pdf()
    assert abs(_pages(large_pdf) - _pages(small_pdf)) <= 1, (_pages(small_pdf),
                                                              _pages(large_pdf))
    text = " ".join(_text(large_pdf).split())
    assert "The table shows 25 of the" in text  # the officials' cases, counted past 25
    assert "adopted most recently; the other" in text  # policies and agreements annexed
    assert "The others are in the audit workbook." in text  # the annex's own cap
    # a pillar's note never sends the reader to the annex for activities it has no room for
    assert "rows are shared among the pillars" in text
    assert "are marked as case examples; the 20 most recent" in text


def test_the_annex_shares_its_rows_among_the_pillars():
    """A busy pillar never crowds the others out of the activities annex: its rows are shared
    in proportion, each share going to activities with a result, then the most recent."""
    from tipreport.compose.annex import annex_selection

    def item(pillar, n, result=None):
        return {"pillar": pillar, "activity_id": f"{pillar}-{n:03d}", "result": result,
                "start_on": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"}

    annexed = ([item("prosecution", n) for n in range(300)]
               + [item("protection", n, "done" if n < 10 else None) for n in range(100)])
    shown = annex_selection(annexed, 200)
    by = {p: [i for i in shown if i["pillar"] == p] for p in ("prosecution", "protection")}
    assert (len(by["prosecution"]), len(by["protection"])) == (150, 50)
    assert sum(1 for i in by["protection"] if i["result"]) == 10  # every one with a result
    assert shown == sorted(shown, key=lambda i: (i["pillar"] != "prosecution", i["start_on"],
                                                 i["activity_id"]))
    assert annex_selection(annexed[:50], 200) == sorted(
        annexed[:50], key=lambda i: (i["start_on"], i["activity_id"]))
