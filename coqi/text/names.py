"""People's names in free text, found without a heavy model.

Evidence, strongest first:
1. a title or role before a capitalised word ("Dr Patel", "Nurse Sarah", "my consultant Mr. Jones", "called Amy");
2. a known given name, capitalised ("Sarah on ward 5 was lovely"), or in lower case when the word is not also
   an ordinary English word ("sarah was lovely");
3. a given name that is also a word ("Grace", "Will", "May") only mid-sentence with a cue around it
   ("thanks to Grace and Hope", "Will was brilliant" at a sentence start is not taken);
4. a known surname that is not an ordinary word ("Kowalski was great").
A name followed by a facility word or after "St"/"Royal" is a place, not a person ("Rose Ward",
"St Thomas' Hospital", "Royal Derby Hospital"), and stays.

The lists live in `data/` (see `data/build_name_lists.py`). Lookups are set lookups on the few capitalised
words of a comment, so redaction stays fast on millions of comments.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")

_NAME_WORD = r"(?:O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_CAPITALISED = re.compile(r"(?<![\w'’])" + _NAME_WORD + r"\b")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_ANY_LOWER = re.compile(r"[a-z]")
_ANY_WORD = re.compile(r"[a-z]+")
_UPPER_WORD = re.compile(r"[A-Z]{3,}")

# Titles after which any capitalised word is a name; "Dr Brown" is a person even though brown is a word.
_STRONG_TITLES = r"(?i:dr|mr|mrs|ms|mx|miss|prof|sir|dame)"
# Titles and roles that can also start a non-name phrase ("Nurse Practitioner", "Sister Ward").
_WEAK_TITLES = r"(?i:doctor|professor|nurse|sister|matron|consultant|paramedic|physio|physiotherapist|therapist|psychiatrist|psychologist|social\s+worker|care\s+co-?ordinator|support\s+worker|key\s*worker|receptionist|driver|midwife|carer|advocate|surgeon|dentist|pharmacist|technician|practitioner|hca|ot|cpn|staff\s+nurse)"
# Words just before an ambiguous given name that make it a person: "thanks to Hope", "called Will", "you Grace".
_CUES_BEFORE = {
    "and",
    "to",
    "with",
    "thank",
    "thanks",
    "by",
    "&",
    "from",
    "nurse",
    "sister",
    "called",
    "named",
    "especially",
    "particularly",
    "you",
    "ask",
    "asked",
    "for",
}
# The first word of every title or role above, for a quick test of whether a comment has any.
_TITLE_WORDS = frozenset(
    """dr mr mrs ms mx miss prof sir dame doctor professor nurse sister matron consultant paramedic physio
    physiotherapist therapist psychiatrist psychologist social care support key keyworker receptionist driver
    midwife carer advocate surgeon dentist pharmacist technician practitioner hca ot cpn staff""".split()
)

# One scan finds every title or role and the word(s) after it; Python then decides what counts.
_TITLE_NAME = re.compile(
    r"\b(?:(?P<strong>" + _STRONG_TITLES + r")\.?|(?P<weak>" + _WEAK_TITLES + r"))\s+"
    r"(?P<name>(?:O['’])?[A-Za-z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+" + _NAME_WORD + r")?)"
)

# A capitalised chain ending in one of these is a place or a team, not a person.
_PLACE_AFTER = re.compile(
    r"(?:['’]s?)?(?:\s+[A-Z][a-zA-Z'’]+){0,3}?\s+(?:\d{1,2}\b|(?i:Ward|Unit|Hospital|House|Centre|Center|Suite|Lodge|Court|Clinic|"
    r"Road|Street|Lane|Avenue|Drive|Building|Wing|Practice|Surgery|Health|Hospice|School|College|University|Trust|"
    r"Way|Close|Park|Place|Hall|Infirmary|Medical|Church|Team|Service|Services|Station|Ambulance|Village|Estate|"
    r"Community|Memorial|Foundation|Healthcare|Site|Block|Department|Dept|Garden|Gardens|View|Rise|Course|Programme|Group)\b)"
)
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:St|St\.|Saint|Royal|Queen|King|Prince|Princess|Lady|General|Mount|Port|Fort|Lake|New|North|South|East|West|Great|Little|Upper|Lower)\s+)$"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?\n:;\"“(]|\s-)\s*$")
_DATE_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:in|of|since|until|till|by|from|during|early|late|mid|last|next|this|end|before|after|on)\s+)$"
)

_MONTH_NAMES = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_NAME_FOLLOWERS = {
    "was",
    "is",
    "on",
    "from",
    "who",
    "and",
    "has",
    "had",
    "were",
    "said",
    "came",
    "helped",
    "explained",
    "listened",
    "made",
    "did",
    "really",
    "always",
    "went",
    "took",
    "gave",
    "at",
    "in",
    "the",
    "our",
    "my",
    "deserves",
    "should",
    "kept",
    "looked",
    "cared",
    "&",
    "nurse",
    "sister",
    "thank",
    "thanks",
}

# Capitalised words that are never a person by themselves, whatever the lists say.
_NEVER_NAMES = set(
    """
    mr mrs ms mx miss dr prof sir dame doctor sister matron ok okay trent freeman
    i i'm i've the a an and but so or if my our we you he she they it this that there then when what who why how
    thanks thank thankyou please very great good excellent nhs gp a&e ward wards unit hospital hospitals staff team
    nurse nurses doctor doctors paramedic paramedics crew ambulance service services trust clinic centre hub
    monday tuesday wednesday thursday friday saturday sunday christmas easter xmas new year god jesus christ lord
    allah english british scottish welsh irish polish covid corona coronavirus omicron teams zoom facebook
    google amazon tesco asda lidl aldi morrisons sainsbury sainsburys boots uber whatsapp youtube netflix
    england scotland wales ireland britain uk europe london manchester birmingham leeds liverpool newcastle
    sunderland durham darlington middlesbrough hartlepool gateshead northumberland teesside stockton redcar
    nottingham nottinghamshire derby derbyshire mansfield ashfield bassetlaw worksop newark sheffield leicester
    lincoln york bristol cardiff glasgow edinburgh belfast oxford cambridge coventry wolverhampton bradford hull
    chester preston blackpool bolton wigan stoke norwich ipswich exeter plymouth bath brighton kent essex surrey
    yorkshire lancashire cumbria cornwall devon dorset sussex tyne wear tees humber carlisle whitby scarborough
    harrogate selby doncaster rotherham barnsley wakefield huddersfield halifax blyth morpeth hexham ashington
    washington jarrow hebburn consett stanley chester-le-street bishop auckland seaham peterlee billingham
    thornaby guisborough saltburn spennymoor newton aycliffe barnard castle alnwick berwick cramlington
    wansbeck tynemouth whitley wallsend shields south north east west rampton arnold beeston bulwell
    hucknall sutton kirkby hospital's queens kings royal general infirmary county city mental health
    act section tribunal mha cpn ot dbt cbt emdr dialysis covid-19 ptsd adhd asd ocd mri ct ecg
    india pakistan china poland africa america spain france germany italy
    friends family test fft pals cqc dwp pip
    """.split()
)

# Words that start a sentence after an abbreviation ("… a dr. However, …"), never a surname after a title.
_FUNCTION_WORDS = set(
    """
    however but and then also although though when while if so because as after before since until there here
    this that these those they he she it we you i was were is are has have had will would could should can may
    might must did does do not no yes what which who whom whose why how all any some every each both either
    neither nothing everything something anything thank thanks please very really just only even still yet
    """.split()
)

# Surnames that are also ordinary words; taken only right after a title or a given name ("Sarah Brown").
_WORD_SURNAMES = set(
    """
    brown white green black wood hill wright young walker baker cook cooper turner ward king moore hall clark bell
    long price rose bird fox lamb law gray grey hope page cross day best sharp short little marsh rich mills
    fisher hunter mason carter parker porter potter fletcher taylor butcher shepherd miller smith webb lane banks
    stone rivers waters wells woods fields brook brooks bush steel field house church chapel castle winter summer
    """.split()
)


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    with gzip.open(_DATA / "names.json.gz", "rt", encoding="utf-8") as handle:
        lists = json.load(handle)
    with gzip.open(_DATA / "common_words.txt.gz", "rt", encoding="utf-8") as handle:
        common_words = frozenset(handle.read().split())
    given = frozenset(lists["given"]) - _NEVER_NAMES
    # "June", "April" and "May" are people too, but months after "in", "since" and beside a number.
    ambiguous = (frozenset(lists["given_ambiguous"]) | {"june", "april", "may", "august"}) - _NEVER_NAMES
    given = given - ambiguous
    surnames = frozenset(lists["surnames"]) - _NEVER_NAMES - given
    return given, ambiguous, surnames, common_words


@lru_cache(maxsize=1)
def _lower_case_names() -> frozenset[str]:
    # In lower case only given names that can't be an ordinary word count: "sarah", "mohammed", not "will".
    given, _, _, common_words = _lists()
    return frozenset(name for name in given if len(name) >= 4 and name not in common_words)


def _is_place(text: str, start: int, end: int) -> bool:
    return (
        _PLACE_AFTER.match(text, end) is not None or _PLACE_BEFORE.search(text[max(0, start - 12) : start]) is not None
    )


def _at_sentence_start(text: str, start: int) -> bool:
    return _SENTENCE_START.search(text[max(0, start - 4) : start]) is not None


def _word_after(text: str, end: int) -> str:
    match = re.match(r"\s+([\w&']+)", text[end : end + 30])
    return match.group(1).lower() if match else ""


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([\w&']+)\s+$", text[max(0, start - 30) : start])
    return match.group(1).lower() if match else ""


def _could_be_surname(word: str) -> bool:
    given, ambiguous, surnames, common_words = _lists()
    low = word.lower()
    if low in _NEVER_NAMES:
        return False
    return low in surnames or low in given or low in _WORD_SURNAMES or low not in common_words


def _extend_with_surname(text: str, start: int, end: int) -> int:
    match = _CAPITALISED.match(text, end + 1) if text[end : end + 1] == " " else None
    if match and _could_be_surname(match.group()) and not _is_place(text, match.start(), match.end()):
        return match.end()
    return end


def _title_names(text: str, words: set[str]) -> list[tuple[int, int]]:
    if words.isdisjoint(_TITLE_WORDS):  # most comments name no role: skip the slow case-insensitive scan
        return []
    given, ambiguous, surnames, _ = _lists()
    found = []
    for match in _TITLE_NAME.finditer(text):
        base = match.start("name")
        words = list(re.finditer(r"[\w'’-]+", match.group("name")))
        first = words[0].group()
        low = first.lower()
        if first.islower():  # "dr patel", "nurse sarah": only a known name counts in lower case
            if low in given or low in surnames:
                found.append((base, base + words[0].end()))
            continue
        if low in _NEVER_NAMES or _is_place(text, base, base + words[0].end()):
            continue
        strong_enough = match.group("strong") is not None and low not in _FUNCTION_WORDS  # "Dr Khan", not "Dr. However"
        if not strong_enough and not _could_be_surname(first) and low not in ambiguous:
            continue
        end = base + words[0].end()
        if len(words) > 1 and _could_be_surname(words[1].group()) and not _is_place(text, base, base + words[1].end()):
            end = base + words[1].end()
        found.append((base, end))
    return found


def _capitalised_names(text: str) -> list[tuple[int, int]]:
    given, ambiguous, surnames, _ = _lists()
    found = []
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        low = word.lower()
        if low not in given and low not in ambiguous and low not in surnames:
            continue
        start, end = match.start(), match.end()
        if _is_place(text, start, end) or _word_before(text, start) == "the":  # "the Freeman" is a hospital
            continue
        if low in ambiguous and not _ambiguous_name_in_context(text, start, end, low):
            continue
        if (
            low in surnames
            and low not in given
            and _at_sentence_start(text, start)
            and _word_after(text, end) not in _NAME_FOLLOWERS
        ):
            continue
        found.append((start, _extend_with_surname(text, start, end)))
    return found


def _ambiguous_name_in_context(text: str, start: int, end: int, low: str) -> bool:
    if _at_sentence_start(text, start):
        return False
    before = text[max(0, start - 12) : start]
    if low in _MONTH_NAMES and (
        _DATE_CONTEXT_BEFORE.search(before) or re.search(r"\d\s*$", before) or re.match(r"\s*\d", text[end : end + 3])
    ):
        return False
    return _word_after(text, end) in _NAME_FOLLOWERS or _word_before(text, start) in _CUES_BEFORE


def _lower_case_given_names(text: str) -> list[tuple[int, int]]:
    safe = _lower_case_names()
    hits = set(_LOWER_WORD.findall(text)) & safe
    found = []
    for name in hits:
        for match in re.finditer(r"\b" + name + r"\b", text):
            if not _is_place(text, match.start(), match.end()):
                found.append((match.start(), match.end()))
    return found


def _mostly_upper_case(text: str) -> bool:
    # Shouted comments ("THANK YOU SARAH") lose the capital-letter cue; look for lower-case names in them instead.
    sample = text[:400]
    return _ANY_LOWER.search(sample) is None and _UPPER_WORD.search(sample) is not None


def find_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of each person's name in `text`, sorted, not overlapping."""
    words = set(_ANY_WORD.findall(text.lower()))
    spans = _title_names(text, words) + _capitalised_names(text) + _lower_case_given_names(text)
    if _mostly_upper_case(text):
        lowered = text.lower()
        if len(lowered) == len(text):  # offsets only carry over when lower-casing keeps the length
            spans += _lower_case_given_names(lowered)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
