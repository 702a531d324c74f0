"""End to end: a short hand-made Script rendered with the real engine and encoder, read back."""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import mutagen.mp3
import numpy as np
import pytest

from accessed import audio, mp3, tracks
from accessed.audio import DEFAULT_PROFILE, SAMPLE_RATE
from accessed.audit import parse_vtt
from accessed.engines import AudioSettings, get_engine
from accessed.errors import EngineError
from accessed.model import Chapter, Script, Utterance

SR = SAMPLE_RATE

# from the sample chapter (Korean History, ch. 18, Ryan Gilbert, CC BY-NC-SA 4.0)
CHAPTER = dict(
    title="Evolving Relations: The Growth of North Korea as an Independent Nation",
    number="18",
    author="Ryan Gilbert",
    book_title="Korean History",
    licence="CC BY-NC-SA 4.0. Korean History, Copyright 2022.",
    language="en",
)


def make_script(edition: str = "original", changed: bool = False) -> Script:
    U = Utterance
    second = "The 38th parallel is where our story of North Korean-Russian relations begins."
    if changed:
        second = "The 38th parallel is where our story of North Korean-Russian relations starts."
    return Script(
        edition,
        [
            U("c1", "credits", "narrator", "Korean History. Chapter 18: Evolving Relations.", part="opening", block="c1"),
            U("c2", "credits", "narrator", "Written by Ryan Gilbert. Read by a synthetic voice.", part="opening", block="c2"),
            U("h1", "heading", "narrator", "Chapter 18. Evolving Relations.", part="chapter", block="h1", section="s1"),
            U("p1.s1", "body", "narrator", "The relationship between North Korea and Russia originated out of strategic need.",
              part="chapter", block="p1", section="s1", source="p1.s1", display="The relationship between North Korea and Russia originated out of strategic need."),
            U("p1.s2", "body", "narrator", second, part="chapter", block="p1", section="s1", source="p1.s2"),
            U("p1.n1", "aside", "aside", "Note 1: Lankov, From Stalin to Kim Il Sung. End of note.",
              part="chapter", block="p1", section="s1", source="n1", display="[1] Lanʹkov, From Stalin to Kim Il Sung."),
            U("p2.s1", "body", "narrator", "Sure enough, Stalin gave him the green light in 1950.", part="chapter", block="p2", section="s1"),
            U("b1", "bibliography", "narrator", "Lankov, Andrei. From Stalin to Kim Il Sung.", part="bibliography", block="b1"),
            U("z1", "credits", "narrator", "This recording is licensed under Creative Commons.", part="closing", block="z1"),
        ],
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    events = []
    infos = tracks.render_script(
        make_script(),
        Chapter(**CHAPTER),
        root / "out",
        engine=get_engine("pyttsx3"),
        cache_dir=root / "cache",
        progress=lambda stage, done, total: events.append((stage, done, total)),
    )
    return root, infos, events


def folder(root: Path) -> Path:
    return root / "out" / "audio" / "original"


# --- layout and format ----------------------------------------------------------------------------


def test_files_are_laid_out_like_acx(built):
    root, infos, _ = built
    names = sorted(p.name for p in folder(root).iterdir())
    assert names == [
        ".accessed-audio.json",
        "01-opening-credits.mp3", "01-opening-credits.vtt",
        "02-chapter-18.mp3", "02-chapter-18.vtt",
        "03-bibliography.mp3", "03-bibliography.vtt",
        "04-closing-credits.mp3", "04-closing-credits.vtt",
        "playlist.m3u8",
    ]
    assert [(t.number, t.total, t.part) for t in infos] == [
        (1, 4, "opening"), (2, 4, "chapter"), (3, 4, "bibliography"), (4, 4, "closing")
    ]
    assert infos[1].title == "Chapter 18: " + CHAPTER["title"]
    assert not any(p.name.endswith(".part") for p in folder(root).rglob("*"))


def test_format_is_44k1_mono_192k_cbr(built):
    _, infos, _ = built
    for t in infos:
        info = mp3.stream_info(t.path)
        assert (info.sample_rate, info.channels, info.bitrate, info.cbr) == (44100, 1, 192000, True)
        assert info.version == "MPEG-1 Layer 3"
        m = mutagen.mp3.MP3(str(t.path)).info
        assert (m.sample_rate, m.channels) == (44100, 1)
        assert m.bitrate_mode == mutagen.mp3.BitrateMode.CBR
        assert abs(m.bitrate - 192000) < 200


def test_duration_equals_the_sum_of_its_parts(built):
    """Decoded length (mpg123) and header length (mutagen) equal head + utterances + pauses +
    tail within 50 ms — here to the millisecond — and each pause is the structural one (± half a
    frame, the MP3 granule)."""
    _, infos, _ = built
    script = make_script()
    by_id = {u.id: u for u in script.utterances}
    for t in infos:
        decoded, rate = mp3.decode(t.path)
        length = len(decoded) / rate
        header = mutagen.mp3.MP3(str(t.path)).info.length
        u = t.utterances
        head = u[0].start
        tail = t.duration - u[-1].end
        speech = sum(x.end - x.start for x in u)
        gaps = [b.start - a.end for a, b in zip(u, u[1:])]
        parts = head + speech + sum(gaps) + tail
        assert abs(length - parts) < 0.002 and abs(header - parts) < 0.002
        assert abs(length - t.duration) < 0.001
        for a, b, gap in zip(u, u[1:], gaps):
            nominal = audio.pause_between(by_id[a.id], by_id[b.id])
            assert abs(gap - nominal) <= 576 / SR + 0.001, (a.id, b.id, gap, nominal)
        P = DEFAULT_PROFILE
        short = speech < P.short_track_speech  # one-line credits get the shorter room tone
        want_head, want_tail = (P.short_head_tone, P.short_tail_tone) if short else (P.head_tone, P.tail_tone)
        assert head == pytest.approx(want_head, abs=0.001)
        assert want_tail <= tail < want_tail + 0.03


# --- levels, measured on the decoded audio --------------------------------------------------------


def test_levels_meet_the_acx_profile(built):
    _, infos, _ = built
    for t in infos:
        lv = audio.measure(block for block, _ in mp3.decode_blocks(t.path))
        name = t.path.name
        assert -23 <= lv.rms_db <= -18, (name, lv.rms_db)
        assert abs(lv.rms_db - (-20)) <= 1.5, (name, lv.rms_db)
        assert lv.peak_db <= -3.3, (name, lv.peak_db)
        assert lv.noise_floor_db <= -60, (name, lv.noise_floor_db)
        assert 0.5 <= lv.head_tone <= 1.0 and 1.0 <= lv.tail_tone <= 5.0, name
        # room tone, not digital silence
        assert -72 < lv.head_tone_db < -60 and -72 < lv.tail_tone_db < -60, name
        assert lv.digital_silence < 0.1


def test_captions_match_the_audio(built):
    """Each VTT cue starts where the speech starts: quiet just before, speech just after."""
    _, infos, _ = built
    for t in infos:
        decoded, rate = mp3.decode(t.path)
        cues = parse_vtt(t.captions.read_text(encoding="utf-8"))
        assert [c[0] for c in cues] == [u.id for u in t.utterances]
        prev_end = 0.0
        for (cue_id, start, end, text), u in zip(cues, t.utterances):
            assert prev_end <= start < end <= t.duration
            assert abs(start - u.start) < 0.001 and abs(end - u.end) < 0.001
            prev_end = end
            before = decoded[int((start - 0.12) * rate) : int((start - 0.02) * rate)]
            after = decoded[int(start * rate) : int((start + 0.25) * rate)]
            assert 20 * math.log10(np.sqrt(np.mean(before**2))) < -55, cue_id
            assert 20 * math.log10(np.sqrt(np.mean(after**2))) > -40, cue_id
    chapter = infos[1]
    cues = parse_vtt(chapter.captions.read_text(encoding="utf-8"))
    assert cues[3][3] == "[1] Lanʹkov, From Stalin to Kim Il Sung."  # display text wins


def test_aside_is_spoken_by_the_aside_voice(built):
    _, infos, _ = built
    chapter = infos[1]
    note = next(u for u in chapter.utterances if u.role == "aside")
    assert note.kind == "aside" and note.id == "p1.n1"
    engine = get_engine()
    roles = AudioSettings().roles(engine, "en")
    assert roles["aside"].voice != roles["narrator"].voice
    # pauses into and out of the aside are the aside pauses
    i = [u.id for u in chapter.utterances].index("p1.n1")
    before = chapter.utterances[i].start - chapter.utterances[i - 1].end
    after = chapter.utterances[i + 1].start - chapter.utterances[i].end
    assert before == pytest.approx(DEFAULT_PROFILE.pauses.into_aside, abs=0.014)
    assert after == pytest.approx(DEFAULT_PROFILE.pauses.out_of_aside, abs=0.014)


# --- tags, chapters, playlist ---------------------------------------------------------------------


def test_tags(built):
    _, infos, _ = built
    for t in infos:
        tags = mp3.read_text_tags(t.path)
        assert tags["TIT2"] == t.title
        assert tags["TALB"] == "Korean History"
        assert tags["TPE1"] == "Ryan Gilbert"
        assert tags["TRCK"] == f"{t.number}/4"
        assert tags["TCON"] == "Audiobook"
        assert tags["TLAN"] == "eng"
        assert tags["TCOP"] == CHAPTER["licence"]
        assert "synthetic" in tags["COMM"].lower()
        m = mutagen.mp3.MP3(str(t.path)).tags
        assert str(m["TIT2"]) == t.title and str(m["TRCK"]) == f"{t.number}/4"
        assert not any(k.startswith(("TDRC", "TDEN", "TDTG", "TYER")) for k in m.keys())  # no clock


def test_chapter_frames_are_in_time_order(built):
    _, infos, _ = built
    chapter = infos[1]
    chaps, tocs = mp3.read_chapters(chapter.path)
    assert [c.element_id for c in chaps] == ["ch0001", "ch0002", "ch0003"]
    assert [c.title for c in chaps] == [
        "Chapter 18. Evolving Relations.",
        "The relationship between North Korea and Russia originated…",
        "Sure enough, Stalin gave him the green light in 1950.",
    ]
    starts = [c.start_ms for c in chaps]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(a.end_ms == b.start_ms for a, b in zip(chaps, chaps[1:]))
    assert chaps[-1].end_ms == round(chapter.duration * 1000)
    # each chapter starts a quarter second before its block's first word
    firsts = {u.block: u.start for u in reversed(chapter.utterances)}
    for c, mark in zip(chaps[1:], chapter.chapters[1:]):
        assert c.start_ms == round((firsts[mark.block] - 0.25) * 1000)
    top = [t for t in tocs if t.top_level]
    assert len(top) == 1 and top[0].children == [c.element_id for c in chaps]
    # mutagen sees the same chapters
    m = mutagen.mp3.MP3(str(chapter.path)).tags
    assert sorted((f.start_time, f.element_id) for f in m.getall("CHAP")) == [
        (c.start_ms, c.element_id) for c in chaps
    ]


def test_playlist(built):
    root, infos, _ = built
    text = (folder(root) / "playlist.m3u8").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "#EXTM3U"
    entries = [ln for ln in lines if ln and not ln.startswith("#")]
    extinf = [ln for ln in lines if ln.startswith("#EXTINF:")]
    assert entries == [t.path.name for t in infos]
    assert len(extinf) == len(entries)
    for ln, t in zip(extinf, infos):
        assert ln.startswith(f"#EXTINF:{round(t.duration)},Ryan Gilbert - ")
    for e in entries:
        assert not os.path.isabs(e) and (folder(root) / e).is_file()


def test_progress_reports_both_stages(built):
    _, _, events = built
    synth = [e for e in events if e[0] == "synthesis"]
    enc = [e for e in events if e[0] == "encoding"]
    assert synth[0] == ("synthesis", 0, 9) and synth[-1] == ("synthesis", 9, 9)
    assert enc[0][1] == 0 and enc[-1][1] == enc[-1][2] == 9
    assert [d for _, d, _ in synth] == sorted(d for _, d, _ in synth)


def test_track_info_is_serialisable(built):
    _, infos, _ = built
    d = infos[1].to_dict()
    json.dumps(d)
    assert d["utterances"][1]["id"] == "p1.s1" and d["chapters"][0]["id"] == "ch0001"


# --- cache, resume, atomicity ---------------------------------------------------------------------


class CountingEngine:
    """Wraps the real engine and counts syntheses (optionally failing after some)."""

    def __init__(self, fail_after=None):
        self.inner = get_engine()
        self.calls = []
        self.fail_after = fail_after
        self.name = self.inner.name

    def __getattr__(self, name):
        return getattr(self.inner, name)

    @property
    def cache_id(self):
        return self.inner.cache_id

    def synthesize(self, text, voice):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise EngineError("simulated crash")
        self.calls.append(text)
        return self.inner.synthesize(text, voice)


@pytest.fixture()
def count_encodes(monkeypatch):
    calls = []
    real = mp3.encode_segment

    def counting(pcm):
        calls.append(len(pcm))
        return real(pcm)

    monkeypatch.setattr(mp3, "encode_segment", counting)
    return calls


def _copy_build(built, tmp_path):
    import shutil

    root, _, _ = built
    shutil.copytree(root / "cache", tmp_path / "cache")
    shutil.copytree(root / "out", tmp_path / "out")
    return tmp_path


def test_no_change_rebuild_does_nothing(built, tmp_path, count_encodes):
    work = _copy_build(built, tmp_path)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder(work).iterdir()}
    engine = CountingEngine()
    infos = tracks.render_script(make_script(), Chapter(**CHAPTER), work / "out", engine=engine, cache_dir=work / "cache")
    assert engine.calls == [] and count_encodes == []
    assert not any(t.written for t in infos)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder(work).iterdir()}
    assert after == before


