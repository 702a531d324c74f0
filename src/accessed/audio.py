"""Assembly and levels: pauses by structure, speech processing, room tone, measurement.

Signal chain for one utterance (all numpy, float32 in [-1, 1]):
  engine output (e.g. 22.05 kHz int16) -> trim the engine's leading/trailing silence (espeak pads
  with exact zeros; only those are cut, with a margin, so no syllable is clipped) -> resample to
  44.1 kHz (polyphase windowed-sinc) -> level to a fixed active-speech RMS (gated, like BS.1770)
  -> (at mixing) the track gain, one per file so its RMS lands on the target -> look-ahead peak
  limiter. Under everything lies a continuous room-tone bed: very low, deterministic noise, never
  digital silence.

Targets follow the ACX audio-QA profile: file RMS -23..-18 dB (we aim at -20), peaks <= -3 dBFS
(the limiter holds -3.8 before encoding, which leaves room for MP3 overshoot), noise floor <= -60 dB
(room tone at -66 dBFS), room tone 0.5-1 s at the head and 1-5 s at the tail.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np

SAMPLE_RATE = 44100


# --- the profile ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pauses:
    """Silence (room tone) between utterances, in seconds, chosen by structure."""

    sentence: float = 0.45  # next sentence in the same paragraph
    paragraph: float = 0.95  # next block (paragraph, figure, note)
    before_heading: float = 1.6
    after_heading: float = 1.0
    into_aside: float = 0.7  # narrator -> aside voice
    out_of_aside: float = 0.7  # aside voice -> narrator
    credits: float = 0.8  # between credit lines
    bibliography: float = 0.8  # between bibliography entries


@dataclass(frozen=True)
class Profile:
    """Levels and layout of every track (the ACX audio-QA figures and our margins)."""

    target_rms_db: float = -20.0  # whole-file RMS aimed at (ACX: -23 .. -18)
    rms_min_db: float = -23.0
    rms_max_db: float = -18.0
    speech_level_db: float = -17.5  # gated RMS of each utterance before the track gain
    limiter_db: float = -3.8  # sample-peak ceiling after the track gain, before encoding
    max_gain_db: float = 6.0  # most boost a track gets (short tracks: much room tone, little speech)
    peak_limit_db: float = -3.0  # the figure the audit checks (decoded)
    room_tone_db: float = -66.0  # RMS of the room-tone bed
    noise_floor_max_db: float = -60.0
    head_tone: float = 0.75  # seconds of room tone before the first word (ACX: 0.5 - 1)
    tail_tone: float = 2.0  # after the last word (ACX: 1 - 5)
    # a track with little speech (e.g. a one-line credit) gets the shorter room tone, or its RMS
    # could not reach the target without crushing the voice
    short_track_speech: float = 12.0
    short_head_tone: float = 0.6
    short_tail_tone: float = 1.25
    gain_step_db: float = 0.25  # the track gain is rounded to this, so small edits keep it
    max_track_seconds: float = 120 * 60  # ACX: no file over 120 minutes
    lead_in: float = 0.2  # room tone at the start of each block's segment
    pauses: Pauses = Pauses()


DEFAULT_PROFILE = Profile()


def pause_between(prev, nxt, pauses: Pauses = DEFAULT_PROFILE.pauses) -> float:
    """Seconds of pause between two consecutive utterances of one track.

    `prev`/`nxt` are `model.Utterance`s: the pause follows structure (heading, block, aside role).
    """
    if nxt.kind == "heading" and prev.block != nxt.block:
        return pauses.before_heading
    if prev.kind == "heading" and prev.block != nxt.block:
        return pauses.after_heading
    if prev.role != nxt.role:
        return pauses.into_aside if nxt.role == "aside" else pauses.out_of_aside
    if prev.kind == nxt.kind == "credits":  # credit lines, in one block or several
        return pauses.credits
    if prev.block != nxt.block:
        if nxt.kind == "bibliography" and prev.kind == "bibliography":
            return pauses.bibliography
        return pauses.paragraph
    return pauses.sentence


# --- conversions ----------------------------------------------------------------------------------


def segment_to_array(segment) -> tuple[np.ndarray, int]:
    """A pydub AudioSegment -> (int16 mono samples, sample rate)."""
    seg = segment
    if seg.channels != 1:
        seg = seg.set_channels(1)
    if seg.sample_width != 2:
        seg = seg.set_sample_width(2)
    return np.frombuffer(seg.raw_data, dtype="<i2").copy(), seg.frame_rate


def array_to_segment(samples: np.ndarray, rate: int):
    """int16 mono samples -> pydub AudioSegment."""
    from .engines import AudioSegment

    data = np.asarray(samples, dtype="<i2").tobytes()
    return AudioSegment(data=data, sample_width=2, frame_rate=rate, channels=1)


def to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)


def to_float(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, dtype=np.float32) / np.float32(32768.0)


def db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf


def undb(decibels: float) -> float:
    return 10.0 ** (decibels / 20.0)


# --- per-utterance processing ---------------------------------------------------------------------


def trim(samples: np.ndarray, rate: int, threshold: int = 8, margin: float = 0.012) -> np.ndarray:
    """Cut leading and trailing (near-)digital silence, keeping `margin` seconds either side.

    The threshold is a few LSB: engines pad with zeros, and everything above that is kept, so the
    softest first or last sound survives. Returns an empty array when nothing is audible.
    """
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    if loud.size == 0:
        return samples[:0]
    pad = int(round(margin * rate))
    start = max(0, int(loud[0]) - pad)
    end = min(len(samples), int(loud[-1]) + 1 + pad)
    return samples[start:end]


_TABLES: dict[tuple[int, int], np.ndarray] = {}


def _phase_table(up: int, down: int, half_taps: int = 24, beta: float = 9.0) -> np.ndarray:
    """Polyphase coefficients, shape (up, taps): Kaiser-windowed sinc, each phase summing to 1.

    Row r holds the weights of input samples i0-S+1 .. i0+S for an output that falls r/up of an
    input sample after sample i0 (i0 = floor of its input-time position).
    """
    key = (up, down)
    if key not in _TABLES:
        s_half = half_taps * max(1, -(-down // up))
        fc = 0.5 / max(up, down)  # cutoff in cycles per sample at the upsampled rate
        span = s_half * up
        r = np.arange(up, dtype=np.float64)[:, None]
        s = np.arange(-s_half + 1, s_half + 1, dtype=np.float64)[None, :]
        d = r - s * up
        w = np.i0(beta * np.sqrt(np.clip(1.0 - (d / span) ** 2, 0.0, None))) / np.i0(beta)
        h = np.sinc(2 * fc * d) * w
        _TABLES[key] = h / h.sum(axis=1, keepdims=True)
    return _TABLES[key]


def resample(x: np.ndarray, rate_in: int, rate_out: int = SAMPLE_RATE) -> np.ndarray:
    """Band-limited rational resampling, zero delay (float32 in, float32 out)."""
    if rate_in == rate_out or len(x) == 0:
        return np.asarray(x, dtype=np.float32)
    g = math.gcd(rate_in, rate_out)
    up, down = rate_out // g, rate_in // g
    table = _phase_table(up, down)
    taps = table.shape[1]
    s_half = taps // 2
    padded = np.concatenate(
        [np.zeros(s_half, np.float64), x.astype(np.float64), np.zeros(s_half + 1, np.float64)]
    )
    windows = np.lib.stride_tricks.sliding_window_view(padded, taps)
    n_out = -(-len(x) * up // down)
    if down == 1:  # integer upsampling (22.05 -> 44.1 kHz): one convolution per phase
        out = np.empty(n_out, dtype=np.float64)
        for p in range(up):
            # output k = i*up + p uses the window starting at padded index i + 1
            out[p::up] = np.convolve(padded, table[p][::-1], mode="valid")[1 : 1 + len(x)]
        return out.astype(np.float32)
    t = np.arange(n_out, dtype=np.int64) * down
    start = t // up + 1  # window of x[i0-S+1 .. i0+S] starts at padded index i0+1
    phase = t % up
    out = np.empty(n_out, dtype=np.float64)
    chunk = 1 << 15
    for p in range(up):
        idx = np.flatnonzero(phase == p) if up > 1 else np.arange(n_out)
        for c in range(0, len(idx), chunk):
            sel = idx[c : c + chunk]
            out[sel] = windows[start[sel]] @ table[p]
    return out.astype(np.float32)


def active_rms(x: np.ndarray, rate: int = SAMPLE_RATE, block: float = 0.05) -> float:
    """Gated RMS of speech: 50 ms blocks, absolute gate -70 dBFS, relative gate -20 dB."""
    n = max(1, int(block * rate))
    m = len(x) // n
    if m == 0:
        return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0
    ms = np.mean(np.square(x[: m * n].astype(np.float64)).reshape(m, n), axis=1)
    gated = ms[ms > undb(-70) ** 2]
    if gated.size == 0:
        return 0.0
    rel = gated[gated > np.mean(gated) * undb(-20) ** 2]
    return float(np.sqrt(np.mean(rel if rel.size else gated)))


def limit(
    x: np.ndarray,
    ceiling_db: float,
    rate: int = SAMPLE_RATE,
    attack: float = 0.002,
    release: float = 0.12,
    block: int = 1 << 16,
) -> np.ndarray:
    """Look-ahead peak limiter: no sample of the result exceeds `ceiling_db` dBFS.

    The gain (in dB) is the lower envelope of the reduction each sample needs, ramping down
    linearly before a peak (6 dB per `attack` seconds) and back up after it (6 dB per `release`).
    Both ramps are cumulative minima, computed block by block with the state carried across
    blocks, so memory stays a few blocks whatever the length.
    """
    n = len(x)
    c = undb(ceiling_db)
    if n == 0 or not np.any(np.abs(x) > c):
        return x
    up = 6.0 / (attack * rate)  # dB per sample, ramping down towards a peak
    down = 6.0 / (release * rate)  # dB per sample, recovering after it

    def need(lo: int, hi: int) -> np.ndarray:
        a = np.abs(x[lo:hi]).astype(np.float64)
        out = np.zeros(hi - lo)
        over = a > c
        out[over] = ceiling_db - 20.0 * np.log10(a[over])
        return out

    # backward pass: before[i] = min over j >= i of need[j] + up*(j - i); store per block
    before_blocks: list[Optional[np.ndarray]] = []
    carry = 0.0  # before[] at the first sample of the block to the right
    starts = list(range(0, n, block))
    for lo in reversed(starts):
        hi = min(n, lo + block)
        nd = need(lo, hi)
        if not np.any(nd < 0) and carry + up >= 0:  # no peak here and none just to the right
            before_blocks.append(None)
            carry = min(0.0, carry + up * (hi - lo))
            continue
        k = np.arange(hi - lo, dtype=np.float64)
        local = np.minimum.accumulate((nd + up * k)[::-1])[::-1] - up * k
        local = np.minimum(local, carry + up * (hi - lo - k))
        before_blocks.append(local)
        carry = float(local[0])
    before_blocks.reverse()
    # forward pass: after[i] = min over j <= i of need[j] + down*(i - j); apply the gain
    y = np.array(x, dtype=np.float32, copy=True)
    carry = 0.0  # after[] at the last sample of the block to the left
    for lo, before in zip(starts, before_blocks):
        hi = min(n, lo + block)
        k = np.arange(hi - lo, dtype=np.float64)
        if before is None and carry >= 0:
            continue
        nd = need(lo, hi) if before is not None else np.zeros(hi - lo)
        after = np.minimum.accumulate(nd - down * k) + down * k
        after = np.minimum(after, carry + down * (k + 1))
        carry = float(after[-1])
        gain = np.minimum(after, 0.0) if before is None else np.minimum(np.minimum(before, after), 0.0)
        active = gain < 0
        if np.any(active):
            seg = y[lo:hi]
            seg[active] = (seg[active] * np.power(10.0, gain[active] / 20.0)).astype(np.float32)
    # float rounding can leave a peak a hair above the ceiling
    np.clip(y, -c, c, out=y)
    return y


@dataclass
class Processed:
    samples: np.ndarray  # float32, 44.1 kHz, levelled (the track gain and limiter come later)
    sumsq: float  # sum of squares (for the track RMS)
    peak: float  # linear sample peak


def process_utterance(samples: np.ndarray, rate: int, profile: Profile = DEFAULT_PROFILE) -> Processed:
    """Engine output (int16 mono) -> trimmed, 44.1 kHz, levelled float32.

    `finish_utterance` applies the track gain and the limiter when the segment is mixed."""
    trimmed = trim(samples, rate)
    if trimmed.size == 0:
        empty = np.zeros(0, np.float32)
        return Processed(empty, 0.0, 0.0)
    x = resample(to_float(trimmed), rate, SAMPLE_RATE)
    level = active_rms(x)
    if level > 0:
        gain = min(undb(profile.speech_level_db) / level, undb(24.0))
        x = x * np.float32(gain)
    fade = min(len(x) // 2, int(0.004 * SAMPLE_RATE))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        x[:fade] *= ramp
        x[-fade:] *= ramp[::-1]
    return Processed(x, float(np.sum(np.square(x, dtype=np.float64))), float(np.max(np.abs(x))))


def finish_utterance(x: np.ndarray, gain_db: float, profile: Profile = DEFAULT_PROFILE) -> np.ndarray:
    """Track gain, then the peak limiter (so a gain boost can never push a peak over)."""
    return limit((x * np.float32(undb(gain_db))).astype(np.float32), profile.limiter_db)


# --- room tone ------------------------------------------------------------------------------------


_TONE_TABLES: list[np.ndarray] = []
_TONE_LENGTHS = (1 << 19, (1 << 19) - 4093)  # ~11.9 s each; coprime-ish, so no audible loop


_TONE_LOCK = threading.Lock()


def _tone_tables() -> list[np.ndarray]:
    """Two fixed tables of unit-RMS pink-tilted noise, made once per process (thread-safe: the
    encoder mixes segments in two threads)."""
    with _TONE_LOCK:
        if len(_TONE_TABLES) == len(_TONE_LENGTHS):
            return _TONE_TABLES
        tables = []
        for i, n in enumerate(_TONE_LENGTHS):
            rng = np.random.Generator(np.random.PCG64(20240611 + i))
            spectrum = np.fft.rfft(rng.standard_normal(n))
            f = np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE)
            shape = 1.0 / np.sqrt(np.maximum(f, 60.0))  # 3 dB/octave above 60 Hz: a quiet room
            shape[f < 25.0] = 0.0  # no DC or rumble
            shape[f > 16000.0] *= 0.5
            noise = np.fft.irfft(spectrum * shape, n)  # circular, so the table loops seamlessly
            tables.append(noise / np.sqrt(np.mean(np.square(noise))))
        _TONE_TABLES[:] = tables
        return _TONE_TABLES


def room_tone(n: int, seed: str, level_db: float = DEFAULT_PROFILE.room_tone_db) -> np.ndarray:
    """`n` samples of soft noise at `level_db` dBFS RMS; the same seed gives the same samples."""
    if n <= 0:
        return np.zeros(0, np.float32)
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    out = np.zeros(n, np.float64)
    for k, table in enumerate(_tone_tables()):
        pos = int.from_bytes(digest[4 * k : 4 * k + 4], "little") % len(table)
        done = 0
        while done < n:  # the table read circularly from `pos`
            take = min(n - done, len(table) - pos)
            out[done : done + take] += table[pos : pos + take]
            done += take
            pos = 0
    out *= undb(level_db) / math.sqrt(2.0)
    return out.astype(np.float32)


# --- measurement ----------------------------------------------------------------------------------


@dataclass
class Levels:
    """What the audit measures on decoded audio (dB values are dBFS)."""

    duration: float
    rms_db: float  # of the whole file, as ACX measures it
    peak_db: float  # sample peak
    noise_floor_db: float  # RMS of the quietest 500 ms window
    head_tone: float  # seconds before the first sound above the speech gate
    tail_tone: float  # seconds after the last one
    head_tone_db: float  # RMS of the head room tone (-inf: digital silence)
    tail_tone_db: float
    digital_silence: float  # longest run of exact zeros, seconds


class LevelMeter:
    """Streaming measurement: feed float32 blocks in order, then `result()`. Memory: O(1) in length.

    Windows of 50 ms are classified as speech when their RMS exceeds `gate_db`; head/tail room
    tone are the spans before the first and after the last speech window. The noise floor is the
    quietest 500 ms window (ten consecutive 50 ms windows), measured like the ACX check.
    """

    def __init__(self, rate: int = SAMPLE_RATE, gate_db: float = -45.0):
        self.rate = rate
        self.win = max(1, int(0.05 * rate))
        self.gate = undb(gate_db) ** 2
        self.n = 0
        self.sumsq = 0.0
        self.peak = 0.0
        self._rest = np.zeros(0, np.float32)
        self._windows = 0
        self._ring: list[float] = []
        self.min_floor = math.inf
        self.first_speech: Optional[int] = None
        self.last_speech: Optional[int] = None
        self._head_ms: list[float] = []  # mean squares of windows before the first speech
        self._since_speech: list[float] = []  # windows after the latest speech window
        self._zero_run = 0
        self.longest_zero_run = 0

    def feed(self, block: np.ndarray) -> None:
        block = np.asarray(block, dtype=np.float32)
        if block.size == 0:
            return
        self.n += block.size
        self.sumsq += float(np.sum(np.square(block, dtype=np.float64)))
        self.peak = max(self.peak, float(np.max(np.abs(block))))
        self._zeros(block)
        data = np.concatenate([self._rest, block])
        m = len(data) // self.win
        if m:
            ms = np.mean(np.square(data[: m * self.win].astype(np.float64)).reshape(m, self.win), axis=1)
            for v in ms:
                self._window(float(v))
        self._rest = data[m * self.win :]

    def _zeros(self, block: np.ndarray) -> None:
        nz = np.flatnonzero(block != 0)
        if nz.size == 0:
            self._zero_run += block.size
            self.longest_zero_run = max(self.longest_zero_run, self._zero_run)
            return
        self._zero_run += int(nz[0])
        self.longest_zero_run = max(self.longest_zero_run, self._zero_run)
        if nz.size > 1:
            gaps = np.diff(nz) - 1
            self.longest_zero_run = max(self.longest_zero_run, int(gaps.max()))
        self._zero_run = block.size - 1 - int(nz[-1])
        self.longest_zero_run = max(self.longest_zero_run, self._zero_run)

    def _window(self, ms: float) -> None:
        i = self._windows
        self._windows += 1
        self._ring.append(ms)
        if len(self._ring) > 10:
            self._ring.pop(0)
        if len(self._ring) == 10:
            self.min_floor = min(self.min_floor, sum(self._ring) / 10)
        if ms > self.gate:
            if self.first_speech is None:
                self.first_speech = i
            self.last_speech = i
            self._since_speech = []
        else:
            if self.first_speech is None:
                self._head_ms.append(ms)
            self._since_speech.append(ms)

    def result(self) -> Levels:
        dur = self.n / self.rate
        w = self.win / self.rate
        if self.first_speech is None:
            head = tail = dur
        else:
            head = self.first_speech * w
            tail = dur - (self.last_speech + 1) * w
        floor = self.min_floor
        if floor is math.inf:  # shorter than 500 ms
            floor = self.sumsq / self.n if self.n else 0.0

        def mean_db(values: list[float]) -> float:
            v = sum(values) / len(values) if values else 0.0
            return 10 * math.log10(v) if v > 0 else -math.inf

        guard = 4  # 200 ms next to speech are left out of the room-tone level (speech decay)
        head_ms = self._head_ms[:-guard] if len(self._head_ms) > guard else self._head_ms
        tail_ms = self._since_speech[guard:] if len(self._since_speech) > guard else self._since_speech
        return Levels(
            duration=dur,
            rms_db=10 * math.log10(self.sumsq / self.n) if self.n and self.sumsq > 0 else -math.inf,
            peak_db=db(self.peak),
            noise_floor_db=10 * math.log10(floor) if floor > 0 else -math.inf,
            head_tone=head,
            tail_tone=tail,
            head_tone_db=mean_db(head_ms),
            tail_tone_db=mean_db(tail_ms) if self.first_speech is not None else -math.inf,
            digital_silence=self.longest_zero_run / self.rate,
        )


def measure(blocks: Iterable[np.ndarray], rate: int = SAMPLE_RATE) -> Levels:
    meter = LevelMeter(rate)
    for block in blocks:
        meter.feed(block)
    return meter.result()
