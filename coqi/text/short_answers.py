"""Short stock answers ("nothing", "none", "n/a", "no complaints", "can't think of anything") read by what they mean
in answer to the question that was asked.

"Nothing" is not one answer. To "How could we improve?" it means there is nothing to improve (the labelled public
data codes those 282 comments "Positive experience & gratitude", sentiment 1). To "What was good?" it means nothing
was good. To "Please tell us why" it means the person had nothing more to say about a visit they had just rated, so
it is praise only as far as the rating says. "N/A" or "don't know" answer nothing, whatever the question.
Patient-experience dashboards' users ask for these to be counted apart from real comments, so each gets a meaning.

Only whole answers count: "Nothing, the nurses were lovely" is left to the model, and so is anything over 60
characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a short answer means. NO_ANSWER and NOTHING_TO_ADD carry no sentiment of their own.
NO_ANSWER = "no answer"  # "n/a", "don't know", "did not answer": nothing was said
NOTHING_TO_IMPROVE = "nothing to improve"  # "nothing", "no complaints" to "How could we improve?"
NOTHING_GOOD = "nothing was good"  # "nothing", "none" to "What was good?"
EVERYTHING_GOOD = "everything was good"  # "everything", "all of it" to "What was good?"; "no complaints" anywhere
NOTHING_TO_ADD = "nothing to add"  # "nothing", "none" to a question that asks neither (e.g. "FFT Why?")

MEANINGS = (NO_ANSWER, NOTHING_TO_IMPROVE, NOTHING_GOOD, EVERYTHING_GOOD, NOTHING_TO_ADD)
MAX_LENGTH = 60

_NOT_LETTERS = re.compile(r"[^a-z]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")

_NO_ANSWER = re.compile(
    r"(did not|didn t|not) answer(ed)?|no (answer|response|comments?)|n a|na|nil|not applicable|"
    r"(i )?(dont|don t|do not) know|not sure|unsure|prefer not to say|blank|test|unknown|null|nan|see above|as above"
)
# "nothing", "none", "no", "nothing at all", "nothing really", "not a thing", "can't think of anything" …
_NOTHING = re.compile(
    r"(no|nope|none|nothing|not a thing|not really|not much|not a lot|nowt|zero)"
    r"( (at all|really|much|whatsoever|else|to say|to add|for me|i can think of|comes to mind|springs to mind))*"
    r"|(i )?(can t|cant|cannot|can not|could not|couldn t) think of (anything|any|owt|a thing)( else)?"
)
# Nothing wrong: praise whatever the question.
_NO_COMPLAINTS = re.compile(
    r"(no|none|nothing|not any) (complaints?|problems?|issues?|concerns?|improvements?( needed)?|"
    r"(to )?improve(ment)?|needs? improving|to change|could be better|wrong)( at all| whatsoever)?"
    r"|(nothing|no) ((it|all|everything) )+(was|is|were) (all )?(good|great|fine|perfect|excellent|brilliant)"
)
_EVERYTHING = re.compile(r"(everything|all of it|all|the lot|all of them|everyone|everybody)( really| was good)?")


@dataclass(frozen=True, slots=True)
class ShortAnswer:
    """What a short stock answer means, and the sentiment (1 very positive … 5 very negative) that meaning has
    (None when it has none of its own: no answer, or nothing to add)."""

    meaning: str
    sentiment: int | None


_SENTIMENT = {NOTHING_TO_IMPROVE: 1, EVERYTHING_GOOD: 1, NOTHING_GOOD: 4, NO_ANSWER: None, NOTHING_TO_ADD: None}


def read_short_answer(text: object, question_type: str | None = None) -> ShortAnswer | None:
    """The meaning of a short stock answer given the question type (`framework.question_type_of`: "nonspecific",
    "what_good", "could_improve" or None), or None when the text is a real comment for the model.

    >>> read_short_answer("Nothing!", "could_improve")
    ShortAnswer(meaning='nothing to improve', sentiment=1)
    >>> read_short_answer("Nothing", "what_good")
    ShortAnswer(meaning='nothing was good', sentiment=4)
    >>> read_short_answer("Nothing, the staff were lovely", "could_improve") is None
    True
    """
    if not isinstance(text, str):
        return ShortAnswer(NO_ANSWER, None)
    if len(text) > MAX_LENGTH:
        return None
    words = _NOT_LETTERS.sub(" ", text.lower().replace("’", "'").replace("'", " ")).strip()
    words = re.sub(r"\s+", " ", words)
    words = re.sub(r"( thanks?( you)?| thankyou| ta)$", "", words)  # "Nothing, thank you" is still "nothing"
    if not words:  # no Latin letter: punctuation only is no answer, "工作人员很好" is a comment for the model
        return ShortAnswer(NO_ANSWER, None) if not _HAS_LETTER.search(text) else None
    if _NO_ANSWER.fullmatch(words):
        return ShortAnswer(NO_ANSWER, None)
    if _NO_COMPLAINTS.fullmatch(words):
        # Praise to any question: "no complaints" to "What was good?" does not flip the way "nothing" does.
        return ShortAnswer(NOTHING_TO_IMPROVE if question_type == "could_improve" else EVERYTHING_GOOD, 1)
    if _NOTHING.fullmatch(words):
        meaning = {"could_improve": NOTHING_TO_IMPROVE, "what_good": NOTHING_GOOD}.get(question_type, NOTHING_TO_ADD)
        return ShortAnswer(meaning, _SENTIMENT[meaning])
    if question_type == "what_good" and _EVERYTHING.fullmatch(words):
        return ShortAnswer(EVERYTHING_GOOD, 1)
    return None
