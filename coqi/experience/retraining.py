"""Train an organisation's own themes-and-sentiment model with `coqi.text` and score it honestly.

The labelled comments are split once, by their fingerprint, into training rows (4 in 5) and held-out rows (1 in 5),
so the same comment always falls on the same side. The new model learns from the training rows only; it and the
shipped model are then scored on the same held-out rows: themes micro and macro F1 (macro over the themes that
occur in those rows, as `benchmarks/text_eval.py` does) and sentiment 3-class macro F1.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import joblib
import numpy as np
import pandas as pd

MIN_LABELLED = 40
MIN_HELD_OUT = 8


class NotEnoughLabels(ValueError):
    pass


@dataclass
class LabelledComment:
    fingerprint: str
    text: str
    question: str
    fft_score: int | None
    themes: list[str]
    sentiment: int | None


def held_out(fingerprint: str) -> bool:
    return int(fingerprint[:8], 16) % 5 == 0


def _frame(rows: list[LabelledComment], names: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "comment": [r.text for r in rows],
            "question": [r.question or None for r in rows],
            "fft_score": [r.fft_score for r in rows],
            "sentiment": [float(r.sentiment) if r.sentiment else np.nan for r in rows],
        }
    )
    for name in names:
        frame[name] = [1 if name in r.themes else 0 for r in rows]
    return frame


def _scores(classifier, rows: list[LabelledComment], names: list[str]) -> dict:
    from sklearn.metrics import f1_score

    themes, sentiment = classifier.predict_arrays(
        [r.text for r in rows], questions=[r.question or None for r in rows], fft_scores=[r.fft_score for r in rows]
    )
    columns = [classifier.themes.index(name) for name in names]
    truth = np.array([[name in r.themes for name in names] for r in rows], dtype=bool)
    predicted = themes[:, columns]
    present = truth.sum(axis=0) > 0
    true_sentiment = np.array([r.sentiment or np.nan for r in rows], dtype=float)
    known = ~np.isnan(true_sentiment) & ~np.isnan(sentiment)
    to3 = lambda values: np.select([values <= 2, values == 3], [0, 1], 2)  # noqa: E731
    return {
        "micro": round(float(f1_score(truth, predicted, average="micro", zero_division=0)), 3),
        "macro": round(float(f1_score(truth[:, present], predicted[:, present], average="macro", zero_division=0)), 3)
        if present.any()
        else 0.0,
        "sentiment": round(
            float(f1_score(to3(true_sentiment[known]), to3(sentiment[known]), average="macro", zero_division=0)), 3
        )
        if known.any()
        else None,
        "sentiment_rows": int(known.sum()),
    }


@dataclass
class TrainingResult:
    model_file: bytes
    trained_rows: int
    held_out_rows: int
    scores: dict


def train_and_score(rows: list[LabelledComment]) -> TrainingResult:
    from coqi.text import framework, train
    from coqi.text.classifier import default_classifier

    if len(rows) < MIN_LABELLED:
        raise NotEnoughLabels(f"Correct at least {MIN_LABELLED} comments first ({len(rows)} so far)")
    train_rows = [r for r in rows if not held_out(r.fingerprint)]
    test_rows = [r for r in rows if held_out(r.fingerprint)]
    if len(test_rows) < MIN_HELD_OUT:
        raise NotEnoughLabels(
            f"Only {len(test_rows)} corrected comments fell in the held-out fifth; correct a few "
            f"more so at least {MIN_HELD_OUT} can be kept back for scoring"
        )
    names = list(framework.learnable_subcategories())
    classifier = train(_frame(train_rows, names), text_column="comment")
    buffer = io.BytesIO()
    joblib.dump(classifier.model, buffer, compress=("zlib", 6))
    return TrainingResult(
        model_file=buffer.getvalue(),
        trained_rows=len(train_rows),
        held_out_rows=len(test_rows),
        scores={
            "organisation": _scores(classifier, test_rows, names),
            "shipped": _scores(default_classifier(), test_rows, names),
        },
    )


_loaded: dict[int, object] = {}


def load_classifier(model_id: int, read_file):
    """A stored organisation model, loaded once per process (keyed by its id: a model's bytes never change).
    `read_file()` fetches the bytes only when the model is not loaded yet."""
    from coqi.text import Classifier

    if model_id not in _loaded:
        if len(_loaded) >= 4:
            _loaded.pop(next(iter(_loaded)))
        _loaded[model_id] = Classifier(joblib.load(io.BytesIO(bytes(read_file()))))
    return _loaded[model_id]
