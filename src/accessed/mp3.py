"""MP3: encode with LAME (the `lameenc` wheel), write and read ID3v2.3 tags with chapters.

Format: MPEG-1 Layer III, 44.1 kHz, mono, constant 192 kbps.

Gapless timing. LAME delays its output by 576 samples and a decoder adds 529 more, so the first
real sample of an encoded stream comes out at decoded sample 1105 (`PRIMING`). `lameenc` writes no
Xing/LAME header, so we write our own "Info" frame (the CBR flavour of the Xing header) with a LAME
extension that states the encoder delay and padding; gapless decoders (mpg123, ffmpeg, Apple,
mutagen's duration) then cut the priming and padding and the decoded audio starts at time 0.

Segments. A track is encoded as independent segments (one per paragraph-ish block) whose frames are
concatenated. LAME turns `n` input samples, `n` a multiple of 1152, into exactly `n / 1152 + 1`
frames: the content sits at [1105, 1105 + n) inside the segment's frames and 47 samples of padding
follow. So each segment boundary costs exactly one frame (1152 samples, 26 ms) of near-silence, which
the layout places inside a pause; every time in the file is known to the sample. Changing one
sentence re-encodes one segment, not the whole chapter.

Chapters. mutagen sorts frames on save (by size, then key), which breaks the time order of CHAP
frames, so the tag is serialised here, frame by frame, in the order we give; `read_frames` parses the
raw tag back for tests and the audit.
"""

from __future__ import annotations

import os
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

from .errors import EngineError, OutputError

SAMPLE_RATE = 44100
BITRATE_KBPS = 192
FRAME_SAMPLES = 1152
ENCODER_DELAY = 576  # LAME 3.100
DECODER_DELAY = 529
PRIMING = ENCODER_DELAY + DECODER_DELAY  # 1105: where the first sample comes out
SEGMENT_PADDING = FRAME_SAMPLES - PRIMING  # 47: trailing padding when n is a multiple of 1152
LAME_QUALITY = 2  # 0 best .. 9 worst; 2 is LAME's "high quality" (-h)
ENCODER_NAME = "LAME3.100"

# MPEG-1 Layer III, no CRC; 192 kbps, 44.1 kHz, no padding; mono, not copyrighted, original.
_HEADER = bytes([0xFF, 0xFB, 0xB0, 0xC4])
_SIDE_INFO_MONO = 17


def frame_bytes(padding: bool) -> int:
    return 144 * BITRATE_KBPS * 1000 // SAMPLE_RATE + (1 if padding else 0)


def segment_frames(n: int) -> int:
    """Frames LAME emits for `n` samples (n a positive multiple of 1152)."""
    return n // FRAME_SAMPLES + 1


# --- encoding -------------------------------------------------------------------------------------


def encode_segment(pcm: np.ndarray) -> bytes:
    """Encode one independent segment. `pcm`: int16 mono at 44.1 kHz, length a multiple of 1152."""
    try:
        import lameenc
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise EngineError(f"the MP3 encoder is missing (pip install lameenc): {exc}") from None
    if pcm.dtype != np.int16:
        raise ValueError("encode_segment wants int16 samples")
    n = len(pcm)
    if n <= 0 or n % FRAME_SAMPLES:
        raise ValueError(f"segment length {n} is not a positive multiple of {FRAME_SAMPLES}")
    enc = lameenc.Encoder()
    enc.set_bit_rate(BITRATE_KBPS)
    enc.set_in_sample_rate(SAMPLE_RATE)
    enc.set_out_sample_rate(SAMPLE_RATE)
    enc.set_channels(1)
    enc.set_quality(LAME_QUALITY)
    out = bytearray()
    step = FRAME_SAMPLES * 64
    data = np.ascontiguousarray(pcm)
    for i in range(0, n, step):
        out += enc.encode(data[i : i + step].tobytes())
    out += enc.flush()
    data = bytes(out)
    frames = count_frames(data)
    if frames != segment_frames(n):
        raise EngineError(
            f"the MP3 encoder returned {frames} frames for {n} samples, expected "
            f"{segment_frames(n)} (an unexpected LAME build?)"
        )
    return data


