"""IOM's Human Trafficking Case Data Standard (HTCDS) mapped onto the intake, as data.

An HTCDS register (the Excel toolkit of versions 1.0 and 2.0, one row per person) is read as a
``Victims`` sheet (:mod:`tipreport.sources.htcds`). What each HTCDS field gives is listed here,
once: :data:`FIELDS` (every field of the v1.0 and v2.0 registers, and the standard's other
person, victim and case fields), :data:`CODES` (each picklist value → an intake code; these
are also read as other spellings of the codes in every intake sheet) and
:data:`NOT_A_VICTIM`. ``docs/intake.md`` shows the tables (:func:`tipreport.docs.htcds_markdown`).

Field names are matched after :func:`tipreport.schema.normalize`, like every header. Row 1 of a
register holds the machine names (``prs_Gender``) and is authoritative; row 2 holds labels
that are shifted against them in both versions (``prs_MailingCity`` is labelled "Mailing
Street"), so row 2 is never read.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Field", "FIELDS", "CODES", "NOT_A_VICTIM", "PREFIXES", "KEY_ENV", "ID_PREFIX",
           "MULTI_SEPARATORS", "RULES"]


@dataclass(frozen=True)
class Field:
    """One HTCDS field and what it gives the intake's ``Victims`` sheet."""

    name: str  # the machine name, as on row 1 (``prs_Gender``)
    label: str  # the standard's label ("Gender")
    #: the Victims column whose values the field holds (read through :data:`CODES` and the
    #: intake's code lists), or None
    column: str | None = None
    #: a Victims column worked out from the field (``age`` from the birth date), or None
    derives: str | None = None
    how: str = ""  # what happens to it, in words (the documentation's)
    #: personal data: dropped on reading (:data:`tipreport.schema.PERSONAL_DATA_COLUMNS` lists
    #: it), its values searched for in printed free text and never used otherwise
    personal: bool = False


F = Field
_KEPT = "no counterpart in the intake: kept in memory for provenance, never shown"
_DROPPED = "personal data, dropped on reading"

