"""How good and how fast coqi.text's themes and sentiment are on the public FFT data.

For each split (pxt, clean, trust) a fresh model is trained on that split's `train` rows only (any tuning is
cross-validation inside them) and scored on its `test` rows, beside the reference figures of the data README.

    .venv/bin/python benchmarks/text_eval.py [--data PATH] [--splits clean,pxt,trust]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from coqi.text import framework
from coqi.text.classifier import Classifier, default_training_data, train

# From /work/shared/feedback-data/README.md ("Reference figures measured on this data").
REFERENCE_THEMES = {
    "pxt": {
        "TF-IDF + LinearSVC": (0.754, 0.523),
        "pxtextmining SVC": (0.753, 0.489),
        "TF-IDF + MiniLM": (0.781, 0.600),
    },
    "clean": {
        "TF-IDF + LinearSVC": (0.695, 0.522),
        "pxtextmining SVC": (0.696, 0.497),
        "TF-IDF + MiniLM": (0.735, 0.605),
    },
    "trust": {
        "TF-IDF + LinearSVC": (0.540, 0.263),
        "pxtextmining SVC": (0.515, 0.232),
        "TF-IDF + MiniLM": (0.569, 0.301),
    },
}
REFERENCE_SENTIMENT = {  # TF-IDF + LogisticRegression: 3-class accuracy, 3-class macro F1, 5-class accuracy
    "pxt": (0.844, 0.684, 0.671),
    "clean": (0.828, 0.666, 0.652),
    "trust": (0.818, 0.620, 0.616),
}
GOALS = "goals on clean: micro >= 0.75, macro >= 0.65, sentiment 3-class macro F1 >= 0.72, >= 5,000 comments/s"


def theme_scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Micro and samples F1 over all label columns; macro over the labels that occur in the test rows."""
    present = truth.sum(axis=0) > 0
    return (
        f1_score(truth, predicted, average="micro", zero_division=0),
        f1_score(truth[:, present], predicted[:, present], average="macro", zero_division=0),
        f1_score(truth, predicted, average="samples", zero_division=0),
    )


def evaluate_split(data: pd.DataFrame, split: str) -> tuple[dict, Classifier]:
    column = f"split_{split}"
    started = time.perf_counter()
    classifier = train(data, split_column=column)
    seconds = time.perf_counter() - started
    test = data[data[column] == "test"]
    themes, sentiment = classifier.predict_arrays(
        test["comment"].tolist(), questions=test["question_type"].tolist(), fft_scores=test["fft_score"].tolist()
    )
    # pxt keeps "Did not answer" rows and scores all 32 labels; clean and trust score the 31 learnable ones.
    names = list(framework.subcategories() if split == "pxt" else framework.learnable_subcategories())
    columns = [classifier.themes.index(name) for name in names]
    truth = test[names].to_numpy() > 0
    micro, macro, samples = theme_scores(truth, themes[:, columns])
    labelled = test["sentiment"].notna().to_numpy() & ~np.isnan(sentiment)
    true5 = test["sentiment"].to_numpy()[labelled].astype(int)
    pred5 = sentiment[labelled].astype(int)
    to3 = lambda values: np.select([values <= 2, values == 3], [0, 1], 2)  # noqa: E731
    result = {
        "split": split,
        "train_rows": int((data[column] == "train").sum()),
        "test_rows": len(test),
        "labels_scored": int((truth.sum(axis=0) > 0).sum()),
        "micro": micro,
        "macro": macro,
        "samples": samples,
        "sentiment_n": int(labelled.sum()),
        "acc3": accuracy_score(to3(true5), to3(pred5)),
        "f1_3": f1_score(to3(true5), to3(pred5), average="macro"),
        "acc5": accuracy_score(true5, pred5),
        "f1_5": f1_score(true5, pred5, average="macro"),
        "neutral_f1": f1_score(to3(true5) == 1, to3(pred5) == 1),
        "group_bias": classifier.model.sentiment_group_bias.round(2).tolist(),
        "train_seconds": seconds,
    }
    return result, classifier


