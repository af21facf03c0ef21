"""An organisation admin opens the board report from the menu, reads every section at 1280 and 320 px
(axe-clean), chooses a period (a wrong date is named), and downloads the PDF."""

from playwright.sync_api import expect

from tests.reports.helpers import MEASURE_NAME, full_organisation, pdf_text


def test_admin_reads_the_board_report_and_downloads_the_pdf(trio, signed_in, live_server, assert_accessible):
    full_organisation(trio)
    page = signed_in(trio.owner)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/")
    menu = page.get_by_role("navigation", name="Menu")
    if not menu.get_by_role("link", name="Board report").first.is_visible():
        menu.get_by_role("button", name="More").click()  # the header folds items that do not fit under "More"
    menu.locator("a:visible", has_text="Board report").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board report")
    for heading in [
        "Project portfolio by stage",
        "Key measures",
        "Co-production",
        "Experience of care",
        "Self-assessment",
        "Commitments",
        "Successes to celebrate",
    ]:
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=MEASURE_NAME)).to_be_visible()
    expect(page.get_by_role("link", name="Celebration page for Kinder outpatients")).to_be_visible()
    assert_accessible(page)

    # A wrong date is named by its field; the report still shows the last 12 months.
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="The start date must be on or before the end date")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To", exact=True).fill("2025-12-31")
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_text("Covering 1 January 2025 to 31 December 2025")).to_be_visible()
    expect(page.get_by_text("No involvement activities were recorded in this period.")).to_be_visible()

    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/board-report/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF of the board report").click()
    download = download_info.value
    assert download.suggested_filename.startswith("board-report-riverside-test-")
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Riverside Test Trust" in text and MEASURE_NAME in text
