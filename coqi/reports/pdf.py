"""The board report as a PDF, drawn with reportlab (pure Python: no system libraries to install).

Same sections and order as the HTML page. The PDF carries a title, author, subject and language, and every
heading is a bookmark in the PDF outline so a reader can jump between sections. reportlab cannot write a tagged
PDF, so the HTML page stays the accessible primary format (ADR 0019); the PDF is for board papers.

MDC icons are drawn as a small coloured badge with the icon's letter, always beside the icon's meaning in words.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from coqi.core.formatting import percent, pounds
from coqi.reports import words
from coqi.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS

NHS_BLUE = colors.HexColor("#005eb8")
INK = colors.HexColor("#212b32")
GREY_RULE = colors.HexColor("#d8dde0")
PALE = colors.HexColor("#f0f4f5")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "Body",
        parent=base["BodyText"],
        fontName="Helvetica",
        fontSize=10,
        leading=14,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=6,
    )
    return {
        "title": ParagraphStyle(
            "Title", parent=body, fontName="Helvetica-Bold", fontSize=24, leading=30, spaceAfter=12
        ),
        "h1": ParagraphStyle(
            "H1",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=18,
            leading=24,
            spaceBefore=6,
            spaceAfter=10,
            keepWithNext=True,
        ),
        "h2": ParagraphStyle(
            "H2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=18,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=True,
        ),
        "body": body,
        "small": ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
        "head": ParagraphStyle("Head", parent=body, fontName="Helvetica-Bold", fontSize=9, leading=12, spaceAfter=0),
        "alert": ParagraphStyle(
            "Alert",
            parent=body,
            borderColor=colors.HexColor("#ffeb3b"),
            borderWidth=2,
            borderPadding=6,
            backColor=colors.HexColor("#fff9c4"),
            spaceBefore=6,
            spaceAfter=12,
        ),
    }


class Heading(Paragraph):
    """A heading that becomes an entry in the PDF outline (bookmarks)."""

    def __init__(self, text: str, style, level: int):
        super().__init__(escape(text), style)
        self.outline_text = text
        self.outline_level = level


class _BoardPack(SimpleDocTemplate):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bookmarks = 0

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading):
            self._bookmarks += 1
            key = f"section-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level, closed=False)


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(header: list[str], rows: list[list], styles, widths: list[float]) -> Table:
    """A real table: a header row repeated on every page it runs onto, rows never split across pages."""
    data = [[_p(h, styles["head"]) for h in header]]
    for row in rows:
        data.append([cell if not isinstance(cell, (str, int, float)) else _p(cell, styles["cell"]) for cell in row])
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), PALE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GREY_RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _badge(name: str | None) -> Drawing | None:
    icon = VARIATION_ICONS.get(name) or ASSURANCE_ICONS.get(name) if name else None
    if icon is None:
        return None
    drawing = Drawing(14, 14)
    colour = colors.HexColor(icon.colour)
    drawing.add(Circle(7, 7, 6, strokeColor=colour, strokeWidth=1.6, fillColor=colors.white))
    if icon.letter:
        drawing.add(
            String(7, 4.2, icon.letter, fontName="Helvetica-Bold", fontSize=7, fillColor=colour, textAnchor="middle")
        )
    else:
        drawing.add(Circle(7, 7, 2, strokeColor=None, fillColor=colour))
    return drawing


def _icon_cell(name: str | None, text: str, styles):
    badge = _badge(name)
    paragraph = _p(text, styles["cell"])
    if badge is None:
        return paragraph
    cell = Table([[badge, paragraph]], colWidths=[17, None], hAlign="LEFT")
    cell.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return cell


def _portfolio(report, styles, width) -> list:
    story = [Heading(words.SECTION_TITLES["portfolio"], styles["h1"], 0)]
    if not report.portfolio.total:
        return story + [_p(words.EMPTY["portfolio"], styles["body"])]
    story.append(_p(words.portfolio_sentence(report.portfolio), styles["body"]))
    rows = [
        [row.label, str(row.count), ", ".join(p.title for p in row.projects) or "None"]
        for row in report.portfolio.stages
    ]
    story.append(_table(["Stage", "Projects", "Which"], rows, styles, [0.25 * width, 0.12 * width, 0.63 * width]))
    return story


def _measures(report, styles, width) -> list:
    story = [Heading(words.SECTION_TITLES["measures"], styles["h1"], 0)]
    if not report.measures:
        return story + [_p(words.EMPTY["measures"], styles["body"])]
    story.append(_p(words.MEASURES_INTRO, styles["body"]))
    rows = [
        [
            Paragraph(f"<b>{escape(m.title)}</b><br/>{escape(m.project_title)} · {escape(m.kind)}", styles["cell"]),
            words.latest(m),
            _icon_cell(m.variation, m.variation_words, styles),
            _icon_cell(m.assurance, m.assurance_words, styles),
        ]
        for m in report.measures
    ]
    story.append(
        _table(
            ["Measure", "Latest", "Variation", "Assurance"],
            rows,
            styles,
            [0.3 * width, 0.16 * width, 0.27 * width, 0.27 * width],
        )
    )
    return story


def _coproduction(report, styles, width) -> list:
    story = [Heading(words.SECTION_TITLES["coproduction"], styles["h1"], 0)]
    story.append(Heading("Partners from the first conversation", styles["h2"], 1))
    story.append(_p(words.early_involvement_sentence(report.early_involvement), styles["body"]))

    mix = report.activity_mix
    story.append(Heading("Activities by rung of the ladder of co-production", styles["h2"], 1))
    if not mix.activity_count:
        story.append(_p(words.EMPTY["activities"], styles["body"]))
    else:
        story.append(_p(words.activity_sentence(mix), styles["body"]))
        rows = [[label, str(count), percent(count / mix.activity_count)] for _v, label, count in reversed(mix.rungs)]
        story.append(_table(["Rung", "Activities", "Share"], rows, styles, [0.4 * width, 0.2 * width, 0.2 * width]))

    story.append(Heading("Partner hours", styles["h2"], 1))
    story.append(_p(words.hours_sentence(mix), styles["body"]))

    story.append(Heading("Payments to partners", styles["h2"], 1))
    story.append(_p(words.payments_sentence(report.payments), styles["body"]))
    if report.payments.items and not report.payments.withheld:
        rows = [
            ["Paid", pounds(report.payments.paid_pence)],
            ["Approved, waiting to be paid", pounds(report.payments.approved_pence)],
            ["Total", pounds(report.payments.total_pence)],
        ]
        story.append(_table(["Payments and expenses", "Amount"], rows, styles, [0.5 * width, 0.3 * width]))

    story.append(Heading("Concentration risk", styles["h2"], 1))
    concentration = report.concentration
    if concentration.available and concentration.alert and concentration.alert_message:
        story.append(_p(concentration.alert_message, styles["alert"]))
    story.append(_p(words.concentration_sentence(concentration), styles["body"]))
    if concentration.available and concentration.partner_count:
        story.append(
            _table(["Figure", "Value"], words.concentration_rows(concentration), styles, [0.55 * width, 0.25 * width])
        )
    return story


def _experience(report, styles, width) -> list:
    story = [Heading(words.SECTION_TITLES["experience"], styles["h1"], 0)]
    experience = report.experience
    if not experience.responses:
        return story + [_p(words.EMPTY["experience"], styles["body"])]
    story.append(_p(words.experience_sentence(experience), styles["body"]))
    if experience.top_themes:
        story.append(
            _table(
                ["Theme", "Comments"],
                [[name, str(total)] for name, total in experience.top_themes],
                styles,
                [0.6 * width, 0.2 * width],
            )
        )
    return story


def _assessment(report, styles, width) -> list:
    story = [Heading(words.SECTION_TITLES["assessment"], styles["h1"], 0)]
    latest = report.assessment.latest
    if report.assessment.withheld:
        return story + [_p(words.ASSESSMENT_WITHHELD, styles["body"])]
    if latest is None:
        return story + [_p(words.EMPTY["assessment"], styles["body"])]
    story.append(_p(words.assessment_sentence(latest), styles["body"]))
    placement = latest.placement
    if placement is not None:
        story.append(Heading("The three curves", styles["h2"], 1))
        story.append(
            _table(
                ["Curve", f"Average ({placement.lowest} to {placement.highest})"],
                [[name, words.score(value)] for name, value in placement.curves],
                styles,
                [0.5 * width, 0.3 * width],
            )
        )
    story.append(Heading("Learning themes: lived and learnt experience", styles["h2"], 1))
    rows = [
        [s.title, words.score(s.overall), words.score(s.lived), words.score(s.learnt), words.gap(s.gap)]
        for s in latest.themes
    ]
    story.append(
        _table(
            ["Theme", "Everyone", "Lived experience", "Learnt experience", "Gap (lived − learnt)"],
            rows,
            styles,
            [0.36 * width, 0.14 * width, 0.16 * width, 0.16 * width, 0.18 * width],
        )
    )
    return story


def _commitments(report, styles, width) -> list:
    story = [Heading(words.SECTION_TITLES["commitments"], styles["h1"], 0)]
    commitments = report.commitments
    story.append(_p(words.commitments_sentence(commitments), styles["body"]))
    if commitments.open:
        rows = [
            [
                c.level_label,
                c.text,
                c.owner,
                c.review_on.strftime("%-d %b %Y"),
                f"OVERDUE – {c.status_label}" if c.overdue else c.status_label,
            ]
            for c in commitments.open
        ]
        story.append(
            _table(
                ["As", "Commitment", "Owner", "Review", "Status"],
                rows,
                styles,
                [0.14 * width, 0.42 * width, 0.16 * width, 0.13 * width, 0.15 * width],
            )
        )
    return story


def _successes(report, styles, width, link) -> list:
    story = [Heading(words.SECTION_TITLES["successes"], styles["h1"], 0)]
    if not report.successes:
        return story + [_p(words.EMPTY["successes"], styles["body"])]
    story.append(_p(words.SUCCESSES_INTRO, styles["body"]))
    for success in report.successes:
        parts = [Heading(success.title, styles["h2"], 1)]
        if success.what_changed:
            parts.append(_p(success.what_changed, styles["body"]))
        parts.append(_p(words.success_sentence(success), styles["small"]))
        if link is not None:
            address = link(success)
            parts.append(
                Paragraph(
                    f'Celebration page: <link href="{escape(address)}" color="#005eb8">{escape(address)}</link>',
                    styles["small"],
                )
            )
        parts.append(Spacer(1, 6))
        story.append(KeepTogether(parts))
    return story


def render(report, *, link=None, compress: bool = True) -> bytes:
    """The report as PDF bytes. `link(success)` gives the full address of a project's celebration page."""
    buffer = io.BytesIO()
    organisation = report.organisation
    title = f"Board report: {organisation.name}, {report.period.label}"
    doc = _BoardPack(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=f"{organisation.name} (Co-QI)",
        creator="Co-QI",
        subject="Co-produced quality improvement: portfolio, measures, co-production, experience, "
        "self-assessment and commitments",
        keywords=["board report", "co-production", "quality improvement", organisation.name],
        lang="en-GB",
        displayDocTitle=True,
        pageCompression=1 if compress else 0,
        invariant=0 if compress else 1,
    )
    styles = _styles()
    width = doc.width

    def footer(canvas, document):
        if document.page == 1:
            canvas.showOutline()  # open the bookmarks pane, so readers can jump between sections
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(INK)
        canvas.drawString(doc.leftMargin, 10 * mm, f"{organisation.name} · board report · {report.period.label}")
        canvas.drawRightString(doc.leftMargin + width, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    story = [
        Heading(f"Board report: {organisation.name}", styles["title"], 0),
        _p(f"Covering {report.period.label}. Made on {report.today:%-d %B %Y}.", styles["body"]),
        _p(words.INTRODUCTION, styles["body"]),
    ]
    sections = [
        _portfolio(report, styles, width),
        _measures(report, styles, width),
        _coproduction(report, styles, width),
        _experience(report, styles, width),
        _assessment(report, styles, width),
        _commitments(report, styles, width),
        _successes(report, styles, width, link),
    ]
    for number, section in enumerate(sections):
        if number:
            story.append(PageBreak())  # each section starts a page, as in the printed HTML
        story.extend(section)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