def test_one_changed_sentence_resynthesises_only_it(built, tmp_path, count_encodes):
    work = _copy_build(built, tmp_path)
    engine = CountingEngine()
    old = {p.name: p.read_bytes() for p in folder(work).glob("*.mp3")}
    infos = tracks.render_script(make_script(changed=True), Chapter(**CHAPTER), work / "out", engine=engine, cache_dir=work / "cache")
    assert engine.calls == ["The 38th parallel is where our story of North Korean-Russian relations starts."]
    _, before, _ = built
    # the other tracks keep their gain; the chapter's may move by one step (its energy changed:
    # espeak-ng's output also varies by a few samples with what it spoke before), and only when
    # it does are the chapter's other segments encoded again
    assert [t.gain_db for t in infos if t.part != "chapter"] == [t.gain_db for t in before if t.part != "chapter"]
    moved = abs(infos[1].gain_db - before[1].gain_db)
    assert moved <= 0.25
    assert len(count_encodes) == 1 or moved > 0
    assert [t.written for t in infos] == [False, True, False, False]
    new = {p.name: p.read_bytes() for p in folder(work).glob("*.mp3")}
    assert new["01-opening-credits.mp3"] == old["01-opening-credits.mp3"]
    assert new["02-chapter-18.mp3"] != old["02-chapter-18.mp3"]