def count_frames(data: bytes) -> int:
    """Number of MPEG frames in a headerless stream of our format (raises on anything else)."""
    i = 0
    count = 0
    size0, size1 = frame_bytes(False), frame_bytes(True)
    while i < len(data):
        if data[i] != 0xFF or data[i + 1] != 0xFB or data[i + 2] & 0xF0 != 0xB0:
            raise EngineError(f"the MP3 encoder wrote an unexpected frame at byte {i}")
        i += size1 if data[i + 2] & 0x02 else size0
        count += 1
    if i != len(data):
        raise EngineError("the MP3 encoder wrote a truncated frame")
    return count


def _crc16(data: bytes) -> int:
    """CRC-16/ARC (poly 0x8005 reflected), the checksum of the LAME tag."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def info_frame(audio_frames: int, audio_bytes: int, samples: int) -> bytes:
    """The Xing "Info" frame with a LAME extension for a CBR stream.

    `audio_frames`/`audio_bytes`: the frames after this one; `samples`: the real length of the
    decoded audio, so padding = frames * 1152 - encoder delay - samples.
    """
    size = frame_bytes(False)
    total_bytes = audio_bytes + size
    padding = audio_frames * FRAME_SAMPLES - ENCODER_DELAY - samples
    if not 0 <= padding < 4096:
        raise ValueError(f"impossible end padding {padding}")
    buf = bytearray(size)
    buf[0:4] = _HEADER
    pos = 4 + _SIDE_INFO_MONO
    buf[pos : pos + 4] = b"Info"
    pos += 4
    buf[pos : pos + 4] = struct.pack(">I", 0x0F)  # frames, bytes, TOC and quality present
    buf[pos + 4 : pos + 8] = struct.pack(">I", audio_frames)
    buf[pos + 8 : pos + 12] = struct.pack(">I", total_bytes)
    pos += 12
    buf[pos : pos + 100] = bytes(i * 256 // 100 for i in range(100))  # linear TOC: CBR
    pos += 100
    buf[pos : pos + 4] = struct.pack(">I", 100 - LAME_QUALITY * 10)
    pos += 4
    # LAME extension (36 bytes)
    tag_start = pos
    buf[pos : pos + 9] = ENCODER_NAME.encode("ascii")
    pos += 9
    buf[pos] = 0x01  # tag revision 0, VBR method 1 = constant bitrate
    buf[pos + 1] = 0  # lowpass unknown
    pos += 2
    pos += 8  # replay gain: peak + radio + audiophile, unset
    buf[pos] = 0  # encoding flags, ATH type
    buf[pos + 1] = BITRATE_KBPS
    pos += 2
    buf[pos : pos + 3] = bytes(
        [ENCODER_DELAY >> 4, ((ENCODER_DELAY & 0x0F) << 4) | (padding >> 8), padding & 0xFF]
    )
    pos += 3
    buf[pos] = 0x40  # source sample rate 44.1 kHz
    buf[pos + 1] = 0  # mp3gain
    pos += 2
    pos += 2  # preset and surround
    buf[pos : pos + 4] = struct.pack(">I", total_bytes)
    pos += 4
    pos += 2  # music CRC: not computed (0)
    assert pos - tag_start == 34
    buf[pos : pos + 2] = struct.pack(">H", _crc16(bytes(buf[:pos])))
    return bytes(buf)


# --- ID3v2.3 --------------------------------------------------------------------------------------


@dataclass
class Chapter:
    element_id: str
    start_ms: int
    end_ms: int
    title: str


@dataclass
class TrackTags:
    title: str
    album: str
    artist: Optional[str]
    track: int
    total: int
    language: str  # ISO 639-2, e.g. "eng"
    copyright: Optional[str]
    comment: str
    genre: str = "Audiobook"
    subtitle: Optional[str] = None
    encoder: str = f"{ENCODER_NAME} CBR {BITRATE_KBPS} kbps"
    extra: dict[str, str] = field(default_factory=dict)  # TXXX description -> value


def _text(value: str) -> bytes:
    """Encoding byte + text: Latin-1 when possible, else UTF-16 with BOM (ID3v2.3 has no UTF-8)."""
    try:
        return b"\x00" + value.encode("latin-1")
    except UnicodeEncodeError:
        return b"\x01" + b"\xff\xfe" + value.encode("utf-16-le")


def _terminated(value: str) -> bytes:
    """A description string with the terminator of the encoding `_text` picks for it."""
    enc = _text(value)
    return enc + (b"\x00" if enc[0] == 0 else b"\x00\x00")


def _frame(frame_id: str, payload: bytes) -> bytes:
    return frame_id.encode("ascii") + struct.pack(">I", len(payload)) + b"\x00\x00" + payload


def _text_frame(frame_id: str, value: str) -> bytes:
    return _frame(frame_id, _text(value))


def _comm(language: str, description: str, text: str) -> bytes:
    try:
        desc = description.encode("latin-1")
        body = text.encode("latin-1")
        payload = b"\x00" + language.encode("ascii") + desc + b"\x00" + body
    except UnicodeEncodeError:
        payload = (
            b"\x01"
            + language.encode("ascii")
            + b"\xff\xfe"
            + description.encode("utf-16-le")
            + b"\x00\x00"
            + b"\xff\xfe"
            + text.encode("utf-16-le")
        )
    return _frame("COMM", payload)


def _txxx(description: str, value: str) -> bytes:
    try:
        payload = b"\x00" + description.encode("latin-1") + b"\x00" + value.encode("latin-1")
    except UnicodeEncodeError:
        payload = (
            b"\x01\xff\xfe"
            + description.encode("utf-16-le")
            + b"\x00\x00\xff\xfe"
            + value.encode("utf-16-le")
        )
    return _frame("TXXX", payload)


def _chap(ch: Chapter) -> bytes:
    payload = (
        ch.element_id.encode("ascii")
        + b"\x00"
        + struct.pack(">IIII", ch.start_ms, ch.end_ms, 0xFFFFFFFF, 0xFFFFFFFF)
        + _text_frame("TIT2", ch.title)
    )
    return _frame("CHAP", payload)


def _ctoc(element_id: str, children: list[str], title: str, top_level: bool) -> bytes:
    if len(children) > 255:
        raise ValueError("a CTOC frame holds at most 255 entries")
    flags = (0x02 if top_level else 0) | 0x01  # top-level, ordered
    payload = (
        element_id.encode("ascii")
        + b"\x00"
        + bytes([flags, len(children)])
        + b"".join(c.encode("ascii") + b"\x00" for c in children)
        + _text_frame("TIT2", title)
    )
    return _frame("CTOC", payload)


def build_id3(tags: TrackTags, chapters: list[Chapter], padding: int = 1024) -> bytes:
    """An ID3v2.3 tag: text frames, then CTOC, then the CHAP frames in time order.

    More than 255 chapters are grouped under intermediate CTOCs of at most 255 each.
    """
    frames = [
        _text_frame("TIT2", tags.title),
        _text_frame("TALB", tags.album),
    ]
    if tags.artist:
        frames.append(_text_frame("TPE1", tags.artist))
        frames.append(_text_frame("TPE2", tags.artist))
    frames.append(_text_frame("TRCK", f"{tags.track}/{tags.total}"))
    frames.append(_text_frame("TCON", tags.genre))
    frames.append(_text_frame("TLAN", tags.language))
    if tags.subtitle:
        frames.append(_text_frame("TIT3", tags.subtitle))
    if tags.copyright:
        frames.append(_text_frame("TCOP", tags.copyright))
    frames.append(_text_frame("TSSE", tags.encoder))
    frames.append(_comm(_lang3(tags.language), "", tags.comment))
    for key in sorted(tags.extra):
        frames.append(_txxx(key, tags.extra[key]))
    ordered = sorted(chapters, key=lambda c: (c.start_ms, c.end_ms))
    if ordered != chapters:
        raise ValueError("chapters must be given in time order")
    if chapters:
        ids = [c.element_id for c in chapters]
        if len(ids) <= 255:
            frames.append(_ctoc("toc", ids, tags.title, True))
        else:
            groups = [ids[i : i + 255] for i in range(0, len(ids), 255)]
            names = [f"toc{i + 1:03d}" for i in range(len(groups))]
            frames.append(_ctoc("toc", names, tags.title, True))
            for name, group, k in zip(names, groups, range(len(groups))):
                first = chapters[k * 255]
                frames.append(_ctoc(name, group, first.title, False))
        frames.extend(_chap(c) for c in chapters)
    body = b"".join(frames) + b"\x00" * padding
    return b"ID3\x03\x00\x00" + _syncsafe(len(body)) + body


def _syncsafe(n: int) -> bytes:
    if n >= 1 << 28:
        raise OutputError("the ID3 tag is too large")
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def _lang3(language: str) -> str:
    return language if len(language) == 3 and language.isascii() else "eng"


# ISO 639-1 -> 639-2/B for the languages espeak-ng speaks most often; others fall back to "und".
_ISO639_2 = {
    "en": "eng", "fr": "fre", "de": "ger", "es": "spa", "it": "ita", "pt": "por", "nl": "dut",
    "ko": "kor", "ja": "jpn", "zh": "chi", "ru": "rus", "pl": "pol", "sv": "swe", "da": "dan",
    "no": "nor", "nb": "nob", "fi": "fin", "cs": "cze", "el": "gre", "tr": "tur", "ar": "ara",
    "he": "heb", "hi": "hin", "vi": "vie", "id": "ind", "uk": "ukr", "hu": "hun", "ro": "rum",
    "ca": "cat", "cy": "wel", "ga": "gle", "la": "lat", "eo": "epo",
}


def iso639_2(language: str) -> str:
    """'en', 'en-US' or 'eng' -> 'eng'; unknown -> 'und'."""
    lang = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if len(lang) == 3 and lang.isalpha():
        return lang
    return _ISO639_2.get(lang, "und")


# --- writing a track ------------------------------------------------------------------------------


def write_track(path: Path, id3: bytes, segment_files: Iterable[Path], samples: int) -> int:
    """Write tag + Info frame + the segments' frames to `path` atomically; return its size.

    `samples`: the decoded length of the whole track (for the gapless padding field).
    """
    segment_files = list(segment_files)
    audio_bytes = sum(p.stat().st_size for p in segment_files)
    frames = 0
    for p in segment_files:
        with open(p, "rb") as fh:
            frames += count_frames(fh.read())
    head = id3 + info_frame(frames, audio_bytes, samples)

    def _write(fh) -> None:
        fh.write(head)
        for p in segment_files:
            with open(p, "rb") as src:
                while chunk := src.read(1 << 20):
                    fh.write(chunk)

    atomic_write(path, _write)
    return len(head) + audio_bytes


def atomic_write(path: Path, writer, mode: str = "wb") -> None:
    """Write through `writer(fh)` into a temp file beside `path`, then os.replace it into place.

    A crash leaves `path` as it was (old version or absent) and removes the temp file.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": "\n"})) as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


