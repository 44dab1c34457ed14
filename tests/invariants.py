"""The document's statements, held to the data: one function per rule, each raising
AssertionError with what it found. ``check_all(figures, document)`` runs them all.

They read the composed :class:`~tipreport.document.Document` (what every renderer prints) and
the :class:`~tipreport.figures.Figures` it was made from, so they run on any data set without
rendering a PDF. A rule added to the document gets its invariant here, in the same module.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

import numpy as np

from tipreport.document import BulletList, Document, Paragraph, Section, Table
from tipreport.figures import Figure, Figures, Money, Terms
from tipreport.figures.model import PERCENT_BASE

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_DATE = re.compile(rf"(\d{{1,2}}(–\d{{1,2}})? )?({MONTHS})( \d{{4}})?")
_NUMBER = re.compile(r"(?<![\w.])[−+-]?\d[\d,]*(?:\.\d+)?")
_NONE_SENTENCE = re.compile(r"\b(no|none)\b[^.]*\b(recorded|supplied)\b", re.I)


def parse(text: str) -> float | None:
    """``"1,234"`` → 1234.0; ``"−5"`` → -5.0; anything else → None."""
    m = re.fullmatch(r"\s*([−+-]?)([\d,]+(?:\.\d+)?)\s*", text or "")
    if not m:
        return None
    value = float(m.group(2).replace(",", ""))
    return -value if m.group(1) in ("−", "-") else value


def first_number(text: str) -> float | None:
    """The first number of a cell: ``"104 (95)"`` → 104."""
    m = re.match(r"\s*([\d,]+(?:\.\d+)?)", text or "")
    return float(m.group(1).replace(",", "")) if m else None


def bracketed(text: str) -> float | None:
    """The number in brackets of a cell: ``"104 (95)"`` → 95."""
    m = re.search(r"\(([\d,]+(?:\.\d+)?)\)", text or "")
    return float(m.group(1).replace(",", "")) if m else None


def walk(document: Document) -> Iterator[tuple[Section, Any]]:
    for section in document.walk():
        for block in section.blocks:
            yield section, block


# --- what the figures hold ----------------------------------------------------------------------


def figure_values(figures: Figures) -> set[float]:
    """Every number the figures hold (values of every figure and breakdown, list lengths,
    sentence terms, money and its USD equivalent, the period's years)."""
    out: set[float] = set()
    rate = figures.submission.get("usd_rate")

    def visit(node: Any) -> None:
        if isinstance(node, Figure):
            for v in (node.current, node.previous, node.previous_full):
                out.add(float(v))
                if rate:
                    out.add(float(round(v / rate)))
                    out.add(float(round(v)))
            for parts in node.by.values():
                for f in parts.values():
                    visit(f)
        elif isinstance(node, Money):
            for f in node.by_currency.values():
                visit(f)
        elif isinstance(node, Terms):
            for w in node.windows.values():
                for v in w.values():
                    if isinstance(v, (int, float)):
                        out.add(float(v))
                        out.update(float(x) for x in divmod(round(v), 12))
        elif isinstance(node, dict):
            for v in node.values():
                visit(v)
        elif isinstance(node, (list, tuple)):
            out.add(float(len(node)))
            for v in node:
                visit(v)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            out.add(float(node))
            out.update(float(x) for x in divmod(round(node), 12))

    visit(figures.pillars)
    visit(figures.agreements)
    visit(figures.recommendations)
    visit(figures.notes)
    visit([dict(e) for e in figures.ledger])
    for key in ("usd_rate", "minimum_sentence_months"):
        if figures.submission.get(key):
            out.add(float(figures.submission[key]))
    out.update(float(y) for y in (figures.year, figures.year - 1, figures.year - 2))
    # numbers inside the law names the prose quotes ("Labour Law (1997), Art. 15")
    for node in (figures.prosecution["investigations"], figures.prosecution[
            "convictions_other_laws"]):
        for name in node.by.get("law", {}):
            out.update(float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", name))
    return out


# --- the invariants --------------------------------------------------------------------------------


def numbers_in_prose_are_figures(figures: Figures, document: Document) -> None:
    """Every number in generated prose is a value the figures hold."""
    allowed = figure_values(figures)
    for section, block in walk(document):
        if not isinstance(block, Paragraph) or block.source != "generated":
            continue
        text = _DATE.sub(" ", block.text)
        text = re.sub(r"<\d+", " ", text)  # a suppressed small count ("<5")
        for token in _NUMBER.findall(text):
            value = parse(token.lstrip("+"))
            if value is None:
                continue
            assert abs(value) in allowed, (
                f"{section.id}: {token} is in generated prose but is no figure: {block.text!r}")


def _numeric_columns(table: Table) -> list[int]:
    if table.additive:
        return list(table.additive)
    cols = []
    for i, head in enumerate(table.header):
        if i and i < len(table.align) and table.align[i] == "r" and "Change" not in head:
            cols.append(i)
    return cols


def parts_never_exceed_their_row(figures: Figures, document: Document) -> None:
    """In every table, a row indented under another ("of which") is never larger than it,
    unless its row is marked as one that may be (its label says why)."""
    for section, table in walk(document):
        if not isinstance(table, Table) or not table.levels:
            continue
        cols = _numeric_columns(table)
        for r, row in enumerate(table.rows):
            level = table.levels[r]
            if level == 0 or r in table.may_exceed:
                continue
            parent = next((p for p in range(r - 1, -1, -1) if table.levels[p] < level), None)
            if parent is None:
                continue
            for c in cols:
                mine = first_number(row[c]) if c < len(row) else None
                theirs = first_number(table.rows[parent][c])
                if mine is None or theirs is None:
                    continue
                assert mine <= theirs, (
                    f"{section.id} › {table.caption}: {row[0]!r} ({row[c]}) exceeds "
                    f"{table.rows[parent][0]!r} ({table.rows[parent][c]})")
                mine_b, theirs_b = bracketed(row[c]), bracketed(table.rows[parent][c])
                if mine_b is not None and theirs_b is not None:
                    assert mine_b <= theirs_b, (
                        f"{section.id} › {table.caption}: {row[0]!r} {row[c]} exceeds "
                        f"{table.rows[parent][c]} in brackets")


def _claim_holds(figures: Figures, claim: tuple[str, ...]) -> bool:
    kind = claim[0]
    if kind == "not_supplied":
        return not figures.is_supplied(claim[1])
    if kind == "no_records":
        return figures.is_supplied(claim[1]) and not len(figures.tables[claim[1]])
    if kind == "no_action":
        rec = next(r for r in figures.recommendations["list"] if str(r["rec_id"]) == claim[1])
        return rec["status"] == "not_started" and not rec["response"]
    if kind == "none_current":
        if claim[1] == "agreements":
            in_force = []
            for p in ("prosecution", "protection", "prevention", "partnership"):
                node = figures.pillars[p]
                node = node["activities"] if isinstance(node.get("activities"), dict) else node
                in_force += [i for i in node["agreements"] if i["status"] == "in_force"]
            return figures.agreements.current == 0 and not in_force
        return figures.get(claim[1]).current == 0
    if kind == "no_defendants":
        return any(e["case_id"] == claim[1] and not e["outcome"]["defendants"]
                   for e in figures.prosecution["case_examples"])
    if kind == "no_gaps":
        g = figures.gaps
        return not (g.not_supplied or g.no_records or g.empty_columns or g.missing_months
                    or g.missing_months_previous or g.recorded_from or g.jumps)
    if kind == "none":
        key = claim[1]
        if key == "agreements":
            lists = []
            for p in ("prosecution", "protection", "prevention", "partnership"):
                node = figures.pillars[p]
                lists += (node["activities"] if "activities" in node
                          and isinstance(node["activities"], dict) else node)["agreements"]
            a = figures.agreements
            return not lists and not (a.current or a.previous or a.previous_full)
        if key.endswith(".activities") and key.split(".")[0] in ("prosecution", "protection",
                                                                 "prevention", "partnership"):
            node = figures.pillars[key.split(".")[0]]
            node = node["activities"] if isinstance(node.get("activities"), dict) else node
            a = node["activities"]
            return not node["list"] and not (a.current or a.previous or a.previous_full)
        node = figures.get(key)
        if isinstance(node, Figure):
            return not (node.current or node.previous or node.previous_full)
        return not node
    raise AssertionError(f"unknown claim {claim}")


def none_sentences_are_true(figures: Figures, document: Document) -> None:
    """Every "no … recorded / supplied" sentence carries a claim, and the claim holds."""
    for section, block in walk(document):
        texts = []
        if isinstance(block, Paragraph):
            texts = [(block.text, block.claim, block.source)]
        elif isinstance(block, BulletList):
            texts = [(t, (), "generated") for t in block.items]
        for text, claim, source in texts:
            if claim:
                assert _claim_holds(figures, claim), (
                    f"{section.id}: the sentence {text!r} claims {claim}, which is false")
            elif source != "ministry" and _NONE_SENTENCE.search(text) and \
                    not text.startswith(("Not recorded for any record", "No records in",
                                         "Previous period: no records")):
                raise AssertionError(f"{section.id}: {text!r} says something is missing but "
                                     "carries no claim to check")


def notes_match_the_ledger(figures: Figures, document: Document) -> None:
    """The data notes' ledger table and sentences give the period ledger's counts; the
    warning about records to follow gives the same total."""
    ledger = {e["sheet"] + "." + e["column"]: e for e in figures.ledger}
    notes = next(s for s in document.walk() if s.id == "data-notes")
    tables = [b for s in document.walk() if s.id.startswith("data-notes")
              for b in s.blocks if isinstance(b, Table) and b.key == "data-notes-ledger"]
    (table,) = tables
    columns = ("current", "after_data_through", "after_submission", "previous", "outside",
               "undated")
    assert len(table.rows) == len(figures.ledger)
    n = document.suppress_below
    for row, entry in zip(table.rows, figures.ledger):
        if not figures.is_supplied(entry["sheet"]):
            assert row[1].startswith("not supplied") and not any(row[2:]), row
            continue
        assert [parse(c) if not c.startswith("<") else f"<{n}" for c in row[1:]] == [
            f"<{n}" if 0 < entry[c] < n else entry[c] for c in columns], (row, entry)
    follow = sum(e["after_data_through"] for e in ledger.values())
    text = " ".join(b.text for b in notes.blocks if isinstance(b, Paragraph))
    m = re.search(r"([\d,]+) records? dated after .*? will follow", text)
    if follow and 0 < follow < n:
        assert f"<{n} records dated after" in text, text
    elif follow:
        assert m and parse(m.group(1)) == follow, (follow, text)
        warning = next(w for w in figures.warnings if "supplementary update" in w)
        assert warning.startswith(f"{follow:,} record")
    else:
        assert not m, text


def no_percent_on_a_small_base(figures: Figures, document: Document) -> None:
    """A percentage change is printed only where the previous value is at least 10."""
    for section, block in walk(document):
        if isinstance(block, Table) and block.compare:
            for row in block.rows:
                if len(row) > 3 and "%" in row[3]:
                    previous = parse(row[2])
                    assert previous is not None and previous >= PERCENT_BASE, (
                        f"{section.id} › {block.caption}: {row[0]!r} has {row[3]} on a base "
                        f"of {row[2]}")
        if isinstance(block, Paragraph) and block.source == "generated":
            assert "%" not in block.text, f"{section.id}: a percent in prose: {block.text!r}"


def summary_claims_hold(figures: Figures, document: Document) -> None:
    """The summary's sentences and its table say what the figures say."""
    summary = next(s for s in document.sections if s.id == "summary")
    text = " ".join(b.text for b in summary.blocks if isinstance(b, Paragraph))
    other = figures.prosecution["convictions_other_laws"].current
    assert "Every figure counts only trafficking" not in text
    if other:
        assert f"the {other:,} person" in text and "convicted under other laws" in text, text
    else:
        assert "convicted under other laws" not in text
    linked = figures.protection["victims_in_other_offences"].by["status"]["confirmed"].current
    if linked:
        assert f"include {linked:,} linked to cases recorded as offences other than" in text
    (table,) = [b for b in summary.blocks if isinstance(b, Table)]
    from tipreport.views import headlines, is_supplied

    for (_, label, fig), row in zip(headlines(figures), table.rows):
        assert row[0] == label
        n = document.suppress_below
        if is_supplied(figures, fig):
            for cell, value in ((row[1], fig.current), (row[2], fig.previous)):
                if 0 < value < n:
                    assert cell in (f"<{n}", "x"), (label, row)
                elif cell != "x":
                    assert parse(cell) == value, (label, row)
        else:
            assert row[1].startswith("not supplied"), (label, row)
    for sheet, word in (("Cases", "investigated"), ("Victims", "identified")):
        if not figures.is_supplied(sheet):
            assert re.search(rf"{word} 0\b", text) is None, text


def nothing_is_cut(figures: Figures, document: Document) -> None:
    """No text of the document is shortened with an ellipsis."""
    for section, block in walk(document):
        texts: list[str] = []
        if isinstance(block, Paragraph):
            texts = [block.text, block.title or ""]
        elif isinstance(block, Table):
            texts = [c for row in block.rows for c in row] + list(block.header)
        elif isinstance(block, BulletList):
            texts = list(block.items)
        for t in texts:
            assert "…" not in t, f"{section.id}: cut text {t!r}"


def no_paths_or_identifiers(figures: Figures, document: Document) -> None:
    """The document sent names no folder and no column identifier (``Victims.age``)."""
    import os

    folders = {os.path.dirname(s["file"]) for s in figures.sources if os.path.dirname(s["file"])}
    for section, block in walk(document):
        texts: list[str] = []
        if isinstance(block, Paragraph):
            texts = [block.text]
        elif isinstance(block, Table):
            texts = [c for row in block.rows for c in row]
        elif isinstance(block, BulletList):
            texts = list(block.items)
        for t in texts:
            assert not re.search(r"\b(Cases|Defendants|Victims|Activities)\.[a-z_]+\b", t), (
                f"{section.id}: a column identifier in {t!r}")
            for folder in folders:
                assert folder not in t, f"{section.id}: a folder in {t!r}"


def suppression_holds(figures: Figures, document: Document) -> None:
    """With small-cell suppression, no table cell, prose or chart label shows a count from 1 to
    N-1, and no suppressed count is the difference of a shown total and its other parts."""
    n = document.suppress_below
    if not n:
        return
    small = {str(v) for v in range(1, n)}
    for section, block in walk(document):
        if isinstance(block, Table) and (block.compare or block.levels):
            cols = _numeric_columns(block)
            for row in block.rows:
                for c in cols:
                    if c < len(row):
                        assert row[c].split(" (")[0] not in small, (section.id, block.caption, row)
            for parent, level in enumerate(block.levels):
                children = []
                for r in range(parent + 1, len(block.levels)):
                    if block.levels[r] <= level:
                        break
                    if block.levels[r] == level + 1:
                        children.append(r)
                for c in cols:
                    if not children or parse(block.rows[parent][c] or "") is None:
                        continue
                    hidden = [r for r in children if block.rows[r][c].startswith(("<", "x"))]
                    assert len(hidden) != 1, (section.id, block.caption, block.rows[parent][0])
        if hasattr(block, "labels") and block.labels:
            for labels in block.labels:
                assert not set(labels) & small, (section.id, block.caption, labels)


INVARIANTS = (numbers_in_prose_are_figures, parts_never_exceed_their_row,
              none_sentences_are_true, notes_match_the_ledger, no_percent_on_a_small_base,
              summary_claims_hold, nothing_is_cut, no_paths_or_identifiers, suppression_holds)


def check_all(figures: Figures, document: Document) -> None:
    for invariant in INVARIANTS:
        invariant(figures, document)


# --- the supplementary update --------------------------------------------------------------------
# Each reads the update's document and the reconciliation (tipreport.figures.update.Update) it
# was made from.


def _table(document: Document, key: str) -> Table | None:
    return next((b for _, b in walk(document) if isinstance(b, Table) and b.key == key), None)


def update_headlines_add_up(update, document: Document) -> None:
    """In the headline table, the whole period is the same span now plus the rest; a row not
    marked restated gives the value reported for the same span now; every cell is the line's
    value."""
    table = _table(document, "update-headlines")
    assert table is not None, "the update has no headline table"
    from tipreport.views import headlines

    keys = [key for key, _, _ in headlines(update.figures)]
    assert len(table.rows) == len(keys), "one row per headline figure"
    for key, row in zip(keys, table.rows):
        line = update.line(key)
        label, reported, same, rest, whole, previous = row
        if not line.supplied:
            assert "not supplied" in reported and not any((same, rest, whole, previous)), row
            continue
        same, rest, whole = parse(same), parse(rest), parse(whole)
        assert (same, rest, whole, parse(previous)) == (
            line.same_span, line.rest, line.whole, line.previous_full), (key, row)
        assert abs(same + rest - whole) < 0.011, f"{key}: {same} + {rest} ≠ {whole}"
        restated = label.endswith("– restated")
        assert restated == line.restated, f"{key}: marked {restated}, restated {line.restated}"
        if line.sent == "value":
            assert parse(reported) == line.reported, (key, row)
            if not restated:
                assert abs(parse(reported) + rest - whole) < 0.011, (
                    f"{key}: reported {reported} + rest {rest} ≠ whole {whole}")


def restatements_are_named(update, document: Document) -> None:
    """Every restated figure is in the restatements table with the value reported, the value
    now and the change; nothing else is; with none, the section says so."""
    table = _table(document, "update-restatements")
    lines = update.restatements
    if not lines:
        assert table is None
        claims = [b.claim for _, b in walk(document) if isinstance(b, Paragraph)]
        assert ("none", "restatements") in claims, "no restatement, and no sentence saying so"
        return
    assert table is not None and len(table.rows) == len(lines), (
        f"{len(lines)} restatements, {0 if table is None else len(table.rows)} rows")
    labels = [row[0] for row in table.rows]
    assert len(set(labels)) == len(labels), "two restatements read the same"
    for line, (label, reported, now, change) in zip(lines, table.rows):
        if line.sent == "value":
            assert parse(reported) == line.reported, (line.key, reported)
            assert parse(change) == parse(now) - parse(reported), (line.key, change)
        assert parse(now) == line.same_span, (line.key, now)
    previous = _table(document, "update-previous-restatements")
    assert len(update.previous_restatements) == (0 if previous is None else len(previous.rows))


def moved_answers_only(update, document: Document) -> None:
    """The recommendations section quotes exactly the answers that moved."""
    section = next(s for s in document.walk() if s.id == "update-recommendations")
    quoted = [b.title.split(" · ")[0] for b in section.blocks
              if isinstance(b, Paragraph) and b.style == "quote"]
    assert quoted == [str(r["rec_id"]) for r in update.recommendations]


def update_numbers_are_its_values(update, document: Document) -> None:
    """Every number in the update's generated prose is a count the update holds (the number
    of restatements, records left out) or part of a date."""
    f = update.figures
    allowed = {float(update.restated_count), float(f.notes["after_data_through_total"]),
               float(f.notes["after_submission_total"]), float(f.year),
               float(f.period.start.year), float(f.period.end.year)}
    for section, block in walk(document):
        if not isinstance(block, Paragraph) or block.source != "generated":
            continue
        text = _DATE.sub(" ", block.text)
        for token in _NUMBER.findall(text):
            value = parse(token.lstrip("+"))
            if value is not None:
                assert abs(value) in allowed, f"{section.id}: {token} in {block.text!r}"


UPDATE_INVARIANTS = (update_headlines_add_up, restatements_are_named, moved_answers_only,
                     update_numbers_are_its_values)


def determined(pairs: Iterable[tuple[Any, Any]], hidden: Iterable[Any]) -> list:
    """The hidden cells whose value follows exactly from the totals shown: ``pairs`` are
    (total, its parts) of cell keys, and a hidden cell is recovered when its unit vector lies
    in the span of the additivity equations (a rank test, cell by cell)."""
    keys = sorted(hidden, key=str)
    if not keys:
        return []
    matrix = np.array([[(k == t) - (k in parts) for k in keys] for t, parts in pairs],
                      dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    out = []
    for i, k in enumerate(keys):
        unit = np.zeros(len(keys))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            out.append(k)
    return out
