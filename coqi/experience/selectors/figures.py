"""Figures over comments, read from the summary tables (ADR 0041): monthly FFT % positive (an SPC chart), themes
over time, sentiment mix, theme counts, group comparison and the filter lists. Whatever the summaries cannot
answer falls back to the raw comments within the same dates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from coqi.experience import summaries
from coqi.experience.selectors.comments import SENTIMENTS, Filters, comments_in

NO_FILTERS = Filters()  # a frozen dataclass, so one shared default is safe


def _facets(organisation, kind):
    from coqi.experience.models import FeedbackFacet

    return FeedbackFacet.objects.filter(organisation=organisation, kind=kind, count__gt=0)


def services_of(*, organisation) -> list[str]:
    return list(_facets(organisation, "service").order_by("value").values_list("value", flat=True))


def themes_of(*, organisation) -> list[str]:
    return list(_facets(organisation, "theme").order_by("value").values_list("value", flat=True))


def demographic_groups(*, organisation) -> list[tuple[str, str]]:
    """(column, value) pairs seen in the demographics, for the group filter."""
    return list(_facets(organisation, "group").order_by("column", "value").values_list("column", "value"))


@dataclass
class MonthRow:
    month: date
    responses: int
    scored: int
    positive: int

    @property
    def percent_positive(self) -> float | None:
        return 100 * self.positive / self.scored if self.scored else None


def _group_of(filters: Filters) -> tuple[str, str] | None:
    return tuple(filters.group.split("=", 1)) if filters.group and "=" in filters.group else None


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _whole_months(filters: Filters) -> bool:
    return (filters.date_from is None or filters.date_from.day == 1) and (
        filters.date_to is None or filters.date_to == month_end(filters.date_to)
    )


def _summary_cells(*, organisation, filters: Filters):
    """The summary rows holding exactly the comments `filters` select, as (queryset, name of its count), or None
    when no summary table can answer: a search, or dates that are not whole months (ADR 0041; callers split dates
    with `_parts` first). The callers then count raw comments, within the same dates."""
    from coqi.experience.models import FeedbackGroupMonth, FeedbackGroupThemeMonth, FeedbackMonth, FeedbackThemeMonth

    if filters.search or not _whole_months(filters):
        return None
    group = _group_of(filters)
    if group and filters.theme:
        cells, count = (
            FeedbackGroupThemeMonth.objects.filter(column=group[0], value=group[1], theme=filters.theme),
            "comments",
        )
    elif group:
        cells, count = FeedbackGroupMonth.objects.filter(column=group[0], value=group[1]), "responses"
    elif filters.theme:
        cells, count = FeedbackThemeMonth.objects.filter(theme=filters.theme), "comments"
    else:
        cells, count = FeedbackMonth.objects.all(), "responses"
    cells = cells.filter(organisation=organisation, service=filters.service or summaries.ALL_SERVICES)
    if filters.sentiment:
        cells = cells.filter(sentiment=filters.sentiment)
    return _in_months(cells, filters), count


def _in_months(cells, filters: Filters):
    if filters.date_from:
        cells = cells.filter(month__gte=filters.date_from)
    if filters.date_to:
        cells = cells.filter(month__lte=filters.date_to)
    return cells


def _theme_cells(*, organisation, filters: Filters):
    """Summary rows of comments per theme for the comments `filters` select, as (queryset, name of its theme
    column), or None (then raw comments). A chosen theme reads the pairs of themes: what else its comments carry.
    A theme and a group together are in no summary (that would be groups × themes², ADR 0041)."""
    from coqi.experience.models import FeedbackGroupThemeMonth, FeedbackThemeMonth, FeedbackThemePairMonth

    if filters.search or not _whole_months(filters):
        return None
    group = _group_of(filters)
    if group and filters.theme:
        return None
    if group:
        cells, theme = FeedbackGroupThemeMonth.objects.filter(column=group[0], value=group[1]), "theme"
    elif filters.theme:
        cells, theme = FeedbackThemePairMonth.objects.filter(theme=filters.theme), "other"
    else:
        cells, theme = FeedbackThemeMonth.objects.all(), "theme"
    cells = cells.filter(organisation=organisation, service=filters.service or summaries.ALL_SERVICES)
    if filters.sentiment:
        cells = cells.filter(sentiment=filters.sentiment)
    return _in_months(cells, filters), theme


def _parts(filters: Filters) -> list[Filters]:
    """The filters' dates cut into whole months (which the summaries answer) and the part months at either end
    (raw comments, at most a month each), so a period from any day to any day never reads its whole span raw."""
    start, end = filters.date_from, filters.date_to
    if _whole_months(filters) or (start and end and start > end):
        return [filters]
    parts = []
    if start and start.day != 1:
        head_end = month_end(start) if end is None or end > month_end(start) else end
        parts.append(replace(filters, date_from=start, date_to=head_end))
        if head_end == end:
            return parts
        start = add_months(month_start(start), 1)
    middle_end = end
    if end and end != month_end(end):
        tail_start = month_start(end)
        parts.append(replace(filters, date_from=tail_start, date_to=end))
        middle_end = tail_start - timedelta(days=1)
    if start is None or middle_end is None or start <= middle_end:
        parts.append(replace(filters, date_from=start, date_to=middle_end))
    return parts


def _in_one_month(filters: Filters) -> bool:
    start, end = filters.date_from, filters.date_to
    return bool(start and end) and month_start(start) == month_start(end)


def _themes_in_one_month(organisation, filters: Filters) -> Counter:
    """{(theme, month): comments} for part of one month, counted from the comments' own list of themes (the same
    names as their theme rows): reached by the comments' date index, where joining the theme rows leads the planner
    to scan every theme row of the organisation (a second at a million comments)."""
    counts: Counter = Counter()
    comments = comments_in(organisation=organisation, filters=filters)
    for received_on, themes in comments.values_list("received_on", "themes"):
        for name in set(themes or []):
            counts[(name, month_start(received_on))] += 1
    return counts


def _as_date(value) -> date:
    return value.date() if hasattr(value, "hour") else value


def monthly(*, organisation, filters: Filters = NO_FILTERS) -> list[MonthRow]:
    rows = [row for part in _parts(filters) for row in _monthly_part(organisation=organisation, filters=part)]
    return sorted(rows, key=lambda row: row.month)


def _monthly_part(*, organisation, filters: Filters) -> list[MonthRow]:
    found = _summary_cells(organisation=organisation, filters=filters)
    if found is not None:
        cells, count = found
        rows = (
            cells.values("month")
            .order_by("month")
            .annotate(responses=Sum(count), scored=Sum("scored"), positive=Sum("positive"))
        )
    else:
        # Comment ids are unique and a theme joins each comment once, so plain COUNTs (no DISTINCT).
        rows = (
            comments_in(organisation=organisation, filters=filters)
            .annotate(month=TruncMonth("received_on"))
            .values("month")
            .order_by("month")
            .annotate(
                responses=Count("id"),
                scored=Count("id", filter=Q(fft_score__isnull=False)),
                positive=Count("id", filter=Q(fft_score__in=[1, 2])),
            )
        )
    return [
        MonthRow(month=_as_date(r["month"]), responses=r["responses"], scored=r["scored"], positive=r["positive"])
        for r in rows
        if r["responses"]
    ]


WINDOW_MONTHS = 24


def dashboard_window(*, organisation, filters: Filters, months: int = WINDOW_MONTHS) -> Filters:
    """The dashboard reads whole months: a from date is read as the start of its month and a to date as the end of
    its month. Without a to date it ends at the organisation's newest month with feedback; without a from date it
    starts `months` months before the end. So a page reads the months it shows, never the whole history."""
    date_to = month_end(filters.date_to) if filters.date_to else None
    if date_to is None:
        newest = summaries.newest_month(organisation=organisation)
        if newest is None:
            return filters
        date_to = month_end(newest)
    date_from = month_start(filters.date_from) if filters.date_from else add_months(month_start(date_to), 1 - months)
    return replace(filters, date_from=date_from, date_to=date_to)


@dataclass
class ThemeTable:
    months: list[date]
    rows: list[tuple[str, list[int], int]] = field(default_factory=list)  # theme, count per month, total shown


def themes_over_time(*, organisation, filters: Filters = NO_FILTERS, months: int = 6, top: int = 12) -> ThemeTable:
    """Comments per theme in the last `months` months of the filters' dates (ending at the organisation's newest
    month when there is no end date), most common in those months first. Only those months are read."""
    from coqi.experience.models import CommentTheme

    last = month_start(filters.date_to) if filters.date_to else summaries.newest_month(organisation=organisation)
    if last is None:
        return ThemeTable(months=[])
    first = add_months(last, -(months - 1))
    if filters.date_from and filters.date_from > first:
        first = filters.date_from
    if filters.date_to and filters.date_to < first:
        return ThemeTable(months=[])
    shown_filters = replace(filters, date_from=first, date_to=filters.date_to or month_end(last))
    pairs = []
    for part in _parts(shown_filters):
        found = _theme_cells(organisation=organisation, filters=part)
        if found is not None:
            cells, theme = found
            rows = cells.values(theme, "month").order_by().annotate(n=Sum("comments"))
            pairs += [(r[theme], r["month"], r["n"]) for r in rows]
        elif _in_one_month(part):
            pairs += [(name, month, n) for (name, month), n in _themes_in_one_month(organisation, part).items()]
        else:
            comments = comments_in(organisation=organisation, filters=part)
            rows = (
                CommentTheme.objects.filter(organisation=organisation, comment__in=comments)
                .annotate(month=TruncMonth("comment__received_on"))
                .values("name", "month")
                .order_by()
                .annotate(n=Count("id"))
            )
            pairs += [(r["name"], _as_date(r["month"]), r["n"]) for r in rows]
    by_theme: dict[str, dict[date, int]] = {}
    for name, month, n in pairs:
        if n:
            by_theme.setdefault(name, {})[month] = n
    seen = sorted({m for counts in by_theme.values() for m in counts})
    # From the first to the last month with any theme: months between with none show as 0.
    shown = []
    if seen:
        month = seen[0]
        while month <= seen[-1]:
            shown.append(month)
            month = add_months(month, 1)
    totals = sorted(((sum(counts.values()), name) for name, counts in by_theme.items()), key=lambda t: (-t[0], t[1]))
    return ThemeTable(
        months=shown, rows=[(name, [by_theme[name].get(m, 0) for m in shown], total) for total, name in totals[:top]]
    )


def sentiment_mix(*, organisation, filters: Filters = NO_FILTERS) -> list[tuple[int | None, str, int, float]]:
    counts: Counter = Counter()
    for part in _parts(filters):
        found = _summary_cells(organisation=organisation, filters=part)
        if found is not None:
            cells, count = found
            counts.update(
                {(value or None): n for value, n in cells.values_list("sentiment").annotate(n=Sum(count)).order_by()}
            )
        else:
            counts.update(
                dict(
                    comments_in(organisation=organisation, filters=part)
                    .values_list("sentiment")
                    .annotate(n=Count("id"))
                    .order_by()
                )
            )
    counts = Counter({value: n for value, n in counts.items() if n})
    total = sum(counts.values()) or 1
    rows = [
        (value, label, counts.get(value, 0), 100 * counts.get(value, 0) / total) for value, label in SENTIMENTS.items()
    ]
    if counts.get(None):
        rows.append((None, "No sentiment (no answer)", counts[None], 100 * counts[None] / total))
    return rows


def percent_positive_chart(*, months: list[MonthRow], title: str):
    """FFT % positive per month as a P chart, drawn by the measures area's SPC pipeline (CSP-safe, accessible SVG)."""
    from coqi.improvement.charts import build_charts
    from coqi.improvement.models import DataPoint, Measure

    usable = [m for m in months if m.scored]
    if len(usable) < 2:
        return None
    measure = Measure(
        name=title,
        kind=Measure.Kind.EXPERIENCE,
        unit="% positive",
        definition="FFT responses scoring 1 or 2",
        improvement_direction=Measure.Direction.INCREASE,
        chart_type=Measure.ChartType.P,
        multiply=100,
    )
    points = [
        DataPoint(measure=measure, period=m.month, value=m.positive, denominator=m.scored, group="") for m in usable
    ]
    return build_charts(measure=measure, points=points)[0]


