"""Editor overrides for the plain edition (`plain-overrides.yaml`).

    overrides:
      - paragraph: p2            # or  sentence: p2.s4
        original: "Very quickly after the conclusion of World War II, …"
        plain: "Soon after World War II ended, the Soviet Union looked for a leader. …[2]"

`original` is the text being replaced, as it was when the editor wrote the override (note
markers optional). When the chapter's text there has changed, the override is stale: it is not
used and the report says so. An override must keep every fact of the original (numbers, dates,
names, note markers `[n]`), like any rewrite; one that does not is not used either.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import facts
from .errors import ConfigError
from .model import NoteRef, Paragraph, PlainParagraph, PlainSentence
from .sentences import split_sentences

_MARKER = re.compile(r"\[(\d+)\]")


def _plain_words(text: str) -> str:
    return " ".join(_MARKER.sub("", text).split())


def _with_markers(paragraph_or_sentences) -> str:
    parts = []
    for sentence in paragraph_or_sentences:
        text = sentence.text
        for ref in sorted(sentence.note_refs, key=lambda r: r.offset, reverse=True):
            text = text[:ref.offset] + f"[{ref.number}]" + text[ref.offset:]
        parts.append(text)
    return " ".join(parts)


class Overrides:
    def __init__(self, entries: list[dict], source: str = "plain-overrides.yaml"):
        self.entries = entries
        self.source = source
        self.used: set[str] = set()

    @classmethod
    def load(cls, path: Path) -> "Overrides":
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise ConfigError(f"{path}{where}: not valid YAML "
                              f"({getattr(exc, 'problem', None) or exc})") from None
        entries = (data or {}).get("overrides") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ConfigError(f"{path}: expected a top-level `overrides:` list")
        for i, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not (("paragraph" in entry) ^ ("sentence" in entry)):
                raise ConfigError(f"{path}: override {i}: give exactly one of `paragraph` or "
                                  "`sentence`, with `original` and `plain`")
            unknown = set(entry) - {"paragraph", "sentence", "original", "plain", "note"}
            missing = {"original", "plain"} - set(entry)
            if unknown or missing:
                raise ConfigError(f"{path}: override {i}: " + (
                    f"unknown key {sorted(unknown)[0]!r}" if unknown else
                    f"missing {sorted(missing)[0]!r}"))
            if not all(isinstance(entry[k], str) for k in ("original", "plain")):
                raise ConfigError(f"{path}: override {i}: `original` and `plain` must be text")
        return cls(entries, source=str(path))

    def apply(self, paragraph: Paragraph, plain: PlainParagraph,
              problems: list[str]) -> PlainParagraph:
        for entry in self.entries:
            target = entry.get("paragraph") or entry.get("sentence")
            if entry.get("paragraph") == paragraph.id:
                originals = paragraph.sentences
            elif "sentence" in entry and target.startswith(paragraph.id + "."):
                originals = [s for s in paragraph.sentences if s.id == target]
                if not originals:
                    continue
            else:
                continue
            self.used.add(target)
            original = _with_markers(originals)
            if _plain_words(entry["original"]) != _plain_words(original):
                problems.append(f"override {target} is stale: the original text changed since it "
                                "was written; not used")
                continue
            lost = facts.missing(original, entry["plain"])
            if lost:
                problems.append(f"override {target} loses {', '.join(lost)}; not used")
                continue
            plain = _replace(plain, originals, entry["plain"],
                             "paragraph" if "paragraph" in entry else "sentence")
        return plain

    def unused_problems(self) -> list[str]:
        return [f"override {e.get('paragraph') or e.get('sentence')} matches no paragraph or "
                "sentence of the chapter" for e in self.entries
                if (e.get("paragraph") or e.get("sentence")) not in self.used]


def _replace(plain: PlainParagraph, originals, text: str, scope: str) -> PlainParagraph:
    refs_by_number = {r.number: r.note_id for s in originals for r in s.note_refs}
    replaced = [s.id for s in originals]
    new: list[PlainSentence] = []
    for start, end in split_sentences(text):
        piece, refs, pos, clean = text[start:end], [], 0, []
        for m in _MARKER.finditer(piece):
            clean.append(piece[pos:m.start()])
            number = int(m.group(1))
            refs.append(NoteRef(number, len("".join(clean)), refs_by_number.get(number)))
            pos = m.end()
        clean.append(piece[pos:])
        new.append(PlainSentence(text="".join(clean).strip(), source=replaced[0], note_refs=refs))
    keep = [s for s in plain.sentences if s.source not in replaced or s.kind == "see-also"]
    at = next((i for i, s in enumerate(plain.sentences) if s.source in replaced), len(keep))
    before = [s for s in plain.sentences[:at] if s in keep]
    after = [s for s in plain.sentences[at:] if s in keep]
    plain.sentences = before + new + after
    plain.override = scope
    return plain