# --- reading back ---------------------------------------------------------------------------------


@dataclass
class RawFrame:
    id: str
    data: bytes


def read_frames(path: Path) -> list[RawFrame]:
    """The ID3v2.3/2.4 frames of a file, in the order they are stored (no unsynchronisation)."""
    with open(path, "rb") as fh:
        header = fh.read(10)
        if len(header) < 10 or header[:3] != b"ID3":
            return []
        version = header[3]
        size = _unsyncsafe(header[6:10])
        body = fh.read(size)
    return _parse_frames(body, version)


def _parse_frames(body: bytes, version: int) -> list[RawFrame]:
    frames = []
    i = 0
    while i + 10 <= len(body):
        fid = body[i : i + 4]
        if fid == b"\x00\x00\x00\x00" or not fid.isalnum():
            break
        size = _unsyncsafe(body[i + 4 : i + 8]) if version == 4 else struct.unpack(">I", body[i + 4 : i + 8])[0]
        frames.append(RawFrame(fid.decode("ascii"), body[i + 10 : i + 10 + size]))
        i += 10 + size
    return frames


def _unsyncsafe(b: bytes) -> int:
    return (b[0] << 21) | (b[1] << 14) | (b[2] << 7) | b[3]


def decode_text(data: bytes) -> str:
    enc, raw = data[0], data[1:]
    if enc == 0:
        return raw.decode("latin-1").rstrip("\x00")
    if enc == 1:
        return raw.decode("utf-16").rstrip("\x00")
    if enc == 2:
        return raw.decode("utf-16-be").rstrip("\x00")
    return raw.decode("utf-8").rstrip("\x00")


