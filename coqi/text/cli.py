"""`coqi text …`: redact, classify and train from the command line. No Django here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from coqi.files.cli import check_arguments, fail
from coqi.text.tables import TableError, read_table, require_column, write_table

app = typer.Typer(no_args_is_help=True, help="Patient feedback text: redact identifiers, find themes and sentiment.")
_errors = Console(stderr=True)
CHUNK = 5_000
ENCODING_HELP = "Text encoding of a CSV file (default: its byte-order mark, else UTF-8, else Windows-1252)."


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=_errors,
        transient=True,
    )


def _load(path: Path, column: str, encoding: str | None) -> pd.DataFrame:
    try:
        frame = read_table(path, encoding=encoding)
        require_column(frame, column, path=path)
    except TableError as error:
        fail(str(error))
    return frame


def _save(frame: pd.DataFrame, output: Path) -> None:
    try:
        write_table(frame, output)
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror or error})")


@app.command()
def redact(
    ctx: typer.Context,
    input_file: Path = typer.Argument(..., metavar="IN", help="CSV or XLSX file of comments."),
    text_column: str = typer.Option(..., "--text-column", "-c", help="Column holding the free text."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write (CSV, or XLSX by suffix)."),
    encoding: str | None = typer.Option(None, help=ENCODING_HELP),
) -> None:
    """Replace personal identifiers in the text column by placeholders such as [PERSON]; add `identifiers_removed`."""
    check_arguments(ctx)
    from coqi.text.redaction import redact as redact_one

    frame = _load(input_file, text_column, encoding)
    texts = frame[text_column].tolist()
    redacted, found = [], []
    with _progress() as progress:
        task = progress.add_task("Redacting", total=len(texts))
        for start in range(0, len(texts), CHUNK):
            for text in texts[start : start + CHUNK]:
                result = redact_one(text)
                redacted.append(result.text)
                found.append(";".join(sorted({span.type for span in result.spans})))
            progress.advance(task, len(texts[start : start + CHUNK]))
    frame[text_column] = redacted
    frame["identifiers_removed"] = found
    _save(frame, output)
    changed = sum(1 for types in found if types)
    _errors.print(f"Redacted {changed:,} of {len(texts):,} comments → {output}", highlight=False)


@app.command()
def classify(
    ctx: typer.Context,
    input_file: Path = typer.Argument(..., metavar="IN", help="CSV or XLSX file of comments."),
    text_column: str = typer.Option(..., "--text-column", "-c", help="Column holding the free text."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write (CSV, or XLSX by suffix)."),
    question_column: str | None = typer.Option(None, help="Column with the FFT question (sharpens results)."),
    score_column: str | None = typer.Option(None, help="Column with the FFT score 1–5 (sharpens sentiment)."),
    model: Path | None = typer.Option(None, help="A model from `coqi text train` instead of the shipped one."),
    encoding: str | None = typer.Option(None, help=ENCODING_HELP),
) -> None:
    """Add `themes` (framework v7 subcategories, separated by ";") and `sentiment` (1 very positive … 5 very
    negative; empty for non-answers)."""
    check_arguments(ctx)
    from coqi.text.classifier import Classifier

    frame = _load(input_file, text_column, encoding)
    for optional in (question_column, score_column):
        if optional is not None and optional not in frame.columns:
            fail(f"{input_file}: no column {optional!r}")
    if model is not None and not model.is_file():
        fail(f"{model}: no such model file")
    try:
        classifier = Classifier.load(model)
    except Exception as error:  # a corrupt or foreign file: say so in one line
        fail(f"{model}: not a coqi.text model ({type(error).__name__})")
    texts = frame[text_column].tolist()
    questions = frame[question_column].tolist() if question_column else None
    scores = frame[score_column].tolist() if score_column else None
    parts = []
    with _progress() as progress:
        task = progress.add_task("Classifying", total=len(texts))
        for start in range(0, len(texts), CHUNK):
            stop = start + CHUNK
            parts.append(
                classifier.predict_frame(
                    texts[start:stop],
                    questions=questions[start:stop] if questions else None,
                    fft_scores=scores[start:stop] if scores else None,
                )
            )
            progress.advance(task, len(texts[start:stop]))
    result = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"themes": [], "sentiment": []})
    frame["themes"] = result["themes"].set_axis(frame.index)
    frame["sentiment"] = result["sentiment"].astype("Int64").set_axis(frame.index)  # whole numbers, empty if none
    _save(frame, output)
    _errors.print(f"Classified {len(texts):,} comments → {output}", highlight=False)


@app.command()
def train(
    ctx: typer.Context,
    data: Path | None = typer.Option(
        None, help="Labelled comments (default: $COQI_FEEDBACK_DATA or ../shared/feedback-data/pxtm_public_v7.csv)."
    ),
    split: str | None = typer.Option(
        None, help="Train only on rows marked 'train' in column split_SPLIT (e.g. clean). Default: every row."
    ),
    text_column: str = typer.Option("comment", "--text-column", "-c"),
    output: Path = typer.Option(Path("fft_v7.joblib"), "--output", "-o", help="Where to save the model."),
    encoding: str | None = typer.Option(None, help=ENCODING_HELP),
    sentiment_question: bool = typer.Option(
        True,
        "--sentiment-question/--no-sentiment-question",
        help="Let sentiment use the question type. Leave it out for a model meant for organisations that ask "
        "other questions than the training data (see coqi/text/README.md, trust split).",
    ),
    sentiment_context_dropout: bool = typer.Option(
        False,
        "--sentiment-context-dropout/--no-sentiment-context-dropout",
        help="Also teach sentiment on a copy of each comment without its question and FFT score, for data that "
        "often comes without them (see coqi/text/README.md, issue 19).",
    ),
) -> None:
    """Train a themes + sentiment model on labelled comments (columns named as in framework v7)."""
    check_arguments(ctx)
    from coqi.text.classifier import TrainingDataError, default_training_data
    from coqi.text.classifier import train as train_classifier
    from coqi.text.model import TrainingOptions

    path = data or default_training_data()
    frame = _load(path, text_column, encoding)
    split_column = f"split_{split}" if split and not split.startswith("split_") else split
    with _errors.status(f"Training on {path.name} …"):
        try:
            classifier = train_classifier(
                frame,
                text_column=text_column,
                split_column=split_column,
                options=TrainingOptions(
                    sentiment_uses_question=sentiment_question, sentiment_context_dropout=sentiment_context_dropout
                ),
            )
        except TrainingDataError as error:
            fail(f"{path}: {error}")
    classifier.model.metadata["data"] = path.name
    classifier.model.metadata["trained_on"] = (
        f"{path.name}: answered comments in rows marked 'train' in {split_column}"
        if split_column
        else f"{path.name}: every answered comment (on the public data, the clean split's train and test rows)"
    )
    try:
        classifier.save(output)
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror or error})")
    meta = classifier.metadata
    _errors.print(
        f"Trained on {meta['training_rows']:,} answered comments ({meta['split']}) in {meta['training_seconds']} s"
        f" → {output} ({output.stat().st_size / 1e6:.1f} MB)",
        highlight=False,
    )
