"""Signal chain, levels and the MP3 layer (encoder frames, Info/LAME header, ID3 with chapters)."""

from __future__ import annotations

import math
from pathlib import Path

import mutagen.mp3
import numpy as np
import pytest

from accessed import audio, mp3
from accessed.audio import DEFAULT_PROFILE, SAMPLE_RATE
from accessed.model import Utterance

SR = SAMPLE_RATE


def rms_db(x) -> float:
    return 10 * math.log10(float(np.mean(np.square(np.asarray(x, dtype=np.float64)))))


# --- resampling -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rate_in", [22050, 16000, 24000])
def test_resample_is_clean_and_delay_free(rate_in):
    t = np.arange(rate_in) / rate_in
    x = (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    y = audio.resample(x, rate_in, SR)
    assert len(y) == math.ceil(len(x) * SR / rate_in)
    ideal = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(len(y)) / SR)
    err = y[2000:-2000] - ideal[2000:-2000]
    assert 20 * math.log10(np.abs(err).max()) < -80


def test_resample_rejects_images():
    t = np.arange(22050) / 22050
    x = (0.5 * np.sin(2 * np.pi * 8000 * t)).astype(np.float32)
    y = audio.resample(x, 22050, SR)
    spec = np.abs(np.fft.rfft(y[4000 : 4000 + 32768] * np.hanning(32768)))
    freqs = np.fft.rfftfreq(32768, 1 / SR)
    image = spec[np.argmin(abs(freqs - 14050))]
    main = spec[np.argmin(abs(freqs - 8000))]
    assert 20 * math.log10(image / main) < -80


# --- limiter and levelling ------------------------------------------------------------------------


def _reference_limit(x, ceiling_db, attack=0.002, release=0.12):
    a = np.abs(x.astype(np.float64))
    need = np.minimum(0, ceiling_db - 20 * np.log10(np.maximum(a, 1e-12)))
    k = np.arange(len(x), dtype=np.float64)
    up, down = 6 / (attack * SR), 6 / (release * SR)
    before = np.minimum.accumulate((need + up * k)[::-1])[::-1] - up * k
    after = np.minimum.accumulate(need - down * k) + down * k
    gain = np.minimum(np.minimum(before, after), 0)
    c = 10 ** (ceiling_db / 20)
    return np.clip(x * 10 ** (gain / 20), -c, c)


def test_limiter_holds_the_ceiling_and_is_blockwise_exact():
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(SR * 5) * 0.05).astype(np.float32)
    x[0] = 0.9
    x[65530:65540] = 0.95
    x[100_000] = -0.99
    x[-2] = 0.99
    ref = _reference_limit(x, -4.0)
    for block in (1 << 16, 1000, 7):
        y = audio.limit(x, -4.0, block=block)
        assert np.abs(y).max() <= 10 ** (-4 / 20) + 1e-7
        assert np.abs(y - ref).max() < 1e-6
    # far from the peaks the signal is untouched
    y = audio.limit(x, -4.0)
    assert np.array_equal(y[30_000:60_000], x[30_000:60_000])


def test_limiter_leaves_quiet_audio_alone():
    x = (np.sin(np.arange(SR) / 10) * 0.3).astype(np.float32)
    assert audio.limit(x, -4.0) is x


def test_process_utterance_levels_and_limits():
    rng = np.random.default_rng(1)
    n = 22050 * 3
    burst = (np.sin(2 * np.pi * 180 * np.arange(n) / 22050) * (1 + 0.5 * rng.standard_normal(n)))
    raw = np.concatenate([np.zeros(300), burst * 3000, np.zeros(5000)]).astype(np.int16)
    p = audio.process_utterance(raw, 22050)
    assert abs(audio.db(audio.active_rms(p.samples)) - DEFAULT_PROFILE.speech_level_db) < 1.0
    for gain in (-6.0, 0.0, 4.0):  # the track gain comes first, then the limiter holds the peaks
        y = audio.finish_utterance(p.samples, gain)
        assert np.abs(y).max() <= audio.undb(DEFAULT_PROFILE.limiter_db) + 1e-6
    assert audio.db(audio.active_rms(audio.finish_utterance(p.samples, -6.0))) == pytest.approx(
        DEFAULT_PROFILE.speech_level_db - 6.0, abs=1.0
    )
    # trimmed: the leading and trailing zeros are gone, but a margin is kept
    assert abs(len(p.samples) - (n * 2 + 2 * int(0.012 * SR))) < 10
    assert p.sumsq == pytest.approx(float(np.sum(p.samples.astype(np.float64) ** 2)))


