"""The Piper engine: neural voices (VITS models run by onnxruntime on the CPU).

Install with `pip install 'accessed[piper]'`; `piper` is imported only when the engine is used.
Nothing is ever downloaded: a voice is a `.onnx` file with its `.onnx.json` beside it, given by
path (`--voice /path/en_US-lessac-medium.onnx`) or by name when it lies in a voice folder
(`$ACCESSED_PIPER_VOICES`, a list of folders, then `$XDG_DATA_HOME/accessed/piper-voices`, by
default `~/.local/share/accessed/piper-voices`). docs/voices.md says how to get one.

Settings: words per minute become Piper's length scale (against the voice's natural pace,
`NATURAL_WPM`). Piper has no pitch control, so pitch (0-100, 50 = the voice's own) is made by
synthesising a little faster or slower and declaring another sample rate: the audio is then
resampled to 44.1 kHz at the new pitch and the intended length. Asides use another speaker of a
multi-speaker voice when there is one; otherwise the same voice lower and slower (the
AudioSettings defaults), which is clearly different.

Parallel synthesis and reproducibility. Piper's models draw random noise inside the ONNX graph
(RandomNormalLike); onnxruntime seeds each random kernel once, when its session is created, so an
utterance's noise depends on what that session has synthesised before. We therefore use a fixed
number of *lanes* (`LANES`): each lane is one session, seeded with `SEED + lane`, and receives
its utterances in script order, the work split between lanes by text length. The same script and
cache give the same audio whether the lanes run in one process or in `workers` processes.
`tracks.render_script` announces the utterances it will ask for with `prepare()`; the lanes then
run ahead in worker processes (spawned, one session each, one onnxruntime thread each: measured
faster than one session with two intra-op threads, see bench/piper_bench.py).

Worker processes also keep Piper's own espeak-ng (inside `piper.espeakbridge`) away from the
espeak-ng library that the pyttsx3 engine loads globally: in one process the bridge would bind
to that library and crash. In-process synthesis (`workers=0`) loads the bridge with
RTLD_DEEPBIND so that it keeps its own copy.
"""

from __future__ import annotations

import atexit
import collections
import hashlib
import json
import os
import pickle
import re
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from .engines import AudioSegment, Engine, VoiceInfo, VoiceSettings
from .errors import EngineError

INSTALL_HINT = "the piper engine needs piper-tts: pip install 'accessed[piper]'"
NATURAL_WPM = 170.0  # words per minute of a Piper voice at length scale 1 (measured on en_US-joe-medium)
SEMITONES_PER_PITCH_STEP = 0.25  # pitch 36 (the aside default) -> 3.5 semitones lower
RATE_QUANTUM = 525  # declared sample rates are multiples of this: cheap rational resampling to 44.1 kHz
SENTENCE_GAP = 0.2  # seconds of silence between the sentences of one utterance
LANES = 2  # fixed, so the output does not depend on the number of worker processes
SEED = 20240611
AHEAD = 8  # utterances submitted ahead per lane (bounds memory)
VOICES_ENV = "ACCESSED_PIPER_VOICES"
WORKERS_ENV = "ACCESSED_PIPER_WORKERS"


def voice_dirs() -> list[Path]:
    """Folders searched for voices by name, in order."""
    dirs = [Path(p).expanduser() for p in os.environ.get(VOICES_ENV, "").split(os.pathsep) if p.strip()]
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    dirs.append(Path(data_home) / "accessed" / "piper-voices")
    return dirs


def piper_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("onnxruntime") is not None
    except (ImportError, ValueError):
        return False