def theme_counts(*, organisation, filters: Filters = NO_FILTERS) -> list[tuple[str, int]]:
    """(theme, comments carrying it), most common first."""
    from coqi.experience.models import CommentTheme

    if filters == NO_FILTERS:
        rows = _facets(organisation, "theme").values_list("value", "count").order_by("-count", "value")
        return [(name, n) for name, n in rows]
    counts: Counter = Counter()
    for part in _parts(filters):
        found = _theme_cells(organisation=organisation, filters=part)
        if found is not None:
            cells, theme = found
            counts.update({r[theme]: r["n"] for r in cells.values(theme).annotate(n=Sum("comments")).order_by()})
        elif _in_one_month(part):
            counts.update({name: n for (name, _month), n in _themes_in_one_month(organisation, part).items()})
        else:
            comments = comments_in(organisation=organisation, filters=part)
            rows = CommentTheme.objects.filter(organisation=organisation, comment__in=comments).values("name")
            counts.update({r["name"]: r["n"] for r in rows.annotate(n=Count("id")).order_by()})
    return sorted(((name, n) for name, n in counts.items() if n), key=lambda item: (-item[1], item[0]))


# A group with fewer responses than this is never shown on its own, so nobody can be singled out.
SMALL_GROUP = 10


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion, in percent. Honest for small n and for 0% or 100%,
    where the plain ±1.96·SE interval collapses to a point or leaves 0–100."""
    if n <= 0:
        return (0.0, 100.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denominator
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


@dataclass
class GroupRow:
    value: str
    responses: int
    scored: int
    positive: int
    top_themes: list[tuple[str, int]]

    @property
    def percent_positive(self) -> float | None:
        return 100 * self.positive / self.scored if self.scored else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.positive, self.scored) if self.scored else None


@dataclass
class GroupComparison:
    column: str
    rows: list[GroupRow]
    suppressed: int  # how many groups were too small to show
    no_answer: int  # responses without a value in this column


def demographic_columns(*, organisation) -> list[str]:
    return list(_facets(organisation, "group").order_by("column").values_list("column", flat=True).distinct())


def _group_counts(*, organisation, column: str, filters: Filters) -> list[tuple[str | None, int, int, int]]:
    """(value, responses, scored, positive) per answer to `column`, None for the responses without one."""
    from django.db.models.fields.json import KeyTextTransform

    from coqi.experience.models import FeedbackGroupMonth, FeedbackGroupThemeMonth

    summarised = _summary_cells(organisation=organisation, filters=filters)
    if summarised is not None:
        cells, count = summarised
        total = cells.aggregate(n=Sum(count))["n"] or 0
        groups = (
            FeedbackGroupThemeMonth.objects.filter(theme=filters.theme)
            if filters.theme
            else FeedbackGroupMonth.objects.all()
        ).filter(service=filters.service or summaries.ALL_SERVICES)
        if filters.sentiment:
            groups = groups.filter(sentiment=filters.sentiment)
        groups = _in_months(groups.filter(organisation=organisation, column=column), filters)
        rows = [
            (r["value"], r["responses"], r["scored"], r["positive"])
            for r in groups.values("value")
            .order_by("value")
            .annotate(responses=Sum(count), scored=Sum("scored"), positive=Sum("positive"))
            if r["responses"]
        ]
        answered = sum(r[1] for r in rows)
        return rows + ([(None, total - answered, 0, 0)] if total > answered else [])
    rows = (
        comments_in(organisation=organisation, filters=replace(filters, group=""))
        .annotate(group_value=KeyTextTransform(column, "demographics"))
        .values("group_value")
        .order_by("group_value")
        .annotate(
            responses=Count("id"),
            scored=Count("id", filter=Q(fft_score__isnull=False)),
            positive=Count("id", filter=Q(fft_score__in=[1, 2])),
        )
    )
    return [(r["group_value"] or None, r["responses"], r["scored"], r["positive"]) for r in rows]


def _group_themes(*, organisation, column: str, filters: Filters, values: set[str]):
    """(value, theme, comments) for the groups shown, most common first within each group. None with a theme
    chosen: every comment counted then carries that theme, and its other themes per group are in no summary
    (groups × themes² rows, ADR 0041), so the table compares the groups without them."""
    from django.db.models.fields.json import KeyTextTransform

    from coqi.experience.models import CommentTheme, FeedbackGroupThemeMonth

    if filters.theme:
        return []
    if not filters.search and _whole_months(filters):
        cells = FeedbackGroupThemeMonth.objects.filter(
            organisation=organisation, column=column, service=filters.service or summaries.ALL_SERVICES
        )
        cells = _in_months(cells, filters)
        if filters.sentiment:
            cells = cells.filter(sentiment=filters.sentiment)
        rows = cells.values("value", "theme").annotate(n=Sum("comments")).order_by("value", "-n", "theme")
        return [(r["value"], r["theme"], r["n"]) for r in rows if r["value"] in values and r["n"]]
    comments = comments_in(organisation=organisation, filters=filters)
    rows = (
        CommentTheme.objects.filter(organisation=organisation, comment__in=comments)
        .annotate(group_value=KeyTextTransform(column, "comment__demographics"))
        .values("group_value", "name")
        .annotate(n=Count("id"))
        .order_by("group_value", "-n", "name")
    )
    # Small groups are dropped here rather than with __in: a JSON key's __in compares JSON, not text.
    return [(r["group_value"], r["name"], r["n"]) for r in rows if r["group_value"] in values]


def group_comparison(*, organisation, column: str, filters: Filters = NO_FILTERS, top: int = 3) -> GroupComparison:
    """Per value of one demographic column: responses, FFT % positive with its 95% interval, and top themes.
    Any group filter is ignored (the point is to compare groups); groups under SMALL_GROUP are left out."""
    filters = replace(filters, group="")
    shown: dict[str, GroupRow] = {}
    suppressed = no_answer = 0
    for value, responses, scored, positive in _group_counts(organisation=organisation, column=column, filters=filters):
        if value is None:
            no_answer += responses
        elif responses < SMALL_GROUP:
            suppressed += 1
        else:
            shown[value] = GroupRow(value, responses, scored, positive, [])
    if shown:
        for value, name, n in _group_themes(
            organisation=organisation, column=column, filters=filters, values=set(shown)
        ):
            group = shown[value]
            if len(group.top_themes) < top:
                group.top_themes.append((name, n))
    return GroupComparison(
        column=column, rows=sorted(shown.values(), key=lambda g: g.value), suppressed=suppressed, no_answer=no_answer
    )
