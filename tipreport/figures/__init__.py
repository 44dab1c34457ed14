"""The figures: every number of the submission, for this period and the previous one.

:func:`compute` turns a :class:`~tipreport.dataset.Dataset` into one immutable
:class:`Figures` object, which also carries what the document says besides numbers (the
ministry's narrative, the sheets supplied, the sources, the rows left out). The PDF, the DOCX,
the HTML, the generated prose and the charts all read from it; nothing else computes a number.
Counting rules: ``shared/spec/submission.md`` and ``docs/figures.md``.

The modules, one per part::

    model.py        Figure, Money, Terms, Gaps, Verdict, Figures
    filters.py      Filter, Condition: which rows a figure counts, as conditions on one sheet
    counting.py     rows → Figures (one table, three windows, breakdowns, each its filter)
    prosecution.py  investigations … sentences, officials, case examples, other offences
    protection.py   victims identified and what happened to them
    activities.py   each pillar's activities, reach and money
    coverage.py     the period ledger, gaps, verdicts, recommendations, evidence, narrative
    compute.py      compute(), and the same figures over another window (over_window)
    keys.py         figures.get("dotted.key"), every key, JSON
    sent.py         what the document sent holds: <name>.figures.json, written and read back
    update.py       the supplementary update: what was sent, reconciled with the data now
"""

from .compute import compute
from .coverage import HEADLINES, LEDGER_BUCKETS, VERDICT_THRESHOLD
from .filters import Condition, Filter
from .model import PERCENT_BASE, WINDOWS, Figure, Figures, Gaps, Money, Terms, Verdict
from .prosecution import SENTENCE_BANDS, TIP_FORMS

__all__ = ["Figure", "Figures", "Money", "Terms", "Gaps", "Verdict", "compute", "WINDOWS",
           "VERDICT_THRESHOLD", "SENTENCE_BANDS", "TIP_FORMS", "HEADLINES", "LEDGER_BUCKETS",
           "PERCENT_BASE", "Filter", "Condition"]
