"""How good and how fast coqi.text's themes and sentiment are on the public FFT data.

For each split (pxt, clean, trust) a fresh model is trained on that split's `train` rows only (any tuning is
cross-validation inside them) and scored on its `test` rows, beside the reference figures of the data README.

    .venv/bin/python benchmarks/text_eval.py [--data PATH] [--splits clean,pxt,trust]
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

from coqi.text import framework
from coqi.text.classifier import Classifier, _training_rows, default_training_data, train
from coqi.text.model import fit_model

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
GOALS = (
    "goals on clean: micro >= 0.75, macro >= 0.65, sentiment 3-class macro F1 >= 0.72, >= 5,000 comments/s;"
    " issue 19: sentiment >= reference on every split and source, >= 0.70 on trust, neutral F1 >= 0.45,"
    " drop <= 0.02 without question / score; themes macro >= 0.45 on trust"
)
# Leave-one-source-out: a trust, or a service with at least this many labelled comments, is held out in turn.
MIN_SOURCE_ROWS = 200
_PUNCTUATION_AND_DIGITS = re.compile(r"[^\w\s]|\d")


def to3(values: np.ndarray) -> np.ndarray:
    """1–2 positive (0), 3 neutral/mixed (1), 4–5 negative (2)."""
    return np.select([values <= 2, values == 3], [0, 1], 2)


def sentiment_scores(true5: np.ndarray, pred5: np.ndarray) -> dict:
    """Scores over the comments given a sentiment (a comment the rules call a non-answer, e.g. "unsure", has none)."""
    pred5 = np.asarray(pred5, dtype=float)
    known = ~np.isnan(pred5)
    true5, pred5 = np.asarray(true5)[known], pred5[known].astype(int)
    true3, pred3 = to3(true5), to3(pred5)
    return {
        "f1_3": f1_score(true3, pred3, average="macro"),
        "neutral_f1": f1_score(true3 == 1, pred3 == 1, zero_division=0),
        "acc3": accuracy_score(true3, pred3),
        "f1_5": f1_score(true5, pred5, average="macro"),
        "acc5": accuracy_score(true5, pred5),
    }


def reference_sentiment(train_texts: list[str], train_y: np.ndarray, test_texts: list[str]) -> np.ndarray:
    """The data README's reference: TF-IDF word 1–2-grams (pxtextmining's cleaning) + LogisticRegression(C=4,
    balanced) on the 5 classes, text only. Retrained here so every split and source gets its neutral F1 too."""

    def clean(texts):
        return [_PUNCTUATION_AND_DIGITS.sub(" ", text.lower()) for text in texts]

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    model = LogisticRegression(C=4, class_weight="balanced", max_iter=3000)
    model.fit(vectorizer.fit_transform(clean(train_texts)), train_y)
    return model.predict(vectorizer.transform(clean(test_texts)))


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    answered = frame[~frame["comment"].map(framework.is_non_answer)]
    return answered[answered["sentiment"].between(1, 5)]


def _sentiment_of(classifier: Classifier, test: pd.DataFrame, *, question: bool, score: bool) -> np.ndarray:
    return classifier.predict_arrays(
        test["comment"].tolist(),
        questions=test["question_type"].tolist() if question else None,
        fft_scores=test["fft_score"].tolist() if score else None,
    )[1]


def context_drop(classifier: Classifier, test: pd.DataFrame) -> dict:
    """3-class macro F1 with question and score, and how much it falls without the question, the score, both."""
    test = _labelled(test)
    true5 = test["sentiment"].astype(int).to_numpy()
    scores = {}
    for name, question, score in (
        ("both", True, True),
        ("no question", False, True),
        ("no score", True, False),
        ("neither", False, False),
    ):
        scores[name] = sentiment_scores(true5, _sentiment_of(classifier, test, question=question, score=score))["f1_3"]
    return {name: scores["both"] - value for name, value in scores.items() if name != "both"}


def sources(data: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
    """(name, mask) of each trust and each service with at least MIN_SOURCE_ROWS labelled comments."""
    labelled = data.index.isin(_labelled(data).index)
    found = [(f"trust {trust}", (data["trust"] == trust).to_numpy()) for trust in sorted(data["trust"].unique())]
    services = data["service_type"].fillna("unknown")
    for service in sorted(services.unique()):
        mask = (services == service).to_numpy()
        if (mask & labelled).sum() >= MIN_SOURCE_ROWS and (~mask & labelled).sum() >= MIN_SOURCE_ROWS:
            found.append((f"service {service}", mask))
    return found


def leave_one_source_out(data: pd.DataFrame) -> list[dict]:
    """Sentiment trained on every answered comment outside a source, scored on the source's comments (themes are
    not fitted here: all-zero labels skip them, which keeps this to sentiment's cost)."""
    results = []
    for name, mask in sources(data):
        rows = _training_rows(data[~mask], text_column="comment", split_column=None)
        model = fit_model(
            texts=rows["comment"].tolist(),
            labels=np.zeros((len(rows), 1)),
            themes=("none",),
            sentiment=pd.to_numeric(rows["sentiment"], errors="coerce").to_numpy(dtype=float),
            question_types=rows["question_type"].tolist(),
            fft_scores=rows["fft_score"].tolist(),
        )
        classifier = _SentimentOnly(model)
        test = _labelled(data[mask])
        true5 = test["sentiment"].astype(int).to_numpy()
        ours = sentiment_scores(true5, _sentiment_of(classifier, test, question=True, score=True))
        bare = sentiment_scores(true5, _sentiment_of(classifier, test, question=False, score=False))
        train_rows = _labelled(data[~mask])
        reference = sentiment_scores(
            true5,
            reference_sentiment(
                train_rows["comment"].tolist(), train_rows["sentiment"].astype(int).to_numpy(), test["comment"].tolist()
            ),
        )
        results.append({"source": name, "n": len(test), "ours": ours, "bare": bare, "reference": reference})
        print_source(results[-1])
    return results


