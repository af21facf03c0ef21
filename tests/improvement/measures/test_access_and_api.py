"""Every plan and measure URL: outsiders get 404, foreign ids 404, the team reaches each page; the API; query counts."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from coqi.improvement.models import DriverNode, Measure
from coqi.improvement.services import measures as services
from coqi.improvement.services import phases as phase_services
from coqi.improvement.services import plans as improvement_services

pytestmark = pytest.mark.django_db


def _routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return [
        r
        for r in walk(get_resolver().url_patterns)
        if r.startswith("o/") and ("/improvement/" in r or "/measures/" in r)
    ]


@pytest.fixture
def ids(setup, trio):
    p = setup.project
    driver = improvement_services.add_driver_node(actor=trio.member, project=p, kind=DriverNode.Kind.PRIMARY, text="D")
    idea = improvement_services.add_driver_node(
        actor=trio.member, project=p, kind=DriverNode.Kind.CHANGE_IDEA, text="Idea", parent=driver
    )
    cycle = improvement_services.plan_pdsa_cycle(
        actor=trio.member,
        project=p,
        change_idea=idea,
        title="T",
        plan="P",
        prediction="Pr",
        started_on=date(2024, 3, 1),
    )
    measure = services.create_measure(
        actor=trio.member,
        project=p,
        name="Falls",
        kind="outcome",
        definition="d",
        unit="falls",
        improvement_direction="decrease",
    )
    point = services.record_data_point(actor=trio.member, measure=measure, period=date(2024, 1, 1), value=3)
    phase = phase_services.start_phase(
        actor=trio.member,
        measure=measure,
        starts_on=date(2024, 1, 1),
        baseline_points=None,
        reason="The bundle went live",
        evidence="",
        method="consensus",
        rung="co_production",
        decided_on=date(2024, 3, 1),
    )
    left_out = phase_services.exclude_period(actor=trio.member, measure=measure, period=date(2024, 1, 1), reason="R")
    note = phase_services.add_note(actor=trio.member, measure=measure, period=date(2024, 1, 1), text="N")
    return {
        "phase_id": phase.pk,
        "exclusion_id": left_out.pk,
        "note_id": note.pk,
        "org_slug": trio.organisation.slug,
        "project_id": p.pk,
        "node_id": driver.pk,
        "cycle_id": cycle.pk,
        "measure_id": measure.pk,
        "point_id": point.pk,
    }


def _fill(route, values):
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(values[m.group(2)]), route)


def test_there_are_plan_and_measure_routes():
    assert len(_routes()) >= 16


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_everywhere(trio, ids, client_for, method):
    client = client_for(trio.outsider)
    for route in _routes():
        response = getattr(client, method)(_fill(route, ids))
        assert response.status_code == 404, f"{method} {route}: {response.status_code}"


def test_team_reaches_every_page(trio, ids, client_for):
    client = client_for(trio.partner)
    for route in _routes():
        response = client.get(_fill(route, ids))
        assert response.status_code in (200, 405), f"{route}: {response.status_code}"


def test_foreign_and_unknown_ids_are_404(setup, trio, ids, client_for):
    other_measure = services.create_measure(
        actor=trio.outsider,
        project=setup.other_project,
        name="Theirs",
        kind="outcome",
        definition="d",
        unit="u",
        improvement_direction="increase",
    )
    client = client_for(trio.owner)
    for name, bad in [
        ("measure_id", other_measure.pk),
        ("measure_id", "abc"),
        ("node_id", 999999),
        ("cycle_id", "0"),
        ("project_id", setup.other_project.pk),
        ("point_id", 424242),
        ("phase_id", 424242),
        ("exclusion_id", 424242),
        ("note_id", 424242),
    ]:
        for route in _routes():
            if f"<str:{name}>" in route:
                url = _fill(route, ids | {name: bad})
                response = client.get(url)
                if response.status_code == 405:  # a POST-only action
                    response = client.post(url)
                assert response.status_code == 404, route


def test_system_viewer_reads_but_cannot_write(trio, ids, client_for):
    from tests.factories import SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    client = client_for(viewer)
    base = f"/o/{trio.organisation.slug}/projects/{ids['project_id']}"
    assert client.get(f"{base}/measures/{ids['measure_id']}/").status_code == 200
    assert client.get(f"{base}/measures/{ids['measure_id']}/upload/").status_code == 404
    assert client.post(f"{base}/improvement/aim/", {}).status_code == 404


def test_upload_page_lists_problems_and_saves_nothing(trio, ids, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(trio.member)
    url = f"/o/{trio.organisation.slug}/projects/{ids['project_id']}/measures/{ids['measure_id']}/upload/"
    bad = SimpleUploadedFile("falls.csv", b"period,value\n2024-02-01,1\n2024-13-01,2\nnope,x\n", "text/csv")
    response = client.post(url, {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400 and "Nothing was saved" in html
    assert "Row 3, column “period”" in html and "Row 4, column “value”" in html
    assert Measure.objects.get(pk=ids["measure_id"]).data_points.count() == 1


def test_measure_pages_query_count_does_not_grow_with_measures_or_points(setup, trio, ids, client_for):
    client = client_for(trio.member)
    base = f"/o/{trio.organisation.slug}/projects/{setup.project.pk}/measures/"
    measure = Measure.objects.get(pk=ids["measure_id"])

    def count(url):
        client.get(url)  # warm caches (charts, sessions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few_list, few_detail = count(base), count(f"{base}{measure.pk}/")
    for n in range(5):
        m = services.create_measure(
            actor=trio.member,
            project=setup.project,
            name=f"M{n}",
            kind="process",
            definition="d",
            unit="u",
            improvement_direction="increase",
            population_group="Quintile",
        )
        rows = [
            {"period": date(2023 + i // 12, i % 12 + 1, 1), "value": i, "group": g}
            for i in range(24)
            for g in ("Q1", "Q5")
        ]
        from coqi.core.tabular import Row

        services.import_data(
            actor=trio.member, measure=m, rows=[Row(i, r) for i, r in enumerate(rows)], header=None, source="test"
        )
    services.import_data(
        actor=trio.member,
        measure=measure,
        header=None,
        source="test",
        rows=[
            __import__("coqi.core.tabular", fromlist=["Row"]).Row(i, {"period": date(2022, i, 1), "value": i})
            for i in range(1, 13)
        ],
    )
    assert count(base) == few_list
    assert count(f"{base}{measure.pk}/") == few_detail
    assert count(f"{base}{m.pk}/") == few_detail


# ----------------------------------------------------------------------------------------------- API


def test_api_measures_and_bulk_upsert(client, trio, ids, bearer):
    headers = bearer(trio.member)
    base = f"/api/v1/organisations/{trio.organisation.slug}/projects/{ids['project_id']}"
    listed = client.get(f"{base}/measures", **headers).json()
    assert [m["name"] for m in listed] == ["Falls"]
    created = client.post(
        f"{base}/measures",
        {
            "name": "Letters",
            "kind": "experience",
            "definition": "d",
            "unit": "%",
            "improvement_direction": "increase",
            "chart_type": "p",
            "multiply": 100,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    url = f"{base}/measures/{created.json()['id']}/data"
    points = [
        {"period": f"{2023 + i // 12}-{i % 12 + 1:02d}-01", "value": 40 + i, "denominator": 100} for i in range(24)
    ]
    saved = client.put(url, {"points": points}, content_type="application/json", **headers)
    assert saved.status_code == 200 and saved.json()["added"] == 24
    bad = points[:2] + [{"period": "2023-01-01", "value": 5, "denominator": 7}, {"period": "2024-06-01", "value": 5}]
    rejected = client.put(url, {"points": bad}, content_type="application/json", **headers)
    assert rejected.status_code == 422
    assert {(e["row"], e["field"]) for e in rejected.json()["errors"]} == {(3, "period"), (4, "denominator")}
    # A zero denominator breaks the documented schema (exclusiveMinimum 0), so it is refused as a field.
    zero = client.put(
        url,
        {"points": [{"period": "2023-01-01", "value": 5, "denominator": 0}]},
        content_type="application/json",
        **headers,
    )
    assert zero.status_code == 422 and {e["field"] for e in zero.json()["errors"]} == {"points.0.denominator"}
    typed = client.put(url, {"points": [{"period": "soon", "value": "x"}]}, content_type="application/json", **headers)
    assert typed.status_code == 422 and {e["field"] for e in typed.json()["errors"]} == {
        "points.0.period",
        "points.0.value",
    }
    detail = client.get(f"{base}/measures/{created.json()['id']}", **headers).json()
    assert len(detail["charts"][0]["rows"]) == 24 and detail["charts"][0]["variation"]
    falls = client.get(f"{base}/measures/{ids['measure_id']}", **headers).json()["charts"][0]["rows"][0]
    assert falls["left_out"] == "R" and falls["phase"] == 1 and "N" in falls["marked"]


def test_api_pdsa_cycles_and_foreign_ids(client, setup, trio, ids, bearer):
    headers = bearer(trio.member)
    base = f"/api/v1/organisations/{trio.organisation.slug}/projects/{ids['project_id']}"
    idea = setup.project.driver_nodes.get(kind="change_idea")
    body = {
        "change_idea_id": idea.pk,
        "title": "Again",
        "plan": "p",
        "prediction": "q",
        "started_on": "2024-06-01",
        "participant_ids": [setup.partner.pk],
    }
    created = client.post(f"{base}/pdsa-cycles", body, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["participants"][0]["name"] == "Pat Partner"
    assert [c["number"] for c in client.get(f"{base}/pdsa-cycles", **headers).json()] == [1, 2]
    foreign_member = setup.other_project.members.get().pk
    wrong = client.post(
        f"{base}/pdsa-cycles", body | {"participant_ids": [foreign_member]}, content_type="application/json", **headers
    )
    assert wrong.status_code == 422
    assert (
        client.post(
            f"{base}/pdsa-cycles", body | {"change_idea_id": 999999}, content_type="application/json", **headers
        ).status_code
        == 404
    )
    outsider = bearer(trio.outsider)
    for url in [f"{base}/measures", f"{base}/pdsa-cycles", f"{base}/measures/{ids['measure_id']}"]:
        assert client.get(url, **outsider).status_code == 404
    other = f"/api/v1/organisations/{trio.organisation.slug}/projects/{setup.other_project.pk}/measures"
    assert client.get(other, **headers).status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations/{slug}/projects/{project_id}/measures/{measure_id}/data" in schema["paths"]


def test_api_pdsa_study_and_act_with_version_check(client, setup, trio, ids, bearer):
    headers = bearer(trio.member)
    url = f"/api/v1/organisations/{trio.organisation.slug}/projects/{ids['project_id']}/pdsa-cycles/{ids['cycle_id']}"
    too_soon = client.patch(url, {"version": 1, "act": "adopt"}, content_type="application/json", **headers)
    assert too_soon.status_code == 422 and too_soon.json()["errors"][0]["field"] == "study_notes"
    done = client.patch(
        url,
        {"version": 1, "study_notes": "As predicted", "act": "adopt", "participant_ids": [setup.partner.pk]},
        content_type="application/json",
        **headers,
    )
    assert done.status_code == 200 and done.json()["act"] == "adopt" and done.json()["version"] == 2
    assert [p["name"] for p in done.json()["participants"]] == ["Pat Partner"]
    stale = client.patch(url, {"version": 1, "title": "Old copy"}, content_type="application/json", **headers)
    assert stale.status_code == 409 and "Someone else changed" in stale.json()["detail"]
    assert (
        client.patch(
            url, {"version": 2, "title": "x"}, content_type="application/json", **bearer(trio.outsider)
        ).status_code
        == 404
    )


def test_api_measure_patch_with_version_check(client, trio, ids, bearer):
    headers = bearer(trio.member)
    url = f"/api/v1/organisations/{trio.organisation.slug}/projects/{ids['project_id']}/measures/{ids['measure_id']}"
    changed = client.patch(url, {"version": 1, "target": 2}, content_type="application/json", **headers)
    assert changed.status_code == 200 and changed.json()["target"] == 2 and changed.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "name": "Old"}, content_type="application/json", **headers)
    assert stale.status_code == 409
    bad = client.patch(url, {"version": 2, "chart_type": "p"}, content_type="application/json", **headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "chart_type"  # data has no denominators


@pytest.mark.parametrize(
    ("sent", "message"),
    [({}, "Choose a CSV or Excel file to upload"), ({"file": b""}, "The file is empty")],
    ids=["no file", "empty file"],
)
def test_upload_with_no_file_or_an_empty_one_is_a_400_naming_the_file_field(trio, ids, client_for, sent, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(trio.member)
    url = f"/o/{trio.organisation.slug}/projects/{ids['project_id']}/measures/{ids['measure_id']}/upload/"
    data = {name: SimpleUploadedFile("falls.csv", content, "text/csv") for name, content in sent.items()}
    response = client.post(url, data)
    html = response.content.decode()
    # The same 400 as a file with bad rows, so a refused upload never reads as a success to a script or a proxy.
    assert response.status_code == 400
    summary = html[html.index("nhsuk-error-summary") :]
    assert re.search(rf'href="#id_file"[^>]*>\s*{message}\s*</a>', summary), summary[:1500]
    assert Measure.objects.get(pk=ids["measure_id"]).data_points.count() == 1
