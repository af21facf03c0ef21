"""A partner who attended an activity claims payment and travel with a receipt; a facilitator approves both;
finance (an organisation admin) exports the CSV with the right totals and marks them paid; the partner sees them
paid. axe-core: 0 violations on every page visited, at desktop width and at 320 px."""

import csv
import io
import json
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.payments.helpers import PDF, activity, facilitator_of, rate_card


def _settled(check):
    """Check a page once it has fully loaded: the header's "More" menu rearranges itself on load."""

    def run(page):
        page.wait_for_load_state("load")
        check(page)

    return run


def test_partner_claims_facilitator_approves_finance_exports(trio, signed_in, live_server, assert_accessible, tmp_path):
    assert_accessible = _settled(assert_accessible)
    held_on = date.today() - timedelta(days=2)
    # Attendance recorded before the rates were set, so no payment line was made automatically: the partner claims.
    activity(trio, title="Discharge letters workshop", hours="2.5", held_on=held_on)  # co-design: £25 an hour
    rate_card(trio)
    facilitator = facilitator_of(trio.organisation)
    receipt = tmp_path / "bus-ticket.pdf"
    receipt.write_bytes(PDF)

    # The partner claims for their time, then their bus fare with the ticket attached.
    page = signed_in(trio.partner)
    page.get_by_role("link", name="Claim payment and expenses").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your payments and expenses")
    assert_accessible(page)
    page.get_by_role("button", name="Claim payment for Discharge letters workshop").click()
    expect(page.get_by_text("Payment claimed for Discharge letters workshop")).to_be_visible()
    expect(page.get_by_text("£62.50 for 2.5 hours")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Claim expenses, such as travel or care costs").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send claim").click()  # empty: errors by each field
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which activity was it for?").select_option(
        label=f"Discharge letters workshop ({held_on:%-d %b %Y})"
    )
    page.get_by_label("Travel").check()
    page.get_by_label("How much, in pounds").fill("6.40")
    page.get_by_label("Date you spent the money").fill(held_on.isoformat())
    page.get_by_label("What did you spend it on?").fill("Bus fare there and back")
    page.locator("input[type=file]").set_input_files(str(receipt))
    page.get_by_role("button", name="Send claim").click()
    expect(page.get_by_text("Expenses claimed")).to_be_visible()
    expect(page.get_by_text("Waiting for approval")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The facilitator approves both.
    page = signed_in(facilitator)
    page.get_by_role("link", name="Approve payments and expenses").first.click()
    assert_accessible(page)
    for name in ("Payment for Discharge letters workshop", "Travel for Discharge letters workshop"):
        page.get_by_role("link", name=name).click()
        assert_accessible(page)
        page.get_by_role("button", name="Approve", exact=True).click()
        expect(page.get_by_text("Claim approved")).to_be_visible()
    expect(page.get_by_text("There are no claims waiting for approval.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # Finance exports the year's CSV, then marks both paid.
    page = signed_in(trio.owner)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/payments/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV for finance").click()
    rows = list(csv.DictReader(io.StringIO(open(download_info.value.path(), encoding="utf-8").read())))
    assert sorted((r["Type"], r["Amount (£)"]) for r in rows) == [
        ("Expenses: Travel", "6.40"),
        ("Involvement payment", "62.50"),
    ]
    assert {r["E-mail"] for r in rows} == {"partner@example.com"}
    for name in ("Payment for Discharge letters workshop", "Travel for Discharge letters workshop"):
        page.get_by_role("link", name=name).click()
        assert_accessible(page)
        page.get_by_role("button", name="Mark as paid").click()
        expect(page.get_by_text("Claim marked paid")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting to be paid.")).to_be_visible()
    expect(page.get_by_text("£68.90").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The partner sees both paid.
    page = signed_in(trio.partner)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/payments/mine/")
    expect(page.get_by_text("Paid", exact=True)).to_have_count(2)
    expect(page.get_by_text("£68.90 (£68.90 paid)")).to_be_visible()
    assert_accessible(page)

    # …and downloads everything held about them, from their account.
    page.get_by_role("link", name="Pat Partner").click()
    page.get_by_role("link", name="Your data: see what we hold and download it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["person"]["email"] == "partner@example.com"
    assert sorted(line["status"] for line in data["apps"]["payments"]["payment_lines"]) == ["paid"]
