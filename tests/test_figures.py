"""Figures: a hand count on a small real workbook, period edges, and a random recount."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from datasets import write_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tipreport
from tipreport.cli import main
from tipreport.figures import compute
from tipreport.periods import default_year, same_day_a_year_before, tip_period

D = dt.date


CASES = [
    ["case_id", "opened_on", "offense", "exploitation", "online", "highlight", "summary"],
    ["C1", D(2025, 4, 1), "trafficking", "labor", "yes", "yes", "Workers were deceived."],
    ["C2", D(2025, 3, 31), "trafficking", "sex", "no", None, None],       # previous, not lfl
    ["C3", D(2024, 5, 1), "trafficking", "mixed", None, None, None],      # previous, lfl
    ["C4", D(2025, 6, 1), "sexual_exploitation", None, None, None, None],  # other offence
    ["C5", D(2026, 1, 20), "trafficking", "labor", None, None, None],     # after data_through
    ["C6", D(2025, 12, 31), "trafficking", "forced_criminality", "yes", None, None],
    ["C7", D(2023, 3, 31), "trafficking", "sex", None, None, None],       # outside both
    ["C8", D(2025, 8, 8), "other", None, None, None, None],
]
DEFENDANTS = [
    ["case_id", "person_id", "sex", "official", "charged_on", "verdict", "verdict_on",
     "prison_months", "suspended", "fine", "in_absentia", "conviction_law"],
    ["C1", "1", "M", "Y", D(2025, 5, 1), "convicted", D(2025, 9, 1), 30, "N", 1000000, None,
     None],
    ["C1", "2", "F", None, D(2025, 5, 1), "acquitted", D(2025, 9, 1), None, None, None, None,
     None],
    ["C1", "3", "M", None, D(2025, 5, 2), "convicted", D(2025, 10, 1), 11, "Y", None, "Y",
     "Labour Law"],
    ["C3", "1", "M", None, D(2024, 6, 1), "convicted", D(2024, 9, 1), 130, None, None, None,
     None],
    ["C6", "1", "F", None, D(2026, 1, 10), "pending", None, None, None, None, None, None],
    ["C6", "2", "M", "yes", None, "dismissed", D(2026, 1, 12), None, None, None, None, None],
    ["C4", "1", "M", None, D(2025, 7, 1), "convicted", D(2025, 11, 1), 24, None, None, None,
     None],
]
VICTIMS = [
    ["victim_id", "identified_on", "status", "case_id", "sex", "age", "age_group",
     "nationality", "exploitation", "identified_by", "referred", "services", "shelter",
     "repatriated_on", "cooperated", "compensation"],
    ["V1", D(2025, 4, 2), "confirmed", "C1", "F", 12, None, "VN", "labor", "police", "Y",
     "shelter, medical", "government", D(2025, 6, 1), "Y", 500000],
    ["V2", D(2025, 4, 2), "potential", "C4", "M", 30, None, "KH", "sex", "ngo", "N", None,
     "none", None, None, None],
    ["V3", D(2024, 4, 2), None, "C3", "F", None, "child", "Cambodia", "mixed", None, "Y",
     "legal", "ngo", D(2025, 5, 5), None, None],
    ["V4", D(2025, 10, 10), "confirmed", None, None, None, "adult", "THA", None, "self", "Y",
     "psychosocial", "ngo", None, "N", None],
    ["V5", D(2026, 1, 15), "confirmed", None, "M", 40, None, "KH", "forced_criminality",
     "police", None, None, None, None, None, None],
]
ACTIVITIES = [
    ["activity_id", "pillar", "kind", "title", "start_on", "end_on", "participants", "amount",
     "currency"],
    ["A1", "prevention", "awareness", "Campaign", D(2025, 3, 1), D(2025, 5, 1), 100, 500, "USD"],
    ["A2", "prevention", "labor_inspection", "Inspections", D(2025, 7, 1), None, 40, None, None],
    ["A3", "prevention", "training", "Training", D(2025, 9, 1), D(2025, 9, 2), 25, 2000000,
     None],
    ["A4", "prevention", "policy", "National plan", D(2025, 11, 1), None, None, None, None],
    ["A5", "prosecution", "training", "Judges", D(2024, 6, 1), None, 30, None, None],
    ["A6", "partnership", "agreement", "MOU", D(2025, 12, 1), None, None, None, None],
]
SUBMISSION = [["Key", "Value"], ["country", "KH"], ["submitted_on", "30/01/2026"],
              ["data_through", "2026-01-15"], ["government_body", "Committee"]]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    path = write_workbook(tmp_path_factory.mktemp("hand") / "hand.xlsx", {
        "Cases": CASES, "Defendants": DEFENDANTS, "Victims": VICTIMS,
        "Activities": ACTIVITIES, "Submission": SUBMISSION})
    ds = tipreport.load(path)
    assert ds.report.ok, ds.report
    return compute(ds)


def trio(fig):
    return (fig.current, fig.previous, fig.previous_full)


def test_periods_and_comparison(figures):
    assert figures.year == 2026
    assert figures.period.start == D(2025, 4, 1) and figures.period.end == D(2026, 3, 31)
    assert figures.data_through == D(2026, 1, 15)
    assert figures.like_for_like.start == D(2024, 4, 1)
    assert figures.like_for_like.end == D(2025, 1, 15)
    assert figures.is_like_for_like


def test_prosecution_hand_count(figures):
    p = figures.prosecution
    # current: C1, C6 (C5 is after data_through); lfl: C3; full previous: C2, C3
    assert trio(p["investigations"]) == (2, 1, 2)
    assert p["investigations"].by["exploitation"]["labor"].current == 1
    assert p["investigations"].by["exploitation"]["forced_criminality"].current == 1
    assert trio(p["investigations"].by["exploitation"]["sex"]) == (0, 0, 1)
    assert trio(p["investigations"].by["exploitation"]["mixed"]) == (0, 1, 1)
    assert p["investigations"].by["online"]["yes"].current == 2
    # suspects of trafficking cases opened in the window: C1×3 + C6×2; C3×1
    assert trio(p["suspects_investigated"]) == (5, 1, 1)
    # prosecutions by charged_on: C1 ×3, C6-1 (10 Jan 2026); C3-1; C4 is not trafficking
    assert trio(p["prosecutions"]) == (4, 1, 1)
    # convictions under the trafficking law; C1/3 was convicted under the Labour Law: apart
    assert trio(p["convictions"]) == (1, 1, 1)
    assert p["convictions"].by["sex"]["male"].current == 1
    assert p["convictions"].by["exploitation"]["labor"].current == 1
    assert p["convictions"].by["tip_form"]["labor"].current == 1
    assert trio(p["convictions_other_laws"]) == (1, 0, 0)
    assert p["convictions_other_laws"].by["law"]["Labour Law"].current == 1
    assert trio(p["acquittals"]) == (1, 0, 0)
    assert trio(p["dismissals"]) == (1, 0, 0)
    s = p["sentences"]
    assert s["by_band"]["1_5y"].current == 1          # 30 months
    assert s["by_band"]["under_1y"].current == 0
    assert s["suspended"].current == 0                # C1/3's suspended term: another law
    assert s["terms"]["current"] == {"count": 1, "min": 30, "median": 30, "max": 30}
    other = p["sentences_other_laws"]
    assert other["suspended"].current == 1 and other["in_absentia"].current == 1
    assert trio(s["by_band"]["over_10y"]) == (0, 1, 1)
    assert s["fines"].current == 1
    assert s["fines_amount"].current == 1_000_000
    assert s["in_absentia"].current == 0
    assert trio(p["officials"]["investigated"]) == (2, 0, 0)
    assert p["officials"]["prosecuted"].current == 1
    assert p["officials"]["convicted"].current == 1
    assert p["convictions_other_laws"].current == 1
    assert [e["case_id"] for e in p["case_examples"]] == ["C1"]
    assert trio(p["activities"]["activities"]) == (0, 1, 1)


def test_protection_hand_count(figures):
    v = figures.protection
    # confirmed, identified in window: V1 (current), V3 (lfl; default status confirmed), V5
    assert trio(v["victims_identified"]) == (3, 1, 1)
    assert trio(v["victims_potential"]) == (1, 0, 0)
    vi = v["victims_identified"]
    assert vi.by["nationality"]["VN"].current == 1
    assert vi.by["nationality"]["TH"].current == 1
    assert vi.by["nationality"]["KH"].current == 1
    assert vi.by["origin"]["national"].current == 1
    assert vi.by["origin"]["foreign"].current == 2
    assert vi.by["sex"]["unknown"].current == 1
    assert vi.by["age_group"]["child"].current == 1  # derived from age 12
    assert vi.by["age_group"]["adult"].current == 2  # given, and derived from age 40
    assert trio(vi.by["age_group"]["child"]) == (1, 1, 1)
    assert vi.by["identified_by"]["self"].current == 1
    # referred etc. count confirmed victims, potential ones apart in by["status"]
    assert trio(v["referred"]) == (2, 1, 1)
    assert v["referred"].by["status"]["confirmed"].current == 2
    assert v["referred"].by["status"]["potential"].current == 0
    # sheltered: a shelter type given (V1 government, V4 NGO) or shelter among the services;
    # the services' shelter row is that same number
    assert v["sheltered"].current == 2
    assert v["services"]["shelter"] is v["sheltered"]
    assert v["services"]["legal"].previous == 1
    assert v["sheltered"].by["shelter"]["ngo"].current == 1
    assert v["sheltered"].by["shelter"]["government"].current == 1
    # repatriations by repatriated_on, whenever identified: V1 (Jun 2025), V3 (May 2025)
    assert trio(v["repatriated"]) == (2, 0, 0)
    assert v["cooperated"].current == 1
    assert v["compensated"].current == 1
    assert v["compensation_amount"].current == 500000


def test_prevention_partnership_other(figures):
    pv = figures.prevention
    # started in the current window: A2, A3, A4; A1 (Mar–May 2025) continued from before
    assert trio(pv["activities"]) == (3, 0, 1)
    assert pv["activities"].by["kind"]["awareness"].current == 0
    assert pv["continued"].current == 1
    assert pv["continued"].by["kind"]["awareness"].current == 1
    # reach counts once, where the activity started, per kind: never one sum
    assert trio(pv["trained"]) == (25, 0, 0)
    assert trio(pv["reached_in_person"]) == (0, 0, 100)
    assert pv["inspections"].current == 40
    assert pv["labor_inspections"].current == 40
    assert pv["amount"].by_currency["KHR"].current == 2_000_000
    assert trio(pv["amount"].by_currency["USD"]) == (0, 0, 500)
    assert [i["activity_id"] for i in pv["policies"]] == ["A4"]
    assert figures.partnership["activities"].current == 1
    assert [i["activity_id"] for i in figures.partnership["agreements"]] == ["A6"]
    o = figures.other_offences
    assert o["cases"].current == 2
    assert o["cases"].by["offense"]["sexual_exploitation"].current == 1
    assert o["convictions"].current == 1


def test_ledger_gaps_notes(figures):
    ledger = {(e["sheet"], e["column"]): e for e in figures.ledger}
    cases = ledger[("Cases", "opened_on")]
    assert cases["current"] == 4 and cases["after_data_through"] == 1
    assert cases["previous"] == 2 and cases["outside"] == 1
    for e in figures.ledger:
        assert e["current"] + e["after_data_through"] + e["after_submission"] + e["previous"] \
            + e["outside"] == e["dated"]
        assert e["dated"] + e["undated"] == e["rows"]
    assert figures.notes["after_data_through"] == {"Cases.opened_on": 1}
    assert figures.protection["victims_in_other_offences"].current == 1  # V2, potential
    assert set(figures.gaps.not_supplied) == {"Recommendations", "Narrative"}
    months = {(f[1]): f[3] for f in figures.gaps.missing_months}
    assert "2025-05" in months["Cases"] and "2025-04" not in months["Cases"]


def test_changes_and_json(figures):
    d = figures.to_dict()
    inv = d["prosecution"]["investigations"]
    # a percent only on a base of at least 10
    assert inv == {**inv, "current": 2, "previous": 1, "previous_full": 2, "change": 1,
                   "change_pct": None, "new": False}
    pot = d["protection"]["victims_potential"]
    assert pot["new"] is True and pot["change_pct"] is None
    assert d["protection"]["victims_identified"]["by_nationality"]["VN"]["current"] == 1
    assert d["prosecution"]["investigations"]["by_exploitation"]["labor"]["current"] == 1
    assert d["prosecution"]["sentences"]["by_band"]["1_5y"]["current"] == 1
    assert d["prevention"]["amount"]["by_currency"]["KHR"]["current"] == 2_000_000
    for key in ("prosecution.officials.investigated", "protection.referred",
                "protection.repatriated", "prevention.activities", "prevention.trained",
                "other_offences.cases"):
        assert "current" in figures.get(key).to_dict()
    json.dumps(d)  # plain JSON


def test_provenance_points_at_rows(figures):
    fig = figures.get("prosecution.investigations")
    rows = figures.tables["Cases"].loc[fig.rows["current"]]
    assert sorted(rows["case_id"]) == ["C1", "C6"]
    assert sorted(rows["_row"]) == [2, 7]
    vn = figures.get("protection.victims_identified.by_nationality.VN")
    assert list(figures.tables["Victims"].loc[vn.rows["current"], "victim_id"]) == ["V1"]


def test_verdicts(figures):
    assert figures.verdicts["prosecution"].verdict == "increased"
    assert figures.verdicts["protection"].verdict == "increased"


def test_calendar_year_is_apart(tmp_path):
    path = write_workbook(tmp_path / "c.xlsx", {"Cases": CASES, "Submission": SUBMISSION})
    f = compute(tipreport.load(path), calendar_year=2025)
    assert f.calendar is not None and f.calendar.period.kind == "calendar"
    # 2025: C2 (31 Mar), C1 (1 Apr), C6 (31 Dec); 2024: C3
    assert f.calendar.prosecution["investigations"].current == 3
    assert f.calendar.prosecution["investigations"].previous_full == 1
    assert f.prosecution["investigations"].current == 2
    assert "calendar" in f.to_dict()


def test_cli_figures_json(tmp_path):
    import io

    path = write_workbook(tmp_path / "c.xlsx", {"Cases": CASES, "Submission": SUBMISSION})
    out = io.StringIO()
    code = main(["figures", str(path), "--year", "2026", "--format", "json", "--quiet"],
                stdout=out, stderr=io.StringIO())
    assert code == 0
    data = json.loads(out.getvalue())
    assert data["prosecution"]["investigations"]["current"] == 2


# --- periods at their edges ----------------------------------------------------------------------


def test_period_edges():
    p = tip_period(2026)
    assert D(2025, 4, 1) in p and D(2026, 3, 31) in p
    assert D(2025, 3, 31) not in p and D(2026, 4, 1) not in p
    assert tip_period(2024).start == D(2023, 4, 1)
    assert same_day_a_year_before(D(2024, 2, 29)) == D(2023, 2, 28)
    assert same_day_a_year_before(D(2025, 3, 1)) == D(2024, 3, 1)
    assert default_year(D(2026, 1, 30)) == 2026
    assert default_year(D(2026, 6, 30)) == 2026
    assert default_year(D(2026, 7, 1)) == 2027


def test_leap_day_like_for_like(tmp_path):
    rows = [CASES[0], ["L1", D(2024, 2, 29), "trafficking", "sex", None, None, None],
            ["L2", D(2023, 2, 28), "trafficking", "sex", None, None, None],
            ["L3", D(2023, 3, 1), "trafficking", "sex", None, None, None]]
    path = write_workbook(tmp_path / "leap.xlsx", {"Cases": rows})
    f = compute(tipreport.load(path, submitted_on="2024-03-10"), 2024,
                submitted_on=D(2024, 3, 10), data_through=D(2024, 2, 29))
    assert f.like_for_like.end == D(2023, 2, 28)
    assert f.prosecution["investigations"].current == 1
    assert f.prosecution["investigations"].previous == 1       # L2, not L3
    assert f.prosecution["investigations"].previous_full == 2


def test_rows_after_data_through_are_left_out_and_counted(tmp_path):
    rows = [CASES[0], ["A", D(2026, 3, 31), "trafficking", "sex", None, None, None],
            ["B", D(2026, 3, 1), "trafficking", "sex", None, None, None]]
    path = write_workbook(tmp_path / "edge.xlsx", {"Cases": rows})
    f = compute(tipreport.load(path, submitted_on="2026-04-10"), 2026,
                submitted_on=D(2026, 4, 10), data_through=D(2026, 3, 15))
    assert f.prosecution["investigations"].current == 1
    assert f.notes["after_data_through_total"] == 1
    (warning,) = [w for w in f.warnings if "after" in w]  # one warning that counts them
    assert warning.startswith("1 record dated after 2026-03-15")
    assert any("does not name its country" in w for w in f.warnings)
    full = compute(tipreport.load(path, submitted_on="2026-04-10"), 2026,
                   submitted_on=D(2026, 4, 10))
    assert full.data_through == D(2026, 3, 31)
    assert not full.is_like_for_like
    assert full.prosecution["investigations"].current == 2
    assert not [w for w in full.warnings if "after" in w]


def test_data_through_outside_the_period_is_a_usage_error(tmp_path):
    path = write_workbook(tmp_path / "c.xlsx", {"Cases": CASES})
    with pytest.raises(tipreport.UsageError):
        compute(tipreport.load(path), 2026, submitted_on=D(2026, 1, 30),
                data_through=D(2024, 12, 31))


def test_future_verdict_is_no_conviction(tmp_path):
    path = write_workbook(tmp_path / "f.xlsx", {
        "Cases": [CASES[0], ["C1", D(2025, 5, 1), "trafficking", "sex", None, None, None]],
        "Defendants": [["case_id", "person_id", "charged_on", "verdict", "verdict_on",
                        "prison_months"],
                       ["C1", "1", D(2025, 6, 1), "convicted", D(2026, 2, 20), 60]]})
    ds = tipreport.load(path, submitted_on="2026-01-30")
    assert "date-in-future" in ds.report.codes()
    f = compute(ds, 2026, submitted_on=D(2026, 1, 30))
    assert f.prosecution["convictions"].current == 0
    assert f.prosecution["prosecutions"].current == 1  # the earlier date still counts


# --- random data sets: compute() equals a plain recount --------------------------------------------

day = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 3, 31))
case_rows = st.lists(st.tuples(st.sampled_from(["trafficking", "trafficking",
                                                "sexual_exploitation", "other"]),
                               st.sampled_from(["sex", "labor", "mixed", "forced_criminality",
                                                "other", "unknown"]), day),
                     min_size=0, max_size=25)
def_rows = st.lists(st.tuples(st.integers(0, 24), st.one_of(st.none(), day),
                              st.sampled_from(["pending", "convicted", "acquitted",
                                               "dismissed"]),
                              day, st.integers(0, 200), st.booleans()),
                    min_size=0, max_size=30)
victim_rows = st.lists(st.tuples(day, st.sampled_from(["confirmed", "potential"]),
                                 st.sampled_from(["KH", "VN", "TH", None]), st.booleans(),
                                 st.one_of(st.none(), day)), min_size=0, max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(cases=case_rows, defs=def_rows, victims=victim_rows,
       through=st.dates(min_value=D(2025, 4, 1), max_value=D(2026, 1, 30)))
def test_random_recount(tmp_path, cases, defs, victims, through):
    submitted = D(2026, 1, 30)
    sheets = {"Cases": [["case_id", "opened_on", "offense", "exploitation"]],
              "Defendants": [["case_id", "person_id", "charged_on", "verdict", "verdict_on",
                              "prison_months", "suspended"]],
              "Victims": [["victim_id", "identified_on", "status", "nationality", "referred",
                           "repatriated_on"]]}
    for i, (offense, expl, opened) in enumerate(cases):
        sheets["Cases"].append([f"C{i}", opened, offense, expl])
    kept_defs = []
    for j, (ci, charged, verdict, vday, months, suspended) in enumerate(defs):
        if ci >= len(cases):
            continue
        vdate = vday if verdict != "pending" else None
        sheets["Defendants"].append([f"C{ci}", str(j), charged, verdict, vdate, months,
                                     "yes" if suspended else "no"])
        kept_defs.append((ci, charged, verdict, vdate, months, suspended))
    for k, (ident, status, nat, referred, repat) in enumerate(victims):
        sheets["Victims"].append([f"V{k}", ident, status, nat, "Y" if referred else "N", repat])
    path = write_workbook(tmp_path / "random.xlsx", sheets)
    ds = tipreport.load(path, submitted_on=submitted)
    # warnings (future dates, verdict before charge) are fine; no row may be rejected
    assert ds.report.ok, ds.report
    f = compute(ds, 2026, submitted_on=submitted, data_through=through)

    cur = (D(2025, 4, 1), through)
    lfl = (D(2024, 4, 1), same_day_a_year_before(through) if through < D(2026, 3, 31)
           else D(2025, 3, 31))
    full = (D(2024, 4, 1), D(2025, 3, 31))

    def count(pred):
        return tuple(sum(1 for x in pred(w)) for w in (cur, lfl, full))

    def inside(d, w):
        return d is not None and w[0] <= d <= w[1]

    traff = {i for i, c in enumerate(cases) if c[0] == "trafficking"}
    assert trio(f.prosecution["investigations"]) == count(
        lambda w: [c for c in cases if c[0] == "trafficking" and inside(c[2], w)])
    for form in ("sex", "labor", "mixed"):
        assert trio(f.prosecution["investigations"].by["exploitation"][form]) == count(
            lambda w: [c for c in cases if c[0] == "trafficking" and c[1] == form
                       and inside(c[2], w)])
    assert trio(f.prosecution["suspects_investigated"]) == count(
        lambda w: [d for d in kept_defs if d[0] in traff and inside(cases[d[0]][2], w)])
    assert trio(f.prosecution["prosecutions"]) == count(
        lambda w: [d for d in kept_defs if d[0] in traff and inside(d[1], w)])
    assert trio(f.prosecution["convictions"]) == count(
        lambda w: [d for d in kept_defs if d[0] in traff and d[2] == "convicted"
                   and inside(d[3], w)])
    assert trio(f.prosecution["sentences"]["by_band"]["5_10y"]) == count(
        lambda w: [d for d in kept_defs if d[0] in traff and d[2] == "convicted"
                   and not d[5] and 60 <= d[4] < 120 and inside(d[3], w)])
    assert trio(f.other_offences["cases"]) == count(
        lambda w: [c for c in cases if c[0] != "trafficking" and inside(c[2], w)])
    assert trio(f.protection["victims_identified"]) == count(
        lambda w: [v for v in victims if v[1] == "confirmed" and inside(v[0], w)])
    assert trio(f.protection["victims_potential"]) == count(
        lambda w: [v for v in victims if v[1] == "potential" and inside(v[0], w)])
    assert trio(f.protection["victims_identified"].by["nationality"].get("VN")
                or _zero()) == count(
        lambda w: [v for v in victims if v[1] == "confirmed" and v[2] == "VN"
                   and inside(v[0], w)])
    assert trio(f.protection["referred"]) == count(
        lambda w: [v for v in victims if v[1] == "confirmed" and v[3] and inside(v[0], w)])
    assert trio(f.protection["referred"].by["status"]["potential"]) == count(
        lambda w: [v for v in victims if v[1] == "potential" and v[3] and inside(v[0], w)])
    assert trio(f.protection["repatriated"]) == count(
        lambda w: [v for v in victims if v[1] == "confirmed" and inside(v[4], w)])


def _zero():
    from tipreport.figures import Figure

    return Figure(0, 0, 0)


def test_top_parts_and_the_rest_keep_their_rows(figures):
    vic = figures.protection["victims_identified"]
    head, rest = vic.top("nationality", 1)
    assert len(head) == 1 and rest is not None
    assert head[0][1].current + rest.current == vic.current
    assert len(rest.rows["current"]) == rest.current
    assert vic.top("nationality", 10)[1] is None


def test_recommendations_counted_prioritized_first(tmp_path):
    rows = [["rec_id", "recommendation", "prioritized", "status", "response"],
            ["R1", "Investigate.", "no", "implemented", "Done."],
            ["R2", "Protect.", "yes", "in_progress", "Started."],
            ["R3", "Prevent.", None, "not_started", None]]
    f = compute(tipreport.load(write_workbook(tmp_path / "r.xlsx", {"Recommendations": rows})),
                2026, submitted_on=D(2026, 1, 30))
    r = f.recommendations
    assert (r["total"], r["prioritized"]) == (3, 1)
    assert r["by_status"]["in_progress"] == {"all": 1, "prioritized": 1}
    assert [x["rec_id"] for x in r["list"]] == ["R2", "R1", "R3"]
    assert f.to_dict()["recommendations"]["total"] == 3


def test_an_empty_date_column_is_a_gap(tmp_path):
    path = write_workbook(tmp_path / "g.xlsx", {
        "Cases": [CASES[0], ["C1", D(2025, 5, 1), "trafficking", "sex", None, None, None]],
        "Defendants": [["case_id", "person_id", "charged_on"], ["C1", "1", None]]})
    f = compute(tipreport.load(path), 2026, submitted_on=D(2026, 1, 30))
    assert ("Defendants", "charged_on") in f.gaps.empty_columns
    assert ("Defendants", "verdict") in f.gaps.empty_columns
