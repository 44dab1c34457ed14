"""The intake contract as data.

One declarative description of every sheet, column, type, code list and alias drives the
reader, the validator, the documentation of the intake format (``docs/intake.md``) and, later,
the blank intake workbook. Adding a column is one edit here.

Names are matched after :func:`normalize`: case, spaces and punctuation do not matter, so
``Case ID``, ``case_id`` and ``CaseID`` are the same header, and ``Forced labour`` and
``ForcedLabour`` the same code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

__all__ = [
    "Column",
    "Sheet",
    "SHEETS",
    "SUBMISSION_KEYS",
    "CODE_LISTS",
    "CODE_ALIASES",
    "PERSONAL_DATA_HEADERS",
    "PERSONAL_DATA_COLUMNS",
    "PERSONAL_TEXT_PATTERNS",
    "NATIONAL_ID_FORMATS",
    "EVENT_DATE_COLUMNS",
    "normalize",
]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize(value: object) -> str:
    """Fold a header, sheet name or code for matching: ``"Date opened"`` → ``"dateopened"``."""
    return _NON_WORD.sub("", str(value).casefold())


# --- code lists -------------------------------------------------------------------------------

SEX = ("female", "male", "other", "unknown")
EXPLOITATION = ("sex", "labor", "forced_criminality", "mixed", "other", "unknown")
OFFENSE = ("trafficking", "sexual_exploitation", "other")
VERDICT = ("pending", "convicted", "acquitted", "dismissed")
VICTIM_STATUS = ("confirmed", "potential")
AGE_GROUP = ("child", "adult", "unknown")
IDENTIFIED_BY = (
    "police", "immigration", "labor_inspection", "social_services", "ngo",
    "foreign_government", "court", "self", "other", "unknown",
)
SERVICES = (
    "shelter", "medical", "psychosocial", "legal", "education", "livelihood",
    "reintegration", "repatriation", "other",
)
SHELTER = ("government", "ngo", "none", "unknown")
PILLAR = ("prosecution", "protection", "prevention", "partnership")
ACTIVITY_KIND = (
    "training", "awareness", "labor_inspection", "hotline", "agreement", "policy", "budget",
    "screening", "shelter", "coordination", "other",
)
CHANNEL = ("in_person", "online", "broadcast")
REC_STATUS = ("implemented", "in_progress", "not_started", "not_accepted")
NARRATIVE_SECTION = (
    "introduction", "prosecution", "protection", "prevention", "partnership", "profile",
    "challenges", "conclusion",
)

CODE_LISTS: dict[str, tuple[str, ...]] = {
    "sex": SEX,
    "exploitation": EXPLOITATION,
    "offense": OFFENSE,
    "verdict": VERDICT,
    "victim_status": VICTIM_STATUS,
    "age_group": AGE_GROUP,
    "identified_by": IDENTIFIED_BY,
    "services": SERVICES,
    "shelter": SHELTER,
    "pillar": PILLAR,
    "activity_kind": ACTIVITY_KIND,
    "channel": CHANNEL,
    "rec_status": REC_STATUS,
    "narrative_section": NARRATIVE_SECTION,
}

#: Other spellings of codes, per code list. Matching is after :func:`normalize`, so only
#: genuinely different words need listing (``Forced labour`` and ``forced_labour`` are one).
CODE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "sex": {
        "female": ("f", "woman", "women", "girl", "femme", "Woman/Girl"),
        "male": ("m", "man", "men", "boy", "Man/Boy"),
        "other": ("x", "nonbinary", "non-binary", "transgender", "Other gender"),
        "unknown": ("u", "not known", "not recorded", "n/a", "NotSpecified", "Unknown gender"),
    },
    "exploitation": {
        "sex": (
            "sexual", "sex trafficking", "sexual exploitation", "SexualExploitation",
            "commercial sexual exploitation", "prostitution",
        ),
        "labor": (
            "labour", "forced labor", "forced labour", "ForcedLabour", "labor trafficking",
            "labour trafficking", "labor exploitation", "labour exploitation", "child labor",
            "child labour", "ChildLabour", "servitude", "domestic servitude", "forced begging",
            "ForcedBegging", "begging", "debt bondage", "bonded labour", "bonded labor",
        ),
        "forced_criminality": (
            "forced criminal activity", "forced criminal activities", "ForcedCriminalActivity",
            "forced crime", "criminal exploitation", "online scam", "scam compound",
            "forced scamming", "forced to commit crimes",
        ),
        "mixed": ("sex and labor", "sex and labour", "labour and sex", "labor and sex", "both"),
        "other": (
            "ForcedMarriage", "forced marriage", "ForcedMilitaryByNonStateActors",
            "forced military", "OrganRemoval", "organ removal", "organ trafficking",
            "ForcedAdoption", "forced adoption", "Surrogacy", "OtherExploitation",
        ),
        "unknown": ("not known", "not recorded", "n/a", "NotSpecified", "unspecified"),
    },
    "offense": {
        "trafficking": (
            "human trafficking", "trafficking in persons", "TIP", "HT", "trafficking offence",
        ),
        "sexual_exploitation": (
            "sexual exploitation", "commercial sexual exploitation", "CSE",
            "sexual exploitation not trafficking",
        ),
        "other": ("other offence", "other offense", "non trafficking"),
    },
    "verdict": {
        "pending": ("ongoing", "in progress", "on trial", "awaiting trial", "open"),
        "convicted": ("conviction", "guilty", "sentenced"),
        "acquitted": ("acquittal", "not guilty", "found not guilty"),
        "dismissed": ("dropped", "dismissal", "withdrawn", "case dismissed"),
    },
    "victim_status": {
        "confirmed": (
            "actual", "ActualVictimOfTrafficking", "actual victim", "confirmed victim",
            "victim", "identified",
        ),
        "potential": (
            "possible", "PossibleVictimOfTrafficking", "possible victim", "potential victim",
            "presumed", "presumed victim", "suspected",
        ),
    },
    "age_group": {
        "child": ("minor", "children", "under 18", "0-17", "juvenile", "below 18"),
        "adult": ("adults", "18+", "over 18", "18 and over", "majority"),
        "unknown": ("not known", "n/a"),
    },
    "identified_by": {
        "police": ("law enforcement", "anti human trafficking police", "AHTJP", "gendarmerie"),
        "immigration": ("border police", "border", "immigration police", "immigration officer"),
        "labor_inspection": ("labour inspection", "labor inspector", "labour inspector"),
        "social_services": ("social affairs", "social worker", "MoSVY", "social welfare"),
        "ngo": ("non-governmental organisation", "non-governmental organization", "civil society"),
        "foreign_government": ("foreign authorities", "embassy", "foreign police"),
        "court": ("prosecutor", "judge", "judiciary"),
        "self": ("self-identified", "self identified", "self-referral", "self referral"),
        "other": (),
        "unknown": ("not known", "n/a", "not recorded"),
    },
    "services": {
        "shelter": ("accommodation", "housing", "SocialCare"),
        "medical": ("health", "Health", "medical care", "health care", "healthcare"),
        "psychosocial": ("counselling", "counseling", "psychological", "mental health"),
        "legal": ("legal aid", "legal assistance", "Legal"),
        "education": ("schooling", "Education"),
        "livelihood": ("vocational training", "job placement", "Livelihood", "Financial"),
        "reintegration": ("family reunification", "reintegration support"),
        "repatriation": ("return", "return assistance"),
        "other": (),
    },
    "shelter": {
        "government": ("state", "public", "government shelter", "state shelter"),
        "ngo": ("ngo shelter", "non-governmental", "private"),
        "none": ("no", "no shelter", "not sheltered"),
        "unknown": ("not known", "n/a"),
    },
    "pillar": {
        "prosecution": ("law enforcement", "justice"),
        "protection": ("victim protection", "victim support"),
        "prevention": (),
        "partnership": ("partnerships", "cooperation", "international cooperation"),
    },
    "activity_kind": {
        "training": ("trainings", "workshop", "capacity building"),
        "awareness": ("awareness raising", "campaign", "awareness campaign", "outreach"),
        "labor_inspection": ("labour inspection", "inspection", "inspections"),
        "hotline": ("helpline", "hot line", "help line"),
        "agreement": ("MOU", "memorandum of understanding", "bilateral agreement", "treaty"),
        "policy": ("law", "regulation", "plan", "national action plan", "guideline", "prakas"),
        "budget": ("funding", "allocation", "budget allocation"),
        "screening": ("victim screening", "screenings"),
        "shelter": ("shelters",),
        "coordination": ("meeting", "committee meeting", "coordination meeting"),
        "other": (),
    },
    "channel": {
        "in_person": ("in person", "face to face", "face-to-face", "direct", "community",
                      "event", "offline"),
        "online": ("social media", "internet", "web", "digital", "facebook", "tiktok",
                   "telegram"),
        "broadcast": ("radio", "television", "tv", "radio and tv", "media", "broadcast media"),
    },
    "rec_status": {
        "implemented": ("done", "completed", "complete"),
        "in_progress": ("ongoing", "partially implemented", "partly implemented", "started"),
        "not_started": ("not yet started", "pending", "planned"),
        "not_accepted": ("rejected", "declined", "not agreed"),
    },
    "narrative_section": {
        "profile": ("trafficking profile", "human trafficking profile"),
        "challenges": ("challenges and gaps", "gaps"),
        "introduction": ("intro", "overview"),
        "conclusion": ("conclusions", "closing"),
    },
}

#: Values of a yes/no column, after :func:`normalize`.
YES = frozenset({"yes", "y", "true", "1", "10", "t", "oui", "បាទ", "ចាស", "មាន"})
NO = frozenset({"no", "n", "false", "0", "00", "f", "non", "ទេ", "គ្មាន"})


# --- columns and sheets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an intake sheet.

    ``kind`` is one of: ``id`` (text compared case-insensitively), ``text``, ``date``, ``code``
    (one value of ``codes``), ``codes`` (a comma-separated list of values of ``codes``),
    ``bool`` (yes/no), ``country``, ``currency``, ``number`` (≥ 0), ``integer`` (whole, ≥ 0),
    ``age`` (whole, 0–120), ``year``.
    """

    name: str
    kind: str
    required: bool = False
    codes: str | None = None  # key into CODE_LISTS
    default: str | None = None
    aliases: tuple[str, ...] = ()
    meaning: str = ""
    #: an event date: counted in the period ledger, and a date after the submission date
    #: removes that event from every figure.
    event: bool = False
    #: a date that may lie in the future (a planned end date).
    future_ok: bool = False
    #: a column the TIP analyst looks for; listed in the gaps when empty for a whole period.
    analyst_needs: bool = False
    #: the largest plausible value of a number column (beyond it: number-out-of-range); a
    #: bound keeps an absurd or infinite number (1e308) out of every sum
    maximum: float | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        return CODE_LISTS[self.codes] if self.codes else ()


