"""Benchmark of the real `accessed build` on the sample chapter (audio included).

    .venv/bin/python bench/audio_bench.py [--sample FILE] [--scale 10] [--repeat 3] [--json out.json]

Every build is a fresh child process running `.venv/bin/accessed build FILE --out DIR` (run from an
empty working folder, so no local glossary.yaml / plain-overrides.yaml is picked up); its wall time
is taken around the process, its CPU time and peak RSS come from wait4() on that very child.

  1 cold build       empty output folder: wall, CPU, audio seconds produced (sum of the MP3
                     durations read back with mutagen), real-time factor (wall / audio), peak RSS
  2 no-change        the same command again (median of --repeat), the same with --no-audio (the
                     text stages and start-up only), their difference (the audio part), and
                     instrumented runs that time each pipeline stage inside the process (and the
                     peak RSS after each)
  3 one sentence     a copy of the sample with one word of one body sentence changed (--change):
                     wall, % of cold, utterances re-synthesised (new WAVs in the cache, checked
                     against the new (voice, text) pairs in the scripts), segments re-encoded,
                     MP3 files rewritten
  4 floor            `espeak-ng -w` over the text of both cold-build scripts (the same words), then
                     one MP3 encode of that WAV: resampled to 44.1 kHz with the pipeline's own
                     resampler, lameenc 192 kbps CBR mono, the pipeline's LAME quality. Without the
                     espeak-ng CLI, the wheel's libespeak-ng is driven through ctypes instead.
  5 memory scaling   a cold build of the chapter with its body paragraphs repeated --scale times
                     (each copy's sentences end in "(part k)", so the cache cannot reuse them):
                     peak RSS against the 1x cold build (also with --no-audio, to see which part
                     grows; --profile-scaled: also instrumented, to see after which stage)

Targets (issue "Audio"): cold <= 3x floor; no-change audio part <= 1 s; one-sentence <= 10 % of
cold; peak memory of the --scale x chapter far below --scale x the 1x build's (the design in
tracks.py says memory does not grow with length, so 2x is checked as well).

Timings are wall-clock on a shared machine: the load average is recorded around every run, and
CPU seconds are printed next to wall seconds because they suffer much less from other people's
processes. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
SAMPLE = SRC / "accessed" / "data" / "korean-history-ch18-evolving-relations.txt"
CODE = SRC  # the src/ the children run: a snapshot of SRC unless --no-snapshot
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_CHANGE = ("a very specific reason", "a very good reason")  # one word of one body sentence
BIB_HEADINGS = {"bibliography", "references", "works cited", "sources", "notes", "endnotes",
                "license", "licence"}
MIN_PROSE_WORDS = 25


class BenchError(Exception):
    pass


# --- child processes ------------------------------------------------------------------------------

_LIVE: set[int] = set()  # process groups of running children, killed on the way out


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(argv: list[str], label: str, logs: Path, cwd: Path, timeout: float,
        env: dict | None = None) -> dict:
    """Run one child to completion; wall time around it, CPU and peak RSS from wait4()."""
    out, err = logs / f"{label}.stdout", logs / f"{label}.stderr"
    load = os.getloadavg()[0]
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe,
                                start_new_session=True, env=env)
    _LIVE.add(proc.pid)
    timed_out = threading.Event()

    def on_timeout() -> None:
        timed_out.set()
        _kill_group(proc.pid)

    timer = threading.Timer(timeout, on_timeout)
    timer.daemon = True
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - t0
    _LIVE.discard(proc.pid)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    _kill_group(proc.pid)  # anything the child left behind in its group
    if timed_out.is_set():
        raise BenchError(f"{label}: no result after {timeout:.0f} s (killed); see {err}")
    if proc.returncode:
        tail = err.read_text(errors="replace").strip().splitlines()[-15:]
        raise BenchError(f"{label}: `{' '.join(argv)}` exited with {proc.returncode}:\n  "
                         + "\n  ".join(tail))
    return {
        "label": label,
        "argv": argv,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # kB on Linux
        "involuntary_switches": usage.ru_nivcsw,
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "stdout": str(out),
        "stderr": str(err),
    }


def tree_digest(root: Path) -> str:
    """A hash of the .py/.yaml/.txt/... files under `root` (not caches): has src/ changed?"""
    import hashlib

    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p):
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def snapshot_src(work: Path) -> Path:
    """Copy src/ so that edits others make during the run do not change what is measured (the
    editable install is a plain path entry, so PYTHONPATH puts the copy first)."""
    dest = work / "src"
    shutil.copytree(SRC, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    return dest


def accessed_command() -> list[str]:
    exe = VENV_BIN / "accessed"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("accessed")
    if found:
        return [found]
    raise BenchError("no `accessed` command: install the project into .venv first")


def bench_python() -> str:
    py = VENV_BIN / "python"
    return str(py) if py.exists() else sys.executable


# --- what a build left behind ---------------------------------------------------------------------


def chapter_dir(out: Path) -> Path:
    dirs = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if len(dirs) != 1:
        raise BenchError(f"expected one chapter folder in {out}, found {[p.name for p in dirs]}")
    return dirs[0]


def mp3_files(chapter: Path) -> list[Path]:
    return sorted((chapter / "audio").glob("*/*.mp3"))


def audio_seconds(chapter: Path) -> float:
    from mutagen.mp3 import MP3

    return sum(MP3(str(p)).info.length for p in mp3_files(chapter))


def cache_files(chapter: Path) -> dict[str, set[Path]]:
    """Files in the build's audio cache: utterance WAVs, their stats, encoded segments."""
    root = chapter / ".accessed-cache"
    return {
        "wav": set(root.glob("utterances/*/*.wav")),
        "stats": set(root.glob("utterances/*/*.json")),
        "segments": set(root.glob("segments/*/*.mp3")),
    }