def test_interrupted_build_resumes_and_never_leaves_half_files(tmp_path, count_encodes):
    out, cache = tmp_path / "out", tmp_path / "cache"
    (out / "audio" / "original").mkdir(parents=True)
    mine = out / "audio" / "original" / "notes-by-the-user.txt"
    mine.write_text("keep me")
    crashing = CountingEngine(fail_after=4)
    with pytest.raises(EngineError):
        tracks.render_script(make_script(), Chapter(**CHAPTER), out, engine=crashing, cache_dir=cache)
    leftovers = sorted(p.name for p in (out / "audio" / "original").iterdir())
    assert leftovers == ["notes-by-the-user.txt"]  # no MP3, no temp file
    resumed = CountingEngine()
    tracks.render_script(make_script(), Chapter(**CHAPTER), out, engine=resumed, cache_dir=cache)
    assert len(resumed.calls) == 9 - 4
    assert mine.read_text() == "keep me"


def test_crash_while_writing_keeps_the_old_file(built, tmp_path, monkeypatch):
    work = _copy_build(built, tmp_path)
    target = folder(work) / "02-chapter-18.mp3"
    old = target.read_bytes()
    real = mp3.count_frames

    def crash(data):
        raise KeyboardInterrupt

    monkeypatch.setattr(mp3, "count_frames", crash)
    with pytest.raises(KeyboardInterrupt):
        tracks.render_script(make_script(changed=True), Chapter(**CHAPTER), work / "out", cache_dir=work / "cache")
    monkeypatch.setattr(mp3, "count_frames", real)
    assert target.read_bytes() == old
    assert not [p for p in folder(work).iterdir() if p.name.endswith(".part")]