#: Every field, in the order of the v2.0 register, then the standard's others.
FIELDS: tuple[Field, ...] = (
    F("cas_CaseOwner", "Case Owner", how="the case worker's name: " + _DROPPED, personal=True),
    F("prs_Salutation", "Salutation", how=_DROPPED, personal=True),
    F("prs_FirstName", "First Name", derives="victim_id",
      how="with the other name fields and the birth date, the keyed pseudonym; then "
          + _DROPPED, personal=True),
    F("prs_MiddleName", "Middle Name", derives="victim_id", how="as prs_FirstName",
      personal=True),
    F("prs_SecondName", "Second Name", derives="victim_id", how="as prs_FirstName",
      personal=True),
    F("prs_LastName", "Last Name", derives="victim_id", how="as prs_FirstName", personal=True),
    F("con_Consent", "Consent", how=_KEPT),
    F("prs_Birthdate", "Birthdate", derives="age",
      how="the age at identification (whole years on cas_IncomingReferralDate) and, with the "
          "name, the keyed pseudonym; then " + _DROPPED, personal=True),
    F("prs_Gender", "Gender", column="sex", how="codes below"),
    F("prs_Citizenship", "Citizenship", column="nationality",
      how="a country (name or ISO code); of several citizenships, the first"),
    F("prs_Title", "Title", how=_DROPPED, personal=True),
    F("prs_Email", "Email", how=_DROPPED, personal=True),
    F("prs_HomePhone", "Home Phone", how=_DROPPED, personal=True),
    F("prs_MobilePhone", "Mobile Phone", how=_DROPPED, personal=True),
    F("prs_MailingCity", "Mailing City", how=_DROPPED, personal=True),
    F("prs_MailingCountry", "Mailing Country", how=_DROPPED, personal=True),
    F("prs_MailingState", "Mailing State/Province", how=_DROPPED, personal=True),
    F("prs_MailingStreet", "Mailing Street", how=_DROPPED, personal=True),
    F("prs_MailingPostalCode", "Mailing Zip/Postal Code", how=_DROPPED, personal=True),
    F("prs_MailingLongitude", "Longitude", how=_DROPPED, personal=True),
    F("prs_MailingLatitude", "Latitude", how=_DROPPED, personal=True),
    F("prs_IdentityNumber", "Identity Number", how=_DROPPED, personal=True),
    F("vic_TraffickingStatus", "Trafficking Status", column="status",
      how="codes below; \"Not a victim of trafficking\": the row is excluded (not a victim), "
          "with the reason in the ledger. Version 1.0 has no trafficking status: its rows are "
          "confirmed victims"),
    F("vic_TraffickinStatusDecisionMakingOrg", "Trafficking Status Decision Making Organization",
      column="identified_by", how="codes below (the registers spell the field without its g)"),
    F("vic_TraffickingStatusDecisionMakingOrg", "Trafficking Status Decision Making "
      "Organization", column="identified_by", how="codes below"),
    F("vic_MethodOfRecruitment", "Method of Recruitment", how=_KEPT),
    F("vic_LocationOfRecruitment", "Location of Recruitment", how=_KEPT),
    F("vic_MethodsOfControl", "Methods of Control", how=_KEPT),
    F("vic_TypeOfExploitation", "Type of Exploitation", column="exploitation",
      how="codes below; several types in one cell: see the rules"),
    F("vic_ForcedLabourIndustry", "Forced Labour Industry", derives="exploitation",
      how="when Type of Exploitation is empty, a filled industry means labor"),
    F("vic_TypeOfSexExploitation", "Type of Sex Exploitation", derives="exploitation",
      how="when Type of Exploitation is empty, a filled type means sex"),
    F("vic_LocationOfExploitation", "Location of Exploitation", column="exploited_in",
      how="a country; a place that is not a country leaves exploited_in unknown, with a notice"),
    F("vic_Vulnerabilities", "Vulnerabilities", how=_KEPT),
    F("vic_DetailsOfVulnerabilities", "Details Of Vulnerabilities", how=_KEPT),
    F("vic_AgeWhenTrafficked", "Age when Trafficked",
      how="the age when first trafficked, not when identified: " + _KEPT),
    F("vic_RelationshipToTrafficker", "Relationship to Trafficker", how=_KEPT),
    F("cas_Status", "Status", how=_KEPT),
    F("cas_ReferringOrganisation", "Referring Organisation", how=_KEPT),
    F("cas_IncomingReferralDate", "Incoming Referral Date", column="identified_on",
      how="HTCDS has no identification date: the day the organisation accepted the referral"),
    F("cas_ReferringPrimaryCaseWorker", "Referring Primary Case Worker",
      how="the case worker's name: " + _DROPPED, personal=True),
    F("cas_ReasonForIncomingReferral", "Reason for Incoming Referral", how=_KEPT),
    F("cas_IncomingReferralDetails", "Incoming Referral Details", how=_KEPT),
    F("cas_ReferredOrganisation", "Referred Organisation", derives="referred",
      how="filled: referred is yes (an outgoing referral to another organisation)"),
    F("cas_ReferredPrimaryCaseWorker", "Referred Primary Case Worker",
      how="the case worker's name: " + _DROPPED, personal=True),
    F("cas_ReasonForOutgoingReferral", "Reason for Outgoing Referral", how=_KEPT),
    F("cas_OutgoingReferralDate", "Outgoing Referral Date", derives="referred",
      how="filled: referred is yes"),
    F("cas_OutgoingReferralDetails", "Outgoing Referral Details", how=_KEPT),
    F("cas_ReasonForCaseClosure", "Reason for Case Closure", how=_KEPT),
    F("spl_Type", "Support Plan Type", column="services", how="codes below"),
)

#: The prefixes of HTCDS field names: person, victim, case, consent, support plan, …
PREFIXES = ("prs_", "vic_", "cas_", "con_", "spl_", "per_", "org_", "hte_", "cco_")

