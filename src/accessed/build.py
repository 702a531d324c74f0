"""The build: one linear run of named stages per chapter, each taking and returning the document."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from .files import OutputFolder
from .glossary import Glossary
from .ingest import read_chapter
from .model import Document, to_dict
from .readability import score_chapter
from .summary import summary

SAMPLE_NAME = "korean-history-ch18-evolving-relations.txt"


def sample_chapter() -> Path:
    """The bundled sample chapter (CC BY-NC-SA 4.0, see its licence section)."""
    return Path(str(resources.files("accessed") / "data" / SAMPLE_NAME))


@dataclass
class BuildOptions:
    out: Path = Path("output")
    glossary: Path | None = None  # None: ./glossary.yaml if present, else the packaged one
    glossary_mode: str = "first"  # first | section | every | never


def load_glossary(path: Path | None) -> Glossary:
    """The glossary to use; a broken file stops everything before any output is written."""
    if path is not None:
        return Glossary.load(path)
    local = Path("glossary.yaml")
    return Glossary.load(local) if local.is_file() else Glossary.default()


def load(source: Path) -> Document:
    return Document(chapter=read_chapter(source))


def score(doc: Document) -> Document:
    doc.readability = score_chapter(doc.chapter)
    return doc


def explain_terms(doc: Document, glossary: Glossary, mode: str) -> Document:
    doc.term_uses = glossary.annotate(doc.chapter, mode=mode, captions=False)
    return doc


def write_outputs(doc: Document, folder: OutputFolder) -> list[Path]:
    document = {"summary": summary(doc), "chapter": to_dict(doc.chapter),
                "glossary_terms": [to_dict(u) for u in doc.term_uses]}
    return [
        folder.write("document.json", _json(document)),
        folder.write("readability.json", _json(asdict(doc.readability))),
    ]


def build(sources: list[Path], options: BuildOptions,
          say: Callable[[str], None] = lambda message: None) -> list[Path]:
    """Build every chapter in `sources`; return the files written."""
    glossary = load_glossary(options.glossary)
    written: list[Path] = []
    for source in sources:
        doc = load(source)
        for warning in doc.chapter.warnings:
            say(f"warning: {source.name}: {warning}")
        doc = score(doc)
        doc = explain_terms(doc, glossary, options.glossary_mode)
        folder = OutputFolder(options.out / doc.chapter.slug)
        written += write_outputs(doc, folder)
        say(f"{source.name} → {folder.root}/")
    return written


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
