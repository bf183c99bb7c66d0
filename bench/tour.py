"""Take the tour's screenshots (docs/tour/) from a pristine, freshly seeded database.

`make tour`: migrate a temporary SQLite database, seed the demo, serve it, sign in as the
demo user and photograph the main pages in English and Chinese with Debian's Chromium.
Never the browser tests' data: nothing but the seed has written to this database.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
TOUR = ROOT / "docs" / "tour"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# (locale, page name) pairs that docs/tour.md shows.
SHOWN = {
    ("en", "home"), ("en", "campaign"), ("en", "board"), ("en", "health"), ("en", "metric"),
    ("en", "settings"), ("en", "skills"), ("zh-CN", "members"), ("zh-CN", "workload"),
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def troupe(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "app", *args], env=env, check=True, cwd=ROOT)


def wait_until_up(url: str) -> None:
    for _ in range(200):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def photograph(page: Page, url: str) -> None:
    page.goto(f"{url}/signin")
    page.fill("#email", "demo@example.com")
    page.fill("#password", "troupe-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/w/demo")
    page.goto(f"{url}/w/demo/campaigns")
    campaign = page.locator("#campaign-table a:has-text('Summer fan meetup')").first
    page.goto(f"{url}/w/demo/metrics")
    metric = page.locator("table a:has-text('Content views')").get_attribute("href")
    pages = {
        "home": "/w/demo",
        "members": "/w/demo/members",
        "campaign": None,
        "board": "/w/demo/campaigns/board",
        "metric": metric,
        "health": "/w/demo/health",
        "workload": "/w/demo/workload",
        "skills": "/w/demo/skills",
        "settings": "/w/demo/settings",
    }
    page.goto(f"{url}/w/demo/campaigns")
    pages["campaign"] = campaign.get_attribute("href")
    for locale in ("en", "zh-CN"):
        page.goto(f"{url}/w/demo")
        page.select_option("#language-choice", value=locale)
        page.wait_for_timeout(1500)  # the choice is saved by a request, then the page reloads
        for name, path in pages.items():
            if (locale, name) not in SHOWN:
                continue
            page.goto(f"{url}{path}")
            page.wait_for_load_state("load")
            page.screenshot(path=str(TOUR / f"{locale}-{name}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{url}/w/demo/campaigns/board")
    page.wait_for_load_state("load")
    page.screenshot(path=str(TOUR / "zh-CN-board-phone.png"), full_page=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="troupe-tour-") as folder:
        keep = {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_")}
        env = {**keep, "TROUPE_DATABASE_URL": f"sqlite:///{folder}/tour.db"}
        env["TROUPE_LOG_LEVEL"] = "warning"
        troupe("db", "upgrade", env=env)
        troupe("seed-demo", env=env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--no-migrate", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                photograph(page, url)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"tour screenshots written to {TOUR}")


if __name__ == "__main__":
    main()