@dataclass(frozen=True)
class _Voice:
    id: str
    model: Path
    config: dict

    @property
    def sample_rate(self) -> int:
        return int(self.config.get("audio", {}).get("sample_rate", 22050))

    @property
    def speakers(self) -> dict[str, int]:
        return dict(self.config.get("speaker_id_map") or {})

    @property
    def num_speakers(self) -> int:
        return int(self.config.get("num_speakers", 1) or 1)

    def languages(self) -> tuple[str, ...]:
        lang = self.config.get("language") or {}
        code = str(lang.get("code") or self.config.get("espeak", {}).get("voice") or "")
        out = []
        if code:
            out.append(code.replace("_", "-").lower())
            family = lang.get("family") or code.replace("_", "-").split("-")[0]
            out.append(str(family).lower())
        return tuple(dict.fromkeys(out))

    def info(self) -> VoiceInfo:
        name = str(self.config.get("dataset") or self.model.stem)
        quality = (self.config.get("audio") or {}).get("quality")
        label = f"{name} (piper{', ' + quality if quality else ''}"
        label += f", {self.num_speakers} speakers)" if self.num_speakers > 1 else ")"
        return VoiceInfo(self.id, label, self.languages())


def _load_voice(model: Path, voice_id: str) -> _Voice:
    config_path = Path(f"{model}.json")
    if not model.is_file():
        raise EngineError(f"no Piper voice file {model}")
    if not config_path.is_file():
        raise EngineError(f"the Piper voice {model.name} has no {config_path.name} beside it")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["audio"]["sample_rate"]
        config["phoneme_id_map"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"unreadable Piper voice config {config_path}: {exc}") from None
    return _Voice(voice_id, model, config)


# --- synthesis (in a worker process, or in this one) --------------------------------------------

_SESSIONS: dict = {}
_SESSION_LOCK = threading.Lock()


def _import_piper():
    """Import piper with its espeak-ng bridge bound to its own symbols (see the module doc)."""
    if "piper.espeakbridge" not in sys.modules and hasattr(os, "RTLD_DEEPBIND"):
        old = sys.getdlopenflags()
        sys.setdlopenflags(os.RTLD_NOW | os.RTLD_DEEPBIND)
        try:
            from piper import espeakbridge  # noqa: F401
        except ImportError:
            pass
        finally:
            sys.setdlopenflags(old)
    import onnxruntime
    import piper

    return piper, onnxruntime


def _session(lane: int, model: str, config: dict, sessions: Optional[dict] = None):
    """The PiperVoice of `lane` for `model`, created once per process (or per `sessions` dict)
    with the lane's seed."""
    key = (lane, model)
    sessions = _SESSIONS if sessions is None else sessions
    with _SESSION_LOCK:
        voice = sessions.get(key)
        if voice is None:
            piper, ort = _import_piper()
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            ort.set_seed(SEED + lane)  # read by the random kernels as the session is created
            session = ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
            voice = piper.PiperVoice(session=session, config=piper.PiperConfig.from_dict(config))
            sessions[key] = voice
        return voice


def _synthesize(lane: int, model: str, config: dict, text: str, length_scale: float,
                speaker: Optional[int], sessions: Optional[dict] = None) -> bytes:
    """int16 mono PCM at the voice's own rate; sentences joined by SENTENCE_GAP of silence."""
    piper, _ort = _import_piper()
    voice = _session(lane, model, config, sessions)
    syn = piper.SynthesisConfig(speaker_id=speaker, length_scale=length_scale)
    rate = voice.config.sample_rate
    gap = np.zeros(int(SENTENCE_GAP * rate), dtype=np.int16)
    parts: list[np.ndarray] = []
    for chunk in voice.synthesize(text, syn_config=syn):
        if parts:
            parts.append(gap)
        parts.append(chunk.audio_int16_array)
    return np.concatenate(parts).astype("<i2").tobytes() if parts else b""


# --- worker processes ---------------------------------------------------------------------------
# A worker is `python -m accessed.piper_engine --worker`: requests and replies are pickled frames
# on its stdin/stdout (the module's own stdout goes to stderr). Not multiprocessing: its "spawn"
# re-imports the caller's main script, which breaks scripts without a __main__ guard.


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _recv(stream):
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("worker closed its pipe")
    (n,) = struct.unpack("<Q", head)
    data = stream.read(n)
    if len(data) < n:
        raise EOFError("worker closed its pipe")
    return pickle.loads(data)


def _worker_main() -> None:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the protocol
    inp = sys.stdin.buffer
    while True:
        try:
            request = _recv(inp)
        except EOFError:
            return
        ident, args = request
        try:
            reply = (ident, True, _synthesize(*args))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            reply = (ident, False, f"{type(exc).__name__}: {exc}")
        _send(out, reply)


