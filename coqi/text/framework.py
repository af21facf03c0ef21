"""The v7 feedback framework (categories, subcategories, sentiment scale) and the rules around it."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

FRAMEWORK_FILE = Path(__file__).with_name("data") / "framework_v7.json"
NOT_POSSIBLE = "Labelling not possible"
QUESTION_TYPES = ("nonspecific", "what_good", "could_improve")

# Comments that answer nothing. "Nothing" or "None" in answer to "How could we improve?" is NOT one: the labelled
# data codes those as "Positive experience & gratitude" with sentiment 1, so the model handles them.
_NON_ANSWERS = {
    "did not answer",
    "not answered",
    "no answer",
    "no response",
    "n a",
    "nil",
    "see above",
    "as above",
    "dont know",
    "don t know",
    "do not know",
    "not sure",
    "no comment",
    "no comments",
    "not applicable",
    "prefer not to say",
    "blank",
    "test",
    "unknown",
    "null",
    "nan",
}
_NOT_WORDS = re.compile(r"[^a-z]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def framework() -> dict:
    return json.loads(FRAMEWORK_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def subcategories() -> tuple[str, ...]:
    """All 32 subcategory names, in pxtextmining's order."""
    return tuple(framework()["subcategory_order"])


@lru_cache(maxsize=1)
def learnable_subcategories() -> tuple[str, ...]:
    """The 31 subcategories a model learns: "Labelling not possible" is decided by rule."""
    return tuple(name for name in subcategories() if name != NOT_POSSIBLE)


@lru_cache(maxsize=1)
def category_of() -> dict[str, str]:
    return {sub["name"]: cat["name"] for cat in framework()["categories"] for sub in cat["subcategories"]}


def is_non_answer(text: object) -> bool:
    """Empty, punctuation or digits only, or a stock non-answer such as "Did not answer" or "N/A"."""
    if not isinstance(text, str) or not _HAS_LETTER.search(text):
        return True
    if len(text) > 40:
        return False
    return _NOT_WORDS.sub(" ", text.lower()).strip() in _NON_ANSWERS


def question_type_of(question: object) -> str | None:
    """pxtextmining's grouping of an FFT question wording; None when there is no question."""
    if not isinstance(question, str) or not question.strip():
        return None
    lowered = question.lower()
    if lowered.strip() in QUESTION_TYPES:
        return lowered.strip()
    if "improve" in lowered or "better" in lowered or "change" in lowered:
        return "could_improve"
    if "good" in lowered or "well" in lowered or "like" in lowered:
        return "what_good"
    return "nonspecific"


def three_point(sentiment: int) -> str:
    """1–2 positive, 3 neutral or mixed, 4–5 negative (pxtextmining's mapping)."""
    return "positive" if sentiment <= 2 else "neutral" if sentiment == 3 else "negative"
