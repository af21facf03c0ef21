"""Short stock answers read by what they mean in answer to which question. Every example is invented."""

from __future__ import annotations

import pytest

from coqi.text import classify, read_short_answer
from coqi.text.framework import NOT_POSSIBLE
from coqi.text.short_answers import (
    EVERYTHING_GOOD,
    NO_ANSWER,
    NOTHING_GOOD,
    NOTHING_TO_ADD,
    NOTHING_TO_IMPROVE,
)

NOTHINGS = [
    "Nothing",
    "nothing.",
    "None",
    "NONE!",
    "Nothing at all",
    "Can't think of anything",
    "cant think of any",
    "I can’t think of anything else",
    "Nothing really",
    "Not a thing",
    "No",
    "Nothing, thank you",
]


@pytest.mark.parametrize("text", NOTHINGS)
def test_nothing_means_nothing_to_improve_when_asked_what_to_improve(text):
    assert read_short_answer(text, "could_improve").meaning == NOTHING_TO_IMPROVE
    assert read_short_answer(text, "could_improve").sentiment == 1


@pytest.mark.parametrize("text", NOTHINGS)
def test_nothing_means_nothing_was_good_when_asked_what_was_good(text):
    answer = read_short_answer(text, "what_good")
    assert answer.meaning == NOTHING_GOOD and answer.sentiment >= 4


@pytest.mark.parametrize("question", ["nonspecific", None])
def test_nothing_to_an_open_question_has_no_sentiment_of_its_own(question):
    assert read_short_answer("Nothing", question).meaning == NOTHING_TO_ADD
    assert read_short_answer("Nothing", question).sentiment is None


@pytest.mark.parametrize(
    "text",
    [
        "No complaints",
        "no complaints at all",
        "No problems",
        "Nothing to improve",
        "no issues whatsoever",
        "Nothing, it was all good",
    ],
)
@pytest.mark.parametrize("question", ["could_improve", "what_good", "nonspecific", None])
def test_no_complaints_is_praise_whatever_the_question(text, question):
    answer = read_short_answer(text, question)
    assert answer.sentiment == 1
    assert answer.meaning == (NOTHING_TO_IMPROVE if question == "could_improve" else EVERYTHING_GOOD)


@pytest.mark.parametrize("text", ["N/A", "n/a", "NA", "Don't know", "not sure", "Did not answer", "", "  ", None])
@pytest.mark.parametrize("question", ["could_improve", "what_good", None])
def test_no_answer_is_no_answer_whatever_the_question(text, question):
    answer = read_short_answer(text, question)
    assert answer.meaning == NO_ANSWER and answer.sentiment is None


def test_everything_to_what_was_good_is_praise_but_not_elsewhere():
    assert read_short_answer("Everything", "what_good").meaning == EVERYTHING_GOOD
    assert read_short_answer("Everything", "could_improve") is None


@pytest.mark.parametrize(
    "text",
    [
        "Nothing, the staff were lovely",
        "None of the staff listened to me",
        "No one came for six hours",
        "Nothing was explained to me and I was left waiting in pain for the whole afternoon",
    ],
)
def test_real_comments_are_left_to_the_model(text):
    assert read_short_answer(text, "could_improve") is None


def test_classifier_decides_short_answers_by_their_meaning():
    improve, good, open_question, no_answer = classify(
        ["Nothing", "Nothing", "No complaints", "n/a"],
        questions=["How could we improve?", "What was good?", "FFT Why?", "What was good?"],
    )
    assert improve.themes == ["Positive experience & gratitude"] and improve.sentiment == 1
    assert good.themes == [NOT_POSSIBLE] and good.sentiment == 4
    assert open_question.themes == ["Positive experience & gratitude"] and open_question.sentiment == 1
    assert no_answer.themes == [NOT_POSSIBLE] and no_answer.sentiment is None
