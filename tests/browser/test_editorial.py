"""The editorial report as an editor sees it: the months as a chart, in the browser,
under the site's Content-Security-Policy; its screenshot is the editor guide's."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, expect

from ..conftest import REPO

SCREENSHOT = REPO / "docs" / "screenshots" / "editorial-months.png"


def test_the_month_chart_draws_one_bar_a_month(page: Page, base_url: str) -> None:
    blocked: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            blocked.append(message.text)

    page.on("console", record)
    page.goto(f"{base_url}/editorial/")
    chart = page.locator("svg.month-chart")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.month-bar")
    assert bars.count() >= 10  # the sample publishes most months
    box = bars.first.bounding_box()
    assert box is not None and box["height"] > 10  # drawn, and styled by site.css
    colour = bars.first.evaluate("bar => getComputedStyle(bar).fill")
    assert colour not in ("rgb(0, 0, 0)", "none"), colour
    assert not blocked, blocked
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.locator("section.editorial-months").screenshot(path=str(SCREENSHOT))
