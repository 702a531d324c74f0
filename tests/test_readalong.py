"""The read-along page without a browser: structure, timings, escaping, no network."""

import json
import re

import pytest

from accessed import readalong
from accessed.tracks import UtteranceTiming, captions_vtt
from helpers import check_html
from readalong_fixture import narrated


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    doc, folder = narrated(tmp_path_factory.mktemp("readalong"))
    return doc, folder, readalong.write(doc, folder)


def _data(html: str) -> dict:
    payload = re.search(r'<script type="application/json" id="ra-data">(.*?)</script>', html, re.S)
    return json.loads(payload.group(1))


def test_read_cues_reads_what_tracks_writes(tmp_path):
    timings = [UtteranceTiming("u0001", 0.75, 2.5, "A <b> & c --> d", "p1", "body", "narrator"),
               UtteranceTiming("u0002", 3601.002, 3605.25, "Two.", "p1", "body", "narrator")]
    path = tmp_path / "t.vtt"
    path.write_text(captions_vtt(timings, "Title"), encoding="utf-8")
    assert readalong.read_cues(path) == [("u0001", 0.75, 2.5), ("u0002", 3601.002, 3605.25)]


@pytest.mark.slow
def test_pages_are_written_for_both_editions_with_landmarks_and_one_h1(built):
    doc, folder, paths = built
    assert [p.name for p in paths] == ["read-along-original.html", "read-along-plain.html"]
    for path in paths:
        html = path.read_text(encoding="utf-8")
        parsed = check_html(html)
        tags = [t for t, _ in parsed.tags]
        assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
        assert tags.count("h1") == 1
        for landmark in ("header", "main", "footer", "nav"):
            assert landmark in tags
        assert tags.count("audio") == 1
        buttons = {a.get("id") for t, a in parsed.tags if t == "button"}
        assert {"ra-play", "ra-back", "ra-prev", "ra-next"} <= buttons
        assert 'id="ra-speed"' in html and '<label for="ra-speed">' in html
        assert "prefers-reduced-motion" in html and "aria-current" in html


@pytest.mark.slow
def test_the_page_makes_no_network_request_and_references_the_local_tracks(built):
    doc, folder, paths = built
    for path, edition in zip(paths, ("original", "plain")):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
        assert "<link" not in html and "@import" not in html and "url(" not in html
        data = _data(html)
        srcs = [t["src"] for t in data["tracks"]]
        assert srcs and all(re.fullmatch(rf"audio/{edition}/\d\d-[a-z0-9-]+\.mp3", s) for s in srcs)
        assert all((folder.root / s).is_file() for s in srcs)


@pytest.mark.slow
def test_every_sentence_has_a_clip_in_order(built):
    doc, folder, paths = built
    for path in paths:
        html = path.read_text(encoding="utf-8")
        parsed = check_html(html)
        sentences = [a["id"] for t, a in parsed.tags if t == "span" and a.get("class") == "s"]
        clips = _data(html)["clips"]
        targets = [c[3] for c in clips]
        assert set(targets) <= set(parsed.ids)
        assert set(sentences) <= set(targets), set(sentences) - set(targets)
        for (t1, b1, e1, *_), (t2, b2, e2, *_) in zip(clips, clips[1:]):
            assert b1 < e1 and (t2 > t1 or (t2 == t1 and b2 >= e1 - 0.001))
        asides = {c[3]: c[4] for c in clips if c[4]}
        assert asides["n1"].startswith("Note 1. Smith")


@pytest.mark.slow
def test_the_original_edition_reads_glossary_asides_from_the_glossary(built):
    doc, folder, paths = built
    clips = _data(paths[0].read_text(encoding="utf-8"))["clips"]
    glossary = [c for c in clips if c[3].endswith("-dd")]
    assert [c[3] for c in glossary] == ["term-ussr-dd", "term-juche-dd"]
    assert glossary[0][4].startswith("USSR: The Union of Soviet Socialist Republics")


def test_chapter_text_is_escaped_and_cannot_close_the_script(write, tmp_path):
    from accessed import build

    source = write("A Title\n\nJo <b>Writer</b>\n\nThe sign said </script><img src=x onerror=alert(1)> & more.\n")
    doc = build.write_scripts(build.simplify(build.explain_terms(build.score(build.load(source)),
                              build.load_glossary(None), "first"), build.load_glossary(None), None, 8),
                              build.load_glossary(None), ("original",), "sentence")
    html = readalong.page(doc, "original")
    check_html(html)
    assert "<img" not in html and "&lt;/script&gt;" in html
    assert html.count("</script>") == 2  # the data and the code, nothing from the chapter
    assert "No narration was built" in html
    assert "read-along-plain.html" not in html  # no link to a page that was not written
