"""The build: one linear run of named stages per chapter, each taking and returning the document."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from . import epub, readalong, stamp
from .files import OutputFolder
from .glossary import Glossary
from .ingest import read_chapter
from .model import Document, Track, to_dict
from .overrides import Overrides
from .plain import make_plain
from .plain_render import to_html, to_markdown
from .readability import score_chapter
from .report import readability_html
from .script import EDITIONS, build_script, script_text
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
    overrides: Path | None = None  # None: ./plain-overrides.yaml if present
    target_grade: float = 8.0
    count_names: bool = False  # check the target grade counting proper names too
    editions: tuple[str, ...] = EDITIONS
    notes: str = "sentence"  # where notes are read: sentence | paragraph | chapter | off
    audio: bool = True
    audio_settings: object = None  # engines.AudioSettings; None: the defaults
    clean: bool = False  # forget cached audio and earlier tracks first


def load_overrides(path: Path | None) -> Overrides | None:
    if path is not None:
        return Overrides.load(path)
    local = Path("plain-overrides.yaml")
    return Overrides.load(local) if local.is_file() else None


def load_glossary(path: Path | None) -> Glossary:
    """The glossary to use; a broken file stops everything before any output is written."""
    if path is not None:
        return Glossary.load(path)
    local = Path("glossary.yaml")
    return Glossary.load(local) if local.is_file() else Glossary.default()


def load(source: Path) -> Document:
    return Document(chapter=read_chapter(source))


def score(doc: Document, glossary: Glossary | None = None) -> Document:
    """Readability of the original; the glossary tells names ("Kim Il-Sung") from terms."""
    glossary = glossary or Glossary()
    doc.readability = score_chapter(doc.chapter, glossary.vocabulary(), glossary.names())
    return doc


def explain_terms(doc: Document, glossary: Glossary, mode: str) -> Document:
    doc.term_uses = glossary.annotate(doc.chapter, mode=mode, captions=False)
    return doc


def simplify(doc: Document, glossary: Glossary, overrides: Overrides | None,
             target_grade: float, count_names: bool = False) -> Document:
    doc.plain = make_plain(doc, glossary, overrides, target_grade, count_names)
    return doc


def write_scripts(doc: Document, glossary: Glossary, editions, notes: str) -> Document:
    doc.scripts = [build_script(doc, edition, notes=notes, glossary=glossary)
                   for edition in editions]
    return doc


def narrate(doc: Document, folder: OutputFolder, options: BuildOptions, engine,
            progress: Callable[[str, int, int], None] | None = None) -> Document:
    """Render each script with `engine` into MP3 tracks, captions and a playlist under
    audio/<edition>/."""
    from .engines import AudioSettings
    from .tracks import clean_audio, render_script

    settings = options.audio_settings or AudioSettings()
    if options.clean:
        clean_audio(folder.root)
    for script in doc.scripts:
        labelled = (lambda stage, done, total, edition=script.edition:
                    progress(f"{edition} {stage}", done, total)) if progress else None
        for info in render_script(script, doc.chapter, folder.root, engine=engine,
                                  settings=settings, progress=labelled):
            doc.tracks.append(Track(edition=script.edition, part=info.part, title=info.title,
                                    path=str(info.path), captions=str(info.captions),
                                    duration=round(info.duration, 3)))
    return doc


def write_outputs(doc: Document, folder: OutputFolder) -> list[Path]:
    document = {"summary": summary(doc), "chapter": to_dict(doc.chapter),
                "glossary_terms": [to_dict(u) for u in doc.term_uses]}
    readability = {"original": asdict(doc.readability),
                   "plain": asdict(doc.plain.readability) if doc.plain else None}
    written = [
        folder.write("document.json", _json(document)),
        folder.write("readability.json", _json(readability)),
    ]
    if doc.plain:
        written += [
            folder.write("plain.md", to_markdown(doc)),
            folder.write("plain.html", to_html(doc)),
            folder.write("plain.json", _json(asdict(doc.plain))),
            folder.write("readability.html", readability_html(doc)),
        ]
    for script in doc.scripts:
        written += [
            folder.write(f"script-{script.edition}.json", _json(asdict(script))),
            folder.write(f"script-{script.edition}.txt", script_text(script)),
        ]
    return written


def build(sources: list[Path], options: BuildOptions,
          say: Callable[[str], None] = lambda message: None,
          progress: Callable[[str, int, int], None] | None = None) -> list[Path]:
    """Build every chapter in `sources`; return the files written.

    Everything that can be wrong with the input (glossary, overrides, engine and voices, every
    chapter file) is checked before the first file is written.
    """
    glossary = load_glossary(options.glossary)
    overrides = load_overrides(options.overrides)
    engine, voices = _check_engine(options) if options.audio else (None, "")
    docs = [load(source) for source in sources]
    if engine:
        say(f"narrating with {voices}")
    written: list[Path] = []
    for source, doc in zip(sources, docs):
        for warning in doc.chapter.warnings:
            say(f"warning: {source.name}: {warning}")
        folder = OutputFolder(options.out / doc.chapter.slug)
        key = stamp.build_key(source, _settings(doc, glossary, overrides, options, engine))
        last_report = None if options.clean else stamp.unchanged(folder.root, key)
        if last_report is not None:
            say(f"{source.name}: unchanged since the last build, nothing to redo")
            for line in last_report:
                say(line)
            continue
        doc = score(doc, glossary)
        doc = explain_terms(doc, glossary, options.glossary_mode)
        doc = simplify(doc, glossary, overrides, options.target_grade, options.count_names)
        doc = write_scripts(doc, glossary, options.editions, options.notes)
        written += write_outputs(doc, folder)
        if engine:
            doc = narrate(doc, folder, options, engine, progress)
            written += [Path(t.path) for t in doc.tracks]
        written += readalong.write(doc, folder) + epub.write(doc, folder)
        report = _report(doc, folder, engine.name if engine else None)
        for line in report:
            say(line)
        stamp.record(folder.root, key, report)
    return written


def _report(doc: Document, folder: OutputFolder, engine: str | None) -> list[str]:
    before, after = doc.readability.chapter, doc.plain.readability.chapter
    lines = [f"{Path(doc.chapter.source).name} → {folder.root}/  (grade "
             f"{before.flesch_kincaid_grade:g} → {after.flesch_kincaid_grade:g} in the plain edition; "
             f"without proper names {before.grade_without_names:g} → {after.grade_without_names:g})"]
    for edition in sorted({t.edition for t in doc.tracks}):
        minutes = sum(t.duration for t in doc.tracks if t.edition == edition) / 60
        lines.append(f"  {edition} edition: {minutes:.1f} minutes of audio in "
                     f"{folder.root / 'audio' / edition}/ ({engine})")
    lines += [f"  plain edition: {problem}" for problem in doc.plain.problems]
    return lines


def _settings(doc: Document, glossary: Glossary, overrides: Overrides | None,
              options: BuildOptions, engine) -> list[str]:
    """What a chapter's outputs depend on besides its file and accessed itself, as text."""
    from .engines import AudioSettings

    parts = [repr(glossary.entries), repr(overrides.entries) if overrides else "no overrides",
             repr((options.glossary_mode, options.target_grade, options.count_names, options.editions, options.notes,
                   options.audio))]
    if engine:
        roles = (options.audio_settings or AudioSettings()).roles(engine, doc.chapter.language or "en")
        parts += [engine.name, engine.cache_id]
        parts += [f"{role}: {v.voice} {v.rate} {v.pitch} {engine.voice_fingerprint(v.voice)}"
                  for role, v in sorted(roles.items())]
    return parts


def _check_engine(options: BuildOptions):
    """Fail before any output when the engine or a voice is missing. Returns the engine (`auto`
    resolved) and a description of the voices it will use."""
    from .engines import AudioSettings, get_engine

    settings = options.audio_settings or AudioSettings()
    engine = get_engine(settings.engine, voice=settings.voice)
    roles = settings.roles(engine, "en")
    return engine, (f"{engine.name}: voice {roles['narrator'].voice}, "
                    f"asides {roles['aside'].voice} ({roles['aside'].rate} wpm, "
                    f"pitch {roles['aside'].pitch})")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
