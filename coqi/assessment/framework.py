"""The self-assessment framework: versioned data (a JSON file in `frameworks/`), not code.

A framework has a described rating scale, three dimensions (assurance, improvement, co-production) and sections:
the six learning themes and the influencing factors from the national co-production and QI project, each with
statements. Every statement belongs to one dimension, which is how answers place an organisation on the
QI–co-production continuum and the three curves. A round records the framework id and version it used, so
rounds keep their meaning when a new version is published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
DEFAULT_FRAMEWORK = ("co-production-and-qi", 1)
DIMENSIONS = ("assurance", "improvement", "coproduction")
KINDS = ("theme", "factor")


class FrameworkError(ValueError):
    """The framework file is not valid; the message names the problem."""


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    description: str


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    dimension: str


@dataclass(frozen=True)
class Section:
    id: str
    kind: str  # theme | factor
    title: str
    summary: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    title: str
    source: str
    scale: tuple[ScalePoint, ...]
    dimensions: dict
    sections: tuple[Section, ...]

    @property
    def themes(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "theme")

    @property
    def factors(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "factor")

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(st for s in self.sections for st in s.statements)

    @property
    def scale_values(self) -> tuple[int, ...]:
        return tuple(p.value for p in self.scale)

    @property
    def lowest(self) -> int:
        return min(self.scale_values)

    @property
    def highest(self) -> int:
        return max(self.scale_values)


def _require(data: dict, key: str, kind, where: str):
    if key not in data:
        raise FrameworkError(f"{where}: '{key}' is missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise FrameworkError(f"{where}: '{key}' must be a non-empty {getattr(kind, '__name__', kind)}")
    return value


def parse(data: dict) -> Framework:
    """Validate a framework's data and return it; FrameworkError names the first problem found."""
    if not isinstance(data, dict):
        raise FrameworkError("framework: expected an object")
    scale_data = _require(data, "scale", list, "framework")
    scale = tuple(
        ScalePoint(
            _require(p, "value", int, f"scale[{i}]"),
            _require(p, "label", str, f"scale[{i}]"),
            _require(p, "description", str, f"scale[{i}]"),
        )
        for i, p in enumerate(scale_data)
    )
    values = [p.value for p in scale]
    if len(values) < 2 or values != sorted(set(values)):
        raise FrameworkError("scale: values must be at least two, rising, without repeats")
    dimensions = _require(data, "dimensions", dict, "framework")
    if set(dimensions) != set(DIMENSIONS):
        raise FrameworkError(f"dimensions: must be exactly {', '.join(DIMENSIONS)}")
    sections = []
    seen: set[str] = set()
    for i, s in enumerate(_require(data, "sections", list, "framework")):
        where = f"sections[{i}]"
        kind = _require(s, "kind", str, where)
        if kind not in KINDS:
            raise FrameworkError(f"{where}: kind must be one of {', '.join(KINDS)}")
        statements = []
        for j, st in enumerate(_require(s, "statements", list, where)):
            st_where = f"{where}.statements[{j}]"
            sid = _require(st, "id", str, st_where)
            if sid in seen:
                raise FrameworkError(f"{st_where}: id '{sid}' is used twice")
            seen.add(sid)
            dimension = _require(st, "dimension", str, st_where)
            if dimension not in DIMENSIONS:
                raise FrameworkError(f"{st_where}: dimension must be one of {', '.join(DIMENSIONS)}")
            statements.append(Statement(sid, _require(st, "text", str, st_where), dimension))
        if not statements:
            raise FrameworkError(f"{where}: needs at least one statement")
        section_id = _require(s, "id", str, where)
        if section_id in seen:
            raise FrameworkError(f"{where}: id '{section_id}' is used twice")
        seen.add(section_id)
        sections.append(
            Section(section_id, kind, _require(s, "title", str, where), s.get("summary", ""), tuple(statements))
        )
    framework = Framework(
        id=_require(data, "id", str, "framework"),
        version=_require(data, "version", int, "framework"),
        title=_require(data, "title", str, "framework"),
        source=data.get("source", ""),
        scale=scale,
        dimensions=dict(dimensions),
        sections=tuple(sections),
    )
    used = {st.dimension for st in framework.statements}
    if used != set(DIMENSIONS):
        raise FrameworkError("sections: every dimension needs at least one statement")
    return framework


@lru_cache(maxsize=16)
def load(framework_id: str = DEFAULT_FRAMEWORK[0], version: int = DEFAULT_FRAMEWORK[1]) -> Framework:
    path = FRAMEWORK_DIR / f"{framework_id}-v{int(version)}.json"
    if not path.is_file():
        raise FrameworkError(f"no framework {framework_id} version {version}")
    framework = parse(json.loads(path.read_text(encoding="utf-8")))
    if (framework.id, framework.version) != (framework_id, int(version)):
        raise FrameworkError(f"{path.name}: its id and version do not match its file name")
    return framework


def current() -> Framework:
    return load(*DEFAULT_FRAMEWORK)