def test_trim_keeps_soft_edges():
    x = np.zeros(10_000, np.int16)
    x[2000] = 12  # a soft first sound is kept
    x[7000] = -20
    t = audio.trim(x, 22050)
    assert t[0] == 0 and 12 in t and -20 in t
    assert len(audio.trim(np.zeros(500, np.int16), 22050)) == 0


# --- room tone ------------------------------------------------------------------------------------


def test_room_tone_is_quiet_deterministic_and_not_silence():
    a = audio.room_tone(SR * 2, "seed-a")
    assert abs(rms_db(a) + 66) < 0.3
    assert np.array_equal(a, audio.room_tone(SR * 2, "seed-a"))
    assert not np.array_equal(a, audio.room_tone(SR * 2, "seed-b"))
    q = audio.to_int16(a)
    assert np.count_nonzero(q) > 0.9 * len(q)  # not digital silence after quantisation


# --- pauses by structure --------------------------------------------------------------------------


def _u(uid, kind="body", role="narrator", block="p1"):
    return Utterance(uid, kind, role, "x", block=block)


def test_pauses_follow_structure():
    P = DEFAULT_PROFILE.pauses
    assert audio.pause_between(_u("a"), _u("b")) == P.sentence
    assert audio.pause_between(_u("a"), _u("b", block="p2")) == P.paragraph
    assert audio.pause_between(_u("a"), _u("h", "heading", block="h2")) == P.before_heading
    assert audio.pause_between(_u("h", "heading", block="h2"), _u("a", block="p3")) == P.after_heading
    assert audio.pause_between(_u("a"), _u("n", "aside", "aside")) == P.into_aside
    assert audio.pause_between(_u("n", "aside", "aside"), _u("a")) == P.out_of_aside
    assert P.sentence < P.paragraph < P.before_heading


# --- measurement ----------------------------------------------------------------------------------


