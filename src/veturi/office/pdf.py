"""Printable PDFs of the minutes and reports, drawn with ReportLab (installs with pip alone).

Text is set in Bitstream Vera, which ships inside ReportLab, so Finnish letters and the usual
typographic signs print on any machine; a character the font lacks is replaced by a plain
equivalent rather than printed as a blank box. Charts are ReportLab vector drawings.
"""

from __future__ import annotations

import io
import math
import os
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from veturi.office.charts import STAGE_COLOURS

FONT, BOLD = "VeturiVera", "VeturiVera-Bold"
PLAIN_EQUIVALENTS = {"→": "->", "←": "<-", "↔": "<->", "✓": "v", "✗": "x", "\u2009": " ", "\u202f": " "}


@lru_cache(maxsize=1)
def _register_fonts() -> frozenset[int]:
    import reportlab

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    regular = TTFont(FONT, os.path.join(folder, "Vera.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(BOLD, os.path.join(folder, "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return frozenset(regular.face.charToGlyph)


def printable(text) -> str:
    """Text with every character the font can draw (CO₂ → CO2, → → ->), XML-escaped for Paragraph."""
    covered = _register_fonts()
    out = []
    for char in str(text or ""):
        if ord(char) in covered or char in "\n\t":
            out.append(char)
        elif char in PLAIN_EQUIVALENTS:
            out.append(PLAIN_EQUIVALENTS[char])
        else:
            plain = unicodedata.normalize("NFKD", char)
            out.append(plain if plain and all(ord(c) in covered for c in plain) else "?")
    return escape("".join(out))


@lru_cache(maxsize=1)
def _styles():
    _register_fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=BOLD, fontSize=17, leading=21),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=BOLD, fontSize=12.5, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontName=FONT, fontSize=8, leading=10, textColor=colors.HexColor("#5b6b75")),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontName=FONT, fontSize=8.5, leading=10.5),
        "note": ParagraphStyle("note", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=12, backColor=colors.HexColor("#fff7e6"), borderPadding=4),
    }


def _p(text, style="body") -> Paragraph:
    return Paragraph(printable(text), _styles()[style])


def _table(header: list[str], rows: list[list], widths: list[float] | None = None) -> Table:
    data = [[_p(cell, "cell") for cell in header]] + [[_p(cell, "cell") for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#dde3e7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _empty_or_table(header, rows, widths=None, empty_text=""):
    return _table(header, rows, widths) if rows else _p(empty_text or _("Nothing to report."))


def bar_chart(bars: list[tuple[str, float]], *, title: str, colour_for=None, width: float = 160 * mm, value_max: float | None = None) -> Drawing:
    """A horizontal bar chart as a ReportLab drawing (a flowable in the PDF)."""
    _register_fonts()
    bar_room = 14
    height = 30 + bar_room * max(len(bars), 1)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, printable(title), fontName=BOLD, fontSize=10))
    if not bars:
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 55 * mm, 8
    chart.width, chart.height = width - 70 * mm, height - 30
    # Top row first, as people read.
    labels = [printable(label) for label, _value in bars][::-1]
    values = [value for _label, value in bars][::-1]
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    largest = max(values) or 1
    chart.valueAxis.valueMax = value_max or (largest * 1.1 if largest > 1 else 1)
    # Whole-number ticks: these charts count things or show percentages.
    chart.valueAxis.valueStep = max(1, math.ceil((value_max or largest) / 5))
    chart.bars[0].fillColor = colors.HexColor("#2a9d8f")
    chart.bars.strokeColor = None
    if colour_for:
        for index, label in enumerate([label for label, _value in bars][::-1]):
            chart.bars[(0, index)].fillColor = colors.HexColor(colour_for(label))
    chart.barLabelFormat = "%g"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _build(story: list, title: str) -> bytes:
    buffer = io.BytesIO()
    generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#5b6b75"))
        canvas.drawString(18 * mm, 10 * mm, printable(f"Veturi · {title} · {generated}").replace("&amp;", "&"))
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="Veturi", leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def minutes_pdf(meeting) -> bytes:
    """The minutes of one office meeting: attendance, agenda, decisions and action items."""
    title = _("Minutes: %(title)s, %(date)s") % {"title": meeting.title, "date": meeting.date.isoformat()}
    story = [_p(title, "title")]
    if meeting.location:
        story.append(_p(f"{_('Location')}: {meeting.location}"))
    story.append(_p(_("Attendance"), "h2"))
    attendees = [f"{person.name}" + (f" ({person.organisation})" if person.organisation else "") for person in meeting.attendees.all()]
    story.append(_p(", ".join(attendees) or _("Not recorded.")))
    story.append(_p(_("Agenda"), "h2"))
    for item in meeting.agenda_items.all():
        story.append(_p(f"{item.position}. {item.title}", "body"))
        if item.notes:
            story.append(_p(item.notes, "small"))
    if not meeting.agenda_items.exists():
        story.append(_p(_("No agenda items.")))
    story.append(_p(_("Decisions"), "h2"))
    decisions = [[str(index), decision.text] for index, decision in enumerate(meeting.decisions.all(), start=1)]
    story.append(_empty_or_table([_("No."), _("Decision")], decisions, [12 * mm, 160 * mm], _("No decisions.")))
    story.append(_p(_("Action items"), "h2"))
    actions = [
        [item.action, str(item.owner or "–"), item.due.isoformat() if item.due else "–", item.get_status_display()]
        for item in meeting.action_items.select_related("owner")
    ]
    story.append(_empty_or_table([_("Action"), _("Owner"), _("Due"), _("Status")], actions, [80 * mm, 45 * mm, 25 * mm, 24 * mm], _("No action items.")))
    if meeting.notes:
        story += [_p(_("Notes"), "h2"), _p(meeting.notes)]
    return _build(story, title)


