"""Downloadable import templates: a header row, one example row and a description of each field."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from veturi.transfer.entities import ENTITIES

TEMPLATE_FORMATS = ("xlsx", "csv")


def _required_label(column) -> str:
    return _("required") if column.required else _("optional")


def template_csv(entity: str) -> bytes:
    """Header, example row, then one comment line per field (lines starting with # are skipped on import)."""
    spec = ENTITIES[entity]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.column_names)
    writer.writerow([column.example for column in spec.columns])
    writer.writerow([f"# {spec.key_help}"])
    for column in spec.columns:
        writer.writerow([f"# {column.name} ({_required_label(column)}): {column.description}"])
    return out.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8


def template_xlsx(entity: str) -> bytes:
    """A workbook with the entity's sheet (header and example row) and a notes sheet describing each field."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    spec = ENTITIES[entity]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = entity
    sheet.append(list(spec.column_names))
    sheet.append([column.example for column in spec.columns])
    for cell, column in zip(sheet[1], spec.columns):
        cell.font = Font(bold=column.required)
        sheet.column_dimensions[cell.column_letter].width = max(12, min(40, len(column.example) + 4))
    notes = workbook.create_sheet("notes")
    notes.append([_("field"), _("required"), _("description"), _("example")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        notes.append([column.name, _required_label(column), str(column.description), column.example])
    notes.append([])
    notes.append([str(spec.key_help)])
    notes.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template(entity: str, format: str) -> bytes:
    if entity not in ENTITIES:
        raise ValueError(f"entity must be one of {', '.join(ENTITIES)}; got {entity!r}")
    if format not in TEMPLATE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(TEMPLATE_FORMATS)}; got {format!r}")
    return template_xlsx(entity) if format == "xlsx" else template_csv(entity)
