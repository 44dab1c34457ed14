"""Words for codes: the labels every output uses for forms, sexes, services, kinds, …, and one
set of country names (the UN short names: Viet Nam, Lao People's Democratic Republic, Republic
of Korea) with their demonyms ("Cambodian nationals")."""

from __future__ import annotations

from functools import cache

__all__ = ["EXPLOITATION", "TIP_FORM", "SEX", "AGE", "IDENTIFIED_BY", "SERVICE", "KIND",
           "STATUS", "BAND", "PILLAR", "CHANNEL", "SHELTER", "NARRATIVE_TITLES", "country_name",
           "demonym", "nationals", "SHEET_WORDS", "COLUMN_WORDS", "column_words"]

EXPLOITATION = {
    "sex": "Sex trafficking", "labor": "Labor trafficking",
    "forced_criminality": "Forced criminality", "mixed": "Sex and labor (mixed)",
    "other": "Other forms", "unknown": "Form not recorded",
}
#: the TIP report's two-way split
TIP_FORM = {
    "sex": "Sex trafficking", "labor": "Labor trafficking (incl. forced criminality)",
    "mixed": "Sex and labor (mixed)", "other": "Other forms", "unknown": "Form not recorded",
}
SEX = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not recorded"}
AGE = {"child": "Children", "adult": "Adults", "unknown": "Age not recorded"}
IDENTIFIED_BY = {
    "police": "Police", "immigration": "Immigration", "labor_inspection": "Labor inspection",
    "social_services": "Social services", "ngo": "NGOs",
    "foreign_government": "Foreign governments", "court": "Courts and prosecutors",
    "self": "Self-identified", "other": "Other", "unknown": "Not recorded",
}
SERVICE = {
    "shelter": "Shelter", "medical": "Medical care", "psychosocial": "Psychosocial support",
    "legal": "Legal assistance", "education": "Education", "livelihood": "Livelihood support",
    "reintegration": "Reintegration", "repatriation": "Repatriation assistance",
    "other": "Other services",
}
SHELTER = {"government": "Government shelters", "ngo": "NGO shelters",
           "not_recorded": "Shelter type not recorded"}
KIND = {
    "training": "Trainings", "awareness": "Awareness campaigns",
    "labor_inspection": "Labor inspections", "hotline": "Hotlines",
    "agreement": "Agreements", "policy": "Policies, laws and plans",
    "budget": "Budget allocations", "screening": "Victim screening", "shelter": "Shelters",
    "coordination": "Coordination", "other": "Other activities",
}
#: one activity of a kind, for a table cell
KIND_ONE = {
    "training": "Training", "awareness": "Awareness", "labor_inspection": "Inspection",
    "hotline": "Hotline", "agreement": "Agreement", "policy": "Policy", "budget": "Budget",
    "screening": "Screening", "shelter": "Shelter", "coordination": "Coordination",
    "other": "Activity",
}
CHANNEL = {"in_person": "in person", "online": "online", "broadcast": "broadcast"}
STATUS = {"implemented": "Implemented", "in_progress": "In progress",
          "not_started": "Not started", "not_accepted": "Not accepted"}
BAND = {"under_1y": "Less than 1 year", "1_5y": "1 to 5 years", "5_10y": "5 to 10 years",
        "over_10y": "10 years or more"}
PILLAR = {"prosecution": "Prosecution", "protection": "Protection",
          "prevention": "Prevention", "partnership": "Partnership"}
NARRATIVE_TITLES = {
    "introduction": "Introduction", "profile": "Trafficking profile",
    "challenges": "Challenges and next steps", "conclusion": "Conclusion",
}
VERDICT = {"convicted": "convicted", "acquitted": "acquitted", "dismissed": "dismissed",
           "pending": "pending"}

#: what a sheet holds, in words (the data notes name sheets this way)
SHEET_WORDS = {
    "Cases": "investigations and other case data",
    "Defendants": "suspects, prosecutions, convictions and sentences",
    "Victims": "victims identified and their care",
    "Activities": "trainings, campaigns, inspections, agreements and budget",
    "Recommendations": "the response to the previous report's recommendations",
    "Narrative": "the ministry's own text",
}

