"""The worked example in coqi/spc/README.md runs and prints what the README says it prints."""

import contextlib
import io
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "coqi" / "spc" / "README.md"


def test_worked_example_output_is_as_documented():
    text = README.read_text(encoding="utf-8")
    section = text.split("### Worked example", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    documented = re.search(r"prints\n\n```\n(.*?)```", section, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {})
    assert out.getvalue() == documented