def test_clean_removes_only_what_we_made(built, tmp_path):
    work = _copy_build(built, tmp_path)
    foreign = folder(work) / "keep.txt"
    foreign.write_text("not ours")
    foreign_cache = work / "cache" / "README"
    foreign_cache.write_text("not ours either")
    tracks.clean_audio(work / "out", cache_dir=work / "cache")
    assert sorted(p.name for p in folder(work).iterdir()) == ["keep.txt"]
    assert sorted(p.name for p in (work / "cache").rglob("*")) == ["README"]


def test_stale_tracks_of_an_earlier_build_are_removed(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    script = make_script()
    tracks.render_script(script, Chapter(**CHAPTER), out, cache_dir=cache)
    without_bib = Script("original", [u for u in script.utterances if u.part != "bibliography"])
    infos = tracks.render_script(without_bib, Chapter(**CHAPTER), out, cache_dir=cache)
    names = sorted(p.name for p in folder(tmp_path).glob("*.mp3"))
    assert names == ["01-opening-credits.mp3", "02-chapter-18.mp3", "03-closing-credits.mp3"]
    assert [t.total for t in infos] == [3, 3, 3]


# --- determinism and long parts -------------------------------------------------------------------


@pytest.mark.slow
def test_clean_builds_are_byte_identical(tmp_path):
    """Same input -> same bytes (each build in a fresh process, as the CLI runs)."""
    code = (
        "import sys, hashlib, pathlib\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from test_tracks import make_script, CHAPTER\n"
        "from accessed.model import Chapter\n"
        "from accessed.tracks import render_script\n"
        "root = pathlib.Path(sys.argv[1])\n"
        "render_script(make_script(), Chapter(**CHAPTER), root / 'out', cache_dir=root / 'cache')\n"
        "for p in sorted((root / 'out').rglob('*')):\n"
        "    if p.is_file(): print(p.relative_to(root), hashlib.sha256(p.read_bytes()).hexdigest())\n"
    )
    here = str(Path(__file__).parent)
    outs = []
    for name in ("a", "b"):
        r = subprocess.run([sys.executable, "-c", code, str(tmp_path / name), here],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1] and outs[0].count(".mp3") == 4


@pytest.mark.slow
def test_a_part_longer_than_the_limit_is_split(tmp_path):
    profile = replace(DEFAULT_PROFILE, max_track_seconds=20.0)
    infos = tracks.render_script(make_script(), Chapter(**CHAPTER), tmp_path / "out",
                                 cache_dir=tmp_path / "cache", profile=profile)
    chapter = [t for t in infos if t.part == "chapter"]
    n = len(chapter)
    assert n >= 2
    assert chapter[0].title.endswith(f"(part 1 of {n})") and chapter[0].path.name == "02-chapter-18-part-1.mp3"
    assert [u.id for t in chapter for u in t.utterances] == [
        u.id for u in make_script().utterances if u.part == "chapter"
    ]
    for t in infos:
        assert t.duration <= 20.0
        assert mp3.stream_info(t.path).duration <= 20.0
    assert [t.number for t in infos] == list(range(1, len(infos) + 1))


def test_unspeakable_utterances_are_skipped(tmp_path):
    script = Script("original", [
        Utterance("p1.s1", "body", "narrator", "A sentence to read.", block="p1"),
        Utterance("p1.s2", "body", "narrator", "—", block="p1"),
        Utterance("p1.s3", "body", "narrator", "   ", block="p1"),
    ])
    infos = tracks.render_script(script, Chapter(**CHAPTER), tmp_path / "out", cache_dir=tmp_path / "cache")
    assert [u.id for u in infos[0].utterances] == ["p1.s1"]
    assert [t.path.name for t in infos] == ["01-chapter-18.mp3"]