#: HTCDS picklist values (machine names; labels that normalise otherwise are listed too) →
#: intake codes, per intake code list. Read as other spellings of the codes in every sheet.
CODES: dict[str, dict[str, str]] = {
    "sex": {
        "Feminine": "female", "Masculine": "male",
        "TransgenderFeminine": "other", "TransgenderMasculine": "other",
        "NonConforming": "other",
        "NonSpecifiedUnknown": "unknown", "Not Specified/Unknown": "unknown",
    },
    "exploitation": {
        "SexualExploitation": "sex",
        "ForcedLabour": "labor", "ChildLabour": "labor", "Servitude": "labor",
        "ForcedBegging": "labor",
        "ForcedMarriage": "other", "ForcedMilitaryByNonStateActors": "other",
        "OrganRemoval": "other",
        "ForcedAdoption": "other", "Surrogacy": "other", "Other": "other",
    },
    "victim_status": {
        "ActualVictimOfTrafficking": "confirmed",
        "PossibleVictimOfTrafficking": "potential",
    },
    "identified_by": {
        "Police": "police", "NGO": "ngo", "CourtOrProsecution": "court",
        "NonPoliceGovernmentalOrganization": "other", "Other": "other",
    },
    "services": {
        "Education": "education", "Financial": "livelihood", "Health": "medical",
        "LabourExploitationRehabilitation": "reintegration", "Legal": "legal",
        "Livelihood": "livelihood", "RightsBasedTraining": "education",
        "SexualExploitationRehabilitation": "reintegration", "SocialCare": "shelter",
    },
}

#: Trafficking statuses that say the person is not a victim: the row is excluded.
NOT_A_VICTIM: tuple[str, ...] = ("NotAVictimOfTrafficking",)

#: What separates the values of a multi-select cell (Salesforce exports use ``;``). A value
#: that is whole as it stands (a country named with a comma: "Korea, Republic of") is read
#: whole; a country split by its comma is joined again.
MULTI_SEPARATORS = r"[;,\n|]+"

#: The environment variable holding the pseudonym key (read only there; never written).
KEY_ENV = "TIPREPORT_PSEUDONYM_KEY"
#: What starts a keyed pseudonym, so that it is never mistaken for a register number.
ID_PREFIX = "H-"

#: How a register becomes victims, in words (the documentation's).
RULES: tuple[str, ...] = (
    "A sheet is read as an HTCDS register when its row 1 holds at least three HTCDS field "
    "names and no `victim_id` column, whatever the sheet is called (`Sheet1`, `Case Sheet`, "
    "`Victims`), in a workbook (`.xlsx`, `.xlsm`, `.ods`) or a CSV file. Row 2 (the labels) "
    "is skipped when it holds labels; the template's row counter in column A, under no field "
    "name, is not read; values in any other column without a field name are reported, not "
    "read. The register's `about` and `validation` sheets are skipped.",
    "Each row is one person: a victim, with `identified_on` = `cas_IncomingReferralDate` "
    "(HTCDS has no identification date). A row whose `vic_TraffickingStatus` is \"Not a "
    "victim of trafficking\" is excluded: it counts in no figure, and the ledger shows it as "
    "excluded, with the reason (read = accepted + rejected + excluded). Version 1.0 has no "
    "trafficking status: its rows are confirmed victims, and the report says so.",
    "HTCDS has no victim id. With the environment variable `TIPREPORT_PSEUDONYM_KEY` set (a "
    "long random secret, the same on every run), a row with a name and a birth date gets "
    "`H-` and 16 hex digits of HMAC-SHA256 over the name (first, middle, second, last; case "
    "and spacing ignored) and the birth date: the same person gets the same id in a "
    "re-sorted register, a later version of it, or another organisation's register using "
    "the same key, and is counted once (`id-duplicate` otherwise). The key is read only from "
    "the environment and never printed, logged or written. Without a key, or without both "
    "a name and a birth date, the id is the file and the row (`register.xlsx row 7`), and a "
    "notice says that versions of the register cannot be matched.",
    "The age at identification is worked out from `prs_Birthdate` and "
    "`cas_IncomingReferralDate` before the birth date is dropped; a birth date that is no "
    "date, lies after the referral or gives an age over 120 leaves the age unknown, with a "
    "warning that never shows it.",
    "Several exploitation types in one cell (separated by `;`, commas or line breaks): sex "
    "with labor (or forced criminality) is `mixed`; otherwise the one type of sex, labor or "
    "forced criminality named, other forms aside (labor with forced criminality: labor); "
    "otherwise `other`. When the type is empty, a filled type of sex exploitation means `sex` "
    "and a filled forced-labour industry `labor`. Several citizenships: the first.",
    "HTCDS records no criminal case and no defendant: `Cases` and `Defendants` are not "
    "supplied by a register, and the report says so plainly. The prosecution figures need "
    "them from other files.",
)