class _Worker:
    """One worker process; requests are served in the order they are sent."""

    def __init__(self) -> None:
        env = dict(os.environ)
        src = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "accessed.piper_engine", "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        self.lock = threading.Lock()
        self.pending: dict[int, Future] = {}
        self.errors: collections.deque[str] = collections.deque(maxlen=20)
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def submit(self, args: tuple) -> Future:
        future: Future = Future()
        with self.lock:
            self.next_id += 1
            self.pending[self.next_id] = future
            try:
                _send(self.proc.stdin, (self.next_id, args))
            except (OSError, ValueError):
                self.pending.pop(self.next_id, None)
                future.set_exception(EngineError(self._dead()))
        return future

    def _dead(self) -> str:
        tail = " ".join(self.errors).strip()
        return f"the piper worker process stopped (exit code {self.proc.poll()})" + (f": {tail[-300:]}" if tail else "")

    def _read(self) -> None:
        try:
            while True:
                ident, ok, payload = _recv(self.proc.stdout)
                with self.lock:
                    future = self.pending.pop(ident, None)
                if future is not None:
                    if ok:
                        future.set_result(payload)
                    else:
                        future.set_exception(EngineError(payload))
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            pass
        self.proc.wait()
        with self.lock:
            pending, self.pending = self.pending, {}
        for future in pending.values():
            future.set_exception(EngineError(self._dead()))

    def _drain(self) -> None:
        for line in iter(self.proc.stderr.readline, b""):
            self.errors.append(line.decode("utf-8", "replace").strip())

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# --- the engine -----------------------------------------------------------------------------------


@dataclass
class _Job:
    key: tuple
    lane: int
    args: tuple