class _SentimentOnly(Classifier):
    """A classifier whose model has no themes (leave-one-source-out scores sentiment only)."""

    @property
    def _model_columns(self) -> list[int]:
        return [0]


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
    train_rows = _labelled(data[data[column] == "train"])
    labelled_test = _labelled(test)
    reference = sentiment_scores(
        labelled_test["sentiment"].astype(int).to_numpy(),
        reference_sentiment(
            train_rows["comment"].tolist(),
            train_rows["sentiment"].astype(int).to_numpy(),
            labelled_test["comment"].tolist(),
        ),
    )
    result = {
        "split": split,
        "train_rows": int((data[column] == "train").sum()),
        "test_rows": len(test),
        "labels_scored": int((truth.sum(axis=0) > 0).sum()),
        "micro": micro,
        "macro": macro,
        "samples": samples,
        "sentiment_n": int(labelled.sum()),
        **sentiment_scores(true5, pred5),
        "reference": reference,
        "drop": context_drop(classifier, test),
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
    parser.add_argument("--no-sources", action="store_true", help="skip leave-one-source-out (sentiment)")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput figures")
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
    if not args.no_sources:
        print(
            "\n== leave one source out (sentiment; train on every other answered comment, test on the source;"
            " 3-class macro F1)"
        )
        leave_one_source_out(data)
    if args.no_speed:
        return
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
    ref = r["reference"]
    head = "3-class macro F1  neutral F1  3-class acc  5-class macro F1  5-class acc"
    print(f"  sentiment (n={r['sentiment_n']})       {head}")
    print(
        f"          coqi.text            {r['f1_3']:>16.3f}  {r['neutral_f1']:>10.3f}  {r['acc3']:>11.3f}"
        f"  {r['f1_5']:>16.3f}  {r['acc5']:>11.3f}   group bias {r['group_bias']}"
    )
    print(
        f"          TF-IDF + LR (rerun)  {ref['f1_3']:>16.3f}  {ref['neutral_f1']:>10.3f}  {ref['acc3']:>11.3f}"
        f"  {ref['f1_5']:>16.3f}  {ref['acc5']:>11.3f}   (data README: {f13:.3f} / acc {acc3:.3f} / 5-class acc"
        f" {acc5:.3f})"
    )
    drop = r["drop"]
    print(
        "  sentiment 3-class macro F1 drop when absent:  "
        + "  ".join(f"{name} {value:+.3f}" for name, value in drop.items())
        + "   (bar: <= 0.02)"
    )


def print_source(r: dict) -> None:
    ours, bare, ref = r["ours"], r["bare"], r["reference"]
    print(
        f"  {r['source']:<38} n={r['n']:>5}  coqi.text {ours['f1_3']:.3f} (neutral {ours['neutral_f1']:.3f},"
        f" 5-class {ours['f1_5']:.3f}; without question/score {bare['f1_3']:.3f})   TF-IDF + LR {ref['f1_3']:.3f}"
        f" (neutral {ref['neutral_f1']:.3f}, 5-class {ref['f1_5']:.3f})",
        flush=True,
    )


if __name__ == "__main__":
    main()
