"""An article with a featured image and an inline figure, in Chromium on a phone and a desktop.

Screenshots go to docs/screenshots/, to be looked at. On a phone, the first view of the
article (HTML, CSS, the images it shows) must stay under 100 KB on the wire.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
ARTICLE = "/blog/microgeluk-in-de-rij/"
FIRST_VIEW_LIMIT = 100 * 1024

# The layout shifts of the page so far (buffered: nothing to wait for).
CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.value;
    done(total);
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""


def transferred(page, url: str) -> tuple[int, list[str]]:
    """Load a page and add up what came over the wire: headers and bodies of every response."""
    sizes: list[tuple[str, int]] = []

    def finished(request) -> None:
        s = request.sizes()
        sizes.append((request.url, s["responseHeadersSize"] + s["responseBodySize"]))

    page.on("requestfinished", finished)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("requestfinished", finished)
    return sum(n for _, n in sizes), [f"{n:>7} {u}" for u, n in sizes]


def test_on_a_phone_the_featured_image_fits_and_the_first_view_is_light(page, samples):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.set_viewport_size({"width": 390, "height": 844})
    total, listing = transferred(page, ARTICLE)
    assert total < FIRST_VIEW_LIMIT, "\n".join(listing)
    featured = page.locator(".featured img")
    assert featured.evaluate("img => img.complete && img.naturalWidth > 0")
    chosen = featured.evaluate("img => img.currentSrc")
    assert chosen.endswith(("/400.avif", "/400.webp", "/800.avif", "/800.webp")), chosen
    box = featured.bounding_box()
    assert box["width"] <= 390 and abs(box["height"] - box["width"] * 1000 / 1600) < 2
    # The inline figure is below the fold and waits until the reader gets there.
    figure = page.locator(".article-body figure.figure img")
    folder = figure.get_attribute("src").split("/")[2]
    assert not any(folder in line for line in listing), "\n".join(listing)
    print(f"first view at 390 px: {total} bytes\n" + "\n".join(listing))
    assert page.evaluate(CLS) < 0.01
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "article-image-phone.png")
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=figure.element_handle()
    )
    page.locator(".article-body figure.figure").screenshot(path=SHOTS / "article-figure-phone.png")
    caption = page.locator(".article-body figure.figure figcaption").inner_text()
    assert caption == "Wachten kan ook voelen als even uitkijken over water."
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    assert problems == []


def test_on_a_desktop_the_article_and_its_figure_read_well(page, samples):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(ARTICLE, wait_until="networkidle")
    featured = page.locator(".featured img")
    assert featured.evaluate("img => img.complete && img.naturalWidth > 0")
    assert featured.evaluate("img => img.currentSrc").rsplit("/", 1)[1].split(".")[0] in {
        "800",
        "1200",
        "1600",
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "article-image-desktop.png")
    figure = page.locator(".article-body figure.figure")
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=figure.locator("img").element_handle()
    )
    page.screenshot(path=SHOTS / "article-figure-desktop.png")
    assert page.evaluate(CLS) < 0.01


def test_the_blog_list_shows_the_card_images(page, samples):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/blog/", wait_until="networkidle")
    cards = page.locator(".article-item img.card-image")
    assert cards.count() == 4
    cards.first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "blog-cards-phone.png")