@dataclass
class ChapterFrame:
    element_id: str
    start_ms: int
    end_ms: int
    title: Optional[str]


@dataclass
class TocFrame:
    element_id: str
    top_level: bool
    ordered: bool
    children: list[str]
    title: Optional[str]


def _subframes_title(data: bytes, version: int) -> Optional[str]:
    for f in _parse_frames(data, version):
        if f.id == "TIT2":
            return decode_text(f.data)
    return None


def read_chapters(path: Path) -> tuple[list[ChapterFrame], list[TocFrame]]:
    """CHAP and CTOC frames in stored order (parsed from the raw tag, not via mutagen)."""
    with open(path, "rb") as fh:
        header = fh.read(10)
    version = header[3] if header[:3] == b"ID3" else 3
    chaps, tocs = [], []
    for f in read_frames(path):
        if f.id == "CHAP":
            end = f.data.index(b"\x00")
            start_ms, end_ms = struct.unpack(">II", f.data[end + 1 : end + 9])
            chaps.append(
                ChapterFrame(
                    f.data[:end].decode("latin-1"),
                    start_ms,
                    end_ms,
                    _subframes_title(f.data[end + 17 :], version),
                )
            )
        elif f.id == "CTOC":
            end = f.data.index(b"\x00")
            flags, count = f.data[end + 1], f.data[end + 2]
            pos = end + 3
            children = []
            for _ in range(count):
                z = f.data.index(b"\x00", pos)
                children.append(f.data[pos:z].decode("latin-1"))
                pos = z + 1
            tocs.append(
                TocFrame(
                    f.data[:end].decode("latin-1"),
                    bool(flags & 2),
                    bool(flags & 1),
                    children,
                    _subframes_title(f.data[pos:], version),
                )
            )
    return chaps, tocs


