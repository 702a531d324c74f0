"""Audio benchmark on the sample chapter.

    .venv/bin/python bench/audio_bench.py [--sample FILE] [--scale 10] [--json results.json]

Measures, each build in a fresh child process (so peak memory is the build's own):
  cold build        empty cache and output: time, audio seconds produced, real-time factor, peak RSS
  no-change rebuild same script again
  one-sentence      one sentence of the chapter changed
  floor             `espeak-ng -w` over the same text (the wheel's library when the CLI is absent)
                    plus one MP3 encode of that WAV with the same LAME settings
  memory scaling    a cold build of the chapter repeated --scale times (peak RSS must not grow
                    with it)
Targets (issue "Audio"): cold <= 3x floor; no-change <= 1 s; one-sentence <= 10% of cold; peak
memory of the long chapter well under --scale times the short one's.

The script is built from the sample text by a naive splitter (the real speech-script stage lives
elsewhere): credits, headings, paragraphs split into sentences, `[n]` notes read as asides
("Note n: ... End of note."), bibliography entries.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

SAMPLE = Path("/work/shared/samples/korean-history-ch18-evolving-relations.txt")
if not SAMPLE.exists():
    SAMPLE = ROOT / "src" / "accessed" / "data" / "korean-history-ch18-evolving-relations.txt"


# --- a naive script from the sample ---------------------------------------------------------------


def build_script(text: str, scale: int = 1) -> tuple[dict, list[dict]]:
    """(chapter fields, utterance dicts) from the sample's plain text."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    nonempty = [ln for ln in lines if ln.strip()]
    first = nonempty[0]
    m = re.match(r"(\d+(?:\.\d+)?)\s+(.*)", first)
    number, title = (m.group(1), m.group(2)) if m else (None, first)
    author = nonempty[1]
    body, bib, notes = [], [], {}
    mode = "body"
    for ln in nonempty[2:]:
        s = ln.strip()
        if s == "Bibliography":
            mode = "bib"
            continue
        if s in ("License", "Licence") or s.startswith("Share This Book"):
            mode = "end"
            continue
        nm = re.match(r"^\s*(\d+)\.\s+(.*)", ln)
        if mode in ("bib", "notes") and nm and ln.startswith("  "):
            mode = "notes"
            notes[int(nm.group(1))] = nm.group(2)
            continue
        if mode == "body":
            body.append(s)
        elif mode == "bib":
            bib.append(s)
    chapter = {"title": title, "number": number, "author": author, "book_title": "Korean History",
               "licence": "CC BY-NC-SA 4.0", "language": "en"}
    utts: list[dict] = []

    def add(uid, kind, role, text, part, block, section=None):
        utts.append({"id": uid, "kind": kind, "role": role, "text": text, "part": part,
                     "block": block, "section": section})

    add("c1", "credits", "narrator", f"Korean History. Chapter {number}. {title}.", "opening", "c1")
    add("c2", "credits", "narrator", f"Written by {author}.", "opening", "c2")
    add("c3", "credits", "narrator", "Narrated by a synthetic voice.", "opening", "c3")
    for k in range(scale):
        suffix = f" Copy {k + 1}." if scale > 1 else ""
        add(f"h{k}", "heading", "narrator", f"Chapter {number}. {title}.{suffix}", "chapter", f"h{k}", f"s{k}")
        for i, para in enumerate(body, 1):
            pid = f"k{k}p{i}"
            sentences = re.split(r"(?<=[.!?”])\s+(?=[A-Z“\"(])", para)
            for j, sent in enumerate(sentences, 1):
                refs = [int(x) for x in re.findall(r"\[(\d+)\]", sent)]
                clean = re.sub(r"\[\d+\]", "", sent).strip()
                if not clean:
                    continue
                if scale > 1:  # every copy's sentences must differ, or the cache would reuse them
                    clean = f"In copy {k + 1}, {clean[0].lower()}{clean[1:]}"
                add(f"{pid}.s{j}", "body", "narrator", clean, "chapter", pid, f"s{k}")
                for r in refs:
                    if r in notes:
                        add(f"{pid}.n{r}", "aside", "aside", f"Note {r}: {notes[r]} End of note.",
                            "chapter", pid, f"s{k}")
    for i, entry in enumerate(bib, 1):
        add(f"b{i}", "bibliography", "narrator", entry, "bibliography", f"b{i}")
    add("z1", "credits", "narrator", "This chapter is licensed under Creative Commons, "
        "Attribution, Non-Commercial, Share-Alike, 4.0.", "closing", "z1")
    add("z2", "credits", "narrator", f"End of chapter {number}.", "closing", "z2")
    return chapter, utts


# --- child: one build -----------------------------------------------------------------------------


def child_build(args) -> None:
    from accessed.model import Chapter, Script, Utterance
    from accessed.tracks import render_script

    spec = json.loads(Path(args.script).read_text())
    chapter = Chapter(**spec["chapter"])
    script = Script("original", [Utterance(**u) for u in spec["utterances"]])
    from accessed.engines import get_engine

    get_engine().cache_id  # engine start-up is not part of the build figure  # noqa: B018
    t0 = time.perf_counter()
    tracks = render_script(script, chapter, Path(args.out), cache_dir=Path(args.cache))
    seconds = time.perf_counter() - t0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "seconds": seconds,
        "audio_seconds": sum(t.duration for t in tracks),
        "peak_rss_mb": rss_kb / 1024,
        "files": len(tracks),
        "written": sum(t.written for t in tracks),
    }))


