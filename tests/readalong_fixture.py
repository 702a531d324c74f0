"""A short narrated chapter for the read-along and EPUB tests (real engine, a few seconds)."""

from pathlib import Path

from accessed import build
from accessed.engines import get_engine
from accessed.files import OutputFolder
from accessed.model import Document

SHORT = """\
4 A Short Chapter

Jo Writer

The treaty was signed in 1950.[1] The USSR and North Korea signed it. It changed the region for decades.

Later Years

Juche, meaning self-reliance, came later.[2] It shaped the state.

Notes

  1. Smith, A Book (Boston: X Press, 2001), 12.
  2. Lee, Another Book (Seoul: Y Press, 2010), 40.

License

A Short Chapter Copyright © 2024 by Jo Writer is licensed under CC BY 4.0.
"""


def narrated(tmp: Path, audio: bool = True) -> tuple[Document, OutputFolder]:
    """Build SHORT through the pipeline (both editions) into `tmp/out/<slug>`."""
    source = tmp / "short.txt"
    source.write_text(SHORT, encoding="utf-8")
    options = build.BuildOptions(out=tmp / "out")
    glossary = build.load_glossary(None)
    doc = build.load(source)
    doc = build.score(doc)
    doc = build.explain_terms(doc, glossary, "first")
    doc = build.simplify(doc, glossary, None, 8.0)
    doc = build.write_scripts(doc, glossary, options.editions, "sentence")
    folder = OutputFolder(options.out / doc.chapter.slug)
    build.write_outputs(doc, folder)
    if audio:
        doc = build.narrate(doc, folder, options, get_engine("pyttsx3"))
    return doc, folder