class PiperEngine(Engine):
    name = "piper"
    no_voice_hint = (
        "; give --voice PATH/TO/VOICE.onnx, or put a voice (NAME.onnx and NAME.onnx.json) in "
        "~/.local/share/accessed/piper-voices: `python -m piper.download_voices en_US-lessac-medium "
        "--data-dir ~/.local/share/accessed/piper-voices` fetches one (online, once)"
    )

    def __init__(self, workers: Optional[int] = None) -> None:
        self._lock = threading.RLock()
        self._voices: Optional[dict[str, _Voice]] = None
        self._extra: dict[str, _Voice] = {}  # voices given by path
        self._fingerprints: dict[str, str] = {}
        self._version: Optional[str] = None
        env = os.environ.get(WORKERS_ENV, "").strip()
        if workers is None:
            workers = int(env) if env.isdigit() else min(LANES, os.cpu_count() or 1)
        self.workers = max(0, min(int(workers), LANES))
        self._pools: list[_Worker] = []
        self._queue: collections.deque[_Job] = collections.deque()
        self._inflight: dict[tuple, list[Future]] = {}
        self._lane_load = [0] * LANES
        self._lane_pending = [0] * LANES
        self._lane_of: dict[int, int] = {}
        self._sessions: dict = {}  # in-process lanes (workers=0)
        atexit.register(self.close)

    # -- setup --

    def _ensure(self) -> str:
        if self._version is None:
            if not piper_available():
                raise EngineError(INSTALL_HINT)
            from importlib.metadata import PackageNotFoundError, version

            try:
                self._version = f"piper-tts-{version('piper-tts')}/onnxruntime-{version('onnxruntime')}"
            except PackageNotFoundError:
                raise EngineError(INSTALL_HINT) from None
        return self._version

    @property
    def cache_id(self) -> str:
        return self._ensure()

    def describe(self) -> str:
        where = ", ".join(str(d) for d in voice_dirs())
        return f"{self._ensure()} (neural voices; searched: {where})"

    def _installed(self) -> dict[str, _Voice]:
        if self._voices is None:
            found: dict[str, _Voice] = {}
            for d in voice_dirs():
                if not d.is_dir():
                    continue
                for model in sorted(d.glob("*.onnx")):
                    if model.stem in found or not Path(f"{model}.json").is_file():
                        continue
                    try:
                        found[model.stem] = _load_voice(model, model.stem)
                    except EngineError:
                        continue
            self._voices = found
        return self._voices

    def voices(self) -> list[VoiceInfo]:
        self._ensure()
        known = {**self._installed(), **self._extra}
        return [v.info() for v in known.values()]

    def has_voices(self) -> bool:
        return piper_available() and bool(self._installed())

    # -- voices --

    def resolve_voice(self, spec: Optional[str], language: str = "en") -> str:
        self._ensure()
        if spec is not None and str(spec).strip():
            base, _, speaker = str(spec).strip().partition("#")
            if base.endswith(".onnx") or os.sep in base or "/" in base:
                path = Path(base).expanduser().resolve()
                voice = _load_voice(path, str(path))
                self._extra[voice.id] = voice
            else:
                if "+" in base:
                    raise EngineError(
                        f"no voice variant in the piper engine ({spec!r}); use --aside-voice "
                        "with another voice or speaker (name#speaker), or --aside-pitch"
                    )
                voice_id = Engine.resolve_voice(self, base, language)
                voice = self._voice(voice_id)
            return voice.id + (f"#{self._speaker(voice, speaker)}" if speaker else "")
        return Engine.resolve_voice(self, None, language)

    def _voice(self, voice_id: str) -> _Voice:
        base = voice_id.partition("#")[0]
        voice = self._extra.get(base) or self._installed().get(base)
        if voice is None:
            path = Path(base)
            if path.suffix == ".onnx" and path.is_file():
                voice = self._extra[base] = _load_voice(path, base)
            else:
                raise EngineError(f"no voice {base!r} in the piper engine; `accessed voices` lists them")
        return voice

    @staticmethod
    def _speaker(voice: _Voice, speaker: str) -> int:
        speaker = speaker.strip()
        if speaker in voice.speakers:
            return voice.speakers[speaker]
        if speaker.isdigit() and int(speaker) < voice.num_speakers:
            return int(speaker)
        raise EngineError(
            f"the Piper voice {voice.model.stem} has no speaker {speaker!r} "
            f"({voice.num_speakers} speaker{'s' if voice.num_speakers != 1 else ''})"
        )

    def voice_fingerprint(self, voice: str) -> str:
        """The model's size and its config's content: a voice replaced under the same name (or
        path) gets new cache entries."""
        base = voice.partition("#")[0]
        if base not in self._fingerprints:  # once per voice and process: asked per utterance
            found = self._voice(base)
            try:
                size = found.model.stat().st_size
            except OSError:
                size = -1
            config = json.dumps(found.config, sort_keys=True).encode("utf-8")
            self._fingerprints[base] = f"{size}:{hashlib.sha256(config).hexdigest()[:16]}"
        return self._fingerprints[base]

    def aside_default(self, narrator_voice: str) -> str:
        """Another speaker of a multi-speaker voice; else the same voice (AudioSettings then makes
        asides lower and slower)."""
        base, _, speaker = narrator_voice.partition("#")
        voice = self._voice(base)
        if voice.num_speakers > 1:
            current = int(speaker) if speaker.isdigit() else int(voice.config.get("default_speaker_id", 0))
            return f"{base}#{(current + 1) % voice.num_speakers}"
        return narrator_voice

    # -- synthesis --

    def _params(self, text: str, settings: VoiceSettings) -> tuple[tuple, int]:
        """(arguments of _synthesize without the lane, declared sample rate)."""
        base, _, speaker = settings.voice.partition("#")
        voice = self._voice(base)
        native = voice.sample_rate
        declared = native
        if int(settings.pitch) != 50:
            target = native * 2 ** ((int(settings.pitch) - 50) * SEMITONES_PER_PITCH_STEP / 12)
            declared = max(RATE_QUANTUM, int(round(target / RATE_QUANTUM)) * RATE_QUANTUM)
        factor = declared / native  # played at `declared`, audio lasts 1/factor times longer: compensate
        base_scale = float((voice.config.get("inference") or {}).get("length_scale", 1.0))
        length_scale = base_scale * NATURAL_WPM / max(1, int(settings.rate)) * factor
        spk = int(speaker) if speaker.isdigit() else None
        return (str(voice.model), voice.config, text, round(length_scale, 6), spk), declared

    def _pools_ready(self) -> list[_Worker]:
        if self.workers and not self._pools:
            self._pools = [_Worker() for _ in range(self.workers)]  # fresh interpreters: no espeak clash
        return self._pools

    def _lane_for(self, text: str) -> int:
        lane = min(range(LANES), key=lambda i: (self._lane_load[i], i))
        self._lane_load[lane] += len(text) + 20
        return lane

    def prepare(self, items) -> None:
        """Announce the (text, VoiceSettings) the caller will ask for, in order: worker processes
        start on them at once. Utterances not announced are synthesised on demand."""
        if not self.workers:
            return
        self._ensure()
        with self._lock:
            seen = set(self._inflight) | {job.key for job in self._queue}
            for text, settings in items:
                text = " ".join(str(text).split())
                key = (text, settings.key())
                if key in seen:
                    continue
                seen.add(key)
                args, _rate = self._params(text, settings)
                self._queue.append(_Job(key, self._lane_for(text), args))
            self._pump()

    def _pump(self) -> None:
        pools = self._pools_ready()
        while self._queue:
            job = self._queue[0]
            if self._lane_pending[job.lane] >= AHEAD:
                break
            self._queue.popleft()
            self._submit(job, pools)

    def _submit(self, job: _Job, pools) -> Future:
        future = pools[job.lane % len(pools)].submit((job.lane, *job.args))
        self._lane_pending[job.lane] += 1
        self._lane_of[id(future)] = job.lane
        self._inflight.setdefault(job.key, []).append(future)
        return future

    def synthesize(self, text: str, voice: VoiceSettings) -> AudioSegment:
        self._ensure()
        text = " ".join(str(text).split())
        args, rate = self._params(text, voice)
        key = (text, voice.key())
        try:
            if self.workers:
                pcm = self._from_workers(key, args)
            else:
                with self._lock:
                    lane = self._lane_for(text)
                pcm = _synthesize(lane, *args, sessions=self._sessions)
        except EngineError:
            raise
        except Exception as exc:  # noqa: BLE001 - onnxruntime, the bridge or a dead worker
            short = text if len(text) <= 60 else text[:57] + "..."
            raise EngineError(f"piper could not speak {short!r}: {type(exc).__name__}: {exc}") from None
        _check(pcm, rate, text)
        return AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)

    def _from_workers(self, key: tuple, args: tuple) -> bytes:
        with self._lock:
            futures = self._inflight.get(key)
            if not futures:
                # queued but not yet submitted: submit everything up to it, in order
                if any(job.key == key for job in self._queue):
                    pools = self._pools_ready()
                    while self._queue:
                        job = self._queue.popleft()
                        self._submit(job, pools)
                        if job.key == key:
                            break
                else:
                    job = _Job(key, self._lane_for(key[0]), args)
                    self._submit(job, self._pools_ready())
                futures = self._inflight[key]
            future = futures.pop(0)
            if not futures:
                del self._inflight[key]
        try:
            return future.result()
        finally:
            with self._lock:
                lane = self._lane_of.pop(id(future), None)
                if lane is not None:
                    self._lane_pending[lane] = max(0, self._lane_pending[lane] - 1)
                self._pump()

    def close(self) -> None:
        pools, self._pools = self._pools, []
        for pool in pools:
            pool.close()


def _check(pcm: bytes, rate: int, text: str) -> None:
    speakable = bool(re.search(r"\w", text))
    if not speakable:
        return
    samples = np.frombuffer(pcm, dtype="<i2")
    seconds = len(samples) / rate if rate else 0.0
    short = text if len(text) <= 60 else text[:57] + "..."
    if seconds < 0.05 or not np.any(np.abs(samples.astype(np.int32)) > 64):
        raise EngineError(f"piper gave silent audio for {short!r}")
    letters = len(re.findall(r"\w", text))
    if seconds > 5.0 + 1.0 * letters:
        raise EngineError(f"piper gave implausibly long audio ({seconds:.1f} s) for {short!r}")


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _worker_main()