def read_text_tags(path: Path) -> dict[str, str]:
    """Text frames (T***, COMM) as a dict; TXXX as 'TXXX:description'."""
    out: dict[str, str] = {}
    for f in read_frames(path):
        try:
            if f.id == "TXXX":
                text = decode_text(f.data)
                desc, _, value = text.partition("\x00")
                out[f"TXXX:{desc}"] = value.lstrip("\x00").lstrip("\ufeff")
            elif f.id.startswith("T"):
                out[f.id] = decode_text(f.data)
            elif f.id == "COMM":
                enc = f.data[0]
                rest = bytes([enc]) + f.data[4:]
                text = decode_text(rest)
                _, _, value = text.partition("\x00")
                out.setdefault("COMM", value.lstrip("\x00").lstrip("\ufeff"))
        except (UnicodeDecodeError, IndexError):
            out[f.id] = "<undecodable>"
    return out


@dataclass
class StreamInfo:
    sample_rate: int
    channels: int
    bitrate: int  # bits per second
    cbr: bool  # every frame has the same bitrate
    duration: float  # seconds, gapless (from the Info tag when present)
    frames: int
    encoder_delay: Optional[int]
    encoder_padding: Optional[int]
    version: str  # "MPEG-1 Layer 3"


_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0]
_RATES_V1 = [44100, 48000, 32000, 0]


def stream_info(path: Path) -> StreamInfo:
    """Walk every MPEG frame header of a file: rate, channels, bitrate(s), length, Info tag.

    The file is memory-mapped, so a two-hour file costs no more memory than a short one."""
    import mmap

    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            raise OutputError(f"{path}: empty file")
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _stream_info(path, data)


