"""The rules decided after reading the first build as an analyst would (submission.md's last
section), each on a small real workbook: the figure, and the sentence or table that says it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from datasets import write_workbook as workbook

import tipreport
from tipreport.khmer import ZWSP, break_words

D = dt.date


SUBMISSION = [["Key", "Value"], ["country", "Cambodia"], ["government_body", "Committee"],
              ["submitted_on", D(2026, 1, 30)], ["data_through", D(2026, 1, 15)],
              ["report_year", 2026], ["usd_rate", 4000], ["usd_rate_date", D(2026, 1, 15)],
              ["minimum_sentence_months", 84], ["contact_email", "focal@example.org"]]
CASES = [["case_id", "opened_on", "offense", "exploitation", "online", "law", "highlight",
          "summary"],
         ["C1", D(2025, 5, 1), "trafficking", "forced_criminality", "yes",
          "Law on trafficking (2008), Art. 10", "yes", "Scam compound raided."],
         ["C2", D(2025, 6, 1), "trafficking", "sex", "no", "Criminal Code (2009), Art. 253",
          None, None],
         ["C3", D(2024, 6, 1), "trafficking", "labor", None, None, None, None],
         ["C4", D(2025, 7, 1), "sexual_exploitation", None, None, None, None, None]]
DEFENDANTS = [["case_id", "person_id", "official", "charged_on", "verdict", "verdict_on",
               "prison_months", "suspended", "fine", "conviction_law"],
              ["C1", "1", "yes", D(2025, 5, 10), "convicted", D(2025, 9, 1), 120, "no", 4000000,
               None],
              ["C1", "2", None, D(2025, 5, 10), "convicted", D(2025, 9, 1), 36, "no", None,
               None],
              ["C1", "3", None, D(2025, 5, 10), "convicted", D(2025, 9, 1), 24, "no", None,
               "Labour Law (1997)"],
              ["C2", "1", None, D(2025, 6, 10), "pending", None, None, None, None, None],
              ["C3", "1", None, D(2024, 7, 1), "convicted", D(2024, 12, 1), 60, "no", None,
               None]]
VICTIMS = [["victim_id", "identified_on", "status", "case_id", "referred", "services", "shelter"],
           ["V1", D(2025, 5, 1), "confirmed", "C1", "yes", "medical", "government"],
           ["V2", D(2025, 5, 2), "potential", "C1", "yes", "shelter", None],
           ["V3", D(2025, 7, 2), "confirmed", "C4", "no", "shelter", None],
           ["V4", D(2026, 1, 20), "confirmed", None, "no", None, None]]
ACTIVITIES = [["activity_id", "pillar", "kind", "title", "start_on", "end_on", "participants",
               "amount", "currency", "channel", "partners", "result"],
              ["P1", "prevention", "policy", "National action plan", D(2024, 9, 1), D(2028, 12, 31), None,
               None, None, None, None, None],
              ["P2", "prevention", "policy", "Sub-decree on inspections", D(2025, 10, 1), None,
               None, None, None, None, None, None],
              ["G1", "prevention", "agreement", "MOU with a province", D(2025, 8, 1), None, None,
               None, None, None, "IOM", None],
              ["G2", "partnership", "agreement", "MOU with Thailand", D(2025, 9, 1), None, None,
               None, None, None, "Government of Thailand", None],
              ["A1", "prevention", "awareness", "Village meetings", D(2025, 4, 10), None, 300,
               8000000, "KHR", "in person", None, None],
              ["A2", "prevention", "awareness", "Social media campaign", D(2025, 5, 10), None,
               90000, 2000, "USD", "online", "UNODC", "90,000 accounts reached."],
              ["A3", "prevention", "training", "Training of inspectors", D(2025, 3, 25),
               D(2025, 4, 5), 30, 1000000, "KHR", None, None, None],
              ["A4", "prevention", "hotline", "Hotline", D(2025, 6, 1), None, 1200, None, None,
               None, None, None]]
RECS = [["rec_id", "recommendation", "status", "response", "evidence"],
        ["R1", "Investigate scam compounds.", "implemented", "Raids were made.", "C1, G2, NOPE"],
        ["R2", "Reform the law.", "not_started", None, None]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = workbook(tmp_path_factory.mktemp("rules") / "rules.xlsx", {
        "Cases": CASES, "Defendants": DEFENDANTS, "Victims": VICTIMS,
        "Activities": ACTIVITIES, "Recommendations": RECS, "Submission": SUBMISSION})
    ds = tipreport.load(path)
    assert not ds.report.errors, ds.report
    return tipreport.build(ds)


def text_of(sub) -> str:
    parts = []
    for section in sub.document.walk():
        parts.append(section.title)
        for b in section.blocks:
            if hasattr(b, "text"):
                parts.append((b.title or "") + " " + b.text)
            elif hasattr(b, "rows"):
                parts += [b.caption, *b.header, *(" | ".join(r) for r in b.rows)]
            elif hasattr(b, "items"):
                parts += list(b.items)
    return "\n".join(parts)


def test_convictions_under_other_laws_are_apart(built):
    p = built.figures.prosecution
    assert p["convictions"].current == 2
    assert p["convictions_other_laws"].current == 1
    assert p["convictions_other_laws"].by["law"]["Labour Law (1997)"].current == 1
    assert "1 under Labour Law (1997)" in text_of(built)


def test_sentences_range_median_and_statutory_minimum(built):
    s = built.figures.prosecution["sentences"]
    assert s["terms"]["current"] == {"count": 2, "min": 36, "median": 78, "max": 120}
    assert s["below_minimum"].current == 1  # 36 months < 84
    text = text_of(built)
    assert "ranged from 3 years to 10 years, with a median of 6 years and 6 months" in text
    assert "1 of these term was below" not in text
    assert "below the statutory minimum of 7 years" in text


def test_tip_split_and_online(built):
    inv = built.figures.prosecution["investigations"]
    assert inv.by["tip_form"]["labor"].current == 1  # forced criminality is labor
    assert inv.by["online"]["yes"].current == 1
    assert built.figures.prosecution["convictions"].by["online"]["yes"].current == 2


def test_laws_charged_are_counted(built):
    laws = built.figures.prosecution["investigations"].by["law"]
    assert laws["Law on trafficking (2008), Art. 10"].current == 1
    assert "Laws and articles charged" in text_of(built)


def test_complicit_officials_cases_without_names(built):
    cases = built.figures.prosecution["officials"]["cases"]
    assert [(c["case_id"], c["stage"], c["verdict"], c["prison_months"]) for c in cases] == [
        ("C1", "verdict", "convicted", 120)]


def test_case_examples_carry_their_outcome(built):
    (example,) = built.figures.prosecution["case_examples"]
    assert example["outcome"]["convicted"] == 3 and example["outcome"]["defendants"] == 3
    assert "Outcome: 3 suspects, 3 charged; 3 convicted" in text_of(built)


def test_protection_counts_confirmed_victims_potential_apart(built):
    v = built.figures.protection
    assert v["referred"].current == 1
    assert v["referred"].by["status"]["potential"].current == 1
    # sheltered: a shelter type, or shelter among the services; one number
    assert v["sheltered"].current == 2 and v["sheltered"].by["status"]["potential"].current == 1
    assert v["sheltered"].by["shelter"]["government"].current == 1
    assert v["sheltered"].by["shelter"]["not_recorded"].current == 1
    assert v["victims_in_other_offences"].by["status"]["confirmed"].current == 1
    assert "include 1 linked to cases recorded as offences other than" in text_of(built)


def test_people_reached_are_never_one_sum(built):
    pv = built.figures.prevention
    assert pv["reached_in_person"].current == 300
    assert pv["reached_online"].current == 90000
    assert pv["calls"].current == 1200
    assert pv["trained"].current == 0  # A3 started before the period: continued
    assert pv["continued"].current == 2  # A3, and the action plan P1 still in force
    assert "participants" not in pv


def test_policies_in_force_and_agreements_across_pillars(built):
    f = built.figures
    statuses = {i["activity_id"]: i["status"] for i in f.prevention["policies"]}
    assert statuses == {"P1": "in_force", "P2": "adopted"}
    assert f.agreements.current == 2
    assert f.agreements.by["pillar"]["prevention"].current == 1
    assert f.agreements.by["pillar"]["partnership"].current == 1
    text = text_of(built)
    assert "in force since" in text and "adopted 1 Oct 2025" in text
    assert "Across all pillars the government signed 2 agreements in the period" in text
    assert "listed under Prevention and Partnership" in text
    assert "No agreement" not in text


def test_percent_only_on_a_base_of_ten(built):
    inv = built.figures.prosecution["investigations"]
    assert inv.previous < 10 and inv.change_pct is None
    assert "%" not in inv.__repr__()
    assert "(from 1 to 2)" in text_of(built)


def test_usd_equivalents_and_the_rate_is_stated(built):
    text = text_of(built)
    assert "(US$2,000)" in text  # 8,000,000 KHR at 4,000 per US$
    assert "at 4,000 KHR per US$ (the rate of 15 January 2026)" in text


def test_evidence_annex_and_unknown_ids(built):
    f = built.figures
    assert [(e["id"], e["type"]) for e in f.evidence.values()] == [
        ("C1", "case"), ("G2", "activity"), ("NOPE", None)]
    assert any("NOPE" in w for w in f.warnings)
    text = text_of(built)
    assert "Annex: evidence cited" in text and "MOU with Thailand" in text


def test_no_action_and_its_warning(built):
    assert "No action was taken in the period." in text_of(built)
    codes = built.dataset.report.codes()
    assert codes["recommendation-no-response"] == 1


def test_records_after_the_submission_date_never_follow(tmp_path):
    path = workbook(tmp_path / "future.xlsx", {
        "Victims": [VICTIMS[0], ["W1", D(2026, 1, 20), "confirmed", None, None, None, None],
                    ["W2", D(2026, 3, 1), "confirmed", None, None, None, None]],
        "Submission": SUBMISSION})
    sub = tipreport.build(path)
    notes = sub.figures.notes
    assert notes["after_data_through"] == {"Victims.identified_on": 1}
    assert notes["after_submission"] == {"Victims.identified_on": 1}
    text = text_of(sub)
    assert "1 record dated after 15 January 2026 and within the reporting period will follow" \
        in text
    assert "1 record is dated after the date of this submission" in text


def test_coverage_of_the_previous_period(tmp_path):
    cases = [CASES[0]] + [[f"N{i}", D(2025, 4 + i % 9, 3), "trafficking", "sex", None, None,
                           None, None] for i in range(30)]
    cases += [[f"P{i}", D(2024, 10 + i % 3, 3), "trafficking", "sex", None, None, None, None]
              for i in range(12)]
    sub = tipreport.build(workbook(tmp_path / "late.xlsx", {"Cases": cases,
                                                              "Submission": SUBMISSION}))
    g = sub.figures.gaps
    assert [(s, c, m) for _, s, c, m in g.recorded_from] == [("Cases", "opened_on", "2024-10")]
    text = text_of(sub)
    assert "Cases opened are recorded from October 2024 only" in text
    assert "Cases.opened_on" not in text  # the document sent names no column identifier
    assert "cases opened are recorded from" in sub.figures.readiness().lower()


def test_unknown_figure_lists_close_matches(built):
    with pytest.raises(KeyError) as caught:
        built.figures.get("prosecution.convictons")
    assert isinstance(caught.value, tipreport.UsageError)
    assert "prosecution.convictions" in str(caught.value)


def test_khmer_is_broken_only_between_words(tmp_path):
    khmer = "ក្រសួងសង្គមកិច្ចបានជួយសង្គ្រោះជនរងគ្រោះ"
    assert break_words(khmer).replace(ZWSP, "") == khmer
    assert ZWSP in break_words(khmer)
    assert break_words("Phnom Penh 2025") == "Phnom Penh 2025"
    path = workbook(tmp_path / "km.xlsx", {
        "Narrative": [["section", "text"], ["introduction", khmer]], "Submission": SUBMISSION})
    sub = tipreport.build(path)
    (para,) = next(s for s in sub.document.sections if s.id == "introduction").blocks
    assert para.lang == "km" and ZWSP in para.text
    docx = zipfile.ZipFile(io.BytesIO(sub.to_docx())).read("word/document.xml").decode()
    assert ZWSP in docx and 'w:val="km-KH"' in docx
    pdf = sub.to_pdf()
    assert not [w for w in sub.warnings if "system font" in w]
    assert pdf.startswith(b"%PDF")
