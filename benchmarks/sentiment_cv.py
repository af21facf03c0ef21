"""How the sentiment model's settings were chosen: cross-validation inside a split's TRAINING rows only.

The test rows are never read. Two schemes:
- `random`: 3 stratified folds (how well it does on more comments like the training ones);
- `by-service`: leave one service type out (NEAS: 111, See and Convey, Patient Transport), a stand-in inside the
  training rows for "a new organisation": different questions, different people, a different FFT habit.

    .venv/bin/python benchmarks/sentiment_cv.py [--split trust] [--data PATH]

Prints 3-class macro F1 (positive 1–2, neutral/mixed 3, negative 4–5) for the sentiment with and without the
question type, with and without the cross-validated group bias.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from coqi.text.classifier import _question_types, _training_rows, default_training_data
from coqi.text.model import (
    _SENTIMENT_GROUPS,
    TrainingOptions,
    _Features,
    _fit_sentiment,
    _sentiment_from_logits,
    _tune_group_bias,
    _without_columns,
)

VARIANTS = {
    "text + FFT score + question type (default)": TrainingOptions(sentiment_uses_question=True),
    "text + FFT score + question type, no group bias": TrainingOptions(tune_sentiment_bias=False),
    "text + FFT score (sentiment_uses_question=False)": TrainingOptions(sentiment_uses_question=False),
    "text + FFT score, no group bias": TrainingOptions(sentiment_uses_question=False, tune_sentiment_bias=False),
    "text only (no FFT score, no question type)": "text only",
}


def _context_columns(features: _Features) -> np.ndarray:
    start = features.question_columns().min()
    return np.arange(start, start + 4 + 6 + 24)  # question type, FFT score, their product (model._context_columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="trust")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    data = pd.read_csv(args.data or default_training_data())
    rows = _training_rows(data, text_column="comment", split_column=f"split_{args.split}")  # train rows only
    rows = rows[rows["sentiment"].between(1, 5)].reset_index(drop=True)
    y = rows["sentiment"].astype(int).to_numpy()
    groups = _SENTIMENT_GROUPS[y - 1]
    texts, questions, scores = rows["comment"].tolist(), _question_types(rows), rows["fft_score"].tolist()
    services = rows["service_type"].fillna("unknown").to_numpy()
    schemes = {"random": list(StratifiedKFold(3, shuffle=True, random_state=0).split(texts, groups))}
    big = [s for s in np.unique(services) if (services == s).sum() >= 200 and (services != s).sum() >= 200]
    if len(big) >= 2:
        schemes["by-service"] = [(np.flatnonzero(services != s), np.flatnonzero(services == s)) for s in big]
    print(f"split {args.split}: {len(rows):,} labelled training rows; by-service folds: {', '.join(big) or 'none'}")
    for scheme, folds in schemes.items():
        fitted = []
        for inside, outside in folds:
            features = _Features(min_df=2)
            train = features.fit_transform(
                [texts[i] for i in inside], [questions[i] for i in inside], [scores[i] for i in inside]
            )
            held_out = features.transform(
                [texts[i] for i in outside], [questions[i] for i in outside], [scores[i] for i in outside]
            )
            fitted.append((features, train, held_out, inside, outside))
        for name, variant in VARIANTS.items():
            truth, predicted, per_fold = [], [], []
            for features, train, held_out, inside, outside in fitted:
                if variant == "text only":
                    options = TrainingOptions()
                    train = _without_columns(train, _context_columns(features))
                else:
                    options = variant
                    if not options.sentiment_uses_question:
                        train = _without_columns(train, features.question_columns())
                weights, bias = _fit_sentiment(train, y[inside], options)
                group_bias = _tune_group_bias(train, y[inside], options) if options.tune_sentiment_bias else np.zeros(3)
                logits = np.asarray(held_out @ weights.T) + bias
                guess = _SENTIMENT_GROUPS[_sentiment_from_logits(logits, group_bias) - 1]
                per_fold.append(f1_score(groups[outside], guess, average="macro"))
                truth.append(groups[outside])
                predicted.append(guess)
            pooled = f1_score(np.concatenate(truth), np.concatenate(predicted), average="macro")
            print(
                f"  {scheme:<10} {name:<50} 3-class macro F1 {pooled:.3f}"
                f"  (folds {', '.join(f'{f:.3f}' for f in per_fold)})",
                flush=True,
            )


if __name__ == "__main__":
    main()
