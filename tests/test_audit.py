"""`accessed audit`: our own output passes; files outside the profile are named with the reason."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from accessed import audio, mp3, tracks
from accessed.audit import audit, audit_file, check_vtt, parse_vtt
from accessed.errors import InputError
from accessed.model import Chapter, Script, Utterance

SR = audio.SAMPLE_RATE


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    chapter = Chapter(title="Evolving Relations", number="18", author="Ryan Gilbert",
                      book_title="Korean History", licence="CC BY-NC-SA 4.0", language="en")
    U = Utterance
    script = Script("plain", [
        U("c1", "credits", "narrator", "Korean History, chapter 18.", part="opening", block="c1"),
        U("p1.s1", "body", "narrator", "North Korea and Russia worked together because they needed to.",
          part="chapter", block="p1"),
        U("p1.n1", "aside", "aside", "Note 1: see Lankov. End of note.", part="chapter", block="p1"),
        U("z1", "credits", "narrator", "This chapter is licensed under Creative Commons. The end.",
          part="closing", block="z1"),
    ])
    out = root / "output" / chapter.slug
    tracks.render_script(script, chapter, out, cache_dir=out / ".accessed-cache")
    return out


def test_our_output_passes(output):
    report = audit(output)
    assert [f.path.name for f in report.files] == [
        "01-opening-credits.mp3", "02-chapter-18.mp3", "03-closing-credits.mp3"
    ]  # the cache's segment files are not audited
    assert report.problems == [] and report.ok
    text = report.summary()
    assert "3 MP3 file(s)" in text and "within the ACX audio-QA profile" in text
    for f in report.files:
        assert -23 <= f.levels.rms_db <= -18 and f.levels.peak_db <= -3
        assert f.stream.cbr and f.stream.bitrate == 192000 and f.chapters >= 1


def test_single_file(output):
    f = next((output / "audio" / "plain").glob("02-*.mp3"))
    report = audit(f)
    assert len(report.files) == 1 and report.ok


def _write(path: Path, samples: np.ndarray, id3: bytes = b"") -> Path:
    n = (len(samples) // 1152 + 1) * 1152
    pcm = np.zeros(n, np.float32)
    pcm[: len(samples)] = samples
    seg = path.with_suffix(".seg")
    seg.write_bytes(mp3.encode_segment(audio.to_int16(pcm)))
    mp3.write_track(path, id3, [seg], n)
    seg.unlink()
    return path


def _tags():
    return mp3.TrackTags(title="T", album="A", artist="X", track=1, total=1, language="eng",
                         copyright="CC BY 4.0", comment="Synthetic narration.")


def _speechlike(seconds: float, level: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (level * np.sin(2 * np.pi * 150 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)


def test_loud_untagged_file_is_reported(tmp_path):
    x = np.concatenate([np.zeros(SR // 10, np.float32), _speechlike(4, 0.99)])
    f = audit_file(_write(tmp_path / "loud.mp3", x))
    text = "\n".join(f.problems)
    assert "RMS" in text and "peak" in text
    assert "room tone at the head 0.10 s" in text and "room tone at the tail" in text
    assert "no title tag (TIT2)" in text and "no chapter frames" in text


def test_digital_silence_is_reported(tmp_path):
    x = np.concatenate([np.zeros(SR, np.float32), _speechlike(3, 0.2), np.zeros(2 * SR, np.float32)])
    f = audit_file(_write(tmp_path / "silent.mp3", x, mp3.build_id3(_tags(), [mp3.Chapter("c1", 0, 10, "a")])))
    text = "\n".join(f.problems)
    assert "the head is digital silence" in text and "digital silence (room tone" in text


def test_wrong_format_is_reported(tmp_path):
    import lameenc

    enc = lameenc.Encoder()
    enc.set_bit_rate(128)
    enc.set_in_sample_rate(48000)
    enc.set_channels(2)
    enc.set_quality(5)
    pcm = (np.sin(np.arange(48000 * 2 * 3) / 20) * 3000).astype(np.int16)
    p = tmp_path / "stereo.mp3"
    p.write_bytes(bytes(enc.encode(pcm.tobytes()) + enc.flush()))
    text = "\n".join(audit_file(p).problems)
    assert "sample rate 48000 Hz" in text and "2 channels" in text and "bitrate 128 kbps" in text
    assert "no LAME/Info header" in text


def test_chapters_out_of_order_are_reported(tmp_path):
    a = mp3._chap(mp3.Chapter("ch0002", 1000, 2000, "second"))
    b = mp3._chap(mp3.Chapter("ch0001", 0, 1000, "first"))
    toc = mp3._ctoc("toc", ["ch0001", "ch0002"], "T", True)
    body = toc + a + b
    id3 = b"ID3\x03\x00\x00" + mp3._syncsafe(len(body)) + body
    p = _write(tmp_path / "order.mp3", _speechlike(2, 0.1), id3)
    text = "\n".join(audit_file(p).problems)
    assert "out of time order" in text


def test_playlist_and_captions_are_checked(output, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(output / "audio", copy)
    folder = copy / "plain"
    pl = folder / "playlist.m3u8"
    pl.write_text(pl.read_text().replace("03-closing-credits.mp3", "03-missing.mp3"))
    vtt = folder / "02-chapter-18.vtt"
    vtt.write_text(vtt.read_text() + "\nlate\n00:00:01.000 --> 00:00:02.000\nout of order\n")
    report = audit(copy)
    text = "\n".join(report.problems)
    assert "entry '03-missing.mp3' does not resolve" in text
    assert "does not list 03-closing-credits.mp3" in text
    assert "cue late starts before the previous cue ends" in text


def test_vtt_parsing():
    text = "WEBVTT\n\nNOTE x\n\na\n00:00:00.500 --> 00:00:01.250\nHello &amp; welcome\n\n00:00:02.000 --> 00:00:01.000\nbad\n"
    cues = parse_vtt(text)
    assert cues[0] == ("a", 0.5, 1.25, "Hello &amp; welcome")
    problems = check_vtt(text, duration=1.1)
    assert any("ends before it starts" in p for p in problems)
    assert any("after the track" in p for p in problems)
    assert check_vtt("nope", None) == ["does not start with WEBVTT"]


def test_missing_path():
    with pytest.raises(InputError):
        audit(Path("/nonexistent/output/x"))