def throughput(classifier: Classifier, comments: list[str], *, n: int = 20_000) -> float:
    sample = (comments * (n // len(comments) + 1))[:n]
    classifier.predict_arrays(sample[:200])  # warm up
    started = time.perf_counter()
    classifier.predict_arrays(sample)
    return n / (time.perf_counter() - started)


_worker_classifier: Classifier | None = None


def _load_worker(path: str) -> None:
    global _worker_classifier
    _worker_classifier = Classifier.load(path)
    _worker_classifier.predict_arrays(["warm up"])


def _predict_chunk(texts: list[str]) -> int:
    return len(_worker_classifier.predict_arrays(texts)[1])


def throughput_parallel(classifier: Classifier, comments: list[str], *, n: int = 40_000, workers: int = 2) -> float:
    """Comments/s with `workers` processes, each with its own copy of the model (the model is loaded and warm
    before the clock starts, as for the single-process figure)."""
    sample = (comments * (n // len(comments) + 1))[:n]
    chunks = [sample[i : i + 5_000] for i in range(0, n, 5_000)]
    with tempfile.TemporaryDirectory() as folder:
        path = classifier.save(Path(folder) / "model.joblib")
        with ProcessPoolExecutor(workers, initializer=_load_worker, initargs=(str(path),)) as pool:
            list(pool.map(_predict_chunk, [["warm"]] * workers))
            started = time.perf_counter()
            done = sum(pool.map(_predict_chunk, chunks))
            return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--splits", default="pxt,clean,trust")
    args = parser.parse_args()
    data = pd.read_csv(args.data or default_training_data())
    print(f"data: {args.data or default_training_data()} ({len(data)} rows)")
    print(GOALS)
    results, clean_classifier = [], None
    for split in args.splits.split(","):
        result, classifier = evaluate_split(data, split)
        results.append(result)
        if split == "clean":
            clean_classifier = classifier
        print_split(result)
    if clean_classifier is None:
        clean_classifier = classifier
    test_comments = data.loc[data["split_clean"] == "test", "comment"].tolist()
    rate = throughput(clean_classifier, test_comments)
    parallel = throughput_parallel(clean_classifier, test_comments, workers=2)
    print(
        f"\nspeed: classify {rate:,.0f} comments/s in one process (20,000 test comments: features + themes +"
        f" sentiment + non-answer rule), {parallel:,.0f} comments/s with 2 processes (40,000);"
        f" reference TF-IDF + LinearSVC about 54,700, pxtextmining SVC about 270 (one process)."
        f" Load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other work slows these figures."
    )


def print_split(r: dict) -> None:
    split = r["split"]
    print(
        f"\n== split {split}: train {r['train_rows']} rows, test {r['test_rows']} rows, "
        f"{r['labels_scored']} labels scored, trained in {r['train_seconds']:.0f} s"
    )
    print(f"  themes  coqi.text            micro {r['micro']:.3f}  macro {r['macro']:.3f}  samples {r['samples']:.3f}")
    for name, (micro, macro) in REFERENCE_THEMES[split].items():
        print(f"          {name:<20} micro {micro:.3f}  macro {macro:.3f}")
    acc3, f13, acc5 = REFERENCE_SENTIMENT[split]
    print(
        f"  sentiment (n={r['sentiment_n']})  coqi.text: 3-class macro F1 {r['f1_3']:.3f} (accuracy {r['acc3']:.3f},"
        f" neutral F1 {r['neutral_f1']:.3f}); 5-class macro F1 {r['f1_5']:.3f} (accuracy {r['acc5']:.3f});"
        f" group bias {r['group_bias']}"
    )
    print(
        f"          TF-IDF + LR reference: 3-class macro F1 {f13:.3f} (accuracy {acc3:.3f}); "
        f"5-class accuracy {acc5:.3f}"
    )


if __name__ == "__main__":
    main()