def _stream_info(path: Path, data) -> StreamInfo:
    pos = 0
    if data[:3] == b"ID3":
        pos = 10 + _unsyncsafe(data[6:10])
        if data[5] & 0x10:
            pos += 10
    # skip to the first frame sync
    while pos + 4 <= len(data) and not (data[pos] == 0xFF and data[pos + 1] & 0xE0 == 0xE0):
        pos += 1
    bitrates = set()
    rate = channels = None
    frames = 0
    delay = padding = None
    info_frames = None
    versions = set()
    first = True
    while pos + 4 <= len(data):
        h = data[pos : pos + 4]
        if h[0] != 0xFF or h[1] & 0xE0 != 0xE0:
            if data[pos : pos + 3] == b"TAG":  # ID3v1 at the end
                break
            raise OutputError(f"{path}: lost MPEG frame sync at byte {pos}")
        ver = (h[1] >> 3) & 3
        layer = (h[1] >> 1) & 3
        versions.add((ver, layer))
        if ver != 3 or layer != 1:
            # not MPEG-1 Layer III: report, stop walking
            break
        br = _BITRATES_V1_L3[h[2] >> 4] * 1000
        sr = _RATES_V1[(h[2] >> 2) & 3]
        pad = (h[2] >> 1) & 1
        mode = h[3] >> 6
        if not br or not sr:
            raise OutputError(f"{path}: bad frame header at byte {pos}")
        size = 144 * br // sr + pad
        if first:
            side = 17 if mode == 3 else 32
            tag = data[pos + 4 + side : pos + 8 + side]
            if tag in (b"Info", b"Xing"):
                flags = struct.unpack(">I", data[pos + 8 + side : pos + 12 + side])[0]
                q = pos + 12 + side
                if flags & 1:
                    info_frames = struct.unpack(">I", data[q : q + 4])[0]
                    q += 4
                if flags & 2:
                    q += 4
                if flags & 4:
                    q += 100
                if flags & 8:
                    q += 4
                lame = data[q : q + 36]
                if lame[:4] in (b"LAME", b"Lavf", b"Lavc"):
                    d = lame[21:24]
                    delay = (d[0] << 4) | (d[1] >> 4)
                    padding = ((d[1] & 0x0F) << 8) | d[2]
                first = False
                rate, channels = sr, 1 if mode == 3 else 2
                pos += size
                continue
            first = False
        rate, channels = sr, 1 if mode == 3 else 2
        bitrates.add(br)
        frames += 1
        pos += size
    samples = frames * FRAME_SAMPLES
    if delay is not None and padding is not None:
        samples -= delay + padding
    version = "MPEG-1 Layer 3" if versions == {(3, 1)} else f"other MPEG {sorted(versions)}"
    return StreamInfo(
        sample_rate=rate or 0,
        channels=channels or 0,
        bitrate=max(bitrates) if bitrates else 0,
        cbr=len(bitrates) == 1,
        duration=max(samples, 0) / (rate or SAMPLE_RATE),
        frames=info_frames if info_frames is not None else frames,
        encoder_delay=delay,
        encoder_padding=padding,
        version=version,
    )


def decode_blocks(path: Path, blocksize: int = SAMPLE_RATE * 10):
    """Yield (float32 mono samples in [-1, 1], sample rate) blocks of a decoded MP3, gapless.

    Uses libsndfile/mpg123 from the `soundfile` wheel (mpg123 honours the LAME tag's delay and
    padding). Memory stays at one block whatever the file's length.
    """
    try:
        import soundfile as sf
    except ImportError as exc:
        raise EngineError(f"cannot decode MP3: the soundfile package is missing ({exc})") from None
    try:
        with sf.SoundFile(str(path)) as f:
            for block in f.blocks(blocksize=blocksize, dtype="float32", always_2d=True):
                yield block.mean(axis=1) if block.shape[1] > 1 else block[:, 0], f.samplerate
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise OutputError(f"cannot decode {path}: {exc}") from None


def decode(path: Path) -> tuple[np.ndarray, int]:
    """The whole decoded file (float32 mono) and its sample rate; for tests and short files."""
    blocks = []
    rate = SAMPLE_RATE
    for block, rate in decode_blocks(path):
        blocks.append(block)
    return (np.concatenate(blocks) if blocks else np.zeros(0, np.float32)), rate
