"""Render a `Script` into numbered MP3 tracks, WebVTT captions and a playlist.

    output/<chapter-slug>/audio/<edition>/
        01-opening-credits.mp3   01-opening-credits.vtt
        02-chapter-18.mp3        02-chapter-18.vtt
        03-bibliography.mp3      03-bibliography.vtt
        04-closing-credits.mp3   04-closing-credits.vtt
        playlist.m3u8
        .accessed-audio.json     (what we wrote: fingerprints, so reruns skip unchanged files and
                                  only files we created are ever removed)

How a build runs (memory does not grow with chapter length):
 1. Synthesis: every utterance is looked up in the cache by a content hash (engine build, voice,
    rate, pitch, text); a miss is synthesised, checked and stored. Only small statistics stay in
    memory (length, energy).
 2. Layout: per track, the utterances are laid out with pauses by structure; each block (paragraph,
    heading, figure, note...) becomes one independently encoded MP3 segment (see `mp3.py`), sized to
    whole frames, so every time in the file is exact. The track gain that puts the file's RMS on
    -20 dB comes from the statistics, rounded to 0.5 dB so one edited sentence rarely changes it.
 3. Encoding: each segment is looked up in the cache by the hash of everything that shapes its
    samples; a miss is mixed (speech x gain + room tone) and encoded, two at a time.
 4. Writing: ID3 tag + Info frame + segments, atomically; captions and playlist likewise. A file
    whose fingerprint is unchanged is not rewritten.
A rebuild after changing one sentence re-synthesises and re-encodes that sentence only; an
interrupted build resumes from the cache; `clean_audio` (the CLI's --clean) starts over.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import numpy as np

from . import audio, mp3
from .audio import DEFAULT_PROFILE, SAMPLE_RATE, Profile
from .engines import AudioSettings, Engine, VoiceSettings, get_engine
from .errors import OutputError

FORMAT_VERSION = "accessed-audio-3"  # bump when the signal chain or layout changes
PARTS = ("opening", "chapter", "bibliography", "closing")
PART_NAMES = {
    "opening": "opening-credits",
    "chapter": "chapter",
    "bibliography": "bibliography",
    "closing": "closing-credits",
}
MANIFEST = ".accessed-audio.json"
PLAYLIST = "playlist.m3u8"
REFERENCE_GAIN_DB = 3.0  # each utterance's limiter loss is measured once, at this track gain
CACHE_TAG = "CACHEDIR.TAG"

Progress = Callable[[str, int, int], None]


# --- results --------------------------------------------------------------------------------------


@dataclass
class UtteranceTiming:
    id: str
    start: float  # seconds from the start of the decoded track (first sound)
    end: float  # last sound
    text: str  # what the captions show (the utterance's display text, else its spoken text)
    block: Optional[str]
    kind: str
    role: str
    source: Optional[str] = None


@dataclass
class ChapterMark:
    id: str  # ID3 element id
    title: str
    start: float
    end: float
    block: Optional[str]


@dataclass
class TrackInfo:
    number: int
    total: int
    part: str  # opening | chapter | bibliography | closing
    title: str
    path: Path
    captions: Path
    duration: float  # seconds
    utterances: list[UtteranceTiming] = field(default_factory=list)
    chapters: list[ChapterMark] = field(default_factory=list)
    gain_db: float = 0.0  # the track gain applied after per-utterance levelling
    size: int = 0
    written: bool = True  # False when an identical file was already there

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = str(self.path)
        d["captions"] = str(self.captions)
        return d


# --- cache ----------------------------------------------------------------------------------------


class Cache:
    """Content-addressed store of synthesised utterances and encoded segments.

    utterances/ab/<key>.wav   engine output, lossless
    utterances/ab/<key>.json  statistics of the processed audio
    segments/ab/<key>.mp3     encoded MP3 frames of one segment
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def ensure(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tag = self.root / CACHE_TAG
            if not tag.exists():
                tag.write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by accessed (audio cache).\n",
                    encoding="ascii",
                )
        except OSError as exc:
            raise OutputError(f"cannot create the audio cache {self.root}: {exc.strerror or exc}") from None

    def path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def read_json(self, kind: str, key: str) -> Optional[dict]:
        p = self.path(kind, key, ".json")
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write_json(self, kind: str, key: str, data: dict) -> None:
        text = json.dumps(data, sort_keys=True)
        mp3.atomic_write(self.path(kind, key, ".json"), lambda fh: fh.write(text), mode="w")

    def write_bytes(self, kind: str, key: str, suffix: str, data: bytes) -> Path:
        p = self.path(kind, key, suffix)
        mp3.atomic_write(p, lambda fh: fh.write(data))
        return p

    def read_wav(self, key: str) -> Optional[tuple[np.ndarray, int]]:
        import wave

        p = self.path("utterances", key, ".wav")
        try:
            with wave.open(str(p), "rb") as w:
                if w.getsampwidth() != 2 or w.getnchannels() != 1:
                    return None
                rate = w.getframerate()
                data = w.readframes(w.getnframes())
        except (OSError, EOFError, wave.Error):
            return None
        return np.frombuffer(data, dtype="<i2").copy(), rate

    def write_wav(self, key: str, samples: np.ndarray, rate: int) -> None:
        import wave

        def writer(fh) -> None:
            with wave.open(fh, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(rate)
                w.writeframes(np.asarray(samples, dtype="<i2").tobytes())

        mp3.atomic_write(self.path("utterances", key, ".wav"), writer)

    def clear(self) -> None:
        """Remove what this cache created (and nothing else); then its empty folders."""
        if not (self.root / CACHE_TAG).exists():
            return
        for kind, suffixes in (("utterances", (".wav", ".json")), ("segments", (".mp3", ".json"))):
            base = self.root / kind
            if not base.is_dir():
                continue
            for sub in base.iterdir():
                if not sub.is_dir() or len(sub.name) != 2:
                    continue
                for f in sub.iterdir():
                    if f.suffix in suffixes and f.is_file() and _is_hex(f.stem):
                        f.unlink()
                _rmdir_if_empty(sub)
            _rmdir_if_empty(base)
        (self.root / CACHE_TAG).unlink()
        _rmdir_if_empty(self.root)


def _is_hex(s: str) -> bool:
    return len(s) == 64 and all(c in "0123456789abcdef" for c in s)


def _rmdir_if_empty(p: Path) -> None:
    try:
        p.rmdir()
    except OSError:
        pass


def _hash(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _proc_key(profile: Profile) -> str:
    return _hash([FORMAT_VERSION, "process", profile.speech_level_db, profile.limiter_db, REFERENCE_GAIN_DB])[:16]


# --- layout ---------------------------------------------------------------------------------------


@dataclass
class _Utt:
    u: object  # model.Utterance
    key: str
    samples: int  # processed length at 44.1 kHz
    sumsq: float
    voice: VoiceSettings
    peak: float = 0.0  # sample peak of the levelled audio
    sumsq_ref: float = 0.0  # energy after gain REFERENCE_GAIN_DB and the limiter

    def energy(self, gain_db: float, profile: Profile) -> float:
        """Predicted energy after `gain_db` and the limiter. The limiter's loss (dB) is zero up
        to the gain at which the peak meets the ceiling and grows with the square of the gain
        beyond it, through the loss measured at the reference gain (close to measured curves)."""
        if self.sumsq <= 0:
            return 0.0
        start = profile.limiter_db - audio.db(self.peak) if self.peak > 0 else math.inf
        ref_loss = max(0.0, 10 * math.log10(self.sumsq * audio.undb(REFERENCE_GAIN_DB) ** 2 / max(self.sumsq_ref, 1e-30)))
        if gain_db <= start or REFERENCE_GAIN_DB <= start:
            loss = 0.0 if gain_db <= start else ref_loss
        else:
            loss = ref_loss * ((gain_db - start) / (REFERENCE_GAIN_DB - start)) ** 2
        return self.sumsq * 10 ** ((gain_db - loss) / 10)


@dataclass
class _Segment:
    utts: list[_Utt]
    offsets: list[int]  # start of each utterance within the segment content
    length: int  # content samples, a multiple of 1152
    start: int = 0  # position of the content in the track
    key: str = ""


@dataclass
class _Track:
    part: str
    utts: list[_Utt]
    segments: list[_Segment] = field(default_factory=list)
    samples: int = 0
    gain_db: float = 0.0
    index: int = 1  # 1-based within its part, when a part is split
    pieces: int = 1


def _samples(seconds: float) -> int:
    return int(round(seconds * SAMPLE_RATE))


def _groups(utts: list[_Utt], profile: Profile) -> list[list[_Utt]]:
    """Each utterance is one segment: an edited sentence re-encodes only itself, and no buffer is
    longer than the longest sentence. (Boundaries cost one frame of room tone inside the pause.)"""
    return [[x] for x in utts]


def _layout(track: _Track, profile: Profile) -> None:
    """Place segments and utterances in the track (sample-exact; see mp3.py for the frame maths)."""
    pauses = profile.pauses
    groups = _groups(track.utts, profile)
    short = sum(x.samples for x in track.utts) < _samples(profile.short_track_speech)
    head_tone = profile.short_head_tone if short else profile.head_tone
    tail_tone = profile.short_tail_tone if short else profile.tail_tone
    frame = mp3.FRAME_SAMPLES
    segments = []
    for j, g in enumerate(groups):
        if j == 0:
            lead = _samples(head_tone)
        else:
            gap = _samples(audio.pause_between(groups[j - 1][-1].u, g[0].u, pauses))
            lead = min(_samples(profile.lead_in), gap // 3)
        offsets = []
        pos = lead
        for i, x in enumerate(g):
            if i:
                pos += _samples(audio.pause_between(g[i - 1].u, x.u, pauses))
            offsets.append(pos)
            pos += x.samples
        if j == len(groups) - 1:
            length = math.ceil((pos + _samples(tail_tone)) / frame) * frame
        else:
            gap = _samples(audio.pause_between(g[-1].u, groups[j + 1][0].u, pauses))
            next_lead = min(_samples(profile.lead_in), gap // 3)
            trail = gap - next_lead - frame  # the lost frame sits between two segments
            length = max(frame, round((pos + trail) / frame) * frame)
            if length < pos + frame // 2:
                length = math.ceil((pos + frame // 2) / frame) * frame
        segments.append(_Segment(g, offsets, length))
    start = 0
    for s in segments:
        s.start = start
        start += s.length + frame
    track.segments = segments
    track.samples = start - frame if segments else 0


def _gain(track: _Track, profile: Profile) -> float:
    """The track gain (dB, rounded to the profile's step) that puts the file RMS on target,
    allowing for the energy the limiter takes off the peaks."""
    n = track.samples
    if n <= 0 or not any(x.sumsq > 0 for x in track.utts):
        return 0.0
    want = audio.undb(profile.target_rms_db) ** 2 * n - audio.undb(profile.room_tone_db) ** 2 * n

    def energy(g: float) -> float:
        return sum(x.energy(g, profile) for x in track.utts)

    lo, hi = -30.0, profile.max_gain_db
    if energy(hi) <= want:
        g = hi
    else:
        for _ in range(40):  # energy grows with the gain: bisect
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if energy(mid) < want else (lo, mid)
        g = (lo + hi) / 2
    step = profile.gain_step_db
    return round(float(min(max(round(g / step) * step, -30.0), profile.max_gain_db)), 2)


def _split_long(track: _Track, profile: Profile) -> list[_Track]:
    """Split a part longer than the profile allows at block boundaries (no file over 120 min;
    a single block longer than that is split between its sentences)."""
    _layout(track, profile)
    limit = _samples(profile.max_track_seconds)
    if track.samples <= limit or len(track.utts) < 2:
        return [track]
    budget = limit - _samples(profile.head_tone + profile.tail_tone + 1.0)
    pieces: list[list[_Utt]] = [[]]
    size = 0
    for seg in track.segments:
        seg_size = seg.length + mp3.FRAME_SAMPLES
        new_block = not pieces[-1] or (pieces[-1][-1].u.block or "") != (seg.utts[0].u.block or "")
        if pieces[-1] and size + seg_size > budget and (new_block or size > budget // 2):
            pieces.append([])
            size = 0
        pieces[-1].extend(seg.utts)
        size += seg_size
    out: list[_Track] = []
    for utts in pieces:
        t = _Track(track.part, utts)
        _layout(t, profile)
        out.extend(_split_long(t, profile) if t.samples > limit and len(utts) > 1 else [t])
    for i, t in enumerate(out, 1):
        t.index, t.pieces = i, len(out)
    return out


# --- rendering ------------------------------------------------------------------------------------


def utterance_key(engine: Engine, voice: VoiceSettings, text: str) -> str:
    return _hash([FORMAT_VERSION, "utterance", engine.cache_id, voice.voice,
                  engine.voice_fingerprint(voice.voice), voice.rate, voice.pitch, text])


def render_script(
    script,
    chapter,
    outdir: Path,
    engine: Optional[Engine] = None,
    settings: Optional[AudioSettings] = None,
    cache_dir: Optional[Path] = None,
    progress: Optional[Progress] = None,
    profile: Profile = DEFAULT_PROFILE,
    workers: Optional[int] = None,
) -> list[TrackInfo]:
    """Render `script` (a model.Script) for `chapter` into `outdir/audio/<edition>/`.

    `outdir` is the chapter's output folder (output/<slug>). `cache_dir` defaults to
    `outdir/.accessed-cache`. `progress(stage, done, total)` is called with stage "synthesis"
    (utterances) and "encoding" (segments), starting at done=0. Returns one TrackInfo per file.
    """
    settings = settings or AudioSettings()
    engine = engine or get_engine(settings.engine)
    roles = settings.roles(engine, chapter.language or "en")
    edition = script.edition
    if not edition or "/" in edition or edition.startswith("."):
        raise OutputError(f"bad edition name {edition!r}")
    folder = Path(outdir) / "audio" / edition
    cache = Cache(Path(cache_dir) if cache_dir else Path(outdir) / ".accessed-cache")
    cache.ensure()
    report = progress or (lambda stage, done, total: None)

    utterances = [u for u in script.utterances if (u.text or "").strip()]
    for u in utterances:
        if u.part not in PARTS:
            raise OutputError(f"utterance {u.id} has unknown part {u.part!r}")

    # 1. synthesis (or the cache), keeping statistics only
    proc = _proc_key(profile)
    items: list[_Utt] = []
    voices = [roles["aside" if u.role == "aside" else "narrator"] for u in utterances]
    keys = [utterance_key(engine, v, u.text) for u, v in zip(utterances, voices)]
    engine.prepare([(u.text, v) for u, v, key in zip(utterances, voices, keys)
                    if not cache.path("utterances", key, ".wav").exists()])
    report("synthesis", 0, len(utterances))
    for i, (u, voice, key) in enumerate(zip(utterances, voices, keys), 1):
        stats = cache.read_json("utterances", key)
        if not stats or stats.get("proc") != proc or not cache.path("utterances", key, ".wav").exists():
            raw = cache.read_wav(key)
            if raw is None:
                seg = engine.synthesize(u.text, voice)
                raw = audio.segment_to_array(seg)
                cache.write_wav(key, *raw)
            processed = audio.process_utterance(raw[0], raw[1], profile)
            limited = audio.finish_utterance(processed.samples, REFERENCE_GAIN_DB, profile)
            stats = {
                "proc": proc,
                "samples": len(processed.samples),
                "sumsq": processed.sumsq,
                "peak": processed.peak,
                "sumsq_ref": float(np.sum(np.square(limited, dtype=np.float64))),
            }
            cache.write_json("utterances", key, stats)
        if int(stats["samples"]) > 0:  # text with nothing to say (e.g. only punctuation) is skipped
            items.append(
                _Utt(u, key, int(stats["samples"]), float(stats["sumsq"]), voice,
                     float(stats["peak"]), float(stats["sumsq_ref"]))
            )
        report("synthesis", i, len(utterances))

    # 2. layout, per part (split when longer than the profile allows)
    tracks: list[_Track] = []
    for part in PARTS:
        part_items = [x for x in items if x.u.part == part]
        if part_items:
            tracks.extend(_split_long(_Track(part, part_items), profile))
    for t in tracks:
        t.gain_db = _gain(t, profile)
        for s in t.segments:
            s.key = _segment_key(s, t.gain_db, profile)

    # 3. encoding (or the cache), two segments at a time
    todo = [s for t in tracks for s in t.segments]
    report("encoding", 0, len(todo))
    gains = {id(s): t.gain_db for t in tracks for s in t.segments}
    done = 0

    def job(s: _Segment) -> None:
        if not cache.path("segments", s.key, ".mp3").exists():
            pcm = _mix(s, gains[id(s)], cache, profile)
            cache.write_bytes("segments", s.key, ".mp3", mp3.encode_segment(pcm))

    n_workers = workers or min(2, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        for _ in pool.map(job, todo):
            done += 1
            report("encoding", done, len(todo))

    # 4. files
    return _write_outputs(tracks, script, chapter, folder, cache, engine, profile)


def _segment_key(s: _Segment, gain_db: float, profile: Profile) -> str:
    return _hash(
        [
            FORMAT_VERSION,
            "segment",
            _proc_key(profile),
            [x.key for x in s.utts],
            s.offsets,
            s.length,
            gain_db,
            profile.room_tone_db,
            profile.limiter_db,
        ]
    )


def _mix(s: _Segment, gain_db: float, cache: Cache, profile: Profile) -> np.ndarray:
    """The int16 samples of one segment: room tone + each utterance at its offset, times gain."""
    x = audio.room_tone(s.length, s.key, profile.room_tone_db).astype(np.float64)
    fade = min(s.length // 4, int(0.005 * SAMPLE_RATE))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        x[:fade] *= ramp
        x[-fade:] *= ramp[::-1]
    for item, offset in zip(s.utts, s.offsets):
        raw = cache.read_wav(item.key)
        if raw is None:
            raise OutputError(f"the audio cache lost utterance {item.u.id}; rebuild with --clean")
        speech = audio.process_utterance(raw[0], raw[1], profile).samples
        if len(speech) != item.samples:
            raise OutputError(f"the audio cache is inconsistent for {item.u.id}; rebuild with --clean")
        x[offset : offset + len(speech)] += audio.finish_utterance(speech, gain_db, profile)
    return audio.to_int16(x)


# --- output files ---------------------------------------------------------------------------------


def _track_title(t: _Track, chapter) -> str:
    if t.part == "opening":
        title = "Opening credits"
    elif t.part == "closing":
        title = "Closing credits"
    elif t.part == "bibliography":
        title = getattr(chapter, "bibliography_heading", None) or "Bibliography"
    else:
        title = f"Chapter {chapter.number}: {chapter.title}" if chapter.number else chapter.title
    if t.pieces > 1:
        title += f" (part {t.index} of {t.pieces})"
    return title


def _file_stem(number: int, t: _Track, chapter) -> str:
    name = PART_NAMES[t.part]
    if t.part == "chapter" and chapter.number:
        name = f"chapter-{str(chapter.number).replace('.', '-')}"
    if t.pieces > 1:
        name += f"-part-{t.index}"
    return f"{number:02d}-{name}"


def _chapter_title(item: _Utt) -> str:
    u = item.u
    text = " ".join((u.display or u.text or "").split())
    if u.kind == "heading" or len(text) <= 60:
        return text
    cut = text[:60].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _marks(t: _Track) -> tuple[list[UtteranceTiming], list[ChapterMark]]:
    sr = SAMPLE_RATE
    timings = []
    starts: list[tuple[int, _Utt]] = []  # first utterance of each block, with its sample
    prev_block = object()
    for s in t.segments:
        for item, offset in zip(s.utts, s.offsets):
            a = s.start + offset
            b = a + item.samples
            u = item.u
            timings.append(
                UtteranceTiming(
                    u.id,
                    round(a / sr, 3),
                    round(b / sr, 3),
                    " ".join((u.display or u.text).split()),
                    u.block,
                    u.kind,
                    u.role,
                    u.source,
                )
            )
            block = u.block or u.id
            if block != prev_block:
                starts.append((a, item))
                prev_block = block
    chapters = []
    total = t.samples
    back = _samples(0.25)
    prev_end = 0
    for i, (a, item) in enumerate(starts):
        start = 0 if i == 0 else max(prev_end, a - back)
        chapters.append([start, item])
        prev_end = start
    out = []
    for i, (start, item) in enumerate(chapters):
        end = chapters[i + 1][0] if i + 1 < len(chapters) else total
        out.append(
            ChapterMark(
                f"ch{i + 1:04d}",
                _chapter_title(item),
                round(start / sr, 3),
                round(end / sr, 3),
                item.u.block,
            )
        )
    return timings, out


def _vtt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _vtt_text(text: str) -> str:
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("-->", "→")


def captions_vtt(timings: list[UtteranceTiming], title: str) -> str:
    lines = ["WEBVTT", f"NOTE {_vtt_text(title)}", ""]
    for t in timings:
        cue_id = t.id.replace("-->", "→").replace("\n", " ")
        lines += [cue_id, f"{_vtt_time(t.start)} --> {_vtt_time(t.end)}", _vtt_text(t.text), ""]
    return "\n".join(lines)


def playlist_m3u8(tracks: list[TrackInfo], album: str, artist: Optional[str]) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{' '.join(album.split())}"]
    for t in tracks:
        who = f"{' '.join(artist.split())} - " if artist else ""
        lines.append(f"#EXTINF:{int(round(t.duration))},{who}{' '.join(t.title.split())}")
        lines.append(t.path.name)
    return "\n".join(lines) + "\n"


def _load_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_text_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    mp3.atomic_write(path, lambda fh: fh.write(text), mode="w")


def _voice_label(voice: str) -> str:
    """A voice id as a listener may read it: a model path becomes its file name."""
    base, sep, speaker = voice.partition("#")
    if base.endswith(".onnx"):
        base = Path(base).name.removesuffix(".onnx")
    return base + sep + speaker


def _write_outputs(tracks, script, chapter, folder: Path, cache: Cache, engine: Engine, profile: Profile):
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    old = _load_manifest(folder)
    old_files = old.get("files", {}) if isinstance(old.get("files"), dict) else {}
    album = chapter.book_title or (
        f"Chapter {chapter.number}: {chapter.title}" if chapter.number else chapter.title
    )
    edition_label = {"original": "Original text", "plain": "Plain-language edition"}.get(
        script.edition, script.edition
    )
    voices = ", ".join(sorted({_voice_label(x.voice.voice) for t in tracks for x in t.utts}))
    comment = (
        f"Synthetic narration: this audio was generated by a text-to-speech engine "
        f"({engine.name}: {engine.cache_id}; voices {voices}), not read by a human narrator. "
        f"Made with accessed."
    )
    results: list[TrackInfo] = []
    new_files: dict[str, dict] = {}
    total = len(tracks)
    for n, t in enumerate(tracks, 1):
        stem = _file_stem(n, t, chapter)
        title = _track_title(t, chapter)
        timings, marks = _marks(t)
        tags = mp3.TrackTags(
            title=title,
            album=album,
            artist=chapter.author,
            track=n,
            total=total,
            language=mp3.iso639_2(chapter.language or "en"),
            copyright=chapter.licence,
            comment=comment,
            subtitle=edition_label,
            extra={"accessed:edition": script.edition, "accessed:part": t.part,
                   "accessed:engine": engine.name, "accessed:voices": voices},
        )
        id3 = mp3.build_id3(
            tags,
            [mp3.Chapter(m.id, int(round(m.start * 1000)), int(round(m.end * 1000)), m.title) for m in marks],
        )
        seg_files = [cache.path("segments", s.key, ".mp3") for s in t.segments]
        fingerprint = _hash([FORMAT_VERSION, hashlib.sha256(id3).hexdigest(), [s.key for s in t.segments], t.samples])
        path = folder / f"{stem}.mp3"
        previous = old_files.get(path.name, {})
        written = True
        if (
            previous.get("fingerprint") == fingerprint
            and path.is_file()
            and path.stat().st_size == previous.get("size")
        ):
            size = path.stat().st_size
            written = False
        else:
            size = mp3.write_track(path, id3, seg_files, t.samples)
        new_files[path.name] = {"fingerprint": fingerprint, "size": size}
        vtt = folder / f"{stem}.vtt"
        _write_text_if_changed(vtt, captions_vtt(timings, title))
        new_files[vtt.name] = {}
        results.append(
            TrackInfo(
                number=n,
                total=total,
                part=t.part,
                title=title,
                path=path,
                captions=vtt,
                duration=t.samples / SAMPLE_RATE,
                utterances=timings,
                chapters=marks,
                gain_db=t.gain_db,
                size=size,
                written=written,
            )
        )
    playlist = folder / PLAYLIST
    _write_text_if_changed(playlist, playlist_m3u8(results, f"{album} ({edition_label})", chapter.author))
    new_files[playlist.name] = {}
    # remove files an earlier build of ours wrote and this one did not
    for name in old_files:
        if name not in new_files and "/" not in name and not name.startswith("."):
            try:
                (folder / name).unlink()
            except OSError:
                pass
    manifest = json.dumps({"format": FORMAT_VERSION, "files": new_files}, indent=1, sort_keys=True)
    _write_text_if_changed(folder / MANIFEST, manifest + "\n")
    return results


def clean_audio(outdir: Path, cache_dir: Optional[Path] = None, editions: Iterable[str] = ()) -> None:
    """--clean: remove the audio cache and the files our earlier builds wrote (listed in each
    edition's manifest) — never anything else."""
    Cache(Path(cache_dir) if cache_dir else Path(outdir) / ".accessed-cache").clear()
    base = Path(outdir) / "audio"
    folders = [base / e for e in editions] if editions else ([p for p in base.iterdir() if p.is_dir()] if base.is_dir() else [])
    for folder in folders:
        manifest = _load_manifest(folder)
        for name in manifest.get("files", {}) if isinstance(manifest.get("files"), dict) else {}:
            if "/" not in name and not name.startswith("."):
                try:
                    (folder / name).unlink()
                except OSError:
                    pass
        try:
            (folder / MANIFEST).unlink()
        except OSError:
            pass
        _rmdir_if_empty(folder)
    _rmdir_if_empty(base)
