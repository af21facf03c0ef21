"""Plain word matching between what a project is about and what partners say they bring.

Deliberately simple and explainable: a facilitator must be able to see *why* someone was suggested, so we match
whole words (after folding plurals and common endings together: "falls", "falling" and "fall" match) and show the
partner's own words that matched. No model, no hidden weights beyond the field weights in selectors.
"""

from __future__ import annotations

import re

# Words too common in health and care to say anything about fit ("care", "patients"), plus ordinary English ones.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just like me more most my myself no nor not now
    of off on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves get got make made many
    much want wants need needs help helps helping way ways well work working works thing things use used using feel
    feels able often every everyone someone something always never really lot lots sure know new one two three
    people person patient patients service services care caring health healthcare nhs team teams staff project
    projects improve improving improvement quality better time times day days year years especially usually might
    act acts ask asks asked first last full get gets going go goes look looks told tell tells useful nobody agree
    agreed arrive arrives check checking say says said
    """.split()
)

_WORD = re.compile(r"[a-zà-ÿ]+(?:['’][a-z]+)?", re.IGNORECASE)
_SUFFIXES = ("ings", "ing", "ers", "ies", "ied", "es", "ed", "er", "s")


def stem(word: str) -> str:
    """A crude, predictable stem: enough to fold "carers"/"carer", "falls"/"falling"/"fall", "nights"/"night"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # "discharge" / "discharged" both become "discharg"
    return word


def words_of(text: str) -> dict[str, str]:
    """{stem: the first form of the word as written} for the meaningful words in `text`."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(text or ""):
        word = match.group(0)
        lowered = word.lower().replace("’", "'")
        if len(lowered) < 3 or lowered in STOP_WORDS:
            continue
        key = stem(lowered)
        if key in STOP_WORDS or len(key) < 3:
            continue
        found.setdefault(key, lowered)
    return found
