"""`accessed audit`: measure existing MP3s against the ACX audio-QA profile and our format.

For every MP3 under a path (hidden folders such as the cache are skipped) it reads the frames
(format, constant bitrate, gapless header), decodes the audio in blocks (levels, noise floor, room
tone at head and tail, digital silence), reads the raw ID3 tag (text frames, CHAP/CTOC order), and
for each folder with a playlist checks that its entries resolve and that the WebVTT captions are
well-formed, in order and inside their track. It reports what falls outside the profile; it does not
claim ACX acceptance (ACX wants human narration).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import mp3
from .audio import DEFAULT_PROFILE, LevelMeter, Levels, Profile
from .errors import AccessedError, InputError

REQUIRED_TAGS = {
    "TIT2": "title",
    "TALB": "album",
    "TPE1": "artist",
    "TRCK": "track number",
    "TCON": "genre",
    "TLAN": "language",
    "TCOP": "copyright/licence",
    "COMM": "comment",
}


@dataclass
class FileAudit:
    path: Path
    stream: Optional[mp3.StreamInfo] = None
    levels: Optional[Levels] = None
    tags: dict[str, str] = field(default_factory=dict)
    chapters: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class AuditReport:
    root: Path
    files: list[FileAudit] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # playlist / caption problems

    @property
    def problems(self) -> list[str]:
        out = []
        for f in self.files:
            out += [f"{_rel(f.path, self.root)}: {p}" for p in f.problems]
        return out + list(self.other)

    @property
    def ok(self) -> bool:
        return bool(self.files) and not self.problems

    def summary(self) -> str:
        lines = [f"Audit of {self.root}: {len(self.files)} MP3 file(s)"]
        if self.files:
            lines.append(
                f"  {'file':<40} {'length':>8} {'RMS':>7} {'peak':>7} {'floor':>7} "
                f"{'head':>5} {'tail':>5}  format"
            )
        for f in self.files:
            lv, st = f.levels, f.stream
            name = _rel(f.path, self.root)
            if len(name) > 40:
                name = "…" + name[-39:]
            if lv is None or st is None:
                lines.append(f"  {name:<40} unreadable")
                continue
            fmt = f"{st.sample_rate / 1000:g} kHz {'mono' if st.channels == 1 else f'{st.channels} ch'} "
            fmt += f"{st.bitrate // 1000} kbps {'CBR' if st.cbr else 'VBR'}"
            lines.append(
                f"  {name:<40} {_clock(lv.duration):>8} {_dbs(lv.rms_db):>7} {_dbs(lv.peak_db):>7} "
                f"{_dbs(lv.noise_floor_db):>7} {lv.head_tone:>5.2f} {lv.tail_tone:>5.2f}  {fmt}"
                f"  {'ok' if f.ok else f'{len(f.problems)} problem(s)'}"
            )
        problems = self.problems
        if not self.files:
            lines.append("No MP3 files found.")
        elif problems:
            lines.append(f"{len(problems)} problem(s):")
            lines += [f"  - {p}" for p in problems]
        else:
            lines.append(
                "Every file is within the ACX audio-QA profile (RMS -23..-18 dB, peaks <= -3 dBFS, "
                "noise floor <= -60 dB, room tone 0.5-1 s / 1-5 s, 44.1 kHz mono 192 kbps CBR, "
                "<= 120 min) and is tagged."
            )
        return "\n".join(lines)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root if root.is_dir() else root.parent))
    except ValueError:
        return str(path)


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _dbs(value: float) -> str:
    return "-inf" if value == -math.inf else f"{value:.1f}"


def find_mp3s(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path} does not exist")
    out = []
    for p in sorted(path.rglob("*.mp3")):
        if any(part.startswith(".") for part in p.relative_to(path).parts):
            continue  # the cache and temp files
        out.append(p)
    return out


def audit(path: Path, profile: Profile = DEFAULT_PROFILE) -> AuditReport:
    """Audit one MP3 file or every MP3 under a folder (e.g. output/<slug>)."""
    root = Path(path)
    report = AuditReport(root)
    for f in find_mp3s(root):
        report.files.append(audit_file(f, profile))
    folders = sorted({f.parent for f in find_mp3s(root)}) if root.is_dir() else []
    for folder in folders:
        report.other += _audit_folder(folder, root, {f.path: f for f in report.files})
    return report


def audit_file(path: Path, profile: Profile = DEFAULT_PROFILE) -> FileAudit:
    fa = FileAudit(Path(path))
    p = fa.problems
    try:
        st = mp3.stream_info(path)
    except (AccessedError, OSError, IndexError, ValueError) as exc:
        p.append(f"not a readable MP3 ({exc})")
        return fa
    fa.stream = st
    if st.version != "MPEG-1 Layer 3":
        p.append(f"format is {st.version}, not MPEG-1 Layer 3")
    if st.sample_rate != 44100:
        p.append(f"sample rate {st.sample_rate} Hz, not 44100 Hz")
    if st.channels != 1:
        p.append(f"{st.channels} channels, not mono")
    if not st.cbr:
        p.append("variable bitrate, not constant (CBR)")
    if st.bitrate != 192000:
        p.append(f"bitrate {st.bitrate // 1000} kbps, not 192 kbps")
    if st.encoder_delay is None:
        p.append("no LAME/Info header: players cannot trim the encoder delay (gapless timing)")

    try:
        meter = LevelMeter()
        rate = None
        for block, rate in mp3.decode_blocks(path):
            meter.feed(block)
        lv = meter.result()
    except AccessedError as exc:
        p.append(str(exc))
        return fa
    fa.levels = lv
    if rate and rate != st.sample_rate:
        p.append(f"decoder reports {rate} Hz")
    if lv.duration > profile.max_track_seconds:
        p.append(f"{lv.duration / 60:.1f} minutes long, over the {profile.max_track_seconds / 60:.0f}-minute limit")
    if abs(lv.duration - st.duration) > 0.05 and st.encoder_delay is not None:
        p.append(f"decoded length {lv.duration:.3f} s differs from the header's {st.duration:.3f} s")
    if not profile.rms_min_db <= lv.rms_db <= profile.rms_max_db:
        p.append(
            f"RMS {_dbs(lv.rms_db)} dB outside {profile.rms_min_db:g}..{profile.rms_max_db:g} dB"
        )
    if lv.peak_db > profile.peak_limit_db:
        p.append(f"peak {lv.peak_db:.2f} dBFS above {profile.peak_limit_db:g} dBFS")
    if lv.noise_floor_db > profile.noise_floor_max_db:
        p.append(f"noise floor {lv.noise_floor_db:.1f} dB above {profile.noise_floor_max_db:g} dB")
    if not 0.5 - 0.03 <= lv.head_tone <= 1.0 + 0.06:
        p.append(f"room tone at the head {lv.head_tone:.2f} s, not 0.5-1 s")
    if not 1.0 - 0.03 <= lv.tail_tone <= 5.0 + 0.06:
        p.append(f"room tone at the tail {lv.tail_tone:.2f} s, not 1-5 s")
    if lv.head_tone > 0.1 and lv.head_tone_db < -90:
        p.append("the head is digital silence, not room tone")
    if lv.tail_tone > 0.1 and lv.tail_tone_db < -90:
        p.append("the tail is digital silence, not room tone")
    if lv.digital_silence >= 0.25:
        p.append(f"{lv.digital_silence:.2f} s of digital silence (room tone should never drop out)")

    tags = mp3.read_text_tags(path)
    fa.tags = tags
    for fid, what in REQUIRED_TAGS.items():
        if not tags.get(fid, "").strip():
            p.append(f"no {what} tag ({fid})")
    if tags.get("TRCK") and not re.fullmatch(r"\d+/\d+", tags["TRCK"]):
        p.append(f"track number {tags['TRCK']!r} is not n/N")
    if tags.get("TCON") and tags["TCON"] != "Audiobook":
        p.append(f"genre {tags['TCON']!r}, not Audiobook")
    if tags.get("COMM") and "synthetic" not in tags["COMM"].lower():
        p.append("the comment does not say the narration is synthetic")

    chaps, tocs = mp3.read_chapters(path)
    fa.chapters = len(chaps)
    p += check_chapters(chaps, tocs, lv.duration)
    return fa


def check_chapters(chaps, tocs, duration: float) -> list[str]:
    """CHAP frames stored in time order, inside the track, listed in order by a top-level CTOC."""
    out = []
    if not chaps:
        return ["no chapter frames (CHAP)"]
    for a, b in zip(chaps, chaps[1:]):
        if b.start_ms < a.start_ms:
            out.append(f"chapter frames out of time order ({a.element_id} before {b.element_id})")
            break
    for c in chaps:
        if c.end_ms < c.start_ms:
            out.append(f"chapter {c.element_id} ends before it starts")
        if c.end_ms > duration * 1000 + 50:
            out.append(f"chapter {c.element_id} ends at {c.end_ms} ms, after the track ({duration:.3f} s)")
        if not c.title:
            out.append(f"chapter {c.element_id} has no title")
    top = [t for t in tocs if t.top_level]
    if len(top) != 1:
        out.append(f"{len(top)} top-level table(s) of contents (CTOC), expected 1")
        return out
    by_id = {t.element_id: t for t in tocs}

    def flatten(toc, seen) -> list[str]:
        ids = []
        for child in toc.children:
            if child in by_id and child not in seen:
                ids += flatten(by_id[child], seen | {child})
            else:
                ids.append(child)
        return ids

    listed = flatten(top[0], {top[0].element_id})
    if listed != [c.element_id for c in chaps]:
        out.append("the table of contents (CTOC) does not list the chapters in their time order")
    return out


def _audit_folder(folder: Path, root: Path, audited: dict) -> list[str]:
    out = []
    where = _rel(folder, root) if folder != root else folder.name
    playlist = folder / "playlist.m3u8"
    mp3s = sorted(folder.glob("*.mp3"))
    if not playlist.exists():
        out.append(f"{where}: no playlist.m3u8")
    else:
        text = playlist.read_text(encoding="utf-8", errors="replace")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if not lines or lines[0] != "#EXTM3U":
            out.append(f"{where}/playlist.m3u8: does not start with #EXTM3U")
        entries = [ln for ln in lines if not ln.startswith("#")]
        infos = [ln for ln in lines if ln.startswith("#EXTINF:")]
        if len(infos) != len(entries):
            out.append(f"{where}/playlist.m3u8: {len(entries)} entries but {len(infos)} #EXTINF lines")
        for e in entries:
            if e.startswith("/") or "://" in e:
                out.append(f"{where}/playlist.m3u8: entry {e!r} is not a relative path")
            elif not (folder / e).is_file():
                out.append(f"{where}/playlist.m3u8: entry {e!r} does not resolve")
        missing = [m.name for m in mp3s if m.name not in entries]
        if missing:
            out.append(f"{where}/playlist.m3u8: does not list {', '.join(missing)}")
    numbers = []
    for m in mp3s:
        fa = audited.get(m)
        trck = fa.tags.get("TRCK", "") if fa else ""
        if re.fullmatch(r"\d+/\d+", trck):
            numbers.append(tuple(int(x) for x in trck.split("/")))
    if numbers and sorted(n for n, _ in numbers) != list(range(1, len(mp3s) + 1)):
        out.append(f"{where}: track numbers {sorted(n for n, _ in numbers)} are not 1..{len(mp3s)}")
    if numbers and {t for _, t in numbers} != {len(mp3s)}:
        out.append(f"{where}: track totals {sorted({t for _, t in numbers})} do not match {len(mp3s)} files")
    for m in mp3s:
        vtt = m.with_suffix(".vtt")
        fa = audited.get(m)
        duration = fa.levels.duration if fa and fa.levels else None
        if not vtt.exists():
            out.append(f"{_rel(vtt, root)}: missing (captions)")
            continue
        out += [f"{_rel(vtt, root)}: {p}" for p in check_vtt(vtt.read_text(encoding="utf-8"), duration)]
    return out


_CUE_TIME = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})")


def parse_vtt(text: str) -> list[tuple[str, float, float, str]]:
    """(id, start, end, text) for each cue of a WebVTT file."""
    cues = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            continue
        timing_line = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if timing_line is None:
            continue
        m = _CUE_TIME.match(lines[timing_line])
        if not m:
            cues.append(("?", math.nan, math.nan, lines[timing_line]))
            continue
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cue_id = lines[0] if timing_line == 1 else ""
        cues.append((cue_id, start, end, "\n".join(lines[timing_line + 1 :])))
    return cues


def check_vtt(text: str, duration: Optional[float]) -> list[str]:
    out = []
    if not text.startswith("WEBVTT"):
        return ["does not start with WEBVTT"]
    cues = parse_vtt(text)
    if not cues:
        return ["no cues"]
    prev_end = 0.0
    for cue_id, start, end, body in cues:
        if math.isnan(start):
            out.append(f"bad cue timing {body!r}")
            continue
        if end <= start:
            out.append(f"cue {cue_id} ends before it starts")
        if start < prev_end - 1e-6:
            out.append(f"cue {cue_id} starts before the previous cue ends")
        if duration is not None and end > duration + 0.05:
            out.append(f"cue {cue_id} ends at {end:.3f} s, after the track ({duration:.3f} s)")
        if not body.strip():
            out.append(f"cue {cue_id} has no text")
        prev_end = max(prev_end, end)
    return out
