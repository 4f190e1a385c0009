"""Browser tests of the web page in real headless Chromium (Debian's `chromium`, Playwright).

The app runs with uvicorn on 127.0.0.1 over a SQLite store built from our own sample
articles. Skipped, with the reason, when /usr/bin/chromium or Playwright is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

from marsad.api import create_app
from marsad.api.sample import SAMPLES, load_samples, load_synthetic
from marsad.api.server import serve_in_background

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TOKEN = "browser-test-token"
N_SYNTHETIC = 150
TIMEOUT_MS = 15_000


def _require_browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("browser tests need the playwright Python package")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, sample location → event id) of a live server over a fresh store."""
    _require_browser()
    from marsad.dedupe import Deduplicator
    from marsad.store import Store

    path = tmp_path_factory.mktemp("web") / "marsad.sqlite"
    store = Store.open(str(path))
    deduper = Deduplicator()
    ids: dict[str, str] = {}
    for event_id in load_samples(store, deduper):
        ids.setdefault(store.get_event(event_id).report.location, event_id)
    load_synthetic(store, deduper, N_SYNTHETIC)
    store.close()
    with serve_in_background(create_app(str(path), token=TOKEN)) as base:
        yield base, ids


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser, site):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
    external: list[str] = []
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith((site[0], "data:")) else None)
    page.goto(site[0] + "/")
    page.wait_for_selector("body[data-ready='true']")
    yield page
    assert not errors, errors
    assert not external, f"the page reached outside the server: {external}"
    context.close()


def _api(site, path, **params):
    return httpx.get(site[0] + path, params=params, timeout=30).json()


def _apply_filters(page, **values):
    for name, value in values.items():
        field = page.locator(f"#filters [name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_response(lambda r: "/events/points" in r.url):
        page.click("#apply")
    page.wait_for_function("() => document.querySelector('#table-body tr') !== null")


def _open_event(page, event_id):
    page.locator(f"#events-table tr[data-event-id='{event_id}']").click()
    page.wait_for_selector(f"#panel[data-event-id='{event_id}'] .article")


def test_map_renders_every_event_as_markers(page, site):
    total = _api(site, "/events/points")["total"]
    assert total == len(SAMPLES) + N_SYNTHETIC
    svg = page.locator("svg.map-svg")
    assert int(svg.get_attribute("data-events")) == total
    markers = page.locator("svg.map-svg g.marker")
    assert markers.count() == int(svg.get_attribute("data-markers")) > 0
    assert sum(int(m) for m in markers.evaluate_all("els => els.map(e => e.dataset.count)")) == total
    assert page.locator("svg.map-svg path.country").count() > 100  # offline world-atlas outlines
    colours = set(page.locator("svg.map-svg g.marker circle").evaluate_all("els => els.map(e => e.getAttribute('fill'))"))
    assert len(colours) > 1  # coloured by event type
    assert int(page.locator("svg.timeline-svg").get_attribute("data-bins")) > 0


def test_filter_by_country(page, site):
    expected = _api(site, "/events", country="Niger")["total"]
    _apply_filters(page, country="Niger")
    page.wait_for_function(f"() => document.querySelector('#total').dataset.total === '{expected}'")
    countries = page.locator("#table-body tr td:nth-child(2)").all_inner_texts()
    assert countries and set(countries) == {"Niger"}
    assert int(page.locator("svg.map-svg").get_attribute("data-events")) == expected


def test_open_event_shows_evidence_highlighted_right_to_left(page, site):
    event_id = site[1]["Menaka"]
    _apply_filters(page, q="Menaka")
    _open_event(page, event_id)
    mark = page.locator("#panel .article mark.evidence")
    assert mark.count() == 1
    assert mark.inner_text() == "قتل 12 مدنياً على الأقل يوم الأحد في هجوم شنه مسلحون"
    assert page.locator("#panel .article").get_attribute("dir") == "rtl"
    assert page.locator("#panel dd[data-field='location']").inner_text() == "Menaka"


def test_evidence_offsets_survive_astral_characters(page, site):
    _apply_filters(page, q="Tripoli", country="Libya")
    _open_event(page, site[1]["Tripoli"])
    assert page.locator("#panel .article mark.evidence").inner_text() == (
        "اندلعت اشتباكات عنيفة بالأسلحة الثقيلة بين مجموعتين مسلحتين")


def test_article_markup_is_shown_as_text_never_run(page, site):
    _apply_filters(page, q="Maiduguri", country="Nigeria")
    _open_event(page, site[1]["Maiduguri"])
    article = page.locator("#panel .article")
    assert "<img src=x onerror=" in article.inner_text()
    assert article.locator("img, b").count() == 0
    assert page.evaluate("() => document.body.dataset.xss") is None


def test_confirm_with_token(page, site):
    event_id = site[1]["Djibo"]
    page.fill("#reviewer", "Awa Traoré")
    page.fill("#token", TOKEN)
    page.press("#token", "Enter")
    page.wait_for_selector("body[data-ready='true']")
    assert page.evaluate("() => sessionStorage.getItem('marsad.token')") == TOKEN
    _apply_filters(page, q="Djibo", country="Burkina Faso")
    _open_event(page, event_id)
    with page.expect_response(lambda r: r.request.method == "PATCH" and r.status == 200):
        page.click("#panel .review-bar button.confirm")
    page.wait_for_selector("#panel .status-confirmed")
    assert _api(site, f"/events/{event_id}")["review_status"] == "confirmed"
    history = _api(site, f"/events/{event_id}/history")
    assert history[-1]["who"] == "Awa Traoré" and history[-1]["action"] == "review:confirm"
    page.wait_for_selector("#panel .history li:has-text('Awa Traoré')")


def test_review_queue_lists_lowest_confidence_first(page):
    confidences = [float(x) for x in page.locator("#queue-list .conf").all_inner_texts()]
    assert confidences and confidences == sorted(confidences)


def test_brushing_the_timeline_filters_dates(page, site):
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.30, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=5)
    with page.expect_response(lambda r: "/events?" in r.url and "date_from=" in r.url):
        page.mouse.up()
    date_from = page.input_value("#filters [name='date_from']")
    date_to = page.input_value("#filters [name='date_to']")
    assert date_from and date_to and date_from <= date_to
    expected = _api(site, "/events", date_from=date_from, date_to=date_to)["total"]
    page.wait_for_function(f"() => document.querySelector('#total').dataset.total === '{expected}'")
    assert 0 < expected < len(SAMPLES) + N_SYNTHETIC


