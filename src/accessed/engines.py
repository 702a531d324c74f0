"""Speech engines: text + voice settings -> audio, and the narration settings that pick voices.

The default engine is pyttsx3. On Linux pyttsx3 drives espeak-ng through ctypes; we bind it to the
espeak-ng library and data of the `espeakng-loader` wheel, so `pip install` is enough, and fall back
to a system libespeak-ng when the wheel cannot be loaded (or `ACCESSED_ESPEAK=system`).

pyttsx3 is fragile, so every result is checked: `save_to_file` may write nothing or a stub, the
driver prints to stdout, a bad voice name is silently ignored, a stuck synthesis loops forever. The
engine validates voices itself, runs each synthesis under a watchdog with stdout silenced, reads the
WAV back, checks it (format, length, audible content), retries, and raises `EngineError` with one
clear line when it cannot produce audio.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import io
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import wave
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from .errors import ConfigError, EngineError

with warnings.catch_warnings():
    # pydub warns at import when ffmpeg is absent; we never ask it to decode or encode files.
    warnings.simplefilter("ignore", RuntimeWarning)
    warnings.simplefilter("ignore", DeprecationWarning)  # pydub imports audioop (3.11, 3.12)
    from pydub import AudioSegment  # noqa: E402

__all__ = [
    "AudioSegment",
    "AudioSettings",
    "Engine",
    "Pyttsx3Engine",
    "VoiceInfo",
    "VoiceSettings",
    "engine_names",
    "format_all_voices",
    "format_voices",
    "get_engine",
]


# --- settings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceSettings:
    """One voice role, fully resolved for an engine: voice id (+ optional variant), words per
    minute, pitch 0-100 (espeak's scale, 50 = the voice's normal pitch)."""

    voice: str
    rate: int = 165
    pitch: int = 50

    def key(self) -> str:
        return f"{self.voice}|{self.rate}|{self.pitch}"


DEFAULT_RATE = 165  # words per minute: an unhurried audiobook pace
DEFAULT_PITCH = 50
ASIDE_VARIANT = "m3"  # espeak variant for notes: a different timbre from the narrator's
ASIDE_PITCH_OFFSET = -14
ASIDE_RATE_OFFSET = -10


@dataclass(frozen=True)
class AudioSettings:
    """Everything the user can choose about the narration, in one place (`--voice`, `--rate`,
    `--aside-voice`, `--aside-rate`, `--aside-pitch`, `--engine`).

    `None` means "the default": the engine's voice for the chapter's language; for asides, the
    narrator's voice with another timbre (variant), a lower pitch and a slightly slower rate, so a
    listener hears at once that a note is not the main text.
    """

    engine: str = "auto"
    voice: Optional[str] = None
    rate: int = DEFAULT_RATE
    pitch: int = DEFAULT_PITCH
    aside_voice: Optional[str] = None
    aside_rate: Optional[int] = None
    aside_pitch: Optional[int] = None

    def __post_init__(self) -> None:
        for name in ("rate", "aside_rate"):
            value = getattr(self, name)
            if value is not None and not 80 <= int(value) <= 450:
                raise ConfigError(f"--{name.replace('_', '-')} {value}: use 80-450 words per minute")
        for name in ("pitch", "aside_pitch"):
            value = getattr(self, name)
            if value is not None and not 0 <= int(value) <= 100:
                raise ConfigError(f"--{name.replace('_', '-')} {value}: use 0-100")

    @classmethod
    def from_options(cls, **options) -> "AudioSettings":
        """Build from CLI/config values, ignoring those left as None."""
        return cls(**{k: v for k, v in options.items() if v is not None})

    def roles(self, engine: "Engine", language: str) -> dict[str, VoiceSettings]:
        """Resolve both roles for `engine`: {'narrator': ..., 'aside': ...}. Raises EngineError
        naming the voice when it does not exist."""
        narrator_voice = engine.resolve_voice(self.voice, language)
        if self.aside_voice:
            aside_voice = engine.resolve_voice(self.aside_voice, language)
        else:
            aside_voice = engine.aside_default(narrator_voice)
        narrator = VoiceSettings(narrator_voice, int(self.rate), int(self.pitch))
        aside = VoiceSettings(
            aside_voice,
            int(self.aside_rate if self.aside_rate is not None else self.rate + ASIDE_RATE_OFFSET),
            int(
                self.aside_pitch
                if self.aside_pitch is not None
                else max(0, self.pitch + ASIDE_PITCH_OFFSET)
            ),
        )
        return {"narrator": narrator, "aside": aside}


# --- the interface --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: Optional[str] = None


class Engine:
    """Text + voice settings -> audio. Subclasses implement `voices` and `_synthesize`."""

    name: str = "engine"

    @property
    def cache_id(self) -> str:
        """Identifies the engine build: part of every cache key (another build, another sound)."""
        return self.name

    def voices(self) -> list[VoiceInfo]:
        raise NotImplementedError

    def variants(self) -> list[str]:
        """Voice variants that can follow a voice id after '+' (none by default)."""
        return []

    def describe(self) -> str:
        """One line for `accessed voices`: engine, library and where it was loaded from."""
        return self.cache_id

    def resolve_voice(self, spec: Optional[str], language: str = "en") -> str:
        """A user's voice (id, short id, name or language, optional '+variant') -> voice id.

        `None` picks the best voice for `language`. Raises EngineError with a hint when nothing
        matches.
        """
        voices = self.voices()
        if not voices:
            raise EngineError(f"the {self.name} engine has no voices installed{self.no_voice_hint}")
        if spec is None or not str(spec).strip():
            return self._voice_for_language(voices, language)
        base, _, variant = str(spec).strip().partition("+")
        found = self._match(voices, base)
        if found is None:
            raise EngineError(
                f"no voice {spec!r} in the {self.name} engine; `accessed voices` lists them"
            )
        if variant:
            if variant not in self.variants():
                raise EngineError(
                    f"no voice variant {variant!r} in the {self.name} engine; "
                    "`accessed voices` lists them"
                )
            return f"{found.id}+{variant}"
        return found.id

    def aside_default(self, narrator_voice: str) -> str:
        base = narrator_voice.partition("+")[0]
        return f"{base}+{ASIDE_VARIANT}" if ASIDE_VARIANT in self.variants() else base

    @staticmethod
    def _match(voices: list[VoiceInfo], base: str) -> Optional[VoiceInfo]:
        b = base.lower()
        for test in (
            lambda v: v.id.lower() == b,
            lambda v: v.id.lower().rsplit("/", 1)[-1] == b,
            lambda v: v.name.lower() == b,
            lambda v: b in (lang.lower() for lang in v.languages),
        ):
            hits = [v for v in voices if test(v)]
            if hits:
                return hits[0]
        return None

    @staticmethod
    def _voice_for_language(voices: list[VoiceInfo], language: str) -> str:
        lang = (language or "en").lower().replace("_", "-")
        preferred = {"en": "en-us"}.get(lang, lang)
        for want in (preferred, lang):
            for v in voices:
                if want in (x.lower() for x in v.languages) or v.id.lower().rsplit("/", 1)[-1] == want:
                    return v.id
        primary = lang.split("-")[0]
        for v in voices:
            if any(x.lower().split("-")[0] == primary for x in v.languages):
                return v.id
        raise EngineError(
            f"no voice for language {language!r}; pick one with --voice (`accessed voices` lists them)"
        )

    no_voice_hint = ""  # appended to "has no voices installed"

    def voice_fingerprint(self, voice: str) -> str:
        """What identifies `voice`'s sound beyond its name (a model file's content, say), so the
        cache notices a voice replaced under the same name. Empty when the name suffices."""
        return ""

    def prepare(self, items) -> None:
        """Optional: the (text, VoiceSettings) pairs `synthesize` will be asked for, in order, so
        an engine can work ahead in parallel. The default does nothing."""

    def synthesize(self, text: str, voice: VoiceSettings) -> AudioSegment:
        """Speak `text` with `voice`; mono 16-bit audio, silence trimmed by the caller."""
        raise NotImplementedError


# --- pyttsx3 --------------------------------------------------------------------------------------

_LOAD_LOCK = threading.RLock()
_ESPEAK_STATE: dict = {}


def _espeak_setup() -> dict:
    """Bind pyttsx3's espeak driver to an espeak-ng library, once per process.

    Returns {'library': path or soname, 'data': espeak-ng-data dir or None, 'source': 'wheel' |
    'system', 'module': pyttsx3.drivers._espeak}.
    """
    with _LOAD_LOCK:
        if _ESPEAK_STATE:
            return _ESPEAK_STATE
        wheel = None
        want_system = os.environ.get("ACCESSED_ESPEAK", "").strip().lower() == "system"
        already = "pyttsx3.drivers._espeak" in sys.modules
        if not want_system and not already:
            try:
                import espeakng_loader

                lib_path = espeakng_loader.get_library_path()
                data_dir = espeakng_loader.get_data_path()
                # Loaded first, by path and globally: pyttsx3's own dlopen("libespeak-ng.so.1")
                # then finds this library by its soname instead of searching the system.
                handle = ctypes.CDLL(lib_path, mode=ctypes.RTLD_GLOBAL)
                wheel = (lib_path, data_dir, handle)
            except Exception:  # noqa: BLE001 - any failure means: use the system library
                wheel = None
        try:
            with _silenced(fd_stderr=True):
                from pyttsx3.drivers import _espeak
        except Exception as exc:  # noqa: BLE001
            raise EngineError(
                "pyttsx3 cannot load espeak-ng: reinstall the espeakng-loader package or install "
                f"the system espeak-ng library ({exc})"
            ) from None
        state = {"module": _espeak, "source": "system", "library": "libespeak-ng.so.1", "data": None}
        if wheel is not None and getattr(_espeak.dll, "_handle", None) == wheel[2]._handle:
            lib_path, data_dir, _handle = wheel
            original = _espeak.Initialize
            parent = os.path.dirname(data_dir).encode()

            def initialize(output=_espeak.AUDIO_OUTPUT_PLAYBACK, bufflength=100, path=None, options=0):
                # espeak-ng looks for <path>/espeak-ng-data; the wheel's data matches its library
                return original(output, bufflength, path if path is not None else parent, options)

            _espeak.Initialize = initialize
            state.update(source="wheel", library=lib_path, data=data_dir)
        _ESPEAK_STATE.update(state)
        return _ESPEAK_STATE


@contextlib.contextmanager
def _silenced(fd_stderr: bool = False):
    """Silence stdout (Python and the C library's fd 1), optionally fd 2; yields a StringIO that
    receives what the Python side printed."""
    buf = io.StringIO()
    saved = []
    sink = None
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (AttributeError, ValueError):
        pass
    try:
        sink = open(os.devnull, "w")
        for fd in (1, 2) if fd_stderr else (1,):
            try:
                saved.append((fd, os.dup(fd)))
                os.dup2(sink.fileno(), fd)
            except OSError:
                pass
    except OSError:
        sink = None
    try:
        with contextlib.redirect_stdout(buf):
            if fd_stderr:
                with contextlib.redirect_stderr(buf):
                    yield buf
            else:
                yield buf
    finally:
        for fd, copy in reversed(saved):
            os.dup2(copy, fd)
            os.close(copy)
        if sink is not None:
            sink.close()


class Pyttsx3Engine(Engine):
    """pyttsx3, with the espeak driver on Linux (the platform's default driver elsewhere)."""

    name = "pyttsx3"
    attempts = 3
    timeout = 60.0  # seconds for one utterance before the watchdog stops the driver

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._engine = None
        self._driver_name = "espeak" if sys.platform.startswith("linux") else None
        self._state: dict = {}
        self._voices: Optional[list[VoiceInfo]] = None
        self._variants: Optional[list[str]] = None
        self._version = "unknown"
        self._tmpdir: Optional[str] = None
        self._count = 0

    # -- setup --

    def _ensure(self):
        if self._engine is not None:
            return self._engine
        with self._lock:
            if self._engine is not None:
                return self._engine
            try:
                import pyttsx3
            except ImportError as exc:
                raise EngineError(f"pyttsx3 is not installed ({exc})") from None
            if self._driver_name == "espeak":
                self._state = _espeak_setup()
            try:
                with _silenced(fd_stderr=True):
                    engine = pyttsx3.init(self._driver_name)
            except EngineError:
                raise
            except Exception as exc:  # noqa: BLE001 - pyttsx3 raises anything
                where = self._state.get("data") or "the system espeak-ng data"
                raise EngineError(f"pyttsx3 could not start espeak-ng ({where}): {exc}") from None
            if self._driver_name == "espeak":
                self._version = self._espeak_version()
            try:
                self._version = f"pyttsx3-{pyttsx3_version()}/{self._version}"
            except Exception:  # noqa: BLE001
                pass
            # pyttsx3 starts "busy": it would hold the first utterance's settings back and send
            # them to espeak-ng inside its loop, right before its stop() (see `_settle`). Start
            # idle, as every runAndWait leaves it.
            with contextlib.suppress(Exception):
                engine.proxy.setBusy(False)
            self._tmpdir = tempfile.mkdtemp(prefix="accessed-tts-")
            atexit.register(self._shutdown)
            self._engine = engine
            return engine

    def _shutdown(self) -> None:
        """Drop pyttsx3's engine while the interpreter is still whole: its destructor otherwise
        runs during shutdown and prints a traceback. Remove our temp folder."""
        self._engine = None
        with contextlib.suppress(Exception):
            import gc

            import pyttsx3

            pyttsx3._activeEngines.clear()
            gc.collect()
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)

    def _espeak_version(self) -> str:
        mod = self._state.get("module")
        try:
            fn = mod.dll.espeak_Info
            fn.restype = ctypes.c_char_p
            fn.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
            path = ctypes.c_char_p()
            version = fn(ctypes.byref(path)).decode()
            if path.value and not self._state.get("data"):
                self._state["data"] = path.value.decode()
            return f"espeak-ng-{version}"
        except Exception:  # noqa: BLE001
            return "espeak-ng"

    @property
    def cache_id(self) -> str:
        self._ensure()
        return self._version

    def describe(self) -> str:
        self._ensure()
        if self._driver_name != "espeak":
            return f"{self._version} (driver: platform default)"
        return (
            f"{self._version} from the {self._state.get('source')} library "
            f"{self._state.get('library')}; data {self._state.get('data')}"
        )

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            engine = self._ensure()
            with self._lock, _silenced():
                raw = engine.getProperty("voices") or []
            out = []
            for v in raw:
                langs = []
                for lang in getattr(v, "languages", None) or []:
                    if isinstance(lang, bytes):
                        lang = lang.decode("utf-8", "ignore")
                    lang = str(lang).strip().lstrip("\x00").strip()
                    if lang:
                        langs.append(lang)
                out.append(VoiceInfo(str(v.id), str(v.name or v.id), tuple(langs), getattr(v, "gender", None)))
            self._voices = out
        return list(self._voices)

    def variants(self) -> list[str]:
        if self._variants is None:
            self._ensure()
            data = self._state.get("data")
            names: list[str] = []
            if data:
                folder = Path(data) / "voices" / "!v"
                if folder.is_dir():
                    names = sorted(p.name for p in folder.iterdir() if p.is_file())
            self._variants = names
        return list(self._variants)

    # -- synthesis --

    def _apply(self, engine, voice: VoiceSettings) -> None:
        # pyttsx3 queues these and applies them, in order, inside runAndWait
        engine.setProperty("voice", voice.voice)
        engine.setProperty("rate", int(voice.rate))
        engine.setProperty("volume", 1.0)
        if self._driver_name == "espeak":
            engine.setProperty("pitch", int(voice.pitch))

    def _check_voice(self, engine, voice: VoiceSettings) -> None:
        """pyttsx3 swallows SetVoiceByName failures: check the voice that was really used."""
        if self._driver_name != "espeak":
            return
        current = (engine.getProperty("voice") or "").lower()
        if current != voice.voice.lower():
            raise EngineError(f"espeak-ng did not accept the voice {voice.voice!r}")

    def synthesize(self, text: str, voice: VoiceSettings) -> AudioSegment:
        engine = self._ensure()
        text = " ".join(str(text).split())
        speakable = bool(re.search(r"\w", text))
        last_problem = "no attempt made"
        errors: list[BaseException] = []
        with self._lock:
            token = engine.connect("error", lambda name=None, exception=None, **_: errors.append(exception))
            try:
                for _attempt in range(self.attempts):
                    errors.clear()
                    self._count += 1
                    target = Path(self._tmpdir) / f"u{self._count}.wav"
                    try:
                        with _silenced():
                            self._settle()
                            self._apply(engine, voice)
                            self._settle()
                            self._run(engine, text, target)
                        self._check_voice(engine, voice)
                        samples, rate, problem = _check_wav(target, text, speakable)
                    except EngineError as exc:
                        if "voice" in str(exc):
                            raise
                        samples, rate, problem = b"", 0, str(exc)
                    finally:
                        try:
                            target.unlink()
                        except OSError:
                            pass
                    if problem is None:
                        return AudioSegment(data=samples, sample_width=2, frame_rate=rate, channels=1)
                    if errors:
                        problem = f"{problem} ({errors[-1]})"
                    last_problem = problem
            finally:
                engine.disconnect(token)
        short = text if len(text) <= 60 else text[:57] + "..."
        raise EngineError(
            f"pyttsx3 gave no usable audio for {short!r} after {self.attempts} attempts: {last_problem}"
        )

    def _settle(self) -> None:
        """Wait until espeak-ng has run every queued command. In pyttsx3's retrieval mode rate,
        volume and pitch are queued on espeak-ng's own thread, and runAndWait first calls the
        driver's stop(), which cancels whatever is still queued when espeak-ng looks busy: under
        load a voice change then kept the previous rate and pitch (and disturbed what followed)."""
        if self._driver_name != "espeak":
            return
        is_playing = self._state["module"].IsPlaying
        deadline = time.monotonic() + self.timeout
        while is_playing():
            if time.monotonic() > deadline:
                raise EngineError("espeak-ng stayed busy")
            time.sleep(0.001)

    def _run(self, engine, text: str, target: Path) -> None:
        driver = getattr(getattr(engine, "proxy", None), "_driver", None)
        stuck = threading.Event()

        def watchdog() -> None:
            stuck.set()
            with contextlib.suppress(Exception):
                engine.stop()
            with contextlib.suppress(Exception):
                driver.endLoop()

        timer = threading.Timer(self.timeout, watchdog)
        timer.daemon = True
        timer.start()
        try:
            engine.save_to_file(text, str(target))
            engine.runAndWait()
        except RuntimeError as exc:
            # "run loop already started" after an earlier failure: reset and let the retry go
            with contextlib.suppress(Exception):
                engine.endLoop()
            raise EngineError(f"pyttsx3 failed: {exc}") from None
        finally:
            timer.cancel()
        if stuck.is_set():
            with contextlib.suppress(Exception):
                target.unlink()


def pyttsx3_version() -> str:
    from importlib.metadata import version

    return version("pyttsx3")


def _check_wav(path: Path, text: str, speakable: bool) -> tuple[bytes, int, Optional[str]]:
    """Read what pyttsx3 wrote; return (pcm, rate, problem) with problem None when it is good."""
    if not path.exists():
        return b"", 0, "no file was written"
    if path.stat().st_size <= 44:
        if not speakable:
            return b"", 22050, None
        return b"", 0, "an empty file was written"
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            data = w.readframes(n)
    except (wave.Error, EOFError, OSError) as exc:
        return b"", 0, f"unreadable WAV ({exc})"
    if width != 2 or rate < 8000 or channels not in (1, 2):
        return b"", 0, f"unexpected WAV format ({channels} ch, {8 * width} bit, {rate} Hz)"
    if len(data) < n * channels * width:
        return b"", 0, "the WAV file is truncated"
    if channels == 2:
        seg = AudioSegment(data=data, sample_width=2, frame_rate=rate, channels=2).set_channels(1)
        data = seg.raw_data
    if not speakable:
        return data, rate, None
    samples = np.frombuffer(data, dtype="<i2")
    seconds = len(samples) / rate
    if seconds < 0.05 or not np.any(np.abs(samples.astype(np.int32)) > 64):
        return b"", 0, "the audio is silent"
    letters = len(re.findall(r"\w", text))
    if seconds > 5.0 + 1.0 * letters:
        return b"", 0, f"implausibly long audio ({seconds:.1f} s for {letters} characters)"
    return data, rate, None


def format_voices(engine: Engine, language: Optional[str] = None) -> str:
    """The text `accessed voices` prints: the engine, then one voice a line (id, languages,
    name), optionally only those for `language`, then the variants that can follow '+'."""
    lines = [f"Engine: {engine.describe()}"]
    voices = engine.voices()
    if language:
        want = language.lower().split("-")[0]
        voices = [v for v in voices if any(x.lower().split("-")[0] == want for x in v.languages)]
    width = max((len(v.id) for v in voices), default=10)
    for v in sorted(voices, key=lambda v: v.id):
        langs = ", ".join(v.languages)
        lines.append(f"  {v.id:<{width}}  {langs:<16}  {v.name}")
    if not voices:
        lines.append(f"  (no voice for {language!r})" if language else f"  (no voices{engine.no_voice_hint})")
    variants = engine.variants()
    if variants:
        lines.append("Variants (append to a voice, e.g. --aside-voice en-us+m3): " + ", ".join(variants))
    try:
        default = engine.resolve_voice(None, language or "en")
        lines.append(f"Default for {language or 'en'}: {default}; asides: {engine.aside_default(default)}")
    except EngineError:
        pass
    return "\n".join(lines)


# --- registry -------------------------------------------------------------------------------------

_ENGINES = {"pyttsx3": Pyttsx3Engine}
_LAZY_ENGINES = ("piper",)  # imported on first use (optional extra)
_INSTANCES: dict[str, Engine] = {}


def engine_names() -> list[str]:
    return sorted([*_ENGINES, *_LAZY_ENGINES, "auto"])


def _engine_class(name: str):
    if name == "piper":
        from .piper_engine import PiperEngine

        return PiperEngine
    return _ENGINES[name]


def get_engine(name: str = "pyttsx3", voice: Optional[str] = None) -> Engine:
    """The engine called `name` (one instance per process: espeak initialises once).

    "auto" is Piper when piper-tts and a voice are installed (or `voice` is a .onnx file), else
    pyttsx3; the engine returned says which (`.name`)."""
    if name == "auto":
        return _auto_engine(voice)
    if name not in _ENGINES and name not in _LAZY_ENGINES:
        raise ConfigError(f"unknown engine {name!r}; choose from {', '.join(engine_names())}")
    if name not in _INSTANCES:
        _INSTANCES[name] = _engine_class(name)()
    return _INSTANCES[name]


def _auto_engine(voice: Optional[str] = None) -> Engine:
    from .piper_engine import piper_available

    if piper_available():
        piper = get_engine("piper")
        base = str(voice or "").partition("#")[0]
        if base.endswith(".onnx") or piper.has_voices():
            return piper
    return get_engine("pyttsx3")


def format_all_voices(language: Optional[str] = None) -> str:
    """`accessed voices` without --engine: every engine, what `auto` picks, each one's voices (or
    why it is not available)."""
    lines = [f"engines: {', '.join(engine_names())}; auto picks: {get_engine('auto').name}"]
    for name in engine_names():
        if name == "auto":
            continue
        lines.append("")
        try:
            lines.append(format_voices(get_engine(name), language))
        except EngineError as exc:
            lines.append(f"Engine: {name}: not available ({exc})")
    return "\n".join(lines)