def _action_rows(rows) -> list[list[str]]:
    return [[row.action, row.owner, row.due.isoformat() if row.due else "–", row.status, row.source] for row in rows]


ACTION_HEADER_WIDTHS = [58 * mm, 30 * mm, 23 * mm, 20 * mm, 43 * mm]


def monthly_pdf(report) -> bytes:
    """The monthly office report, with charts of the pipeline, its movement and the interactions."""
    labels = {label: stage for stage, label, _count in report.pipeline_now}
    colour_for = lambda label: STAGE_COLOURS.get(labels.get(label, ""), "#2a9d8f")  # noqa: E731
    story = [_p(report.title, "title"), _p(f"{report.first_day.isoformat()} – {report.last_day.isoformat()}", "small")]

    story.append(_p(_("Key figures"), "h2"))
    story.append(_table([_("Figure"), _("Value")], [[name, value] for name, value in report.kpis], [100 * mm, 74 * mm]))

    story.append(_p(_("Pipeline movement"), "h2"))
    story.append(bar_chart([(label, count) for _stage, label, count in report.pipeline_now], title=_("Organisations by stage now"), colour_for=colour_for))
    if report.moves_into_stage:
        story.append(bar_chart(report.moves_into_stage, title=_("Moves this month, by new stage"), colour_for=colour_for))
    moves = [
        [change.changed_at.date().isoformat(), change.organisation.name, change.get_from_stage_display(), change.get_to_stage_display(), change.reason]
        for change in report.stage_changes
    ]
    story.append(_empty_or_table([_("Date"), _("Organisation"), _("From"), _("To"), _("Reason")], moves, [23 * mm, 52 * mm, 25 * mm, 25 * mm, 49 * mm], _("No stage changes this month.")))

    story.append(_p(_("Interactions"), "h2"))
    story.append(bar_chart(report.interactions_by_kind, title=_("Interactions this month, by kind")))
    rows = [[i.date.isoformat(), i.get_kind_display(), i.organisation.name, i.summary[:220]] for i in report.interactions]
    story.append(_empty_or_table([_("Date"), _("Kind"), _("Organisation"), _("Summary")], rows, [23 * mm, 18 * mm, 42 * mm, 91 * mm], _("No interactions this month.")))

    story.append(_p(_("Meetings and decisions"), "h2"))
    rows = [[m.date.isoformat(), m.title, "; ".join(d.text for d in m.decisions.all())] for m in report.meetings]
    story.append(_empty_or_table([_("Date"), _("Meeting"), _("Decisions")], rows, [23 * mm, 50 * mm, 101 * mm], _("No office meetings this month.")))

    story.append(_p(_("New actions"), "h2"))
    story.append(_empty_or_table([_("Action"), _("Owner"), _("Due"), _("Status"), _("From")], _action_rows(report.new_actions), ACTION_HEADER_WIDTHS, _("No new actions this month.")))
    story.append(_p(_("Overdue actions"), "h2"))
    story.append(_empty_or_table([_("Action"), _("Owner"), _("Due"), _("Status"), _("From")], _action_rows(report.overdue_actions), ACTION_HEADER_WIDTHS, _("Nothing overdue.")))

    story.append(_p(_("Project plan"), "h2"))
    story.append(bar_chart([(name, round(share * 100)) for name, share in report.phase_progress], title=_("Progress per phase, % done"), value_max=100))

    story.append(_p(_("Hypotheses"), "h2"))
    story.append(_app_section(report.sections["hypotheses"]))
    story.append(_p(_("New synergies"), "h2"))
    story.append(_app_section(report.sections["synergies"]))
    return _build(story, report.title)