@dataclass(frozen=True)
class Sheet:
    """One intake sheet: its columns, its key, and the names it may go by."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    meaning: str = ""
    #: the column whose date puts the sheet's records in a month, for coverage gaps.
    coverage_date: str | None = None

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


C = Column

#: the largest plausible sum of money in any currency (a thousand trillion: far above any
#: budget, fine or award, even in currencies of many digits), and of people reached
MONEY_MAX = 10**15
PEOPLE_MAX = 10**10

CASES = Sheet(
    "Cases",
    meaning="One row per criminal case file.",
    key=("case_id",),
    aliases=("Case", "Case files", "Investigations", "Case register"),
    coverage_date="opened_on",
    columns=(
        C("case_id", "id", True, aliases=("Case ID", "Case number", "Case no", "File number",
          "cas_CaseID", "Case reference"), meaning="Unique across all files."),
        C("opened_on", "date", True, event=True,
          aliases=("Date opened", "Opened", "Investigation opened", "Date of investigation",
                   "Investigation date", "Opening date", "cas_DateOpened", "Date case opened"),
          meaning="The day the investigation opened."),
        C("offense", "code", True, codes="offense",
          aliases=("Offence", "Offense type", "Offence type", "Crime", "Type of offence",
                   "Charge type"),
          meaning="Only trafficking cases count in the TIP figures; the others are shown apart."),
        C("exploitation", "code", codes="exploitation", analyst_needs=True,
          aliases=("Form of exploitation", "Exploitation type", "Type of exploitation",
                   "Trafficking type", "Form", "cas_TypeOfExploitation"),
          meaning="Required when the offense is trafficking."),
        C("online", "bool", aliases=("Online", "Online recruitment", "Scam compound",
                                     "Recruited online", "Cyber"),
          meaning="Recruited or exploited online, scam compounds included."),
        C("province", "text", aliases=("Province", "Location", "Province/city", "Region"),
          meaning="Where it was investigated."),
        C("lead_agency", "text", aliases=("Lead agency", "Agency", "Investigating unit",
                                          "Investigating agency", "Unit"),
          meaning="E.g. Anti-Human Trafficking and Juvenile Protection Police."),
        C("law", "text", aliases=("Law", "Law and article", "Article", "Legal basis",
                                  "Law charged"),
          meaning="The law and article charged."),
        C("summary", "text", aliases=("Summary", "Case summary", "Description",
                                      "Case description"),
          meaning="An anonymised description; rendered only when highlight is yes."),
        C("highlight", "bool", aliases=("Highlight", "Case example", "Include as example",
                                        "Example"),
          meaning="Include the summary as a case example in the submission."),
    ),
)

DEFENDANTS = Sheet(
    "Defendants",
    meaning="One row per suspect per case.",
    key=("case_id", "person_id"),
    aliases=("Defendant", "Suspects", "Suspect", "Perpetrators", "Accused", "Offenders"),
    coverage_date="charged_on",
    columns=(
        C("case_id", "id", True, aliases=("Case ID", "Case number", "Case no", "Case reference"),
          meaning="Must exist in Cases."),
        C("person_id", "id", True,
          aliases=("Person ID", "Suspect ID", "Defendant ID", "Accused ID", "Suspect number",
                   "prs_PersonID", "Perpetrator ID"),
          meaning="Unique within its case."),
        C("sex", "code", codes="sex", aliases=("Sex", "Gender", "prs_Gender")),
        C("nationality", "country", aliases=("Nationality", "Citizenship", "Country",
                                             "prs_Nationality", "prs_Citizenship")),
        C("official", "bool", analyst_needs=True,
          aliases=("Official", "Government official", "Public official", "Complicit official",
                   "Is official"),
          meaning="A government official or employee (complicity)."),
        C("arrested_on", "date", aliases=("Date arrested", "Arrested", "Arrest date",
                                          "Date of arrest")),
        C("charged_on", "date", event=True, analyst_needs=True,
          aliases=("Date charged", "Charged", "Charge date", "Date of charge", "Indicted",
                   "Date indicted", "Sent to court", "Date sent to court", "Prosecuted on",
                   "Date prosecuted"),
          meaning="Prosecution begins (indictment / sent to court)."),
        C("verdict", "code", codes="verdict", default="pending", analyst_needs=True,
          aliases=("Verdict", "Outcome", "Court outcome", "Judgment", "Judgement", "Result")),
        C("verdict_on", "date", event=True, analyst_needs=True,
          aliases=("Verdict date", "Date of verdict", "Judgment date", "Judgement date",
                   "Date of judgment", "Date of judgement", "Date sentenced"),
          meaning="Required when the verdict is not pending."),
        C("in_absentia", "bool", aliases=("In absentia", "Absentia", "Convicted in absentia")),
        C("prison_months", "number", analyst_needs=True, maximum=1200,
          aliases=("Prison months", "Prison term months", "Sentence months",
                   "Prison term (months)", "Sentence (months)", "Imprisonment months",
                   "Months in prison"),
          meaning="Imprisonment imposed, before suspension. Required when convicted."),
        C("suspended", "bool", aliases=("Suspended", "Fully suspended", "Sentence suspended")),
        C("fine", "number", maximum=MONEY_MAX,
          aliases=("Fine", "Fine amount", "Fine (KHR)", "Fine KHR")),
        C("conviction_law", "text", aliases=("Conviction law", "Law of conviction",
                                             "Convicted under", "Other law")),
    ),
)

VICTIMS = Sheet(
    "Victims",
    meaning="One row per identified victim (pseudonymous).",
    key=("victim_id",),
    aliases=("Victim", "Victim register", "Survivors", "Survivor", "Identified victims"),
    coverage_date="identified_on",
    columns=(
        C("victim_id", "id", True,
          aliases=("Victim ID", "Victim code", "Victim number", "Register number",
                   "vic_VictimID", "Survivor ID", "Pseudonym"),
          meaning="A pseudonym or register number, never a name."),
        C("identified_on", "date", True, event=True,
          aliases=("Date identified", "Identified", "Identification date",
                   "Date of identification", "Date rescued", "Rescue date",
                   "vic_DateOfIdentification", "Date registered", "Registration date")),
        C("status", "code", codes="victim_status", default="confirmed",
          aliases=("Status", "Victim status", "Trafficking status", "vic_TraffickingStatus"),
          meaning="Confirmed or potential victim."),
        C("case_id", "id", aliases=("Case ID", "Case number", "Case no", "Case reference"),
          meaning="Links to Cases when known."),
        C("sex", "code", codes="sex", analyst_needs=True,
          aliases=("Sex", "Gender", "prs_Gender")),
        C("age", "age", analyst_needs=True, maximum=120,
          aliases=("Age", "Age at identification", "Age when identified", "Age (years)")),
        C("age_group", "code", codes="age_group",
          aliases=("Age group", "Child/adult", "Child or adult", "Minor/adult", "Majority status"),
          meaning="Used when age is empty; derived from age otherwise."),
        C("nationality", "country", analyst_needs=True,
          aliases=("Nationality", "Citizenship", "Country of origin", "prs_Nationality",
                   "prs_Citizenship")),
        C("exploitation", "code", codes="exploitation", analyst_needs=True,
          aliases=("Form of exploitation", "Exploitation type", "Type of exploitation",
                   "vic_TypeOfExploitation", "Trafficking type")),
        C("exploited_in", "country",
          aliases=("Exploited in", "Country of exploitation", "Destination country",
                   "Destination", "vic_CountryOfExploitation")),
        C("identified_by", "code", codes="identified_by",
          aliases=("Identified by", "Identifying agency", "Identification agency",
                   "Referred by", "Source of identification")),
        C("referred", "bool", analyst_needs=True,
          aliases=("Referred", "Referred to care", "Referral", "Referred to services")),
        C("services", "codes", codes="services",
          aliases=("Services", "Services received", "Assistance", "Assistance received",
                   "Services provided")),
        C("shelter", "code", codes="shelter",
          aliases=("Shelter", "Shelter type", "Sheltered", "Sheltered in")),
        C("repatriated_on", "date", event=True,
          aliases=("Date repatriated", "Repatriated", "Repatriation date", "Date returned",
                   "Return date")),
        C("cooperated", "bool",
          aliases=("Cooperated", "Cooperated with prosecution", "Participated in case",
                   "Testified", "Cooperation")),
        C("compensation", "number", maximum=MONEY_MAX,
          aliases=("Compensation", "Restitution", "Compensation awarded",
                   "Restitution awarded")),
    ),
)

ACTIVITIES = Sheet(
    "Activities",
    meaning="Programmes, trainings, campaigns, inspections, agreements, budget.",
    key=("activity_id",),
    aliases=("Activity", "Programmes", "Programs", "Events", "Actions"),
    coverage_date="start_on",
    columns=(
        C("activity_id", "id", True,
          aliases=("Activity ID", "Activity number", "Activity no", "Reference", "Ref")),
        C("pillar", "code", True, codes="pillar", aliases=("Pillar", "Area", "P")),
        C("kind", "code", True, codes="activity_kind",
          aliases=("Kind", "Type", "Activity type", "Kind of activity", "Category")),
        C("title", "text", True, aliases=("Title", "Activity", "Name of activity",
                                          "Activity title")),
        C("start_on", "date", True, event=True,
          aliases=("Start date", "Start", "Date", "Started", "Date started", "From")),
        C("end_on", "date", future_ok=True,
          aliases=("End date", "End", "Ended", "Date ended", "To", "Until")),
        C("agency", "text", aliases=("Agency", "Lead agency", "Ministry", "Lead ministry",
                                     "Government body")),
        C("partners", "text", aliases=("Partners", "Partner organisations",
                                       "Partner organizations", "With")),
        C("participants", "integer", maximum=PEOPLE_MAX,
          aliases=("Participants", "Number of participants", "People reached", "Reached",
                   "Persons trained", "Inspections", "Number reached")),
        C("amount", "number", analyst_needs=True, maximum=MONEY_MAX,
          aliases=("Amount", "Budget", "Cost", "Funding", "Money", "Amount spent")),
        C("currency", "currency", aliases=("Currency", "Ccy")),
        C("location", "text", aliases=("Location", "Place", "Province", "Venue")),
        C("description", "text", aliases=("Description", "Details", "Notes")),
        C("result", "text", aliases=("Result", "Outcome", "Results", "Outcomes",
                                     "Measurable result")),
        C("channel", "code", codes="channel", default="in_person",
          aliases=("Channel", "Reach channel", "Medium", "How reached"),
          meaning="How an awareness activity reached people: in person (default), online "
                  "(accounts reached) or broadcast (radio, television)."),
    ),
)

RECOMMENDATIONS = Sheet(
    "Recommendations",
    meaning="The previous TIP report's recommendations, answered.",
    key=("rec_id",),
    aliases=("Recommendation", "TIP recommendations", "Recs"),
    columns=(
        C("rec_id", "id", True, aliases=("Rec ID", "Recommendation ID", "No", "Number", "#")),
        C("report_year", "year", maximum=2100,
          aliases=("Report year", "TIP report", "Year", "Edition")),
        C("recommendation", "text", True, aliases=("Recommendation", "Text",
                                                   "Recommendation text")),
        C("prioritized", "bool", aliases=("Prioritized", "Prioritised", "Priority",
                                          "Prioritized recommendation")),
        C("status", "code", True, codes="rec_status", aliases=("Status", "Implementation status",
                                                               "Progress")),
        C("response", "text", aliases=("Response", "Action taken", "Actions taken",
                                       "What was done", "Government response"),
          meaning="Required unless the status is not_started."),
        C("evidence", "text", aliases=("Evidence", "Evidence ids", "Supporting evidence",
                                       "References")),
    ),
)

NARRATIVE = Sheet(
    "Narrative",
    meaning="The ministry's own text.",
    key=(),
    aliases=("Narratives", "Text", "Ministry narrative"),
    columns=(
        C("section", "code", True, codes="narrative_section",
          aliases=("Section", "Chapter", "Part")),
        C("order", "number", maximum=1_000_000, aliases=("Order", "Sequence", "Seq", "No")),
        C("text", "text", True, aliases=("Text", "Paragraph", "Content", "Narrative")),
    ),
)

SUBMISSION = Sheet(
    "Submission",
    meaning="Key / value pairs describing the submission.",
    key=("key",),
    aliases=("Settings", "Cover", "Submission details", "About"),
    columns=(
        C("key", "text", True, aliases=("Key", "Field", "Item", "Setting")),
        C("value", "text", True, aliases=("Value", "Entry")),
    ),
)

#: The intake sheets, in the order the documentation lists them.
SHEETS: dict[str, Sheet] = {
    s.name: s
    for s in (CASES, DEFENDANTS, VICTIMS, ACTIVITIES, RECOMMENDATIONS, NARRATIVE, SUBMISSION)
}

#: Sheets of the blank intake workbook that hold no data (drop-down sources, instructions):
#: recognised and skipped silently, visible or hidden (normalised names).
HELPER_SHEETS = frozenset({"lists", "instructions"})

#: The data sheets (everything but ``Submission``, which is read as key/value pairs).
DATA_SHEETS = tuple(name for name in SHEETS if name != "Submission")


@dataclass(frozen=True)
class SubmissionKey:
    name: str
    #: text, email, number, date, year, language, currency, country (checked by
    #: :mod:`tipreport.settings`, from the sheet and from options alike)
    kind: str
    aliases: tuple[str, ...] = ()
    meaning: str = ""
    #: the plausible range of a number or year
    minimum: float | None = None
    maximum: float | None = None


SUBMISSION_KEYS: dict[str, SubmissionKey] = {
    k.name: k
    for k in (
        SubmissionKey("country", "country", ("Country name",), "The submitting country."),
        SubmissionKey("government_body", "text", ("Body", "Government body", "Submitted by",
                                                  "Institution", "Submitting body"),
                      "The body that submits, e.g. the national committee."),
        SubmissionKey("report_year", "year", ("Year", "Edition", "TIP report", "Report edition"),
                      "The TIP report edition: 2026 means 1 April 2025 – 31 March 2026.",
                      minimum=2000, maximum=2100),
        SubmissionKey("submitted_on", "date", ("Submission date", "Date of submission",
                                               "Date submitted", "Date"),
                      "The date of the submission (default: today)."),
        SubmissionKey("data_through", "date", ("Data through", "Data up to", "Data until",
                                               "Cut-off date", "Cutoff"),
                      "The last day the data covers."),
        SubmissionKey("contact_name", "text", ("Contact", "Contact person", "Point of contact"),
                      "The point of contact."),
        SubmissionKey("contact_email", "email", ("Email", "Contact e-mail", "E-mail"),
                      "The point of contact's e-mail address."),
        SubmissionKey("language", "language", ("Lang",),
                      "Language of the document: a code or a name (en, English, km, Khmer, "
                      "ខ្មែរ), kept as its code (default en)."),
        SubmissionKey("currency", "currency", ("Default currency",),
                      "ISO 4217 currency of fines and compensation (default KHR)."),
        SubmissionKey("deadline", "date", ("Due date", "Closing date", "Due"),
                      "The closing date of the request for information."),
        SubmissionKey("usd_rate", "number", ("USD rate", "Exchange rate", "Rate to USD",
                                             "Units per USD"),
                      "Units of the submission currency per US dollar; when given, a USD "
                      "equivalent is shown beside every amount and the rate is stated in the "
                      "data notes.", minimum=0.0001, maximum=1_000_000),
        SubmissionKey("usd_rate_date", "date", ("USD rate date", "Exchange rate date",
                                                "Rate date"),
                      "The date of the exchange rate (usd_rate)."),
        SubmissionKey("minimum_sentence_months", "number",
                      ("Minimum sentence months", "Minimum sentence", "Statutory minimum",
                       "Minimum prison term months"),
                      "The law's minimum prison term for trafficking, in months (e.g. 84); "
                      "non-suspended terms below it are counted.", minimum=0, maximum=1200),
        SubmissionKey("public_numbers", "text", ("Public numbers", "Hotline numbers",
                                                 "Published numbers"),
                      "Published telephone numbers (hotlines), comma-separated: allowed in "
                      "printed text, never withheld as personal data."),
        SubmissionKey("public_domains", "text", ("Public domains", "Public e-mail domains",
                                                 "Government domains"),
                      "E-mail domains whose addresses may be printed (e.g. the ministry's), "
                      "comma-separated."),
    )
}

#: Headers that identify a person, by what the column holds. Such columns are dropped on
#: reading (one notice each); their values are never used or shown, but those of the kinds in
#: PERSONAL_VALUE_KINDS are kept aside, in memory only, and searched for in the printed free
#: text (:mod:`tipreport.privacy`). Matched after :func:`normalize`, like every header; a header
#: that is one of a sheet's own columns or aliases is that column, never personal data.
#: HTCDS field names come from IOM's Human Trafficking Case Data Standard registers.
PERSONAL_DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "names", "full name", "first name", "last name", "middle name", "second name",
        "surname", "family name", "given name", "maiden name", "other names", "nickname",
        "alias", "aliases", "also known as", "aka", "khmer name", "name in khmer",
        "name (khmer)", "latin name", "name in latin", "name (latin)", "english name",
        "name in english", "victim name", "victim's name", "name of victim",
        "name of the victim", "victim full name", "survivor name", "name of survivor",
        "suspect name", "suspect's name", "name of suspect", "defendant name",
        "name of defendant", "accused name", "name of accused", "offender name",
        "perpetrator name", "trafficker name", "name of trafficker", "child name",
        "child's name", "name of child", "father's name", "father name", "mother's name",
        "mother name", "parent name", "parents' names", "guardian name", "name of guardian",
        "spouse name", "witness name", "case worker", "caseworker", "case worker name",
        "social worker", "social worker name", "case owner", "case manager", "interviewer",
        "interviewed by", "prs_FirstName", "prs_SecondName", "prs_LastName",
        "prs_MiddleName", "cas_CaseOwner", "cas_ReferringPrimaryCaseWorker",
        "cas_ReferredPrimaryCaseWorker",
        # Khmer: name, full name, family name, given name, nickname, name of the victim,
        # suspect, offender, accused, child, father, mother, guardian
        "ឈ្មោះ", "ឈ្មោះពេញ", "នាមត្រកូល", "នាមខ្លួន", "ឈ្មោះហៅក្រៅ", "ឈ្មោះជនរងគ្រោះ",
        "ឈ្មោះជនសង្ស័យ", "ឈ្មោះជនល្មើស", "ឈ្មោះជនជាប់ចោទ", "ឈ្មោះកុមារ", "ឈ្មោះឪពុក",
        "ឈ្មោះម្តាយ", "ឈ្មោះម្ដាយ", "ឈ្មោះអាណាព្យាបាល", "ឈ្មោះជាភាសាខ្មែរ",
        "ឈ្មោះជាអក្សរឡាតាំង",
    ),
    "birth": (
        "date of birth", "DOB", "D.O.B.", "birth date", "birthdate", "birthday", "born",
        "born on", "date born", "year of birth", "prs_Birthdate", "prs_DateOfBirth",
        # Khmer: date of birth, birthday, day and month of birth
        "ថ្ងៃខែឆ្នាំកំណើត", "ថ្ងៃកំណើត", "ថ្ងៃខែកំណើត", "ឆ្នាំកំណើត",
    ),
    "phone": (
        "phone", "phones", "telephone", "tel", "tel no", "mobile", "mobile phone", "cell",
        "cell phone", "cellphone", "phone number", "phone no", "phone no.", "phone #",
        "telephone number", "telephone no", "mobile number", "mobile no", "contact number",
        "contact no", "contact phone", "home phone", "work phone", "whatsapp", "telegram",
        "prs_HomePhone", "prs_MobilePhone", "prs_Phone",
        # Khmer: telephone, telephone number (two spellings)
        "ទូរស័ព្ទ", "លេខទូរស័ព្ទ", "ទូរសព្ទ", "លេខទូរសព្ទ",
    ),
    "email": (
        "email", "e-mail", "email address", "e-mail address", "mail", "facebook",
        "social media account", "prs_Email",
        "អ៊ីមែល", "អ៊ីម៉ែល", "អុីមែល",
    ),
    "address": (
        "address", "home address", "current address", "permanent address", "street",
        "street address", "house number", "house no", "residence", "prs_Address",
        "prs_MailingStreet",
        # Khmer: address, residence, house number
        "អាសយដ្ឋាន", "ទីលំនៅ", "ផ្ទះលេខ",
    ),
    "document": (
        "passport", "passport number", "passport no", "passport no.", "passport #",
        "national ID", "national ID number", "national ID no", "ID card", "ID card number",
        "ID card no", "identity card", "identity card number", "ID number", "ID no",
        "identification number", "NID", "birth certificate", "birth certificate number",
        "family book", "visa number", "work permit number", "prs_IdentityNumber",
        # Khmer: passport, passport number, identity card, its number, family book, birth
        # certificate
        "លិខិតឆ្លងដែន", "លេខលិខិតឆ្លងដែន", "អត្តសញ្ញាណប័ណ្ណ", "លេខអត្តសញ្ញាណប័ណ្ណ",
        "សៀវភៅគ្រួសារ", "សំបុត្រកំណើត",
    ),
    "photo": (
        "photo", "photograph", "picture", "image", "fingerprint", "fingerprints", "biometrics",
        "signature", "រូបថត",
    ),
    # parts of an address or birthplace that name a place many people share: dropped, but not
    # searched for in free text (a province named in a narrative is no one's personal data)
    "place": (
        "village", "commune", "postal code", "postcode", "zip", "zip code", "place of birth",
        "birthplace", "hometown", "prs_MailingCity", "prs_MailingState", "prs_MailingCountry",
        "prs_MailingPostalCode", "prs_MailingLongitude", "prs_MailingLatitude",
        # Khmer: village, commune, place of birth, home district
        "ភូមិ", "ឃុំ", "ទីកន្លែងកំណើត", "ស្រុកកំណើត",
    ),
    # forms of address: dropped, not searched for ("Mr" is no one's)
    "other": ("salutation", "prs_Salutation", "prs_Title"),
}

#: The same, for the spellings no list can hold: regular expressions on the header casefolded,
#: each run of spaces and punctuation made one space ("Victim's name" → "victim s name").
PERSONAL_DATA_HEADER_PATTERNS: dict[str, tuple[str, ...]] = {
    "name": (
        r"^(?:(?:full|first|last|middle|second|family|given|maiden|legal|real|other|local|"
        r"khmer|latin|english|thai|vietnamese)\s)?names?(?:\s(?:in\s)?(?:khmer|latin|english|"
        r"thai|vietnamese|full))?$",
        r"^(?:victim|survivor|suspect|defendant|accused|offender|perpetrator|trafficker|broker|"
        r"recruiter|person|child|minor|mother|father|parent|guardian|spouse|husband|wife|"
        r"witness|informant|caller|client|beneficiary|interviewer|case\s?worker|"
        r"social\s?worker|case\s?owner|case\s?manager)s?(?:\ss)?\s(?:(?:full|first|last|"
        r"family|given|middle|khmer|latin|english)\s)?names?$",
        r"^names?\sof\s(?:the\s)?(?:victim|survivor|suspect|defendant|accused|offender|"
        r"perpetrator|trafficker|person|child|mother|father|parent|guardian|spouse|witness|"
        r"case\s?worker|social\s?worker)s?$",
        r"^ឈ្មោះ\s?ជន",  # Khmer: "name of the … person" (victim, suspect, offender, accused)
    ),
    "birth": (r"^(?:date|day|year)\sof\sbirth\b", r"^(?:birth\s?date|dob|d\so\sb)\b"),
    "phone": (
        r"^(?:(?:home|mobile|cell|work|contact|personal|victim|victim\ss|suspect|parent|"
        r"guardian)\s)?(?:tel|telephone|phone|mobile|cell\s?phone)(?:\s(?:no|nr|num|number|"
        r"numbers|#))?$",
    ),
    "email": (r"^(?:\w+\s)?e\s?mail(?:\s(?:address|addresses|id))?$",),
    "document": (
        r"^(?:passport|national\sid|id\scard|identity\scard|identification\scard)"
        r"(?:\s(?:no|nr|num|number|#))?$",
    ),
}

#: The kinds of personal-data column whose values are searched for in printed free text.
PERSONAL_VALUE_KINDS: tuple[str, ...] = ("name", "birth", "phone", "email", "address",
                                         "document")

#: An address that is only a place ("Phnom Penh") is shared by too many people to be searched
#: for as a phrase (the narrative names places); searched for as a phrase when it has at least
#: this many words or holds a digit (a house or street number), and as the whole text always.
ADDRESS_PHRASE_MIN_WORDS = 3

#: Values of a personal-data column that identify no one: never searched for.
PERSONAL_DATA_PLACEHOLDERS: tuple[str, ...] = (
    "unknown", "not known", "n/a", "na", "none", "nil", "no", "yes", "anonymous", "no name",
    "not recorded", "not given", "not applicable", "withheld", "redacted", "-", "x", "?",
    "មិនដឹង", "គ្មាន",
)

#: Every personal-data header, flat (the documentation lists them).
PERSONAL_DATA_HEADERS: tuple[str, ...] = tuple(
    header for headers in PERSONAL_DATA_COLUMNS.values() for header in headers)

#: Personal data recognised inside printed free text (decisions.md, "Personal data in free
#: text"): kind → (what it is called in messages, regular expression). Khmer digits are made
#: ASCII digits before matching. A phone number needs at least PHONE_MIN_DIGITS digits and a
#: leading ``+`` or ``0``; a date written like 05-01-2025 is not one. Every pattern but the
#: e-mail address is tried only on text holding a digit, the e-mail address only on text
#: holding an ``@``.
PERSONAL_TEXT_PATTERNS: dict[str, tuple[str, str]] = {
    "phone": ("a phone number",
              r"(?<![\w+])(?:\+\s?\(?\d|0\d)[\d ().\-]{5,}\d(?!\w)"),
    "passport": ("a passport number",
                 r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{7,8}(?![A-Za-z0-9])"),
    "email": ("an e-mail address",
              r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"),
}
PHONE_MIN_DIGITS = 8

#: National identity number formats, searched for in printed free text like the patterns
#: above: what the number is called → regular expression. Bare numbers are too common
#: (amounts, years) to be matched alone, so a format without a shape of its own needs the
#: words that introduce it.
NATIONAL_ID_FORMATS: dict[str, str] = {
    "a Thai national identity number": r"(?<![\d\-])\d-\d{4}-\d{5}-\d{2}-\d(?![\d\-])",
    "an identity card number": (
        r"(?i)(?:\bnational\s+id(?:entity)?(?:\s+card)?|\bid(?:entity)?\s*card|\bnid)"
        r"(?:\s*(?:no\.?|number|#))?\s*[:.]?\s*[A-Z]{0,2}\d{6,12}\b"),
    "a Cambodian identity card number": r"អត្តសញ្ញាណប័ណ្ណ\s*(?:លេខ)?\s*[:.]?\s*\d{6,12}",
}

#: (sheet, column) of every event date, in the order the data notes list them.
EVENT_DATE_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (sheet.name, column.name)
    for sheet in SHEETS.values()
    for column in sheet.columns
    if column.event
)


# --- lookups built once ---------------------------------------------------------------------


@cache
def code_lookup(codes: str) -> dict[str, str]:
    """Normalised spelling → code, for one code list (the codes themselves included, and the
    HTCDS picklist values of :data:`tipreport.schema_htcds.CODES`)."""
    from .schema_htcds import CODES as HTCDS_CODES

    table: dict[str, str] = {}
    for code in CODE_LISTS[codes]:
        table[normalize(code)] = code
    for code, aliases in CODE_ALIASES.get(codes, {}).items():
        for alias in aliases:
            table.setdefault(normalize(alias), code)
    for spelling, code in HTCDS_CODES.get(codes, {}).items():
        table.setdefault(normalize(spelling), code)
    return table


@cache
def header_lookup(sheet: str) -> dict[str, str]:
    """Normalised header → column name, for one sheet."""
    table: dict[str, str] = {}
    for column in SHEETS[sheet].columns:
        table[normalize(column.name)] = column.name
    for column in SHEETS[sheet].columns:
        for alias in column.aliases:
            table.setdefault(normalize(alias), column.name)
    return table


@cache
def sheet_lookup() -> dict[str, str]:
    """Normalised sheet name → sheet name."""
    table = {normalize(name): name for name in SHEETS}
    for sheet in SHEETS.values():
        for alias in sheet.aliases:
            table.setdefault(normalize(alias), sheet.name)
    return table


@cache
def submission_key_lookup() -> dict[str, str]:
    table = {normalize(name): name for name in SUBMISSION_KEYS}
    for key in SUBMISSION_KEYS.values():
        for alias in key.aliases:
            table.setdefault(normalize(alias), key.name)
    return table


@cache
def personal_data_lookup() -> frozenset[str]:
    return frozenset(normalize(h) for h in PERSONAL_DATA_HEADERS)


_HEADER_SPACE = re.compile(r"[\s\-_.,;:/\\()\[\]'’\"!?&+*]+")


@cache
def _personal_exact() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, headers in PERSONAL_DATA_COLUMNS.items():
        for header in headers:
            table.setdefault(normalize(header), kind)
    return table


@cache
def _personal_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((kind, re.compile(pattern))
                 for kind, patterns in PERSONAL_DATA_HEADER_PATTERNS.items()
                 for pattern in patterns)


@cache
def personal_data_kind(header: str) -> str | None:
    """What personal data a column holds, by its header (``name``, ``phone``, …), or None."""
    kind = _personal_exact().get(normalize(header))
    if kind is not None:
        return kind
    text = _HEADER_SPACE.sub(" ", unicodedata.normalize("NFC", str(header)).casefold()).strip()
    for kind, pattern in _personal_patterns():
        if pattern.search(text):
            return kind
    return None

