"""Measure services: audit, validation, whole-or-nothing uploads (CSV and real XLSX files), edit conflicts."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from coqi.core.concurrency import EditConflict
from coqi.core.models import AuditEvent
from coqi.core.tabular import DataRejected
from coqi.improvement.models import DataPoint, Measure
from coqi.improvement.services import measures as services

pytestmark = pytest.mark.django_db


def make_measure(setup, trio, **extra):
    fields = (
        dict(
            name="Falls",
            kind=Measure.Kind.OUTCOME,
            definition="Inpatient falls a month.",
            unit="falls",
            improvement_direction=Measure.Direction.DECREASE,
        )
        | extra
    )
    return services.create_measure(actor=trio.member, project=setup.project, **fields)


def csv_bytes(*lines):
    return ("\n".join(lines) + "\n").encode()


def months(n, start=2023):
    return [date(start + i // 12, i % 12 + 1, 1) for i in range(n)]


def test_create_measure_is_audited_and_validated(setup, trio):
    measure = make_measure(setup, trio, target="8")
    assert measure.target == 8.0
    event = AuditEvent.objects.get(action="measure.created")
    assert event.organisation == trio.organisation and event.actor == trio.member
    with pytest.raises(ValidationError) as error:
        services.create_measure(
            actor=trio.member,
            project=setup.project,
            name=" ",
            kind="nope",
            definition="d",
            unit="u",
            improvement_direction="up",
            chart_type="zz",
        )
    assert set(error.value.message_dict) == {"name", "kind", "improvement_direction", "chart_type"}


def test_csv_upload_saves_every_row_and_upserts(setup, trio):
    measure = make_measure(setup, trio)
    lines = ["Period,Value"] + [f"{d.isoformat()},{i}" for i, d in enumerate(months(24))]
    assert services.import_upload(actor=trio.member, measure=measure, file_name="f.csv", content=csv_bytes(*lines)) == (
        24,
        0,
    )
    again = csv_bytes("period,value", "2023-01-01,99", "01/01/2025,5")
    assert services.import_upload(actor=trio.member, measure=measure, file_name="f.csv", content=again) == (1, 1)
    assert measure.data_points.get(period=date(2023, 1, 1)).value == 99
    assert measure.data_points.count() == 25
    events = AuditEvent.objects.filter(action="measure.data_uploaded")
    assert events.count() == 2 and events.first().changes["rows"] == 2


def test_csv_with_every_kind_of_problem_is_rejected_whole_naming_rows_and_columns(setup, trio):
    measure = make_measure(setup, trio, chart_type=Measure.ChartType.P)
    content = csv_bytes(
        "period,value,denominator",
        "2024-01-01,5,100",
        "2024-02-30,5,100",  # no such date
        "2024-03-01,lots,100",  # not a number
        "2024-04-01,5,0",  # zero denominator
        "2024-01-01,6,100",  # duplicate period
        "2024-05-01,,100",  # missing value
        "2024-06-01,5,-3",  # negative denominator
    )
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(actor=trio.member, measure=measure, file_name="bad.csv", content=content)
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {(3, "period"), (4, "value"), (5, "denominator"), (6, "period"), (7, "value"), (8, "denominator")}
    messages = rejected.value.messages
    assert any("Row 6" in m and "also in row 2" in m for m in messages)
    assert not DataPoint.objects.exists()  # the good row was not saved either
    assert not AuditEvent.objects.filter(action="measure.data_uploaded").exists()


def test_missing_and_unknown_columns_are_named(setup, trio):
    measure = make_measure(setup, trio, chart_type=Measure.ChartType.U)
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(
            actor=trio.member,
            measure=measure,
            file_name="f.csv",
            content=csv_bytes("month,value,colour", "2024-01-01,1,red"),
        )
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {(1, "month"), (1, "colour"), (1, "period"), (1, "denominator")}


def test_group_rules_follow_the_measure(setup, trio):
    whole = make_measure(setup, trio)
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(
            actor=trio.member,
            measure=whole,
            file_name="f.csv",
            content=csv_bytes("period,value,group", "2024-01-01,1,Q1"),
        )
    assert [(p.row, p.column) for p in rejected.value.problems] == [(2, "group")]
    split = make_measure(setup, trio, name="By quintile", population_group="Deprivation quintile")
    content = csv_bytes("period,value,group", "2024-01-01,1,Q1", "2024-01-01,2,Q5", "2024-02-01,3,")
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(actor=trio.member, measure=split, file_name="f.csv", content=content)
    assert [(p.row, p.column) for p in rejected.value.problems] == [(4, "group")]
    assert services.import_upload(
        actor=trio.member, measure=split, file_name="f.csv", content=content[: -len("2024-02-01,3,\n")]
    ) == (2, 0)


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path.read_bytes()


def test_real_xlsx_files_are_read_with_typed_cells(setup, trio, tmp_path):
    measure = make_measure(setup, trio, chart_type=Measure.ChartType.P, multiply=100)
    rows = [["period", "value", "denominator"]] + [
        [datetime(2023 + i // 12, i % 12 + 1, 1), 20 + i % 3, 100] for i in range(24)
    ]
    rows.append([None, None, None])  # trailing blank row, as spreadsheets often have
    content = write_xlsx(tmp_path / "good.xlsx", rows)
    assert services.import_upload(actor=trio.member, measure=measure, file_name="good.xlsx", content=content) == (24, 0)


def test_bad_xlsx_is_rejected_whole(setup, trio, tmp_path):
    measure = make_measure(setup, trio, chart_type=Measure.ChartType.P)
    content = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["period", "value", "denominator"],
            [datetime(2024, 1, 1), 5, 100],
            ["not a date", 5, 100],
            [datetime(2024, 3, 1), "five", 0],
            [datetime(2024, 1, 1), 120, 100],  # duplicate period, and more than its denominator on a P chart
        ],
    )
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(actor=trio.member, measure=measure, file_name="bad.xlsx", content=content)
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {(3, "period"), (4, "value"), (4, "denominator"), (5, "value"), (5, "period")}
    assert not DataPoint.objects.exists()


def test_a_file_that_is_not_a_workbook_or_csv(setup, trio):
    measure = make_measure(setup, trio)
    with pytest.raises(DataRejected, match="Excel workbook"):
        services.import_upload(actor=trio.member, measure=measure, file_name="f.xlsx", content=b"not a zip")
    with pytest.raises(DataRejected, match="CSV"):
        services.import_upload(actor=trio.member, measure=measure, file_name="f.pdf", content=b"%PDF")


def test_form_entry_uses_the_same_rules(setup, trio):
    measure = make_measure(setup, trio, chart_type=Measure.ChartType.P)
    with pytest.raises(ValidationError) as error:
        services.record_data_point(actor=trio.member, measure=measure, period=date(2024, 1, 1), value=5, denominator=0)
    assert "denominator" in error.value.message_dict
    point = services.record_data_point(
        actor=trio.member, measure=measure, period=date(2024, 1, 1), value=5, denominator=50
    )
    assert point.value == 5 and AuditEvent.objects.filter(action="measure.data_entered").count() == 1
    version = measure.data_version
    services.remove_data_point(actor=trio.member, point=point)
    measure.refresh_from_db()
    assert measure.data_version > version and not measure.data_points.exists()


def test_concurrent_edits_of_a_measure_do_not_overwrite_each_other(setup, trio):
    measure = make_measure(setup, trio)
    first = Measure.objects.get(pk=measure.pk)
    second = Measure.objects.get(pk=measure.pk)
    services.update_measure(actor=trio.member, measure=first, expected_version=first.version, name="Falls (all wards)")
    with pytest.raises(EditConflict, match="Someone else changed this measure"):
        services.update_measure(
            actor=trio.partner, measure=second, expected_version=second.version, unit="falls a month"
        )
    measure.refresh_from_db()
    assert measure.name == "Falls (all wards)" and measure.unit == "falls" and measure.version == 2


def test_switching_to_a_p_chart_needs_denominators(setup, trio):
    measure = make_measure(setup, trio)
    services.record_data_point(actor=trio.member, measure=measure, period=date(2024, 1, 1), value=5)
    with pytest.raises(ValidationError) as error:
        services.update_measure(actor=trio.member, measure=measure, expected_version=measure.version, chart_type="p")
    assert "chart_type" in error.value.message_dict


def test_row_numbers_match_the_spreadsheet_when_blank_rows_come_first(setup, trio, tmp_path):
    measure = make_measure(setup, trio)
    blank = [[None, None], [None, None]]
    content = write_xlsx(
        tmp_path / "offset.xlsx", blank + [["period", "value", "colour"], [datetime(2024, 1, 1), 3, None]]
    )
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(actor=trio.member, measure=measure, file_name="o.xlsx", content=content)
    assert [(p.row, p.column) for p in rejected.value.problems] == [(3, "colour")]
    content = write_xlsx(
        tmp_path / "offset2.xlsx",
        blank + [["period", "value"], [datetime(2024, 1, 1), 3], [None, None], [datetime(2024, 2, 1), "x"]],
    )
    with pytest.raises(DataRejected) as rejected:
        services.import_upload(actor=trio.member, measure=measure, file_name="o.xlsx", content=content)
    assert [(p.row, p.column) for p in rejected.value.problems] == [(6, "value")]
