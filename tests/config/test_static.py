"""NHS.UK frontend and htmx come from node_modules (npm), served by us; the CSP keeps the browser off any CDN."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/static/nhsuk/nhsuk-frontend-10.6.1.min.css",
        "/static/nhsuk/nhsuk-frontend-10.6.1.min.js",
        "/static/htmx/htmx.min.js",
        "/static/coqi/coqi.js",
        "/assets/images/nhsuk-icon-arrow-up.svg",
    ],
)
def test_assets_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200


def test_pages_send_a_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "font-src 'self'" in policy


def test_a_missing_front_end_install_is_reported(settings, tmp_path):
    from coqi.core.checks import front_end_assets_installed

    assert front_end_assets_installed() == []
    settings.NHSUK_FRONTEND_DIST = tmp_path
    settings.STATIC_ROOT = tmp_path
    (warning,) = front_end_assets_installed()
    assert warning.id == "coqi.W001" and "make assets" in warning.hint
