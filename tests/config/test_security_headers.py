"""The Content-Security-Policy comes from django-csp with a fresh nonce per page, the one the page's script uses.

On the wire under gunicorn with the production settings (HSTS, secure cookies, the same policy):
tests/deploy/test_entrypoint.py."""

import re


def _nonce_of(response) -> tuple[str, str]:
    policy = response["Content-Security-Policy"]
    in_header = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    in_page = re.search(r'<script nonce="([^"]+)"', response.content.decode()).group(1)
    return in_header, in_page


def test_each_page_has_its_own_nonce_and_its_inline_script_carries_it(client, db):
    first, second = client.get("/"), client.get("/")
    header, page = _nonce_of(first)
    assert header == page and len(header) >= 16
    assert _nonce_of(second)[0] != header
    policy = first["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy, directive
    assert "unsafe-inline" not in policy


def test_the_api_documentation_keeps_its_own_policy(client, db):
    policy = client.get("/api/v1/docs")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "nonce-" not in policy
