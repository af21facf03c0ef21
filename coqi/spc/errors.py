"""Errors raised by coqi.spc for bad input: each names the column and, where it can, the row."""


class SpcInputError(ValueError):
    """Input the engine cannot chart. `column` and `row` (0-based position in the input) say where."""

    def __init__(self, message: str, *, column: str | None = None, row: int | None = None):
        super().__init__(message)
        self.column = column
        self.row = row
