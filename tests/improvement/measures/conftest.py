from tests.improvement.helpers import setup  # noqa: F401  (fixture)
