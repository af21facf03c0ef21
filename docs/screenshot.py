"""Take the README screenshot: `coqi serve` running with the demo, then `python docs/screenshot.py [BASE_URL]`.

Signs in as the demo admin and photographs the home page (invented demo data only) with Debian's Chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).with_name("screenshot.png")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1100, "height": 760})
    page.goto(f"{BASE}/account/sign-in/")
    page.get_by_label("E-mail address").fill("admin@example.com")
    page.get_by_label("Password", exact=True).fill("co-produce-together")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/o/riverside-hospitals/")
    page.screenshot(path=str(OUT))
    browser.close()
print(f"Saved {OUT}")