def test_level_meter_measures_like_acx():
    tone = audio.room_tone(SR * 4, "m")
    x = tone.copy()
    speech = (0.3 * np.sin(2 * np.pi * 200 * np.arange(SR * 2) / SR)).astype(np.float32)
    x[SR // 2 : SR // 2 + SR * 2] += speech
    meter = audio.LevelMeter()
    for i in range(0, len(x), 12345):  # odd block sizes: streaming must not matter
        meter.feed(x[i : i + 12345])
    lv = meter.result()
    assert lv.duration == pytest.approx(4.0)
    assert lv.rms_db == pytest.approx(rms_db(x), abs=0.01)
    assert lv.peak_db == pytest.approx(20 * math.log10(np.abs(x).max()), abs=0.01)
    assert lv.noise_floor_db == pytest.approx(-66, abs=1.0)
    assert lv.head_tone == pytest.approx(0.5, abs=0.05)
    assert lv.tail_tone == pytest.approx(1.5, abs=0.05)
    assert lv.digital_silence < 0.01
    silent = np.concatenate([np.zeros(SR), x])
    assert audio.measure([silent]).digital_silence == pytest.approx(1.0, abs=0.01)


# --- MP3 ------------------------------------------------------------------------------------------


def test_lame_frame_arithmetic():
    """n samples (a multiple of 1152) -> n/1152 + 1 frames; anything else is refused."""
    for k in (1, 2, 10):
        data = mp3.encode_segment(np.zeros(1152 * k, np.int16))
        assert mp3.count_frames(data) == k + 1
    with pytest.raises(ValueError):
        mp3.encode_segment(np.zeros(1000, np.int16))


def test_segments_concatenate_sample_exactly(tmp_path):
    """Independent segments + our Info frame decode gaplessly to the planned timeline."""
    rng = np.random.default_rng(7)
    lengths = [1152 * 30, 1152 * 17, 1152 * 25]
    files, bursts, pos = [], [], 0
    for i, n in enumerate(lengths):
        x = rng.standard_normal(n) * 30
        x[5000:6000] += 9000 * np.sin(2 * np.pi * 441 * np.arange(1000) / SR)
        f = tmp_path / f"s{i}.bin"
        f.write_bytes(mp3.encode_segment(np.round(x).astype(np.int16)))
        files.append(f)
        bursts.append(pos + 5000)
        pos += n + mp3.FRAME_SAMPLES  # one frame is lost between segments
    total = pos - mp3.FRAME_SAMPLES
    out = tmp_path / "t.mp3"
    mp3.write_track(out, b"", files, total)
    decoded, rate = mp3.decode(out)
    assert rate == SR and len(decoded) == total
    loud = np.flatnonzero(np.abs(decoded) > 0.05)
    starts = [int(loud[0])] + [int(b) for a, b in zip(loud, loud[1:]) if b - a > 2000]
    assert len(starts) == 3
    for found, planned in zip(starts, bursts):
        assert abs(found - planned) <= 4  # the sine starts at a zero crossing
    info = mp3.stream_info(out)
    assert (info.encoder_delay, info.encoder_padding) == (576, 576)
    assert info.duration == pytest.approx(total / SR, abs=1e-6)
    assert mutagen.mp3.MP3(str(out)).info.length == pytest.approx(total / SR, abs=1e-6)


def _tags(**kw):
    base = dict(title="T", album="A", artist="Ryan Gilbert", track=2, total=4, language="eng",
                copyright="CC BY-NC-SA 4.0", comment="Synthetic narration.")
    base.update(kw)
    return mp3.TrackTags(**base)


def test_id3_chapters_keep_time_order(tmp_path):
    # titles of very different lengths: mutagen would reorder these by size on save
    chapters = [
        mp3.Chapter(f"ch{i:04d}", i * 1000, (i + 1) * 1000, ("Long title " * (7 - i % 7)) + str(i))
        for i in range(20)
    ]
    p = tmp_path / "c.mp3"
    p.write_bytes(mp3.build_id3(_tags(), chapters) + mp3.encode_segment(np.zeros(1152, np.int16)))
    chaps, tocs = mp3.read_chapters(p)
    assert [c.element_id for c in chaps] == [c.element_id for c in chapters]
    assert [(c.start_ms, c.end_ms, c.title) for c in chaps] == [
        (c.start_ms, c.end_ms, c.title) for c in chapters
    ]
    assert len(tocs) == 1 and tocs[0].top_level and tocs[0].ordered
    assert tocs[0].children == [c.element_id for c in chapters]
    # mutagen reads the same frames
    id3 = mutagen.mp3.MP3(str(p)).tags
    assert len(id3.getall("CHAP")) == 20
    assert id3["CHAP:ch0003"].start_time == 3000


def test_id3_many_chapters_use_nested_tables(tmp_path):
    chapters = [mp3.Chapter(f"ch{i:04d}", i * 10, i * 10 + 10, f"c{i}") for i in range(600)]
    p = tmp_path / "m.mp3"
    p.write_bytes(mp3.build_id3(_tags(), chapters))
    chaps, tocs = mp3.read_chapters(p)
    top = [t for t in tocs if t.top_level]
    assert len(chaps) == 600 and len(top) == 1 and len(top[0].children) == 3
    flat = [c for t in tocs if not t.top_level for c in t.children]
    assert flat == [c.element_id for c in chapters]
    with pytest.raises(ValueError):
        mp3.build_id3(_tags(), list(reversed(chapters)))


def test_id3_text_roundtrip_non_latin(tmp_path):
    p = tmp_path / "k.mp3"
    tags = _tags(title="김일성 – Kim Il-Sung", artist="Lanʹkov", comment="Synthetic narration ✓")
    p.write_bytes(mp3.build_id3(tags, [mp3.Chapter("ch0001", 0, 5, "한국")]))
    got = mp3.read_text_tags(p)
    assert got["TIT2"] == "김일성 – Kim Il-Sung" and got["TPE1"] == "Lanʹkov"
    assert got["COMM"] == "Synthetic narration ✓" and got["TRCK"] == "2/4"
    assert mp3.read_chapters(p)[0][0].title == "한국"
    m = mutagen.id3.ID3(str(p))
    assert str(m["TIT2"]) == "김일성 – Kim Il-Sung" and m.version == (2, 3, 0)


def test_iso639_2():
    assert mp3.iso639_2("en") == "eng"
    assert mp3.iso639_2("en-US") == "eng"
    assert mp3.iso639_2("ko") == "kor"
    assert mp3.iso639_2("fra") == "fra"
    assert mp3.iso639_2("") == "und"


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "keep.mp3"
    target.write_bytes(b"old")

    def boom(fh):
        fh.write(b"half")
        raise RuntimeError("crash")

    with pytest.raises(RuntimeError):
        mp3.atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.mp3"]
