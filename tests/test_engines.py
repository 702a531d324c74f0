"""The speech engine: pyttsx3 bound to the espeak-ng wheel, voices, settings, and its checks."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from accessed import audio, engines
from accessed.engines import AudioSettings, EngineError, VoiceSettings, get_engine
from accessed.errors import ConfigError

TEXT = "The 38th parallel is where our story of North Korean and Russian relations begins."


@pytest.fixture(scope="module")
def engine():
    return get_engine("pyttsx3")


@pytest.fixture(scope="module")
def roles(engine):
    return AudioSettings().roles(engine, "en")


def _f0(samples: np.ndarray, rate: int) -> float:
    """Median fundamental frequency of the voiced 40 ms frames (autocorrelation)."""
    n = int(0.04 * rate)
    found = []
    for i in range(0, len(samples) - n, n):
        frame = samples[i : i + n].astype(np.float64)
        if np.sqrt(np.mean(frame**2)) < 2000:
            continue
        ac = np.correlate(frame, frame, "full")[n - 1 :]
        lo, hi = int(rate / 400), int(rate / 60)
        found.append(rate / (lo + int(np.argmax(ac[lo:hi]))))
    return float(np.median(found))


def test_uses_the_espeak_ng_wheel(engine):
    """`pip install` is enough: the library and data come from the espeakng-loader wheel."""
    import espeakng_loader

    engine.voices()
    state = engines._espeak_setup()
    assert state["source"] == "wheel"
    assert Path(state["library"]).parent == Path(espeakng_loader.get_library_path()).parent
    assert state["data"] == espeakng_loader.get_data_path()
    assert "espeak-ng-1.52" in engine.cache_id
    assert "wheel" in engine.describe()


@pytest.mark.skipif(not ctypes.util.find_library("espeak-ng"), reason="no system libespeak-ng")
def test_falls_back_to_the_system_library():
    code = (
        "from accessed.engines import get_engine, VoiceSettings\n"
        "e = get_engine()\n"
        "seg = e.synthesize('Hello there.', VoiceSettings(e.resolve_voice(None, 'en')))\n"
        "print(e.describe()); print(len(seg))\n"
    )
    env = dict(os.environ, ACCESSED_ESPEAK="system")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "from the system library" in out.stdout
    assert int(out.stdout.split()[-1]) > 300  # milliseconds of speech


def test_synthesize_returns_checked_mono_audio(engine, roles):
    seg = engine.synthesize(TEXT, roles["narrator"])
    assert seg.channels == 1 and seg.sample_width == 2
    samples, rate = audio.segment_to_array(seg)
    assert rate == 22050
    assert 3.0 < len(samples) / rate < 10.0
    assert np.abs(samples).max() > 5000


def test_synthesis_is_quiet_on_stdout_and_stderr(engine, roles, capfd):
    engine.synthesize("Quiet, please.", roles["narrator"])
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_synthesis_repeats_exactly_in_a_fresh_process():
    """espeak-ng keeps pitch-flutter state between utterances, so one process's output depends on
    what it spoke before; the same sequence in a fresh process gives the same samples."""
    code = (
        "import hashlib\n"
        "from accessed.engines import get_engine, VoiceSettings\n"
        "e = get_engine(); v = VoiceSettings(e.resolve_voice(None, 'en'))\n"
        "h = hashlib.sha256()\n"
        "for t in ['First sentence here.', 'And a second one, a little longer.']:\n"
        "    h.update(e.synthesize(t, v).raw_data)\n"
        "print(h.hexdigest())\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        for _ in range(2)
    ]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout


def test_rate_changes_the_length(engine):
    voice = engine.resolve_voice(None, "en")
    slow = engine.synthesize(TEXT, VoiceSettings(voice, rate=130))
    fast = engine.synthesize(TEXT, VoiceSettings(voice, rate=220))
    assert len(slow) > 1.4 * len(fast)


def test_aside_voice_is_audibly_different(engine, roles):
    """Another timbre (variant), a lower pitch and a slower rate, all set in one place."""
    narrator, aside = roles["narrator"], roles["aside"]
    assert aside.voice != narrator.voice and aside.voice.startswith(narrator.voice + "+")
    assert aside.rate < narrator.rate and aside.pitch < narrator.pitch
    n, rate = audio.segment_to_array(engine.synthesize(TEXT, narrator))
    a, _ = audio.segment_to_array(engine.synthesize(TEXT, aside))
    assert _f0(a, rate) < 0.95 * _f0(n, rate)
    assert len(a) > 1.03 * len(n)


def test_settings_from_options_and_explicit_aside(engine):
    s = AudioSettings.from_options(voice="en-gb", rate=150, aside_voice="en-us+f2", aside_rate=None)
    roles = s.roles(engine, "en")
    assert roles["narrator"] == VoiceSettings("gmw/en", 150, 50)
    assert roles["aside"].voice == "gmw/en-us+f2" and roles["aside"].rate == 140


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("gmw/en-us", "gmw/en-us"),
        ("en-us", "gmw/en-us"),
        ("English (America)", "gmw/en-us"),
        ("en-US", "gmw/en-us"),
        ("en-us+f3", "gmw/en-us+f3"),
        (None, "gmw/en-us"),
    ],
)
def test_voice_resolution(engine, spec, expected):
    assert engine.resolve_voice(spec, "en") == expected


def test_default_voice_follows_the_language(engine):
    assert engine.resolve_voice(None, "fr") == "roa/fr"
    assert engine.resolve_voice(None, "en-GB") == "gmw/en"


def test_unknown_voice_fails_with_one_clear_line(engine):
    with pytest.raises(EngineError) as err:
        AudioSettings(voice="klingon-warrior").roles(engine, "en")
    msg = str(err.value)
    assert "klingon-warrior" in msg and "accessed voices" in msg and "\n" not in msg
    with pytest.raises(EngineError, match="variant"):
        engine.resolve_voice("en-us+nosuchvariant")
    with pytest.raises(EngineError, match="language"):
        engine.resolve_voice(None, "xx-nolang")


def test_engine_without_voices_fails_clearly():
    class Mute(engines.Engine):
        name = "mute"

        def voices(self):
            return []

    with pytest.raises(EngineError, match="no voices"):
        AudioSettings().roles(Mute(), "en")


def test_settings_are_validated():
    with pytest.raises(ConfigError, match="rate"):
        AudioSettings(rate=5)
    with pytest.raises(ConfigError, match="pitch"):
        AudioSettings(aside_pitch=300)
    with pytest.raises(ConfigError, match="unknown engine"):
        get_engine("nope")


def test_voices_are_listed(engine):
    voices = engine.voices()
    assert len(voices) > 50
    us = next(v for v in voices if v.id == "gmw/en-us")
    assert "en-us" in us.languages and us.name == "English (America)"
    assert "m3" in engine.variants()


def test_empty_result_is_retried(engine, roles, monkeypatch):
    """pyttsx3's save_to_file can silently write nothing: the engine notices and tries again."""
    original = engines.Pyttsx3Engine._run
    calls = []

    def flaky(self, eng, text, target):
        calls.append(target)
        if len(calls) == 1:
            return  # nothing written
        if len(calls) == 2:
            target.write_bytes(b"RIFF")  # a stub
            return
        original(self, eng, text, target)

    monkeypatch.setattr(engines.Pyttsx3Engine, "_run", flaky)
    seg = engine.synthesize("Third time lucky.", roles["narrator"])
    assert len(calls) == 3 and len(seg) > 500


def test_persistent_failure_raises_engine_error(engine, roles, monkeypatch):
    monkeypatch.setattr(engines.Pyttsx3Engine, "_run", lambda self, eng, text, target: None)
    with pytest.raises(EngineError) as err:
        engine.synthesize("Nothing will come of this.", roles["narrator"])
    assert "after 3 attempts" in str(err.value) and "no file was written" in str(err.value)


def test_silent_result_is_rejected(tmp_path):
    import wave

    p = tmp_path / "silent.wav"
    with wave.open(str(p), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"\x00\x00" * 22050)
    assert engines._check_wav(p, "Some words here.", True)[2] == "the audio is silent"


def test_voices_listing_text(engine):
    text = engines.format_voices(engine, "en")
    assert text.startswith("Engine: pyttsx3-") and "gmw/en-us" in text and "English (America)" in text
    assert "roa/fr" not in text
    assert "Variants" in text and "Default for en: gmw/en-us; asides: gmw/en-us+m3" in text