def _app_section(section):
    if section.rows:
        return _table([_("What"), _("Detail")], [list(row) for row in section.rows], [60 * mm, 114 * mm])
    if section.rows is not None:
        return _p(_("Nothing new this month."))
    if section.installed:
        return _p(_("Recorded in %(app)s, which does not report to this report yet.") % {"app": section.app}, "note")
    return _p(_("Not recorded in Veturi yet: this section fills in when the %(name)s app exists.") % {"name": section.name}, "note")


def organisation_pdf(report) -> bytes:
    """One organisation as the office sees it: stage and its history, contacts, actions, streams."""
    organisation = report.organisation
    identity = [str(organisation.get_kind_display()), organisation.business_id or organisation.foreign_id, organisation.website]
    story = [_p(report.title, "title"), _p(" · ".join(part for part in identity if part), "small")]
    story.append(_p(_("Engagement"), "h2"))
    facts = [[_("Stage"), organisation.get_engagement_stage_display()]]
    if organisation.dropped_reason:
        facts.append([_("Reason for dropping"), organisation.dropped_reason])
    if report.stakeholder:
        facts.append([_("Influence / interest"), f"{report.stakeholder.influence} / {report.stakeholder.interest} ({report.stakeholder.quadrant})"])
    story.append(_table([_("Fact"), _("Value")], facts, [60 * mm, 114 * mm]))
    moves = [[c.changed_at.date().isoformat(), c.get_from_stage_display(), c.get_to_stage_display(), str(c.changed_by or "–"), c.reason] for c in report.stage_changes]
    story.append(_empty_or_table([_("Date"), _("From"), _("To"), _("By"), _("Reason")], moves, [22 * mm, 28 * mm, 28 * mm, 30 * mm, 66 * mm], _("No stage changes recorded.")))
    story.append(_p(_("Interactions"), "h2"))
    story.append(bar_chart(report.interactions_by_kind, title=_("Interactions by kind")))
    rows = [[i.date.isoformat(), i.get_kind_display(), ", ".join(p.name for p in i.participants.all()), i.summary[:300]] for i in report.interactions]
    story.append(_empty_or_table([_("Date"), _("Kind"), _("Participants"), _("Summary")], rows, [23 * mm, 18 * mm, 42 * mm, 91 * mm], _("No interactions recorded.")))
    story.append(_p(_("Follow-up actions"), "h2"))
    story.append(_empty_or_table([_("Action"), _("Owner"), _("Due"), _("Status"), _("From")], _action_rows(report.actions), ACTION_HEADER_WIDTHS, _("No follow-up actions.")))
    story.append(_p(_("Sites and resource streams"), "h2"))
    rows = [[s.site.name, s.get_direction_display(), s.name, f"{s.quantity:g} {s.unit}", s.get_confidentiality_display()] for s in report.streams]
    story.append(_empty_or_table([_("Site"), _("Direction"), _("Stream"), _("Quantity"), _("Confidentiality")], rows, [38 * mm, 20 * mm, 56 * mm, 26 * mm, 34 * mm], _("No streams recorded.")))
    return _build(story, report.title)
