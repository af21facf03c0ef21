"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Reusable pieces for every area:
    page                       a fresh browser tab (desktop width); requests outside the live server are blocked
    sign_in(page, live_server, user)
    assert_accessible(page)    axe-core WCAG 2.0/2.1/2.2 A and AA: 0 violations at desktop width and at 320 px,
                               and no horizontal scrolling at 320 px
"""

import os
from urllib.parse import urlparse

import pytest

# The live server runs in a thread of this process; Playwright's sync API runs an event loop in this thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 720}
PASSWORD = "a-long-test-password"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/system/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    own_host = urlparse(live_server.url).netloc

    def only_our_server(route):
        if urlparse(route.request.url).netloc == own_host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_our_server)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _settle(page):
    """Let the page handle a resize first: the NHS.UK header moves menu items in and out of "More" on the resize
    event (and again from its ResizeObserver a frame or two later), and axe run before that sees half-moved items
    (white links on the grey dropdown). Wait until the header's menu has stayed the same for 200 ms (at most 3 s)."""
    page.evaluate(
        """() => new Promise(done => {
            const menu = () => (document.querySelector('.nhsuk-header__navigation') || {}).innerHTML || '';
            let last = menu(), stableSince = performance.now();
            const started = stableSince;
            const tick = () => {
                const now = performance.now(), current = menu();
                if (current !== last) { last = current; stableSince = now; }
                if (now - stableSince >= 200 || now - started > 3000) { done(); return; }
                requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
        })"""
    )


def _check_axe(axe, page, label):
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, (
        f"axe-core found violations {label} on {page.url}:\n{results.generate_report()}"
    )


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        original = page.viewport_size or DESKTOP
        page.set_viewport_size(DESKTOP)
        _settle(page)
        _check_axe(axe, page, "at desktop width")
        page.set_viewport_size(NARROW)
        _settle(page)
        _check_axe(axe, page, "at 320 px")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320 px"
        page.set_viewport_size(original)

    return check


def sign_in(page, live_server, user, password=PASSWORD):
    page.goto(live_server.url + "/account/sign-in/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def signed_in(page, live_server):
    """`signed_in(user)` → the page, signed in as that person."""

    def go(user, password=PASSWORD):
        sign_in(page, live_server, user, password)
        return page

    return go