def run_child(script: Path, out: Path, cache: Path) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child-build", "--script", str(script), "--out", str(out),
         "--cache", str(cache)],
        capture_output=True, text=True,
    )
    if proc.returncode:
        sys.exit(f"build failed:\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t0
    return result


# --- the floor ------------------------------------------------------------------------------------


def floor(text: str, work: Path) -> dict:
    import lameenc

    wav = work / "floor.wav"
    txt = work / "floor.txt"
    txt.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    cli = shutil.which("espeak-ng")
    if cli:
        subprocess.run([cli, "-v", "en-us", "-s", "165", "-w", str(wav), "-f", str(txt)], check=True)
        how = f"{cli} -w"
    else:
        _espeak_lib_to_wav(text, wav)
        how = "libespeak-ng (wheel) to WAV"
    t1 = time.perf_counter()
    with wave.open(str(wav)) as w:
        rate, data = w.getframerate(), w.readframes(w.getnframes())
    enc = lameenc.Encoder()
    enc.set_bit_rate(192)
    enc.set_in_sample_rate(rate)
    enc.set_out_sample_rate(44100)
    enc.set_channels(1)
    enc.set_quality(2)
    mp3 = enc.encode(data) + enc.flush()
    t2 = time.perf_counter()
    return {"how": how, "synth_seconds": t1 - t0, "encode_seconds": t2 - t1, "seconds": t2 - t0,
            "audio_seconds": len(data) / 2 / rate, "mp3_bytes": len(mp3)}


def _espeak_lib_to_wav(text: str, wav: Path) -> None:
    import ctypes

    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    rate = lib.espeak_Initialize(2, 0, os.path.dirname(espeakng_loader.get_data_path()).encode(), 0)
    chunks = []
    cb_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

    def cb(samples, n, _events):
        if n > 0:
            chunks.append(ctypes.string_at(samples, n * 2))
        return 0

    keep = cb_type(cb)
    lib.espeak_SetSynthCallback(keep)
    lib.espeak_SetVoiceByName(b"gmw/en-us")
    lib.espeak_SetParameter(1, 165, 0)
    data = text.encode()
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, 1, None, None)
    lib.espeak_Synchronize()
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(chunks))


# --- main -----------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=Path, default=SAMPLE)
    ap.add_argument("--scale", type=int, default=10, help="memory check: chapter repeated N times (0: skip)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--child-build", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--script", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_build:
        child_build(args)
        return

    text = args.sample.read_text(encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="accessed-bench-"))
    try:
        chapter, utts = build_script(text)
        script = work / "script.json"
        script.write_text(json.dumps({"chapter": chapter, "utterances": utts}))
        out, cache = work / "out", work / "cache"
        print(f"sample: {args.sample.name}; {len(utts)} utterances; work dir {work}", flush=True)

        results: dict = {}
        results["cold"] = run_child(script, out, cache)
        results["no_change"] = run_child(script, out, cache)
        changed = [dict(u) for u in utts]
        target = next(u for u in changed if u["kind"] == "body" and u["id"].endswith(".s3"))
        target["text"] = target["text"].rstrip(".") + ", as the records show."
        script2 = work / "script2.json"
        script2.write_text(json.dumps({"chapter": chapter, "utterances": changed}))
        results["one_sentence"] = run_child(script2, out, cache)
        results["one_sentence"]["changed"] = target["id"]
        floor_text = "\n\n".join(u["text"] for u in utts)
        results["floor"] = floor(floor_text, work)
        if args.scale and args.scale > 1:
            chapter_n, utts_n = build_script(text, args.scale)
            script_n = work / "script_n.json"
            script_n.write_text(json.dumps({"chapter": chapter_n, "utterances": utts_n}))
            results[f"cold_x{args.scale}"] = run_child(script_n, work / "out_n", work / "cache_n")

        cold, floor_s = results["cold"], results["floor"]["seconds"]
        print()
        print(f"{'measure':<22} {'seconds':>9} {'audio s':>9} {'RTF':>8} {'peak MB':>8}")
        for name, r in results.items():
            rtf = r["seconds"] / r["audio_seconds"] if r.get("audio_seconds") else float("nan")
            print(f"{name:<22} {r['seconds']:>9.3f} {r.get('audio_seconds', 0):>9.1f} {rtf:>8.4f} "
                  f"{r.get('peak_rss_mb', float('nan')):>8.1f}")
        print(f"  floor = {results['floor']['how']} ({results['floor']['synth_seconds']:.2f} s) + "
              f"MP3 encode ({results['floor']['encode_seconds']:.2f} s)")
        checks = {
            "cold <= 3x floor": (cold["seconds"] <= 3 * floor_s, f"{cold['seconds'] / floor_s:.2f}x"),
            "no-change rebuild <= 1 s": (results["no_change"]["seconds"] <= 1.0,
                                         f"{results['no_change']['seconds']:.3f} s"),
            "one-sentence <= 10% of cold": (results["one_sentence"]["seconds"] <= 0.1 * cold["seconds"],
                                            f"{100 * results['one_sentence']['seconds'] / cold['seconds']:.1f}%"),
        }
        key = f"cold_x{args.scale}"
        if key in results:
            ratio = results[key]["peak_rss_mb"] / cold["peak_rss_mb"]
            checks[f"peak memory x{args.scale} chapter < 2x"] = (ratio < 2.0, f"{ratio:.2f}x")
        print()
        for name, (ok, figure) in checks.items():
            print(f"  {'PASS' if ok else 'FAIL'}  {name:<34} {figure}")
        results["checks"] = {k: {"pass": ok, "figure": fig} for k, (ok, fig) in checks.items()}
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
