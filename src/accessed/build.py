"""The build: one linear run of named stages per chapter, each taking and returning the document."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from .files import OutputFolder
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


def load(source: Path) -> Document:
    return Document(chapter=read_chapter(source))


def score(doc: Document) -> Document:
    doc.readability = score_chapter(doc.chapter)
    return doc


def write_outputs(doc: Document, folder: OutputFolder) -> list[Path]:
    document = {"summary": summary(doc), "chapter": to_dict(doc.chapter)}
    return [
        folder.write("document.json", _json(document)),
        folder.write("readability.json", _json(asdict(doc.readability))),
    ]


def build(sources: list[Path], options: BuildOptions,
          say: Callable[[str], None] = lambda message: None) -> list[Path]:
    """Build every chapter in `sources`; return the files written."""
    written: list[Path] = []
    for source in sources:
        doc = load(source)
        for warning in doc.chapter.warnings:
            say(f"warning: {source.name}: {warning}")
        doc = score(doc)
        folder = OutputFolder(options.out / doc.chapter.slug)
        written += write_outputs(doc, folder)
        say(f"{source.name} → {folder.root}/")
    return written


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