#: a column in words, for the document sent (identifiers belong in the readiness page)
COLUMN_WORDS = {
    ("Cases", "exploitation"): "the cases' form of exploitation",
    ("Cases", "opened_on"): "the date each case was opened",
    ("Defendants", "charged_on"): "the date each suspect was charged",
    ("Defendants", "verdict"): "the verdicts",
    ("Defendants", "verdict_on"): "the dates of the verdicts",
    ("Defendants", "prison_months"): "the prison terms imposed",
    ("Defendants", "official"): "whether a suspect was a government official",
    ("Victims", "sex"): "the victims' sex",
    ("Victims", "age"): "the victims' age",
    ("Victims", "nationality"): "the victims' nationality",
    ("Victims", "exploitation"): "the victims' form of exploitation",
    ("Victims", "referred"): "whether victims were referred to care",
    ("Victims", "identified_on"): "the date each victim was identified",
    ("Activities", "amount"): "the money spent on activities",
    ("Activities", "start_on"): "the date each activity started",
}


def column_words(sheet: str, column: str) -> str:
    return COLUMN_WORDS.get((sheet, column),
                            f"the {sheet.lower()}' {column.replace('_', ' ')}")


#: ISO names that the UN writes otherwise (UN M49 short names); the rest are pycountry's
UN_NAMES = {
    "KR": "Republic of Korea", "KP": "Democratic People's Republic of Korea",
    "LA": "Lao People's Democratic Republic", "VN": "Viet Nam", "MD": "Republic of Moldova",
    "TZ": "United Republic of Tanzania", "CD": "Democratic Republic of the Congo",
    "IR": "Iran (Islamic Republic of)", "BO": "Bolivia (Plurinational State of)",
    "VE": "Venezuela (Bolivarian Republic of)", "FM": "Micronesia (Federated States of)",
    "PS": "State of Palestine", "TW": "Taiwan", "GB": "United Kingdom",
    "US": "United States of America", "RU": "Russian Federation", "SY": "Syrian Arab Republic",
    "TR": "Türkiye", "CZ": "Czechia", "CI": "Côte d'Ivoire", "MK": "North Macedonia",
    "SZ": "Eswatini", "CV": "Cabo Verde", "HK": "China, Hong Kong SAR",
    "MO": "China, Macao SAR", "VA": "Holy See", "BN": "Brunei Darussalam",
}

DEMONYMS = {
    "KH": "Cambodian", "TH": "Thai", "VN": "Vietnamese", "LA": "Lao", "CN": "Chinese",
    "MY": "Malaysian", "MM": "Burmese", "ID": "Indonesian", "PH": "Filipino",
    "KR": "South Korean", "KP": "North Korean", "JP": "Japanese", "SG": "Singaporean",
    "TW": "Taiwanese", "IN": "Indian", "BD": "Bangladeshi", "PK": "Pakistani",
    "LK": "Sri Lankan", "NP": "Nepali", "US": "American", "GB": "British", "RU": "Russian",
    "AU": "Australian", "SA": "Saudi", "AE": "Emirati", "TR": "Turkish", "IR": "Iranian",
    "SY": "Syrian", "UA": "Ukrainian", "NG": "Nigerian", "KE": "Kenyan", "UG": "Ugandan",
    "ET": "Ethiopian", "GH": "Ghanaian", "MX": "Mexican", "BR": "Brazilian",
    "CO": "Colombian", "VE": "Venezuelan", "FR": "French", "DE": "German", "IT": "Italian",
    "ES": "Spanish", "BN": "Bruneian", "TL": "Timorese", "MN": "Mongolian", "AF": "Afghan",
    "UZ": "Uzbek", "KZ": "Kazakh", "KG": "Kyrgyz", "TJ": "Tajik", "NZ": "New Zealand",
    "CA": "Canadian", "EG": "Egyptian", "MA": "Moroccan", "QA": "Qatari", "KW": "Kuwaiti",
    "OM": "Omani", "JO": "Jordanian", "LB": "Lebanese", "IQ": "Iraqi", "HK": "Hong Kong",
}


@cache
def country_name(code: str) -> str:
    """ISO alpha-2 → the UN short name (``VN`` → ``Viet Nam``); the code itself if unknown."""
    if code in UN_NAMES:
        return UN_NAMES[code]
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    name = c.name
    if ", " in name:  # "Korea, Republic of" → "Republic of Korea"
        head, _, tail = name.partition(", ")
        name = f"{tail} {head}"
    return name


def demonym(code: str | None) -> str | None:
    """``KH`` → ``Cambodian``; None when unknown."""
    return DEMONYMS.get(code or "")


def nationals(code: str | None, country: str | None = None) -> str:
    """``KH`` → ``Cambodian nationals``; otherwise ``nationals of <country>``."""
    adjective = demonym(code)
    if adjective:
        return f"{adjective} nationals"
    name = country or (country_name(code) if code else None)
    return f"nationals of {name}" if name else "own nationals"
