"""Themes (framework v7 subcategories, multilabel) and sentiment (1–5) of feedback comments.

The model is deliberately small and linear, so it predicts thousands of comments a second on a laptop and ships
inside the package:
- features: TF-IDF of word 1–2-grams and of character 2–5-grams within words (robust to misspellings), a count of
  each subcategory's cue words (`lexicon.THEME_CUES`), and the question type and FFT score as one-hot columns;
- themes: one linear SVM per subcategory (class-weighted, because most subcategories are rare), threshold 0; a
  comment that clears no threshold gets its best-scoring subcategory (pxtextmining's "label fix");
- sentiment: multinomial logistic regression on the 5 classes (optionally without the question type,
  `TrainingOptions.sentiment_uses_question`); the three-point groups (1–2, 3, 4–5) get a bias
  tuned by cross-validation inside the training rows, because neutral/mixed is the class every model misses;
  the 5-point answer is the most likely class inside the chosen group.
Non-answers ("Did not answer", "N/A", empty) never reach the model: `framework.is_non_answer` decides them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from coqi.text import framework
from coqi.text.lexicon import THEME_CUES

# Features are taken from the first MAX_CHARS characters: a 100 KB comment still gets themes, in bounded time.
MAX_CHARS = 5000
_FFT_LEVELS = (0, 1, 2, 3, 4, 5)  # 0 = missing or "don't know"
_QUESTION_LEVELS = (*framework.QUESTION_TYPES, None)
_SENTIMENT_GROUPS = np.array([0, 0, 1, 2, 2])  # sentiment 1..5 -> positive, neutral/mixed, negative


@dataclass(frozen=True, slots=True)
class Classification:
    """Themes (exact framework subcategory names) and sentiment (1 very positive … 5 very negative; None for a
    non-answer) of one comment."""

    themes: list[str]
    sentiment: int | None


@dataclass
class TrainingOptions:
    theme_c: float = 0.3
    sentiment_c: float = 4.0
    tune_sentiment_bias: bool = True
    # Whether sentiment sees the question type (and its product with the FFT score). Off, it travels better to an
    # organisation that asks other questions (leave-one-service-out cross-validation inside the training rows, and
    # the trust split), but on the clean split it scored under the sentiment goal, so it stays on by default.
    # See README, "Sentiment on the trust split".
    sentiment_uses_question: bool = True
    # Whether sentiment also learns from a copy of every training comment with the question and FFT score blanked,
    # so that a comment arriving without them (another organisation's export, a free-text-only form) is read from
    # its words as well as a model trained on words alone would read it (issue 19: no more than 0.02 lost).
    sentiment_context_dropout: bool = False
    cv_folds: int = 3
    min_df: int = 2
    seed: int = 0


class _Features:
    """Text and context to one sparse matrix; fitted once on the training comments."""

    def __init__(self, *, min_df: int):
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True, dtype=np.float32)
        self.chars = _CharTfidf(min_df=min_df)
        self.cues = _CueCounter(list(THEME_CUES.values()))

    def fit_transform(self, texts: list[str], question_types: Sequence, fft_scores: Sequence) -> sparse.csr_matrix:
        cleaned = _clean(texts)
        words = self.words.fit_transform(cleaned)
        chars = self.chars.fit_transform(cleaned)
        return self._stack(words, chars, cleaned, question_types, fft_scores)

    def transform(self, texts: list[str], question_types: Sequence, fft_scores: Sequence) -> sparse.csr_matrix:
        cleaned = _clean(texts)
        return self._stack(
            self.words.transform(cleaned), self.chars.transform(cleaned), cleaned, question_types, fft_scores
        )

    def question_columns(self) -> np.ndarray:
        """Indices of the question-type columns (alone and times the FFT score) in the feature matrix."""
        start = len(self.words.vocabulary_) + len(self.chars.vectorizer.vocabulary_) + self.cues.n
        question = np.arange(len(_QUESTION_LEVELS))
        both = len(_QUESTION_LEVELS) + len(_FFT_LEVELS) + np.arange(len(_QUESTION_LEVELS) * len(_FFT_LEVELS))
        return start + np.concatenate([question, both])

    def _stack(self, words, chars, cleaned, question_types, fft_scores) -> sparse.csr_matrix:
        cue_counts = self.cues.counts(cleaned)
        context = _context_columns(question_types, fft_scores)
        return sparse.hstack([words, chars, sparse.csr_matrix(cue_counts), context], format="csr", dtype=np.float32)


class _CharNgrams:
    """Character 2–5-grams inside word boundaries (like scikit-learn's "char_wb"), memoised per word.

    Comments reuse a few thousand words, so looking a word's n-grams up is far quicker than cutting them again:
    this is what lets classification run at thousands of comments a second.
    """

    CACHE_LIMIT = 300_000

    def __init__(self, low: int = 2, high: int = 5):
        self.low, self.high = low, high
        self._cache: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        grams: list[str] = []
        cache = self._cache
        for word in text.split():
            found = cache.get(word)
            if found is None:
                found = self._cut(word)
                if len(cache) < self.CACHE_LIMIT:
                    cache[word] = found
            grams.extend(found)
        return grams

    def _cut(self, word: str) -> list[str]:
        padded = f" {word} "
        return [padded[i : i + n] for n in range(self.low, self.high + 1) for i in range(max(1, len(padded) - n + 1))]

    def __getstate__(self) -> dict:
        return {"low": self.low, "high": self.high}

    def __setstate__(self, state: dict) -> None:
        self.low, self.high = state["low"], state["high"]
        self._cache = {}


class _CharTfidf:
    """TF-IDF of character n-grams: fitted by scikit-learn, applied by a faster path that looks up each word's
    n-gram columns once and reuses them (same numbers as `TfidfVectorizer.transform`, several times quicker)."""

    CACHE_LIMIT = 300_000

    def __init__(self, *, min_df: int):
        self.vectorizer = TfidfVectorizer(analyzer=_CharNgrams(), min_df=min_df, sublinear_tf=True, dtype=np.float32)
        self._columns: dict[str, list[int]] = {}

    def fit_transform(self, cleaned: list[str]) -> sparse.csr_matrix:
        return self.vectorizer.fit_transform(cleaned)

    def transform(self, cleaned: list[str]) -> sparse.csr_matrix:
        vocabulary = self.vectorizer.vocabulary_
        cut = self.vectorizer.analyzer._cut
        cache = self._columns
        columns: list[int] = []
        row_ends = np.zeros(len(cleaned) + 1, dtype=np.int64)
        for row, text in enumerate(cleaned):
            for word in text.split():
                found = cache.get(word)
                if found is None:
                    found = [vocabulary[gram] for gram in cut(word) if gram in vocabulary]
                    if len(cache) < self.CACHE_LIMIT:
                        cache[word] = found
                columns.extend(found)
            row_ends[row + 1] = len(columns)
        counts = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), np.asarray(columns, dtype=np.int64), row_ends),
            shape=(len(cleaned), len(vocabulary)),
        )
        counts.sum_duplicates()
        counts.data = (np.log(counts.data) + 1.0) * self.vectorizer.idf_[counts.indices].astype(np.float32)
        norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        counts.data /= np.repeat(norms, np.diff(counts.indptr)).astype(np.float32)
        return counts

    def __getstate__(self) -> dict:
        return {"vectorizer": self.vectorizer}

    def __setstate__(self, state: dict) -> None:
        self.vectorizer = state["vectorizer"]
        self._columns = {}


class _CueCounter:
    """How often each subcategory's cue words occur in each comment (capped at 3, scaled to 0–1).

    Running 31 regular expressions over every comment was the slowest step of classification. So each cue is split
    into its single-word alternatives, decided once per distinct word and remembered (comments reuse a few thousand
    words), and its phrase alternatives ("fresh air", "kept me informed"), found by one combined scan.
    """

    CACHE_LIMIT = 300_000
    _TOKEN = re.compile(r"[a-z0-9]+")

    def __init__(self, patterns: list[str]):
        self.n = len(patterns)
        word_cues, phrases, phrase_cues = [], [], []
        for _index, pattern in enumerate(patterns):
            body, whole_word = _cue_body(pattern)
            words, own_phrases = [], []
            boundary = r"\b" if whole_word else ""
            for alternative in _top_level_alternatives(body):
                if re.search(r"[ /'\-]|\\s", alternative):
                    own_phrases.append(f"(?:{alternative}){boundary}")
                else:
                    words.append(alternative)
            ending = "$" if whole_word else ""
            word_cues.append(re.compile(f"(?:{'|'.join(words)}){ending}") if words else None)
            phrase_cues.append(re.compile("|".join(own_phrases)) if own_phrases else None)
            phrases += own_phrases
        self.word_cues = word_cues
        # One scan without named groups keeps the engine's fast first-character check; which cue a phrase belongs
        # to is then decided on the matched text alone, and remembered.
        self.phrases = re.compile(r"\b(?:" + "|".join(phrases) + ")") if phrases else None
        self.phrase_cues = phrase_cues
        self._cache: dict[str, tuple[int, ...]] = {}
        self._phrase_cache: dict[str, tuple[int, ...]] = {}

    def _cues_of(self, token: str) -> tuple[int, ...]:
        found = self._cache.get(token)
        if found is None:
            found = tuple(i for i, cue in enumerate(self.word_cues) if cue is not None and cue.match(token))
            if len(self._cache) < self.CACHE_LIMIT:
                self._cache[token] = found
        return found

    def _cues_of_phrase(self, phrase: str) -> tuple[int, ...]:
        found = self._phrase_cache.get(phrase)
        if found is None:
            found = tuple(i for i, cue in enumerate(self.phrase_cues) if cue is not None and cue.fullmatch(phrase))
            if len(self._phrase_cache) < self.CACHE_LIMIT:
                self._phrase_cache[phrase] = found
        return found

    def counts(self, cleaned: list[str]) -> np.ndarray:
        counts = np.zeros((len(cleaned), self.n), dtype=np.float32)
        rows, columns = [], []
        cues_of, cache = self._cues_of, self._cache
        for row, text in enumerate(cleaned):
            for token in self._TOKEN.findall(text):
                found = cache.get(token)
                if found is None:
                    found = cues_of(token)
                for column in found:
                    rows.append(row)
                    columns.append(column)
        if self.phrases is not None:
            joined = "\n\n".join(text.replace("\n", " ") for text in cleaned)
            starts = np.cumsum([0] + [len(text) + 2 for text in cleaned[:-1]])
            for match in self.phrases.finditer(joined):
                row = int(np.searchsorted(starts, match.start(), side="right") - 1)
                for column in self._cues_of_phrase(match.group()):
                    rows.append(row)
                    columns.append(column)
        if rows:
            np.add.at(counts, (np.asarray(rows), np.asarray(columns)), 1)
        return np.minimum(counts, 3) / 3.0

    def __getstate__(self) -> dict:
        return {"n": self.n, "word_cues": self.word_cues, "phrases": self.phrases, "phrase_cues": self.phrase_cues}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache, self._phrase_cache = {}, {}


def _cue_body(pattern: str) -> tuple[str, bool]:
    """`\\b(alternatives)` or `\\b(alternatives)\\b` → (alternatives, whether whole words only)."""
    whole_word = pattern.endswith(r"\b")
    body = pattern[:-2] if whole_word else pattern
    if not (body.startswith(r"\b(") and body.endswith(")")):
        raise ValueError(f"cue pattern must look like \\b(a|b|c): {pattern!r}")
    return body[3:-1], whole_word


def _top_level_alternatives(body: str) -> list[str]:
    parts, depth, current, escaped = [], 0, [], False
    for char in body:
        if escaped:
            current.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _clean(texts: list[str]) -> list[str]:
    return [text[:MAX_CHARS].lower() if isinstance(text, str) else "" for text in texts]


def _context_columns(question_types: Sequence, fft_scores: Sequence) -> sparse.csr_matrix:
    # One-hot question type, FFT score, and their product (what an FFT "poor" means depends on the question).
    n = len(question_types)
    question = np.zeros((n, len(_QUESTION_LEVELS)), dtype=np.float32)
    score = np.zeros((n, len(_FFT_LEVELS)), dtype=np.float32)
    for row, (kind, fft) in enumerate(zip(question_types, fft_scores)):
        question[row, _QUESTION_LEVELS.index(kind if kind in framework.QUESTION_TYPES else None)] = 1
        score[row, _fft_level(fft)] = 1
    both = (question[:, :, None] * score[:, None, :]).reshape(n, -1)
    return sparse.csr_matrix(np.hstack([question, score, both]))


def _fft_level(value) -> int:
    try:
        level = int(float(value))
    except (TypeError, ValueError):
        return 0
    return level if 1 <= level <= 5 else 0


@dataclass
class TextModel:
    """A trained themes + sentiment model. Save with `save`, load with `load_model`."""

    features: _Features
    themes: tuple[str, ...]
    theme_weights: np.ndarray  # (n_themes, n_features) float32
    theme_bias: np.ndarray
    theme_trained: np.ndarray  # bool: themes with no positive training example are never predicted
    sentiment_weights: np.ndarray | None  # (5, n_features)
    sentiment_bias: np.ndarray | None
    sentiment_group_bias: np.ndarray  # added to log-probabilities of (positive, neutral, negative)
    metadata: dict = field(default_factory=dict)

    # --- prediction -------------------------------------------------------------------------------------------

    def theme_scores(self, matrix: sparse.csr_matrix) -> np.ndarray:
        scores = np.asarray(matrix @ self.theme_weights.T) + self.theme_bias
        scores[:, ~self.theme_trained] = -np.inf
        return scores

    def predict_matrix(self, matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """(theme indicator matrix, sentiment 1–5 array) for comments already turned into features."""
        scores = self.theme_scores(matrix)
        chosen = scores > 0
        empty = ~chosen.any(axis=1)
        chosen[np.flatnonzero(empty), scores[empty].argmax(axis=1)] = True
        return chosen, self._sentiment(matrix)

    def _sentiment(self, matrix: sparse.csr_matrix) -> np.ndarray:
        if self.sentiment_weights is None:
            return np.zeros(matrix.shape[0], dtype=np.int64)
        logits = np.asarray(matrix @ self.sentiment_weights.T) + self.sentiment_bias
        return _sentiment_from_logits(logits, self.sentiment_group_bias)


def _sentiment_from_logits(logits: np.ndarray, group_bias: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    grouped = np.stack([probabilities[:, _SENTIMENT_GROUPS == g].sum(axis=1) for g in range(3)], axis=1)
    group = np.argmax(np.log(grouped + 1e-12) + group_bias, axis=1)
    inside = np.where(_SENTIMENT_GROUPS[None, :] == group[:, None], probabilities, -1.0)
    return inside.argmax(axis=1) + 1


# --- training -----------------------------------------------------------------------------------------------------


def fit_model(
    *,
    texts: list[str],
    labels: np.ndarray,
    themes: Sequence[str],
    sentiment: np.ndarray | None,
    question_types: Sequence,
    fft_scores: Sequence,
    options: TrainingOptions | None = None,
) -> TextModel:
    """Fit a model on answered comments. `labels` is (n_comments, n_themes) 0/1; `sentiment` 1–5 or NaN."""
    options = options or TrainingOptions()
    started = time.perf_counter()
    features = _Features(min_df=options.min_df if len(texts) >= 50 else 1)
    matrix = features.fit_transform(texts, question_types, fft_scores)
    weights, bias, trained = _fit_themes(matrix, labels, options)
    sentiment_weights = sentiment_bias = None
    group_bias = np.zeros(3)
    if sentiment is not None:
        known = ~np.isnan(np.asarray(sentiment, dtype=float))
        y = np.asarray(sentiment, dtype=float)[known].astype(int)
        if len(np.unique(y)) >= 2:
            seen = tuned_on = matrix[known]
            tuned_y = y
            if options.sentiment_context_dropout:
                answered = [text for text, keep in zip(texts, known) if keep]
                blank = features.transform(answered, [None] * len(answered), [None] * len(answered))
                seen, y = sparse.vstack([seen, blank]).tocsr(), np.concatenate([y, y])
            if not options.sentiment_uses_question:
                seen = _without_columns(seen, features.question_columns())  # their weights stay 0
                tuned_on = _without_columns(tuned_on, features.question_columns())
            sentiment_weights, sentiment_bias = _fit_sentiment(seen, y, options)
            if options.tune_sentiment_bias:
                # On the comments as they came: a blanked copy in one fold and its original in the other would leak.
                group_bias = _tune_group_bias(tuned_on, tuned_y, options)
    return TextModel(
        features=features,
        themes=tuple(themes),
        theme_weights=weights,
        theme_bias=bias,
        theme_trained=trained,
        sentiment_weights=sentiment_weights,
        sentiment_bias=sentiment_bias,
        sentiment_group_bias=group_bias,
        metadata={
            "scikit_learn": sklearn.__version__,
            "training_rows": len(texts),
            "training_seconds": round(time.perf_counter() - started, 1),
            "options": options.__dict__.copy(),
            "theme_positives": {name: int(count) for name, count in zip(themes, labels.sum(axis=0))},
        },
    )


def _without_columns(matrix: sparse.csr_matrix, columns: np.ndarray) -> sparse.csr_matrix:
    """The same matrix with `columns` set to zero (shape kept, so the weights line up with the full features)."""
    keep = np.ones(matrix.shape[1], dtype=np.float32)
    keep[columns] = 0
    return (matrix @ sparse.diags(keep)).tocsr()


def _fit_themes(matrix, labels: np.ndarray, options: TrainingOptions):
    n_features = matrix.shape[1]
    weights = np.zeros((labels.shape[1], n_features), dtype=np.float32)
    bias = np.zeros(labels.shape[1], dtype=np.float32)
    trained = np.zeros(labels.shape[1], dtype=bool)
    for column in range(labels.shape[1]):
        target = labels[:, column].astype(int)
        if target.sum() == 0 or target.sum() == len(target):
            continue
        svm = LinearSVC(C=options.theme_c, class_weight="balanced", max_iter=5000, random_state=options.seed)
        svm.fit(matrix, target)
        weights[column] = svm.coef_[0]
        bias[column] = svm.intercept_[0]
        trained[column] = True
    return weights, bias, trained


def _fit_sentiment(matrix, y: np.ndarray, options: TrainingOptions):
    model = LogisticRegression(C=options.sentiment_c, class_weight="balanced", max_iter=3000)
    model.fit(matrix, y)
    # Expand to all five classes so a training set without, say, any 5s still predicts in 1..5.
    weights = np.zeros((5, matrix.shape[1]), dtype=np.float32)
    bias = np.full(5, -1e3, dtype=np.float32)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # binary logistic regression keeps one row: class 1 vs class 0
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    for row, cls in enumerate(model.classes_):
        weights[int(cls) - 1] = coef[row]
        bias[int(cls) - 1] = intercept[row]
    return weights, bias


def _tune_group_bias(matrix, y: np.ndarray, options: TrainingOptions) -> np.ndarray:
    """Bias of the neutral and negative groups maximising cross-validated 3-point macro F1 (training rows only)."""
    groups = _SENTIMENT_GROUPS[y - 1]
    counts = np.bincount(groups, minlength=3)
    folds = min(options.cv_folds, counts[counts > 0].min())
    if folds < 2:
        return np.zeros(3)
    logits = np.zeros((len(y), 5))
    splitter = StratifiedKFold(folds, shuffle=True, random_state=options.seed)
    for inside, outside in splitter.split(matrix, groups):
        if len(np.unique(y[inside])) < 2:
            return np.zeros(3)
        weights, bias = _fit_sentiment(matrix[inside], y[inside], options)
        logits[outside] = np.asarray(matrix[outside] @ weights.T) + bias
    best, best_score = np.zeros(3), -1.0
    for neutral in np.arange(-0.5, 1.51, 0.25):
        for negative in np.arange(-0.5, 0.76, 0.25):
            bias = np.array([0.0, neutral, negative])
            predicted = _SENTIMENT_GROUPS[_sentiment_from_logits(logits, bias) - 1]
            score = f1_score(groups, predicted, average="macro")
            if score > best_score + 1e-9:
                best, best_score = bias, score
    return best