def file_ids(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """(inode, mtime) per file: accessed writes atomically, so a rewrite changes both."""
    ids = {}
    for p in paths:
        st = p.stat()
        ids[p] = (st.st_ino, st.st_mtime_ns)
    return ids


def scripts(chapter: Path) -> dict[str, list[dict]]:
    return {p.stem.removeprefix("script-"): json.loads(p.read_text(encoding="utf-8"))["utterances"]
            for p in sorted(chapter.glob("script-*.json"))}


def spoken(script_set: dict[str, list[dict]]) -> set[tuple[str, str]]:
    """Distinct (voice role, text) pairs: what the utterance cache is keyed on (same settings)."""
    return {(u["role"], u["text"]) for utts in script_set.values() for u in utts
            if (u.get("text") or "").strip()}


# --- input variants -------------------------------------------------------------------------------


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blank-line-separated blocks of `text`."""
    spans, pos = [], 0
    for m in re.finditer(r"\n[ \t]*\n\s*", text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text.rstrip())))
    return spans


def _body(text: str) -> tuple[list[tuple[int, int]], int]:
    """The body blocks (after the title and author lines, before the bibliography / notes /
    licence heading) and the offset where the body ends."""
    spans = _blocks(text)
    end = next((i for i, (a, b) in enumerate(spans)
                if i >= 2 and text[a:b].strip().lower() in BIB_HEADINGS), len(spans))
    body = spans[2:end]
    return body, (spans[end][0] if end < len(spans) else len(text))


def _is_prose(block: str) -> bool:
    return "\n" not in block.strip() and len(block.split()) >= MIN_PROSE_WORDS


def change_one_word(text: str, old: str, new: str) -> str:
    """`text` with the first `old` in a body paragraph replaced by `new` (nothing else moves)."""
    pattern = re.compile(rf"\b{re.escape(old)}\b")
    for a, b in _body(text)[0]:
        m = pattern.search(text, a, b)
        if m:
            return text[:m.start()] + new + text[m.end():]
    raise BenchError(f"--change: {old!r} is not in any body paragraph of {SAMPLE.name}")


def scaled_chapter(text: str, k: int) -> tuple[str, int]:
    """The chapter with its prose paragraphs repeated `k` times in all. Copy 1 is the original
    body (figures, note markers); copies 2..k repeat the prose paragraphs, before the
    bibliography, with every sentence ending in " (part n)" and no note markers, so no
    utterance repeats one already said."""
    sys.path.insert(0, str(CODE))
    from accessed.sentences import split_sentences

    body, end = _body(text)
    prose = [text[a:b].strip() for a, b in body if _is_prose(text[a:b])]
    if not prose:
        raise BenchError("no prose paragraphs found in the sample")
    extra = []
    for n in range(2, k + 1):
        for para in prose:
            plain = re.sub(r"\[\d+\]", "", para)
            varied = []
            for a, b in split_sentences(plain):
                m = re.match(r"(.*?)([.!?…]*[\"'”’)\]]*)$", plain[a:b], re.S)
                varied.append(f"{m.group(1)} (part {n}){m.group(2)}")
            extra.append(" ".join(varied))
    return text[:end] + "\n\n".join(extra) + "\n\n" + text[end:], len(prose)


# --- the floor (child side) -----------------------------------------------------------------------


def child_floor_encode(wav_path: Path, mp3_path: Path) -> dict:
    """Resample the WAV to 44.1 kHz with the pipeline's resampler, encode it once like the
    pipeline (lameenc, 192 kbps CBR, mono, its LAME quality), streaming in 10 s chunks."""
    import wave

    import lameenc

    import numpy as np


    from accessed import audio, mp3

    t_resample = t_encode = 0.0
    with wave.open(str(wav_path), "rb") as w:
        rate, n = w.getframerate(), w.getnframes()
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise BenchError(f"{wav_path}: expected 16-bit mono")
        enc = lameenc.Encoder()
        enc.set_bit_rate(mp3.BITRATE_KBPS)
        enc.set_in_sample_rate(mp3.SAMPLE_RATE)
        enc.set_out_sample_rate(mp3.SAMPLE_RATE)
        enc.set_channels(1)
        enc.set_quality(mp3.LAME_QUALITY)
        size = 0
        with open(mp3_path, "wb") as fh:
            while True:
                pcm = w.readframes(rate * 10)
                if not pcm:
                    break
                t0 = time.perf_counter()
                x = audio.resample(audio.to_float(np.frombuffer(pcm, dtype="<i2")), rate,
                                   mp3.SAMPLE_RATE)
                data = audio.to_int16(x).tobytes()
                t1 = time.perf_counter()
                chunk = enc.encode(data)
                t2 = time.perf_counter()
                fh.write(chunk)
                size += len(chunk)
                t_resample += t1 - t0
                t_encode += t2 - t1
            t0 = time.perf_counter()
            tail = enc.flush()
            t_encode += time.perf_counter() - t0
            fh.write(tail)
            size += len(tail)
    return {"resample_s": t_resample, "encode_s": t_encode, "in_rate": rate,
            "wav_seconds": n / rate, "mp3_bytes": size}


def child_lib_synth(text_path: Path, wav_path: Path, rate_wpm: int) -> dict:
    """Fallback floor synthesis: the espeakng-loader wheel's libespeak-ng through ctypes,
    synchronous mode, one call over the whole text, into a 16-bit mono WAV."""
    import ctypes
    import wave

    import espeakng_loader

    t0 = time.perf_counter()
    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    data_parent = os.path.dirname(espeakng_loader.get_data_path()).encode()
    rate = lib.espeak_Initialize(2, 0, data_parent, 0)  # AUDIO_OUTPUT_SYNCHRONOUS
    if rate <= 0:
        raise BenchError("libespeak-ng (wheel) would not initialise")
    out = wave.open(str(wav_path), "wb")
    out.setnchannels(1)
    out.setsampwidth(2)
    out.setframerate(rate)
    cb_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                               ctypes.c_void_p)

    def callback(samples, n, _events):
        if n > 0:
            out.writeframes(ctypes.string_at(samples, n * 2))
        return 0

    keep = cb_type(callback)
    lib.espeak_SetSynthCallback(keep)
    lib.espeak_SetVoiceByName(b"gmw/en-us")
    lib.espeak_SetParameter(1, rate_wpm, 0)  # espeakRATE
    text = text_path.read_text(encoding="utf-8").encode("utf-8")
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_Synth(text, len(text) + 1, 0, 0, 0, 1, None, None)  # espeakCHARS_UTF8
    lib.espeak_Synchronize()
    out.close()
    return {"synth_s": time.perf_counter() - t0}


# --- stage profile (child side) -------------------------------------------------------------------


PIPELINE_STAGES = ("load_glossary", "load_overrides", "_check_engine", "load", "score",
                   "explain_terms", "simplify", "write_scripts", "write_outputs", "narrate")
TEXT_STAGES = ("load_glossary", "load_overrides", "load", "score", "explain_terms", "simplify",
               "write_scripts", "write_outputs")
# stages after narrate that package the audio (wrapped when the modules exist)
PUBLISH_STAGES = (("accessed.readalong", "write", "read-along"), ("accessed.epub", "write", "epub"))


def _vm_hwm_mb() -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def child_profile(result_path: Path, build_args: list[str]) -> None:
    """`accessed build ...` in this process, with each pipeline stage timed and the peak RSS
    noted when it ends (nothing in src/ is changed: the functions are wrapped at run time)."""
    import importlib

    t_entry = time.time()
    t_imp = time.perf_counter()
    from accessed import build as pipeline
    from accessed import cli
    import_cli = time.perf_counter() - t_imp
    t_imp = time.perf_counter()
    from accessed import engines, mp3
    import_engines = time.perf_counter() - t_imp

    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    peak_after: dict[str, float | None] = {}

    def wrap(owner, name: str, label: str) -> None:
        inner = getattr(owner, name, None)
        if inner is None:
            return

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - t0
                calls[label] = calls.get(label, 0) + 1
                peak_after[label] = _vm_hwm_mb()

        setattr(owner, name, timed)

    for name in PIPELINE_STAGES:
        wrap(pipeline, name, name)
    for module, name, label in PUBLISH_STAGES:
        try:
            wrap(importlib.import_module(module), name, label)
        except ImportError:
            pass
    wrap(engines.Pyttsx3Engine, "synthesize", "synthesize")
    wrap(mp3, "encode_segment", "encode_segment")
    t0 = time.perf_counter()
    try:
        cli.main(args=build_args, standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
    main_s = time.perf_counter() - t0
    engine = engines._INSTANCES.get("pyttsx3")
    import accessed

    result = {"code": str(Path(accessed.__file__).parent.parent), "t_entry": t_entry,
              "t_exit_main": time.time(), "import_cli_s": import_cli,
              "import_engines_s": import_engines, "main_s": main_s, "stages_s": spent,
              "calls": calls, "peak_after_mb": peak_after, "peak_mb": _vm_hwm_mb(),
              "engine": engine.cache_id if engine else None}
    result_path.write_text(json.dumps(result, indent=1))


# --- the measurements -----------------------------------------------------------------------------


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _spread(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs]
    return f"range {min(values):.2f}-{max(values):.2f}; " if len(values) > 1 else ""


class Bench:
    def __init__(self, args, work: Path):
        self.args = args
        self.work = work
        self.logs = work / "logs"
        self.cwd = work / "cwd"  # empty: no local glossary.yaml or plain-overrides.yaml
        for p in (self.logs, self.cwd):
            p.mkdir(parents=True)
        self.accessed = accessed_command()
        self.extra = list(args.build_arg or [])
        self.env = dict(os.environ)
        self.results: dict = {"sample": str(args.sample), "repeat": args.repeat,
                              "cpus": os.cpu_count(), "runs": {}, "src_digest": tree_digest(SRC)}
        if args.snapshot:
            global CODE
            CODE = snapshot_src(work)
            self.env["PYTHONPATH"] = os.pathsep.join(
                [str(CODE), *filter(None, [os.environ.get("PYTHONPATH")])])
            self.results["snapshot_digest"] = tree_digest(CODE)
        self.results["code"] = str(CODE)
        # the chapter is frozen too (the default one lives in src/)
        frozen = work / "input" / args.sample.name
        frozen.parent.mkdir()
        shutil.copyfile(args.sample, frozen)
        self.sample = frozen

    def say(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def build(self, label: str, source: Path, out: Path, *more: str) -> dict:
        self.say(f"  {label} ...")
        r = run([*self.accessed, "build", str(source), "--out", str(out), *self.extra, *more],
                label, self.logs, self.cwd, self.args.timeout, env=self.env)
        self.results["runs"][label] = r
        self.say(f"    {r['wall_s']:.2f} s wall, {r['cpu_s']:.2f} s CPU, "
                 f"{r['peak_rss_mb']:.0f} MB, load {r['load_before']:.2f}")
        return r

    # 1
    def cold(self) -> None:
        self.out = self.work / "out"
        r = self.build("cold", self.sample, self.out)
        self.chapter = chapter_dir(self.out)
        self.cold_scripts = scripts(self.chapter)
        cache = cache_files(self.chapter)
        r.update(audio_s=audio_seconds(self.chapter), mp3_files=len(mp3_files(self.chapter)),
                 utterances=sum(len(u) for u in self.cold_scripts.values()),
                 distinct_utterances=len(spoken(self.cold_scripts)),
                 synthesised=len(cache["wav"]), segments_encoded=len(cache["segments"]))
        if r["synthesised"] != r["distinct_utterances"]:
            self.say(f"  note: {r['synthesised']} WAVs cached for {r['distinct_utterances']} "
                     "distinct (voice, text) pairs")
        self.results["cold"] = r

    # 2
    def no_change(self) -> None:
        before_cache = cache_files(self.chapter)
        before_mp3 = file_ids(mp3_files(self.chapter))
        runs = [self.build(f"no-change-{i + 1}", self.sample, self.out)
                for i in range(self.args.repeat)]
        after = cache_files(self.chapter)
        rewritten = sum(1 for p, ident in file_ids(mp3_files(self.chapter)).items()
                        if before_mp3.get(p) != ident)
        quiet = [self.build(f"no-audio-{i + 1}", self.sample, self.out, "--no-audio")
                 for i in range(self.args.repeat)]
        profiles = [self.profile(f"profile-no-change-{i + 1}", self.sample, self.out)
                    for i in range(self.args.repeat)]
        prof = {k: statistics.median(p[k] for p in profiles) if isinstance(v, float) else v
                for k, v in profiles[-1].items()}
        prof["runs"] = profiles
        self.results["no_change"] = {
            "wall_s": _median(runs, "wall_s"), "wall_range": _spread(runs, "wall_s"),
            "cpu_s": _median(runs, "cpu_s"), "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "audio_s": audio_seconds(self.chapter),
            "synthesised": len(after["wav"] - before_cache["wav"]),
            "segments_encoded": len(after["segments"] - before_cache["segments"]),
            "mp3_rewritten": rewritten,
            "no_audio_wall_s": _median(quiet, "wall_s"), "no_audio_range": _spread(quiet, "wall_s"),
            "no_audio_cpu_s": _median(quiet, "cpu_s"),
            "no_audio_peak_rss_mb": max(r["peak_rss_mb"] for r in quiet),
            "profile": prof,
        }
        nc = self.results["no_change"]
        nc["audio_part_s"] = nc["wall_s"] - nc["no_audio_wall_s"]
        nc["audio_part_cpu_s"] = nc["cpu_s"] - nc["no_audio_cpu_s"]

    def profile(self, label: str, source: Path, out: Path) -> dict:
        """One instrumented run: where the time (and the peak RSS) goes inside the process."""
        self.say(f"  {label} ...")
        result = self.logs / f"{label}.json"
        env = dict(self.env)
        argv = [bench_python(), str(Path(__file__).resolve()), "--child-profile", str(result),
                "--", "build", str(source), "--out", str(out), *self.extra]
        spawn = time.time()
        r = run(argv, label, self.logs, self.cwd, self.args.timeout, env=env)
        self.results["runs"][label] = r
        p = json.loads(result.read_text())
        if Path(p["code"]) != Path(CODE):
            raise BenchError(f"the children ran accessed from {p['code']}, not {CODE}")
        st = p["stages_s"]
        narration = p["import_engines_s"] + st.get("_check_engine", 0) + st.get("narrate", 0)
        publish = sum(st.get(label, 0) for _, _, label in PUBLISH_STAGES)
        text = p["import_cli_s"] + sum(st.get(s, 0) for s in TEXT_STAGES)
        startup = p["t_entry"] - spawn
        exit_s = r["wall_s"] - (p["t_exit_main"] - spawn)
        self.say(f"    {r['wall_s']:.2f} s wall; narration {narration:.2f} s, read-along + EPUB "
                 f"{publish:.2f} s, text {text:.2f} s")
        return {"wall_s": r["wall_s"], "audio_s": narration, "publish_s": publish,
                "text_s": text, "startup_s": startup, "exit_s": exit_s,
                "other_s": r["wall_s"] - narration - publish - text - startup - exit_s,
                "score_s": st.get("score", 0.0), "simplify_s": st.get("simplify", 0.0),
                "engine_start_s": st.get("_check_engine", 0.0), "narrate_s": st.get("narrate", 0.0),
                "import_engines_s": p["import_engines_s"], "import_cli_s": p["import_cli_s"],
                "peak_after_narrate_mb": p["peak_after_mb"].get("narrate"),
                "peak_after_write_outputs_mb": p["peak_after_mb"].get("write_outputs"),
                "peak_mb": p["peak_mb"], "stages_s": st, "calls": p["calls"],
                "peak_after_mb": p["peak_after_mb"], "engine": p["engine"]}

    # 3
    def one_sentence(self) -> None:
        old, new = self.args.change
        text = self.sample.read_text(encoding="utf-8")
        changed = self.work / "changed" / self.sample.name
        changed.parent.mkdir()
        changed.write_text(change_one_word(text, old, new), encoding="utf-8")
        runs, details, created = [], [], None
        for i in range(self.args.repeat):
            if created:  # back to the unchanged state, and forget what the last run made
                for group in created.values():
                    for p in group:
                        p.unlink(missing_ok=True)
                self.build(f"restore-{i + 1}", self.sample, self.out)
            before = cache_files(self.chapter)
            before_mp3 = file_ids(mp3_files(self.chapter))
            r = self.build(f"one-sentence-{i + 1}", changed, self.out)
            after = cache_files(self.chapter)
            created = {k: after[k] - before[k] for k in after}
            new_scripts = scripts(self.chapter)
            r.update(synthesised=len(created["wav"]), segments_encoded=len(created["segments"]),
                     expected=len(spoken(new_scripts) - spoken(self.cold_scripts)),
                     mp3_rewritten=sum(1 for p, ident in file_ids(mp3_files(self.chapter)).items()
                                       if before_mp3.get(p) != ident))
            runs.append(r)
            details.append({k: r[k] for k in ("synthesised", "segments_encoded", "expected",
                                              "mp3_rewritten")})
        changed_utts = sorted(spoken(new_scripts) - spoken(self.cold_scripts))
        self.results["one_sentence"] = {
            "change": [old, new], "wall_s": _median(runs, "wall_s"),
            "wall_range": _spread(runs, "wall_s"), "cpu_s": _median(runs, "cpu_s"),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "audio_s": audio_seconds(self.chapter), "per_run": details,
            "new_utterances": [list(x) for x in changed_utts],
            **{k: details[-1][k] for k in details[-1]},
        }

    # 4
    def floor(self) -> None:
        texts = [u["text"] for utts in self.cold_scripts.values() for u in utts
                 if (u.get("text") or "").strip()]
        txt = self.work / "floor.txt"
        txt.write_text("\n".join(" ".join(t.split()) for t in texts) + "\n", encoding="utf-8")
        wav, mp3 = self.work / "floor.wav", self.work / "floor.mp3"
        rate = str(self.args.rate)
        cli = shutil.which("espeak-ng") if self.args.floor in ("auto", "cli") else None
        if self.args.floor == "cli" and not cli:
            raise BenchError("--floor cli: no espeak-ng command on PATH")
        self.say("  floor ...")
        if cli:
            version = subprocess.run([cli, "--version"], capture_output=True, text=True,
                                     timeout=30).stdout
            m = re.search(r"(\d+\.\d+(?:\.\d+)?)", version)
            version = f"espeak-ng {m.group(1) if m else '?'}"
            synth = run([cli, "-v", "en-us", "-s", rate, "-w", str(wav), "-f", str(txt)],
                        "floor-synth", self.logs, self.cwd, self.args.timeout)
            how, synth_s = f"{version} CLI ({cli} -w)", synth["wall_s"]
        else:
            if self.args.floor == "auto":
                self.say("  note: no espeak-ng CLI; the floor uses the wheel's libespeak-ng")
            synth = run([bench_python(), str(Path(__file__).resolve()), "--child-lib-synth",
                         str(txt), str(wav), rate], "floor-synth", self.logs, self.cwd,
                        self.args.timeout, env=self.env)
            how = "libespeak-ng of the espeakng-loader wheel via ctypes (no espeak-ng CLI)"
            synth_s = json.loads(Path(synth["stdout"]).read_text())["synth_s"]
        enc = run([bench_python(), str(Path(__file__).resolve()), "--child-floor-encode",
                   str(wav), str(mp3)], "floor-encode", self.logs, self.cwd, self.args.timeout,
                  env=self.env)
        e = json.loads(Path(enc["stdout"]).read_text())
        total = synth_s + e["resample_s"] + e["encode_s"]
        self.results["floor"] = {
            "how": how, "synth_s": synth_s, "synth_cpu_s": synth["cpu_s"],
            "resample_s": e["resample_s"], "encode_s": e["encode_s"], "wall_s": total,
            "cpu_s": synth["cpu_s"] + enc["cpu_s"],  # the encode child's CPU includes its start-up
            "encode_process_wall_s": enc["wall_s"], "audio_s": e["wav_seconds"],
            "in_rate": e["in_rate"], "mp3_bytes": e["mp3_bytes"], "words": sum(len(t.split()) for t in texts),
            "peak_rss_mb": max(synth["peak_rss_mb"], enc["peak_rss_mb"]),
            "load_before": synth["load_before"], "load_after": enc["load_after"],
        }
        for p in (wav, mp3):
            p.unlink(missing_ok=True)

    # 5
    def scaling(self) -> None:
        k = self.args.scale
        text, paragraphs = scaled_chapter(self.sample.read_text(encoding="utf-8"), k)
        src = self.work / "scaled" / f"{self.sample.stem}-x{k}.txt"
        src.parent.mkdir()
        src.write_text(text, encoding="utf-8")
        quiet = self.build(f"cold-x{k}-no-audio", src, self.work / f"out-x{k}-text", "--no-audio")
        r = self.build(f"cold-x{k}", src, self.work / f"out-x{k}")
        chapter = chapter_dir(self.work / f"out-x{k}")
        sc = scripts(chapter)
        r.update(audio_s=audio_seconds(chapter), mp3_files=len(mp3_files(chapter)),
                 utterances=sum(len(u) for u in sc.values()), distinct_utterances=len(spoken(sc)),
                 synthesised=len(cache_files(chapter)["wav"]), prose_paragraphs=paragraphs,
                 no_audio_peak_rss_mb=quiet["peak_rss_mb"], no_audio_wall_s=quiet["wall_s"])
        self.results["scaled"] = {"scale": k, **r}
        shutil.rmtree(self.work / f"out-x{k}", ignore_errors=True)  # ~1 GB of cache
        shutil.rmtree(self.work / f"out-x{k}-text", ignore_errors=True)
        if self.args.profile_scaled:  # where the peak is: the same cold build, instrumented
            self.results["scaled"]["profile"] = self.profile(f"profile-cold-x{k}", src,
                                                             self.work / f"out-x{k}-profile")
            shutil.rmtree(self.work / f"out-x{k}-profile", ignore_errors=True)


# --- report ---------------------------------------------------------------------------------------


def _f(x, fmt=".2f") -> str:
    return "" if x is None else format(x, fmt)


def report(res: dict, scale: int) -> tuple[str, dict]:
    cold, nc, one, fl = res["cold"], res["no_change"], res["one_sentence"], res["floor"]
    sc = res.get("scaled")
    rows = []

    def row(name, wall=None, cpu=None, audio=None, peak=None, note="", rtf=True):
        r = (wall / audio) if (rtf and wall and audio) else None
        rows.append(f"{name:<38} {_f(wall):>8} {_f(cpu):>8} {_f(audio, '.1f'):>8} "
                    f"{_f(r, '.4f'):>7} {_f(peak, '.0f'):>8}  {note}")

    rep = f"median of {res['repeat']}" if res["repeat"] > 1 else "1 run"
    row("1 cold build (empty out dir)", cold["wall_s"], cold["cpu_s"], cold["audio_s"],
        cold["peak_rss_mb"], f"{cold['synthesised']} utterances synthesised "
        f"({cold['utterances']} in the scripts), {cold['segments_encoded']} segments, "
        f"{cold['mp3_files']} MP3s; load {cold['load_before']:.1f}")
    row(f"2 no-change rebuild ({rep})", nc["wall_s"], nc["cpu_s"], None, nc["peak_rss_mb"],
        f"{nc['wall_range']}{nc['synthesised']} synthesised, {nc['segments_encoded']} "
        f"encoded, {nc['mp3_rewritten']} MP3s rewritten")
    row("  same with --no-audio", nc["no_audio_wall_s"], nc["no_audio_cpu_s"], None,
        nc["no_audio_peak_rss_mb"], f"{nc['no_audio_range']}start-up + text stages + exit")
    row("  => audio part (difference)", nc["audio_part_s"], nc["audio_part_cpu_s"])
    p = nc["profile"]
    row(f"  => narration (instrumented, {rep})", p["audio_s"], None, None, None,
        f"numpy/pydub import {p['import_engines_s']:.2f} + engine start "
        f"{p['engine_start_s']:.2f} + narrate {p['narrate_s']:.2f}")
    if p["publish_s"]:
        row("  => read-along + EPUB (instrumented)", p["publish_s"], None, None, None,
            "after narrate; they embed/reference the MP3s (they also run with --no-audio)")
    row("  instrumented run, whole process", p["wall_s"], None, None, p["peak_mb"],
        f"interpreter start {p['startup_s']:.2f}, text {p['text_s']:.2f} (score+cmudict "
        f"{p['score_s']:.2f}, simplify {p['simplify_s']:.2f}), exit {p['exit_s']:.2f}, other "
        f"{p['other_s']:.2f}; peak {_f(p['peak_after_narrate_mb'], '.0f')} MB after narrate")
    row(f"3 one-sentence change ({rep})", one["wall_s"], one["cpu_s"], None, one["peak_rss_mb"],
        f"{one['wall_range']}{one['synthesised']} re-synthesised (expected "
        f"{one['expected']}), {one['segments_encoded']} segments, {one['mp3_rewritten']} MP3s "
        f"rewritten; {100 * one['wall_s'] / cold['wall_s']:.1f}% of cold")
    row("  => beyond a no-change rebuild", one["wall_s"] - nc["wall_s"],
        one["cpu_s"] - nc["cpu_s"], None, None,
        f"a no-change rebuild alone is {100 * nc['wall_s'] / cold['wall_s']:.1f}% of cold "
        f"(CPU {100 * nc['cpu_s'] / cold['cpu_s']:.1f}%)")
    row("4 floor: espeak-ng -w", fl["synth_s"], fl["synth_cpu_s"], None, None, fl["how"], rtf=False)
    row("  + resample to 44.1 kHz (ours)", fl["resample_s"], None, None, None,
        f"from {fl['in_rate']} Hz, the pipeline's resampler", rtf=False)
    row("  + one lameenc encode, 192k CBR", fl["encode_s"], None, None, None,
        "mono, the pipeline's LAME quality", rtf=False)
    row("  = floor", fl["wall_s"], fl["cpu_s"], fl["audio_s"], fl["peak_rss_mb"],
        f"{fl['words']} words; load {fl['load_before']:.1f}")
    if sc:
        row(f"5 cold build, {scale}x chapter", sc["wall_s"], sc["cpu_s"], sc["audio_s"],
            sc["peak_rss_mb"], f"{sc['synthesised']} synthesised, {sc['mp3_files']} MP3s; "
            f"peak {sc['peak_rss_mb'] / cold['peak_rss_mb']:.2f}x the 1x build; "
            f"load {sc['load_before']:.1f}")
        row("  same chapter, --no-audio", sc["no_audio_wall_s"], None, None,
            sc["no_audio_peak_rss_mb"],
            f"peak {sc['no_audio_peak_rss_mb'] / nc['no_audio_peak_rss_mb']:.2f}x the 1x "
            "--no-audio build")
        sp = sc.get("profile")
        if sp:
            after = sp["peak_after_mb"]
            row("  same, instrumented cold build", sp["wall_s"], None, None, sp["peak_mb"],
                f"peak after write_outputs {_f(after.get('write_outputs'), '.0f')} MB, after "
                f"narrate {_f(after.get('narrate'), '.0f')} MB, after read-along "
                f"{_f(after.get('read-along'), '.0f')} MB, after EPUB {_f(after.get('epub'), '.0f')}"
                f" MB (EPUB {sp['stages_s'].get('epub', 0):.1f} s)")
    head = (f"{'measure':<38} {'wall s':>8} {'CPU s':>8} {'audio s':>8} {'RTF':>7} "
            f"{'peak MB':>8}  notes")
    table = "\n".join([head, "-" * len(head), *rows])

    checks = {
        "cold <= 3x floor (wall)": (cold["wall_s"] <= 3 * fl["wall_s"],
                                    f"{cold['wall_s'] / fl['wall_s']:.2f}x "
                                    f"(CPU: {cold['cpu_s'] / fl['cpu_s']:.2f}x)"),
        "no-change narration <= 1 s": (p["audio_s"] <= 1.0,
                                       f"{p['audio_s']:.2f} s instrumented (engine + narrate)"),
        "no-change, audio on - off <= 1 s": (nc["audio_part_s"] <= 1.0,
                                             f"{nc['audio_part_s']:.2f} s wall, "
                                             f"{nc['audio_part_cpu_s']:.2f} s CPU (medians); "
                                             f"whole command {nc['wall_s']:.2f} s"),
        "one-sentence <= 10% of cold": (one["wall_s"] <= 0.1 * cold["wall_s"],
                                        f"{100 * one['wall_s'] / cold['wall_s']:.1f}% "
                                        f"(CPU: {100 * one['cpu_s'] / cold['cpu_s']:.1f}%)"),
        "one-sentence re-synthesises only it": (one["synthesised"] == one["expected"],
                                                f"{one['synthesised']} new WAVs, "
                                                f"{one['expected']} new (voice, text) pairs"),
    }
    if sc:
        ratio = sc["peak_rss_mb"] / cold["peak_rss_mb"]
        checks[f"peak memory {scale}x chapter < {scale}x"] = (ratio < scale, f"{ratio:.2f}x")
        checks[f"peak memory {scale}x chapter < 2x"] = (ratio < 2.0, f"{ratio:.2f}x")
    lines = [f"  {'PASS' if ok else 'FAIL'}  {name:<38} {fig}" for name, (ok, fig) in checks.items()]
    return table + "\n\n" + "\n".join(lines), {k: {"pass": ok, "figure": fig}
                                              for k, (ok, fig) in checks.items()}


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=Path, default=SAMPLE, help="chapter to build [the sample]")
    ap.add_argument("--scale", type=int, default=10,
                    help="memory check: body repeated N times (0 or 1: skip) [10]")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of the no-change, --no-audio and one-sentence builds [3]")
    ap.add_argument("--change", nargs=2, metavar=("OLD", "NEW"), default=DEFAULT_CHANGE,
                    help="the edit for the one-sentence rebuild [%(default)s]")
    ap.add_argument("--floor", choices=("auto", "cli", "lib"), default="auto",
                    help="floor synthesis: espeak-ng CLI, the wheel's library, or CLI if present")
    ap.add_argument("--rate", type=int, default=165, help="floor words per minute [165, as ours]")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed per child [3600]")
    ap.add_argument("--build-arg", action="append", metavar="ARG",
                    help="extra argument for every `accessed build` (repeatable)")
    ap.add_argument("--profile-scaled", action="store_true",
                    help="also run the long chapter's cold build instrumented: peak RSS after "
                         "each stage (another cold build: minutes)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                    help="run the live src/ instead of a copy taken at the start (edits made "
                         "during the run then change what a rebuild has to redo)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (outputs, logs)")
    ap.add_argument("--tmp", type=Path, default=None, help="where the work folder goes [$TMPDIR]")
    ap.add_argument("--child-profile", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-floor-encode", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-lib-synth", nargs=3, help=argparse.SUPPRESS)
    args, rest = ap.parse_known_args()

    if args.child_profile:
        child_profile(args.child_profile, [a for a in rest if a != "--"])
        return 0
    if args.child_floor_encode:
        print(json.dumps(child_floor_encode(*args.child_floor_encode)))
        return 0
    if args.child_lib_synth:
        t, w, r = args.child_lib_synth
        print(json.dumps(child_lib_synth(Path(t), Path(w), int(r))))
        return 0
    if rest:
        ap.error(f"unrecognised arguments: {' '.join(rest)}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    args.sample = args.sample.resolve()
    if not args.sample.is_file():
        ap.error(f"no sample {args.sample}")
    try:
        import mutagen  # noqa: F401
    except ImportError:
        sys.exit("mutagen is needed to read MP3 durations: .venv/bin/pip install -e '.[test]'")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="accessed-bench-", dir=args.tmp))
    up_before = _uptime()
    print(f"work folder {work}\n{up_before}", file=sys.stderr, flush=True)
    bench = None
    try:
        bench = Bench(args, work)
        bench.cold()
        bench.floor()  # right after the cold build, under the most similar load
        bench.no_change()
        bench.one_sentence()
        if args.scale and args.scale > 1:
            bench.scaling()
    except BenchError as exc:
        print(f"audio_bench: {exc}", file=sys.stderr)
        return 1
    finally:
        for pid in list(_LIVE):
            _kill_group(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    up_after = _uptime()
    res = bench.results
    res.update(uptime_before=up_before, uptime_after=up_after,
               engine=res["no_change"]["profile"]["engine"])
    drift = tree_digest(SRC) != res["src_digest"]
    res["src_changed_during_run"] = drift
    table, checks = report(res, args.scale)
    res["checks"] = checks
    extra = " ".join(args.build_arg or []) or "default options (both editions)"
    print(f"`accessed build {args.sample.name} --out DIR` with {extra}; "
          f"engine {res['engine']}; {os.cpu_count()} CPUs")
    print(f"code: {'a snapshot of' if args.snapshot else 'the live'} {SRC} "
          f"(digest {res['src_digest']})"
          + ("; src/ was edited by someone during the run" if drift else ""))
    print(f"before: {up_before}\nafter:  {up_after}\n")
    print(table)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
