"""Themes and sentiment: the shipped model's contract, retraining, and the non-answer rule.

Example comments here are invented. A committed slice of the public data is used for one training run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coqi.text import Classifier, TrainingDataError, TrainingOptions, classify, train
from coqi.text.framework import NOT_POSSIBLE, is_non_answer, learnable_subcategories, subcategories

# The first 600 split_clean "train" rows of the public file, committed (data/README.md): the full file is only for
# benchmarks/text_eval.py.
PUBLIC_SLICE = Path(__file__).resolve().parent / "data" / "pxtm_public_v7_train600.csv"

FRAMEWORK_NAMES = set(subcategories())


def test_framework_has_32_subcategories_and_31_learnable():
    assert len(subcategories()) == 32 and len(learnable_subcategories()) == 31
    assert NOT_POSSIBLE in subcategories() and NOT_POSSIBLE not in learnable_subcategories()


def test_shipped_model_returns_exact_names_and_sentiment_in_range():
    results = classify(
        [
            "The nurses were kind and caring, thank you.",
            "I waited six hours for the ambulance and nobody told us why.",
            "The food was cold and there was nothing to do on the ward.",
        ]
    )
    assert len(results) == 3
    for result in results:
        assert result.themes and set(result.themes) <= FRAMEWORK_NAMES
        assert result.sentiment in {1, 2, 3, 4, 5}


def test_shipped_model_gets_obvious_comments_right():
    kind, slow = classify(
        [
            "Excellent service, the staff were lovely and kind.",
            "Waited 7 hours for the ambulance, far too long, absolutely disgraceful.",
        ]
    )
    assert "Staff manner & personal attributes" in kind.themes and kind.sentiment <= 2
    assert "Timeliness of care" in slow.themes and slow.sentiment >= 4


@pytest.mark.parametrize("text", ["Did not answer", "N/A", "", "   ", "...", "123", None, "n/a.", "Don't know"])
def test_non_answers_are_decided_by_rule(text):
    assert is_non_answer(text)
    (result,) = classify([text])
    assert result.themes == [NOT_POSSIBLE] and result.sentiment is None


@pytest.mark.parametrize("text", ["Nothing", "None", "No", "Nothing at all"])
def test_nothing_to_improve_is_an_answer(text):
    # In the labelled data "Nothing" to "How could we improve?" is positive feedback, sentiment 1.
    assert not is_non_answer(text)
    (result,) = classify([text], questions=["How could we improve?"])
    assert NOT_POSSIBLE not in result.themes and result.sentiment in {1, 2}


def test_batch_path_matches_single_path_and_is_vectorised():
    classifier = Classifier.load()
    texts = ["Staff were rude.", "Did not answer", "Parking was impossible and cost a fortune."]
    themes, sentiment = classifier.predict_arrays(texts)
    assert themes.shape == (3, 32) and themes.dtype == bool
    assert np.isnan(sentiment[1]) and themes[1].tolist() == [name == NOT_POSSIBLE for name in classifier.themes]
    frame = classifier.predict_frame(texts)
    assert list(frame.columns) == ["themes", "sentiment"]
    assert frame["themes"][1] == NOT_POSSIBLE and pd.isna(frame["sentiment"][1])
    singles = classifier.predict(texts)
    assert [";".join(r.themes) for r in singles] == frame["themes"].tolist()


def test_huge_and_foreign_comments_do_not_crash():
    huge = "The ambulance was late and the crew were kind. " * 2200  # about 100 KB
    results = classify([huge, "El personal fue muy amable y atento.", "工作人员很好", "🙂🙂🙂 good"])
    assert len(results) == 4 and all(r.sentiment in {1, 2, 3, 4, 5} for r in results)


def test_fft_score_moves_sentiment_in_the_expected_direction():
    classifier = Classifier.load()
    texts = ["It was ok I suppose.", "The ambulance came.", "Transport home.", "Average."]
    good = classifier.predict_arrays(texts, questions=["FFT Why?"] * 4, fft_scores=[1] * 4)[1]
    poor = classifier.predict_arrays(texts, questions=["FFT Why?"] * 4, fft_scores=[5] * 4)[1]
    assert (poor >= good).all() and poor.sum() > good.sum()


def test_shipped_model_metadata_says_what_it_was_trained_on():
    metadata = Classifier.load().metadata
    assert metadata["training_rows"] > 5000
    assert "trained_on" in metadata


def _invented_training_frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    kind = ["The staff were kind and caring", "Lovely friendly nurses", "Very polite and respectful crew"]
    slow = ["I waited hours for the ambulance", "Far too long a wait to be seen", "The transport was late again"]
    food = ["The food was cold", "Meals were tasty and hot", "More choice of food please"]
    rows = []
    for _ in range(40):
        for texts, label, sentiment in (
            (kind, "Staff manner & personal attributes", 1),
            (slow, "Timeliness of care", 5),
            (food, "Food & drink provision & facilities", 3),
        ):
            rows.append(
                {
                    "comment": f"{rng.choice(texts)} {rng.choice(['', 'today', 'really', 'again'])}",
                    label: 1,
                    "sentiment": sentiment,
                    "question_type": "nonspecific",
                    "fft_score": sentiment,
                }
            )
    rows.append({"comment": "Did not answer", "question_type": "nonspecific"})
    return pd.DataFrame(rows).fillna({name: 0 for name in learnable_subcategories()})


def test_training_on_a_small_labelled_set_makes_a_working_model(tmp_path):
    frame = _invented_training_frame()
    classifier = train(frame, options=TrainingOptions(cv_folds=2))
    kind, slow, food = classifier.predict(
        ["Such kind and caring staff", "I waited hours and hours", "The food was cold"]
    )
    assert kind.themes == ["Staff manner & personal attributes"] and kind.sentiment == 1
    assert slow.themes == ["Timeliness of care"] and slow.sentiment == 5
    assert food.themes == ["Food & drink provision & facilities"] and food.sentiment == 3
    saved = classifier.save(tmp_path / "mine.joblib")
    reloaded = Classifier.load(saved)
    assert reloaded.predict(["I waited hours and hours"])[0].themes == ["Timeliness of care"]
    assert reloaded.metadata["theme_positives"]["Timeliness of care"] == 40


def test_sentiment_can_ignore_the_question_type_but_still_use_the_fft_score():
    # For an organisation that asks other questions than the training data's (see README, trust split).
    frame = _invented_training_frame()
    frame["question_type"] = np.where(frame["sentiment"] == 5, "could_improve", "nonspecific")
    classifier = train(frame, options=TrainingOptions(cv_folds=2, sentiment_uses_question=False))
    model = classifier.model
    question = model.features.question_columns()
    assert not model.sentiment_weights[:, question].any()
    assert model.theme_weights[:, question].any()  # themes still use the question
    text = ["The service was alright"] * 2
    by_question = classifier.predict_arrays(
        text, questions=["What was good?", "How could we improve?"], fft_scores=[3, 3]
    )[1]
    assert by_question[0] == by_question[1]
    by_score = classifier.predict_arrays(text, fft_scores=[1, 5])[1]
    assert by_score[0] < by_score[1]
    with_question = train(frame, options=TrainingOptions(cv_folds=2)).model  # the default
    assert with_question.sentiment_weights[:, question].any()


def test_training_on_a_slice_of_the_public_data(tmp_path):
    train_rows = pd.read_csv(PUBLIC_SLICE)
    assert len(train_rows) == 600 and set(train_rows["split_clean"]) == {"train"}
    classifier = train(train_rows, options=TrainingOptions(tune_sentiment_bias=False))
    assert 590 <= classifier.metadata["training_rows"] <= 600  # the few "N/a"-style rows are left to the rule
    results = classifier.predict(["The crew were kind", "Did not answer"])
    assert set(results[0].themes) <= FRAMEWORK_NAMES and results[0].sentiment in {1, 2, 3, 4, 5}
    assert results[1].themes == [NOT_POSSIBLE]


def test_training_data_errors_name_the_problem():
    with pytest.raises(TrainingDataError, match="no column 'text'"):
        train(pd.DataFrame({"comment": ["a"]}), text_column="text")
    with pytest.raises(TrainingDataError, match="subcategory columns"):
        train(pd.DataFrame({"comment": ["a", "b"]}))


def test_context_dropout_reads_comments_without_question_or_score_from_their_words():
    # Sentiment that follows the FFT score in training, on texts whose words say little: with the context blanked
    # in a copy of the training rows, a comment without a score is read from its words alone.
    frame = _invented_training_frame()
    plain = train(frame, options=TrainingOptions(cv_folds=2, tune_sentiment_bias=False)).model
    dropped = train(
        frame, options=TrainingOptions(cv_folds=2, tune_sentiment_bias=False, sentiment_context_dropout=True)
    )
    assert dropped.model.metadata["options"]["sentiment_context_dropout"] is True
    assert dropped.model.sentiment_weights.shape == plain.sentiment_weights.shape
    kind, slow = dropped.predict(["Such kind and caring staff", "I waited hours and hours"])
    assert kind.sentiment == 1 and slow.sentiment == 5
    by_score = dropped.predict_arrays(["The service was alright"] * 2, fft_scores=[1, 5])[1]
    assert by_score[0] < by_score[1]  # the score still counts when it is there
