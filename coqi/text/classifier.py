"""Public face of themes and sentiment: load the shipped model, classify comments, retrain on labelled data."""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn

from coqi.text import framework
from coqi.text.model import Classification, TextModel, TrainingOptions, fit_model
from coqi.text.short_answers import NO_ANSWER, NOTHING_GOOD, read_short_answer

POSITIVE = "Positive experience & gratitude"

DEFAULT_MODEL = Path(__file__).with_name("models") / "fft_v7.joblib"
DEFAULT_DATA_NAME = "pxtm_public_v7.csv"


class TrainingDataError(ValueError):
    """Labelled data that cannot train a model; the message names the problem."""


class Classifier:
    """Themes and sentiment for comments. `Classifier.load()` gives the model shipped with the package."""

    def __init__(self, model: TextModel):
        self.model = model

    @classmethod
    def load(cls, path: str | Path | None = None) -> Classifier:
        with warnings.catch_warnings():
            # A model saved by another scikit-learn version usually still works; say so once, in our words.
            warnings.simplefilter("ignore")
            model = joblib.load(Path(path) if path else DEFAULT_MODEL)
        trained_with = model.metadata.get("scikit_learn")
        if trained_with and trained_with != sklearn.__version__:
            warnings.warn(
                f"coqi.text model trained with scikit-learn {trained_with}, running {sklearn.__version__};"
                " if results look wrong, retrain with `coqi text train`",
                stacklevel=2,
            )
        return cls(model)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.model, path, compress=("zlib", 6))
        return path

    @property
    def metadata(self) -> dict:
        return self.model.metadata

    def predict_arrays(
        self,
        texts: Sequence[str],
        *,
        questions: Sequence | None = None,
        fft_scores: Sequence | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The vectorised path: (bool matrix comments × themes in `self.themes` order, sentiment float array with
        NaN for non-answers). `self.themes` includes "Labelling not possible", set for non-answers only."""
        texts = [text if isinstance(text, str) else "" for text in texts]
        n = len(texts)
        question_types = [framework.question_type_of(q) for q in questions] if questions is not None else [None] * n
        scores = list(fft_scores) if fft_scores is not None else [None] * n
        if len(question_types) != n or len(scores) != n:
            raise ValueError("questions and fft_scores must have one entry per comment")
        short = [read_short_answer(text, kind) for text, kind in zip(texts, question_types)]
        answered = np.array(
            [not framework.is_non_answer(text) and not (s and s.meaning == NO_ANSWER) for text, s in zip(texts, short)],
            dtype=bool,
        )
        themes = np.zeros((n, len(self.themes)), dtype=bool)
        sentiment = np.full(n, np.nan)
        rows = np.flatnonzero(answered)
        if len(rows):
            matrix = self.model.features.transform(
                [texts[i] for i in rows], [question_types[i] for i in rows], [scores[i] for i in rows]
            )
            chosen, predicted = self.model.predict_matrix(matrix)
            themes[np.ix_(rows, self._model_columns)] = chosen
            if self.model.sentiment_weights is not None:
                sentiment[rows] = predicted
        themes[~answered, self.themes.index(framework.NOT_POSSIBLE)] = True
        self._apply_short_answers(short, answered, themes, sentiment)
        return themes, sentiment

    def _apply_short_answers(self, short, answered, themes: np.ndarray, sentiment: np.ndarray) -> None:
        """A stock answer whose meaning has a sentiment ("nothing" to "How could we improve?") is decided by what it
        means, not by the model: too short for the words to say it, and the question says it (short_answers.py).
        "Nothing was good" names no aspect of care, so it gets no subcategory but keeps its negative sentiment."""
        positive, not_possible = self.themes.index(POSITIVE), self.themes.index(framework.NOT_POSSIBLE)
        for row, answer in enumerate(short):
            if answer is None or answer.sentiment is None or not answered[row]:
                continue
            themes[row] = False
            themes[row, not_possible if answer.meaning == NOTHING_GOOD else positive] = True
            sentiment[row] = answer.sentiment

    @property
    def themes(self) -> tuple[str, ...]:
        return framework.subcategories()

    @property
    def _model_columns(self) -> list[int]:
        return [self.themes.index(name) for name in self.model.themes]

    def predict(
        self, texts: Sequence[str], *, questions: Sequence | None = None, fft_scores: Sequence | None = None
    ) -> list[Classification]:
        themes, sentiment = self.predict_arrays(texts, questions=questions, fft_scores=fft_scores)
        names = np.array(self.themes, dtype=object)
        return [
            Classification(themes=list(names[row]), sentiment=None if np.isnan(score) else int(score))
            for row, score in zip(themes, sentiment)
        ]

    def predict_frame(
        self, texts: Sequence[str], *, questions: Sequence | None = None, fft_scores: Sequence | None = None
    ) -> pd.DataFrame:
        """Columns `themes` (names joined by ";") and `sentiment` (nullable integer), one row per comment."""
        themes, sentiment = self.predict_arrays(texts, questions=questions, fft_scores=fft_scores)
        names = np.array(self.themes, dtype=object)
        joined = [";".join(names[row]) for row in themes]
        return pd.DataFrame({"themes": joined, "sentiment": pd.array(sentiment, dtype="Float64").astype("Int64")})


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    return Classifier.load()


def classify(
    texts: Sequence[str], *, questions: Sequence | None = None, fft_scores: Sequence | None = None
) -> list[Classification]:
    """Themes and sentiment of each comment with the shipped model. Give the FFT question and score if known:
    they sharpen sentiment."""
    return default_classifier().predict(texts, questions=questions, fft_scores=fft_scores)


def train(
    data: pd.DataFrame,
    *,
    text_column: str = "comment",
    split_column: str | None = None,
    options: TrainingOptions | None = None,
) -> Classifier:
    """Train a classifier on labelled comments in the public data's layout: a text column, one 0/1 column per
    subcategory (framework names; missing ones count as never present), optional `sentiment` (1–5),
    `question` or `question_type`, `fft_score`. With `split_column`, only rows whose value is "train" are used."""
    rows = _training_rows(data, text_column=text_column, split_column=split_column)
    themes = framework.learnable_subcategories()
    labels = np.column_stack(
        [
            pd.to_numeric(rows[name], errors="coerce").fillna(0).to_numpy() > 0
            if name in rows
            else np.zeros(len(rows), bool)
            for name in themes
        ]
    )
    sentiment = (
        pd.to_numeric(rows["sentiment"], errors="coerce").to_numpy(dtype=float, copy=True)
        if "sentiment" in rows
        else None
    )
    if sentiment is not None:
        sentiment[(sentiment < 1) | (sentiment > 5)] = np.nan
    question_types = _question_types(rows)
    fft = rows["fft_score"].tolist() if "fft_score" in rows else [None] * len(rows)
    model = fit_model(
        texts=rows[text_column].tolist(),
        labels=labels,
        themes=themes,
        sentiment=sentiment,
        question_types=question_types,
        fft_scores=fft,
        options=options,
    )
    model.metadata["split"] = split_column or "all rows"
    return Classifier(model)


def _training_rows(data: pd.DataFrame, *, text_column: str, split_column: str | None) -> pd.DataFrame:
    if text_column not in data:
        raise TrainingDataError(f"no column {text_column!r} in the training data")
    if not any(name in data for name in framework.learnable_subcategories()):
        raise TrainingDataError("the training data has no subcategory columns named as in framework v7")
    if split_column is not None:
        if split_column not in data:
            raise TrainingDataError(f"no split column {split_column!r} in the training data")
        data = data[data[split_column] == "train"]
    answered = ~data[text_column].map(framework.is_non_answer)
    rows = data[answered].reset_index(drop=True)
    if len(rows) < 2:
        raise TrainingDataError("fewer than 2 answered comments to train on")
    return rows


def _question_types(rows: pd.DataFrame) -> list:
    if "question_type" in rows:
        return rows["question_type"].map(framework.question_type_of).tolist()
    if "question" in rows:
        return rows["question"].map(framework.question_type_of).tolist()
    return [None] * len(rows)


def default_training_data() -> Path:
    """$COQI_FEEDBACK_DATA, else ../shared/feedback-data/pxtm_public_v7.csv beside the repository."""
    configured = os.environ.get("COQI_FEEDBACK_DATA")
    if configured:
        path = Path(configured)
        return path / DEFAULT_DATA_NAME if path.is_dir() else path
    repository = Path(__file__).resolve().parents[2]
    return repository.parent / "shared" / "feedback-data" / DEFAULT_DATA_NAME
