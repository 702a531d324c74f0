"""The read-along page in a real browser: headless Chromium (Debian's) driven by Playwright.

Skipped, with the reason, when Playwright, a Chromium executable or axe-core is missing
(`.ci/run` installs them; set ACCESSED_REQUIRE_BROWSER=1 to fail instead).
The page is served from a localhost HTTP server that answers Range requests, as browsers seek
audio with them; every request the page makes must go to that server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from accessed import readalong
from readalong_fixture import narrated

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket]

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required", "--mute-audio",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _unavailable(reason: str):
    if os.environ.get("ACCESSED_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _chromium() -> str:
    for candidate in (os.environ.get("ACCESSED_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    _unavailable("no Chromium executable (apt-get install chromium; `.ci/run` does)")


def _axe_source() -> str:
    """axe-core as shipped inside the `axe-playwright-python` wheel (nothing fetched)."""
    try:
        import axe_playwright_python
    except ImportError:
        _unavailable("axe-core is not installed (pip install axe-playwright-python)")
    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    if not path.is_file():
        _unavailable(f"axe.min.js is missing from {path.parent}")
    return path.read_text(encoding="utf-8")


class _RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges (what <audio> asks for when it seeks)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first = int(match.group(1)) if match.group(1) else max(0, size - int(match.group(2) or 0))
        last = int(match.group(2)) if match.group(1) and match.group(2) else size - 1
        last = min(last, size - 1)
        if first > last:
            self.send_error(416)
            return None
        handle = path.open("rb")
        handle.seek(first)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.end_headers()
        self._remaining = last - first + 1
        return handle

    def copyfile(self, source, outputfile):
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        try:
            while remaining > 0:
                chunk = source.read(min(65536, remaining))
                if not chunk:
                    break
                outputfile.write(chunk)
                remaining -= len(chunk)
        except ConnectionError:
            pass  # the browser stops reading when it has what it needs


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    executable = _chromium()
    axe = _axe_source()
    doc, folder = narrated(tmp_path_factory.mktemp("readalong"))
    pages = readalong.write(doc, folder)
    handler = partial(_RangeHandler, directory=str(folder.root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            ignore_default_args=["--mute-audio"], viewport={"width": 1000, "height": 800})
        try:
            yield {"doc": doc, "folder": folder.root, "pages": pages, "axe": axe,
                   "base": f"http://127.0.0.1:{server.server_address[1]}", "browser": browser}
        finally:
            browser.close()
            server.shutdown()
            server.server_close()


def _open(site, edition="plain", **media):
    page = site["browser"].new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    if media:
        page.emulate_media(**media)
    page.goto(f"{site['base']}/read-along-{edition}.html")
    page.wait_for_function("document.getElementById('ra-audio').readyState >= 1")
    return page, requests


def _data(page) -> dict:
    return json.loads(page.text_content("#ra-data"))


def _current(page):
    return page.evaluate("(() => { const c = document.querySelectorAll('[aria-current=\"true\"]');"
                         " return Array.from(c).map(e => e.id); })()")


def _axe(page, axe_source) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))",
        WCAG_TAGS)
    return result


def test_playing_moves_the_highlight_with_current_time(site):
    page, requests = _open(site)
    page.click("#ra-play")
    page.wait_for_function("document.getElementById('ra-audio').currentTime > 1.2", timeout=20000)
    state = page.evaluate("(() => { const a = document.getElementById('ra-audio');"
                          " return {t: a.currentTime, paused: a.paused}; })()")
    assert not state["paused"]
    assert page.text_content("#ra-play") == "Pause"
    page.click("#ra-play")  # pause, so the time stands still while we compare
    t = page.evaluate("document.getElementById('ra-audio').currentTime")
    clips = [c for c in _data(page)["clips"] if c[0] == 0]
    expected = [c[3] for c in clips if c[1] <= t + 0.02][-1]
    page.wait_for_function(f"document.getElementById({json.dumps(expected)}).getAttribute('aria-current') === 'true'")
    assert _current(page) == [expected]
    # driving currentTime: each clip of the chapter track in turn is highlighted
    chapter = [c for c in _data(page)["clips"] if c[0] == 1]
    page.select_option("#ra-track", "1")
    page.wait_for_function("document.getElementById('ra-audio').src.includes('02-')")
    page.wait_for_function("document.getElementById('ra-audio').readyState >= 1")
    for clip in chapter[:6]:
        page.evaluate(f"document.getElementById('ra-audio').currentTime = {clip[1] + 0.05}")
        page.wait_for_function(f"document.getElementById({json.dumps(clip[3])}).getAttribute('aria-current') === 'true'")
        assert _current(page) == [clip[3]]
    assert all(url.startswith(site["base"]) for url in requests), requests
    page.close()


def test_clicking_a_sentence_seeks_the_player(site):
    page, _ = _open(site)
    clips = _data(page)["clips"]
    plain = page.evaluate("Array.from(document.querySelectorAll('main .s')).filter("
                          "e => !e.querySelector('.term-wrap, a')).map(e => e.id)")
    target = [c for c in clips if c[0] == 1 and c[3] in plain][-1]
    page.click(f'[id="{target[3]}"]')
    page.wait_for_function("document.getElementById('ra-audio').src.includes('02-')")
    page.wait_for_function(
        f"Math.abs(document.getElementById('ra-audio').currentTime - {target[1]}) < 0.3")
    assert _current(page) == [target[3]]
    assert page.evaluate("document.activeElement.id") != target[3]  # focus is not moved
    # the next-sentence button goes on from there
    page.click("#ra-next")
    following = clips[clips.index(target) + 1]
    page.wait_for_function(f"document.getElementById({json.dumps(following[3])}).getAttribute('aria-current') === 'true'")
    page.close()


def test_a_glossary_definition_opens_by_keyboard_and_escape_closes_it(site):
    page, _ = _open(site, "original")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.term-wrap')"):
            break
    else:
        pytest.fail("no glossary term reached with Tab")
    tip_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tip = page.locator(f"#{tip_id}")
    assert tip.is_visible()
    assert tip.get_attribute("role") == "tooltip"
    assert ":" in tip.text_content()
    focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none"
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.close()


def test_asides_are_shown_as_they_are_read(site):
    page, _ = _open(site, "original")
    clips = _data(page)["clips"]
    note = next(c for c in clips if c[3] == "n1")
    page.select_option("#ra-track", str(note[0]))
    page.wait_for_function("document.getElementById('ra-audio').readyState >= 1")
    assert not page.locator("#n1 details").evaluate("d => d.open")
    page.evaluate(f"document.getElementById('ra-audio').currentTime = {note[1] + 0.05}")
    page.wait_for_function("document.querySelector('#n1 details').open")
    assert page.locator("#ra-aside").is_visible()
    assert "Note 1." in page.text_content("#ra-aside-text")
    page.close()


def test_speed_and_reduced_motion(site):
    page, _ = _open(site, reduced_motion="reduce")
    page.select_option("#ra-speed", "1.5")
    assert page.evaluate("document.getElementById('ra-audio').playbackRate") == 1.5
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    page.close()
    page, _ = _open(site)
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    page.close()


@pytest.mark.parametrize("edition,scheme", [("plain", "light"), ("original", "dark")])
def test_axe_finds_no_wcag_a_or_aa_violations(site, edition, scheme, tmp_path):
    page, _ = _open(site, edition, color_scheme=scheme)
    # a sentence highlighted and a definition open, so their colours are checked too
    clip = next(c for c in _data(page)["clips"] if c[0] == 1)
    page.select_option("#ra-track", "1")
    page.wait_for_function("document.getElementById('ra-audio').readyState >= 1")
    page.evaluate(f"document.getElementById('ra-audio').currentTime = {clip[1] + 0.05}")
    page.wait_for_function(f"document.getElementById({json.dumps(clip[3])}).classList.contains('current')")
    page.locator(".term-wrap > :first-child").first.focus()
    violations = _axe(page, site["axe"])
    shot = Path(os.environ.get("ACCESSED_SCREENSHOTS", tmp_path)) / f"read-along-{edition}-{scheme}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=False)
    assert violations == [], json.dumps(violations, indent=1)
    page.close()
