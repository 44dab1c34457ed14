"""Render a rich, hand-built fake submission to PDF, DOCX and HTML, to look at the renderers.

    python scripts/demo_document.py [FOLDER] [--letter]

writes demo.pdf, demo.docx and demo.html into FOLDER (default /tmp/tipreport-demo). The data
is invented; it exercises what the renderers must survive: 200-row tables, a 40,000-character
paragraph, Khmer text, long names and addresses, charts, warnings and bullet lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from tipreport._io import write_atomic
from tipreport.document import BulletList, Chart, Cover, Document, Paragraph, Section, Table

FORMS = ("Sex trafficking", "Labor trafficking", "Forced criminality",
         "Sex and labor (mixed)", "Other forms", "Form not recorded")


def _n(value: int) -> str:
    return f"{value:,}"


def _change(cur: int, prev: int) -> str:
    if prev == 0:
        return "new"
    pct = round(100 * (cur - prev) / prev)
    return f"{'+' if pct > 0 else '−' if pct < 0 else '±'}{abs(pct)}%"


def demo_document(page_size: str = "a4") -> Document:
    headline = [("Investigations (cases)", 412, 358), ("Suspects investigated", 596, 521),
                ("Prosecutions (persons charged)", 287, 301), ("Convictions", 164, 139),
                ("Acquittals", 12, 19), ("Victims identified", 1_284, 1_107),
                ("Victims referred to services", 1_012, 870),
                ("Prevention activities", 236, 198), ("People reached", 184_320, 150_115)]
    summary = Section("summary", "Summary", (
        Paragraph("During the reporting period the government investigated 412 trafficking "
                  "cases involving 596 suspects, compared with 358 cases involving 521 suspects "
                  "in the same span of the previous period; it prosecuted 287 persons and "
                  "convicted 164.", "lead"),
        Table("Headline figures, this period and the same span of the previous period",
              ("Figure", "This period", "Previous (same span)", "Change", "Previous (full)"),
              tuple((label, _n(c), _n(p), _change(c, p), _n(int(p * 1.2)))
                    for label, c, p in headline),
              ("l", "r", "r", "r", "r"), (), "summary-headline",
              "The previous period is compared over the same span (1 April – 15 January).",
              (0.36, 0.16, 0.16, 0.16, 0.16)),
        Paragraph("Figures count only offences of trafficking in persons; sexual exploitation "
                  "and other offences are reported separately.", "note"),
    ))

    statuses = ("Implemented", "In progress", "Not started", "Not accepted")
    rec_rows = tuple(
        (f"R{i:03d}", "Yes" if i % 7 == 0 else "No", statuses[i % 4],
         f"EV-{2025}-{i:04d}, EV-2025-{i + 1000:04d}" + (
             ", https://www.example.gov.kh/evidence/anti-trafficking/2025/"
             "very-long-document-identifier-without-breaks-" + "x" * 40 if i == 17 else ""))
        for i in range(1, 201))
    recommendations = Section("recommendations", "Response to the previous report's "
                              "recommendations", (
        Paragraph("The government has acted on every recommendation of the 2025 report; the "
                  "table lists each with its status and the records that show it.", "lead"),
        Table("Every recommendation, prioritized first", ("Id", "Prioritized", "Status",
                                                           "Evidence"),
              rec_rows, ("l", "l", "l", "l"), (), "recommendations-list", None,
              (0.1, 0.14, 0.18, 0.58)),
        Paragraph("Increase efforts to investigate, prosecute and convict traffickers, "
                  "including complicit officials.", "quote", "R001 (prioritized)"),
        Paragraph("The National Committee issued guidelines to all provincial courts in "
                  "March 2025; 31 officials were investigated.", "body", "Response."),
        Paragraph("Evidence: EV-2025-0001, EV-2025-1001", "note"),
    ))

    by_form_rows = []
    cur_tot = prev_tot = 0
    for i, form in enumerate(FORMS):
        cur, prev = [180, 142, 31, 22, 9, 28][i], [151, 120, 29, 30, 4, 24][i]
        cur_tot += cur
        prev_tot += prev
        by_form_rows.append((form, _n(cur), _n(prev), _change(cur, prev)))
    by_form_rows.append(("Total", _n(cur_tot), _n(prev_tot), _change(cur_tot, prev_tot)))
    chart = Chart(
        "Investigations by form of exploitation",
        "Bar chart comparing this period with the same span of the previous period: "
        + "; ".join(f"{f}: {r[1]} this period, {r[2]} previously"
                    for f, r in zip(FORMS, by_form_rows)) + ".",
        FORMS, (("Previous period (same span)", (151, 120, 29, 30, 4, 24)),
                ("This period", (180, 142, 31, 22, 9, 28))),
        "prosecution-forms", horizontal=True, value_label="cases")
    small_chart = Chart(
        "Prosecutions and convictions",
        "Bar chart: investigations 412 this period, 358 previously; prosecutions 287 this "
        "period, 301 previously; convictions 164 this period, 139 previously.",
        ("Investigations", "Prosecutions", "Convictions"),
        (("Previous period (same span)", (358, 301, 139)), ("This period", (412, 287, 164))),
        "prosecution-overview", value_label="persons")
    long_names = ("Chhuon Sokhavatey Rattanakiri-Mondulkiri Provincial Anti-Human-Trafficking "
                  "and Juvenile Protection Office", "Ministry of Labour and Vocational Training "
                  "(Department of Labour Inspection, Occupational Safety and Health)")
    sentences = Table(
        "Sentences of the convicted", ("Sentence", "This period", "Previous period", "Change"),
        (("Less than 1 year", "4", "9", "−56%"), ("1 to 5 years", "61", "58", "+5%"),
         ("5 to 10 years", "72", "55", "+31%"), ("10 years or more", "19", "11", "+73%"),
         ("Fully suspended", "8", "6", "+33%"), ("Fined (among all convicted)", "97", "80",
                                                  "+21%"),
         ("Convicted in absentia", "3", "5", "−40%")),
        ("l", "r", "r", "r"), (), "prosecution-sentences", None, (0.4, 0.2, 0.2, 0.2))
    case_rows = tuple(
        (f"C-2025-{i:05d}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
         long_names[i % 2] if i % 9 == 0 else ("Phnom Penh Municipal Police" if i % 3
                                              else "Siem Reap Provincial Court"),
         ("sex", "labor", "forced criminality")[i % 3], str(1 + i % 4))
        for i in range(1, 181))
    huge = " ".join(
        f"Sentence {i} of the ministry's narrative explains the work of the provincial "
        f"committees, the training of {i * 3} officers and the referral of victims."
        for i in range(1, 400))
    huge = (huge * 2)[:40_000]
    khmer = ("ការជួញដូរមនុស្ស គឺជាបទល្មើសធ្ងន់ធ្ងរ។ រាជរដ្ឋាភិបាលកម្ពុជា បានពង្រឹងការអនុវត្តច្បាប់ "
             "ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ ក្នុងឆ្នាំ ២០២៥។")
    prosecution = Section("prosecution", "Prosecution", (
        Paragraph("The government investigated 412 trafficking cases involving 596 suspects, "
                  "prosecuted 287 persons and convicted 164.", "lead"),
        small_chart,
        Table("Investigations, prosecutions and convictions",
              ("", "This period", "Previous (same span)", "Change"),
              (("Investigations (cases)", "412", "358", "+15%"),
               ("Suspects investigated", "596", "521", "+14%"),
               ("Prosecutions", "287", "301", "−5%"), ("Convictions", "164", "139", "+18%"),
               ("Acquittals", "12", "19", "−37%"), ("Dismissed", "7", "4", "+75%")),
              ("l", "r", "r", "r"), (), "prosecution-overview", None, (0.4, 0.2, 0.2, 0.2)),
    ), (
        Section("prosecution-forms", "Forms of exploitation", (
            Table("Investigations by form of exploitation",
                  ("Form", "This period", "Previous (same span)", "Change"),
                  tuple(by_form_rows), ("l", "r", "r", "r"), (len(by_form_rows) - 1,),
                  "prosecution-by-form", None, (0.4, 0.2, 0.2, 0.2)),
            chart,
        ), level=2),
        Section("prosecution-sentences", "Sentences", (sentences,), level=2),
        Section("prosecution-cases", "Cases opened in the period", (
            Table("Cases opened in the period", ("Case", "Opened", "Lead agency", "Form",
                                                 "Suspects"),
                  case_rows, ("l", "l", "l", "l", "r"), (), "prosecution-cases", None,
                  (0.16, 0.13, 0.45, 0.16, 0.1)),
        ), level=2),
        Section("prosecution-case-examples", "Case examples", (
            Paragraph("In March 2025 the Phnom Penh Municipal Court convicted three members "
                      "of a network that recruited 46 workers for online scam compounds in "
                      "Sihanoukville; sentences ranged from 7 to 15 years.", "example",
                      "Case C-2025-00412: forced criminality in scam compounds."),
            Paragraph(huge, "body", "Ministry narrative (long)."),
            Paragraph(khmer, "body", "ខ្មែរ / Khmer:"),
            Paragraph("Names as recorded: Ms. Srey Pov Chanthavongsavathdarasouk-"
                      "Phommachanhkhamvongsavanh, Mr. Oudommeanchey Sotheaphirunrattanakosal, "
                      "and the Supercalifragilisticexpialidocious-Trading-Company-Limited "
                      "(registration KH-000000000000000000000000000000012345).", "body"),
        ), level=2),
    ))

    protection = Section("protection", "Protection", (
        Paragraph("No victim data was supplied for this period.", "warning"),
        Paragraph("The Victims sheet was not in any of the files given; the figures of this "
                  "chapter will follow in the supplementary update.", "note"),
    ))
    prevention = Section("prevention", "Prevention", (
        Paragraph("The government carried out 236 prevention activities reaching 184,320 "
                  "people.", "lead"),
        Chart("Prevention activities by kind",
              "Bar chart: trainings 88 this period, 70 previously; awareness campaigns 61 "
              "this period, 55 previously; labor inspections 52 this period, 49 previously; "
              "agreements 6 this period, 4 previously; policies 9 this period, 8 previously; "
              "hotlines 3 this period, 3 previously; budget allocations 17 this period, "
              "9 previously.",
              ("Trainings", "Awareness campaigns", "Labor inspections",
               "Agreements (MOUs, bilateral, regional)", "Policies, laws and plans", "Hotlines",
               "Budget allocations"),
              (("Previous period", (70, 55, 49, 4, 8, 3, 9)),
               ("This period", (88, 61, 52, 6, 9, 3, 17))), "prevention-kinds",
              horizontal=True, value_label="activities"),
        Table("Money spent or allocated (activities started in the period)",
              ("Currency", "This period", "Previous period"),
              (("KHR", "1,254,300,000 KHR", "998,000,000 KHR"),
               ("USD", "412,500 USD", "380,250 USD")),
              ("l", "r", "r"), (), "prevention-money", "Amounts per currency, never converted."),
    ))
    data_notes = Section("data-notes", "Data notes", (
        Paragraph("How the figures are counted, where the data came from, and what was not "
                  "supplied.", "lead"),
    ), (
        Section("data-notes-rules", "How the figures are counted", (
            BulletList(("Investigations: cases whose opened_on falls in the period.",
                        "Prosecutions: defendants whose charged_on falls in the period.",
                        "Convictions and acquittals: defendants by verdict_on with that verdict.",
                        "Victims identified: victims by identified_on.",
                        "Activities: those whose start–end overlaps the period; participants "
                        "and amounts count once, in the period they started.")),
        ), level=2),
        Section("data-notes-missing", "Not supplied", (
            Paragraph("These sheets or columns were not supplied:", "body"),
            BulletList(("Victims (victims identified and their care)",
                        "Defendants.prison_months empty for every row",
                        "Activities.amount empty for 12 rows")),
            Paragraph("Text from the workbooks is printed literally: <script>alert(1)</script> "
                      "{{ 7*7 }} =HYPERLINK(\"http://x\",\"y\")", "note"),
        ), level=2),
        Section("data-notes-sources", "Data sources", (
            Table("Files read", ("File", "Sheet", "Rows"),
                  (("moi-cases-2025-national-committee-for-counter-trafficking-final-v3.xlsx",
                    "Cases", "1,204"), ("mosvy-victims.xlsx", "Victims", "0"),
                   ("activities.ods", "Activities", "388")),
                  ("l", "l", "r"), (), "data-sources", None, (0.6, 0.25, 0.15)),
        ), level=2, ),
    ))
    readiness = Section("readiness", "Readiness", (
        Paragraph("How a TIP analyst will likely read the figures, compared like for like.",
                  "warning"),
        Table("Likely reading per pillar", ("Pillar", "Efforts", "Rose ≥ 5%", "Fell ≥ 5%"),
              (("Prosecution", "maintained (mixed)", "investigations, convictions",
                "prosecutions"), ("Protection", "no data", "–", "–"),
               ("Prevention", "increased", "activities, people reached", "–")),
              ("l", "l", "l", "l"), (), "readiness-verdicts", None, (0.2, 0.25, 0.3, 0.25)),
        Paragraph("Deadline: 6 February 2026 — 7 days left after the submission date."),
        BulletList(("Victims not supplied", "Defendants.prison_months empty")),
    ))
    cover = Cover("Cambodia", "National Committee for Counter Trafficking (NCCT)",
                  "Submission to the 2026 Trafficking in Persons Report",
                  "1 April 2025 – 31 March 2026", "15 January 2026", "30 January 2026",
                  "H.E. Chou Bun Eng", "secretariat@ncct.gov.kh",
                  ("Built with rows left out for errors: see the data notes.",))
    return Document(
        cover=cover,
        sections=(summary, recommendations, prosecution, protection, prevention, data_notes),
        title="Cambodia — Submission to the 2026 Trafficking in Persons Report",
        author="National Committee for Counter Trafficking (NCCT)",
        subject="Trafficking in Persons Report 2026: reporting period 1 April 2025 – 31 March "
                "2026, data through 15 January 2026",
        language="en", submitted_on=dt.date(2026, 1, 30), page_size=page_size,
        running_header="Cambodia · Submission to the 2026 Trafficking in Persons Report",
        running_footer="Submitted 30 January 2026 · data through 15 January 2026",
        readiness=readiness,
        labels={"contents": "Contents", "page": "Page", "of": "of"},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="/tmp/tipreport-demo")
    parser.add_argument("--letter", action="store_true", help="US Letter instead of A4")
    args = parser.parse_args(argv)
    from tipreport.render.docx import render_docx
    from tipreport.render.html import render_html
    from tipreport.render.pdf import render_pdf

    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    document = demo_document("letter" if args.letter else "a4")
    for name, make in (("demo.html", lambda: render_html(document)),
                       ("demo.pdf", lambda: render_pdf(document)),
                       ("demo.docx", lambda: render_docx(document))):
        start = time.perf_counter()
        data = make()
        write_atomic(folder / name, data)
        print(f"{folder / name}: {len(data):,} bytes in {time.perf_counter() - start:.1f} s")
        for message in getattr(data, "warnings", []):
            print(f"  {message}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