def test_switch_to_arabic_mirrors_the_layout(page, site):
    _apply_filters(page, q="Menaka")
    _open_event(page, site[1]["Menaka"])
    _apply_filters(page, q="")  # the panel stays open; the map shows every event again
    page.select_option("#language", "ar")
    assert page.evaluate("() => [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    assert page.locator(".filters-panel h2").inner_text() == "التصفية"
    filters_x = page.locator(".filters-panel").bounding_box()["x"]
    center_x = page.locator(".center").bounding_box()["x"]
    assert filters_x > center_x  # the filter column moved to the right
    page.wait_for_selector("#panel .article mark.evidence")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web.png"), full_page=True)
    assert (ARTIFACTS / "web.png").stat().st_size > 10_000
    page.select_option("#language", "fr")
    assert page.evaluate("() => document.documentElement.dir") == "ltr"
    assert page.locator(".filters-panel h2").inner_text() == "Filtres"


def test_edit_fatalities_in_the_page(page, site):
    event_id = site[1]["Niamey"]
    page.fill("#reviewer", "Moussa")
    page.fill("#token", TOKEN)
    page.press("#token", "Enter")
    page.wait_for_selector("body[data-ready='true']")
    _apply_filters(page, q="Niamey", country="Niger")
    _open_event(page, event_id)
    page.click("#panel .review-bar button.edit")
    page.fill("#panel .edit-form input[name='fatalities']", "2")
    with page.expect_response(lambda r: r.request.method == "PATCH" and r.status == 200):
        page.click("#panel .edit-form button[type='submit']")
    page.wait_for_selector("#panel .status-edited")
    assert page.locator("#panel dd[data-field='fatalities']").inner_text() == "2"
    assert _api(site, f"/events/{event_id}")["fatalities"] == 2


def test_private_server_asks_for_the_token(browser, site, tmp_path):
    from marsad.store import Store

    Store.open(str(tmp_path / "empty.sqlite")).close()
    with serve_in_background(create_app(str(tmp_path / "empty.sqlite"), token=TOKEN, private=True)) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_selector("#notice.error")
        assert "token" in page.inner_text("#notice")
        page.fill("#token", TOKEN)
        page.press("#token", "Enter")
        page.wait_for_function("() => document.querySelector('#total').dataset.total === '0'")
        context.close()
