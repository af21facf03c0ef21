"""Database ids in URLs (`<id:…>`) and in submitted values (coqi.core.converters)."""

import pytest
from django.http import Http404
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from coqi.core.converters import MAX_ID, IdConverter, id_or_404


def test_the_converter_takes_digits_that_fit_a_63_bit_id():
    converter = IdConverter()
    assert converter.to_python("42") == 42
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))
    assert converter.to_url(7) == "7"


def test_a_url_with_a_huge_or_non_numeric_id_does_not_resolve(db):
    url = reverse("projects:detail", kwargs={"org_slug": "riverside", "project_id": 12})
    match = resolve(url)
    assert match.kwargs["project_id"] == 12
    for bad in (str(MAX_ID + 1), "99999999999999999999999", "abc", "-1", "1.5"):
        with pytest.raises(Resolver404):
            resolve(url.replace("/12/", f"/{bad}/"))
    with pytest.raises(NoReverseMatch):
        reverse("projects:detail", kwargs={"org_slug": "riverside", "project_id": "abc"})


def test_a_huge_id_is_a_404_page_not_a_500(trio, client_for):
    client = client_for(trio.member)
    response = client.get(f"/o/{trio.organisation.slug}/projects/{MAX_ID + 1}/")
    assert response.status_code == 404
    response = client.get(f"/o/{trio.organisation.slug}/projects/{MAX_ID}/")
    assert response.status_code == 404


@pytest.mark.parametrize("value", [None, "", "abc", "0", -3, True, MAX_ID + 1, "1e3"])
def test_a_submitted_value_that_cannot_be_an_id_is_not_found(value):
    with pytest.raises(Http404):
        id_or_404(value)


def test_a_submitted_id_becomes_an_int():
    assert id_or_404("15") == 15 and id_or_404(15) == 15
