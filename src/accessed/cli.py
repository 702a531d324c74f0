"""Command line: a thin layer over the pipeline. The only module that imports click."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import build as pipeline
from .errors import AccessedError
from .summary import summary, tree


class _Group(click.Group):
    """Turns AccessedError into one line on stderr and exit code 1; other errors are bugs."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AccessedError as exc:
            click.echo(f"accessed: error: {exc}", err=True)
            ctx.exit(1)


def _say(message: str) -> None:
    click.echo(message, err=True)


CHAPTER_FILE = click.Path(path_type=Path)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="accessed")
def main():
    """Turn a textbook chapter into an accessible edition.

    Reads a chapter as plain text (copied from a Pressbooks-style page) and writes, under
    output/<chapter-slug>/: narrated MP3 tracks of the original text and of a plain-language
    edition (notes read as asides, glossary terms explained), captions and a playlist; the
    plain edition as Markdown and HTML with readability scores before and after; a read-along
    page and an EPUB 3 with the narration in sync. Run `accessed build` with no argument to
    build the bundled sample; `accessed build --help` lists its options.
    """


GLOSSARY_OPTION = click.option(
    "--glossary", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Glossary file [default: ./glossary.yaml if present, else the one shipped with accessed].")


OVERRIDES_OPTION = click.option(
    "--overrides", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Editor overrides for the plain edition [default: ./plain-overrides.yaml if present].")
TARGET_OPTION = click.option(
    "--target-grade", type=click.FloatRange(1, 20), default=8.0, show_default=True,
    help="Flesch–Kincaid grade the plain edition aims at, with proper names left out as WCAG "
         "2.2 SC 3.1.5 measures reading level; paragraphs above it are reported.")
COUNT_NAMES_OPTION = click.option(
    "--count-names", is_flag=True,
    help="Check the target grade on every word, proper names included (plain Flesch–Kincaid), "
         "instead of leaving names out.")
EDITION_OPTION = click.option(
    "--edition", type=click.Choice(["original", "plain", "both"]), default="both",
    show_default=True, help="Which edition(s) to narrate.")
NOTES_OPTION = click.option(
    "--notes", type=click.Choice(["sentence", "paragraph", "chapter", "off"]),
    default="sentence", show_default=True,
    help="Where notes are read as asides: after the sentence that cites them, after its "
         "paragraph, all at the end of the chapter, or not at all.")


@main.command()
@click.argument("files", nargs=-1, type=CHAPTER_FILE)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
              show_default=True, help="Folder for the outputs; one subfolder per chapter.")
@GLOSSARY_OPTION
@click.option("--explain", "glossary_mode", default="first", show_default=True,
              type=click.Choice(["first", "section", "every", "never"]),
              help="When a glossary term is explained: its first use in the chapter, first use "
                   "in each section, every use, or never.")
@OVERRIDES_OPTION
@TARGET_OPTION
@COUNT_NAMES_OPTION
@EDITION_OPTION
@NOTES_OPTION
@click.option("--audio/--no-audio", default=True, show_default=True,
              help="Narrate the scripts into MP3 tracks.")
@click.option("--engine", default="auto", show_default=True,
              help="Speech engine: pyttsx3 (espeak-ng), piper (neural voices, the optional "
                   "accessed[piper] extra) or auto (piper when it and a voice are installed, "
                   "else pyttsx3). `accessed voices` lists them.")
@click.option("--voice", default=None, help="Narrator voice: an id, name or language from "
              "`accessed voices`; pyttsx3 takes +variant, piper a path to a .onnx voice and "
              "#speaker [default: the engine's English voice].")
@click.option("--rate", type=int, default=None, help="Narrator words per minute [default: 165].")
@click.option("--aside-voice", default=None,
              help="Voice for notes and definitions [default: the narrator's voice, another "
                   "timbre, lower and a little slower].")
@click.option("--aside-rate", type=int, default=None, help="Words per minute for asides.")
@click.option("--aside-pitch", type=int, default=None, help="Pitch 0-100 for asides.")
@click.option("--clean", is_flag=True,
              help="Forget cached speech and earlier tracks of these chapters and start over.")
def build(files, out, glossary, glossary_mode, overrides, target_grade, count_names, edition,
          notes, audio, engine, voice, rate, aside_voice, aside_rate, aside_pitch, clean):
    """Build the accessible edition of each chapter FILE (default: the bundled sample).

    Writes, per chapter, under OUT/<chapter-slug>/: document.json, readability.json and
    readability.html, the plain-language edition (plain.md, plain.html, plain.json), the
    speech scripts (script-<edition>.txt/.json) and the narration: audio/<edition>/ with
    numbered MP3 tracks (opening credits, chapter, bibliography, closing credits), WebVTT
    captions and playlist.m3u8; and per edition a read-along page (read-along-<edition>.html)
    and an EPUB 3 with media overlays (<slug>-<edition>.epub). Speech is cached, so a rebuild
    redoes only what changed. The engine and voices used are printed first.
    """
    from .engines import AudioSettings

    sources = list(files) or [pipeline.sample_chapter()]
    settings = AudioSettings.from_options(engine=engine, voice=voice, rate=rate,
                                          aside_voice=aside_voice, aside_rate=aside_rate,
                                          aside_pitch=aside_pitch)
    options = pipeline.BuildOptions(out=out, glossary=glossary, glossary_mode=glossary_mode,
                                    overrides=overrides, target_grade=target_grade,
                                    count_names=count_names, editions=_editions(edition), notes=notes, audio=audio,
                                    audio_settings=settings, clean=clean)
    written = pipeline.build(sources, options, say=_say, progress=_progress())
    _say(f"wrote {len(written)} files")


def _progress():
    """A one-line progress display on a terminal; silent otherwise (logs, CI, pipes)."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        end = "\n" if done >= total else ""
        click.echo(f"\r  {stage:<18} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
                   err=True, nl=False)
        if end:
            click.echo("", err=True)

    return show


@main.command()
@click.option("--engine", default=None, help="Only this engine's voices [default: every engine].")
@click.option("--language", default=None, help="Only voices for this language, e.g. en.")
def voices(engine, language):
    """List the speech engines and voices available for --voice and --aside-voice, and which
    engine `--engine auto` picks."""
    from .engines import engine_names, format_all_voices, format_voices, get_engine

    if engine is None:
        click.echo(format_all_voices(language))
        return
    click.echo(f"engines: {', '.join(engine_names())}")
    click.echo(format_voices(get_engine(engine), language))


@main.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def audit(path):
    """Measure existing MP3 files (a file, or a folder such as output/<slug>) against the
    audiobook profile: levels, room tone, format, tags, chapters, playlist, captions.
    Exit code 1 when anything falls outside it."""
    from .audit import audit as run_audit

    report = run_audit(path)
    click.echo(report.summary())
    if not report.files:
        raise click.ClickException(f"no MP3 files under {path}")
    if not report.ok:
        raise SystemExit(1)


def _editions(edition: str) -> tuple[str, ...]:
    return ("original", "plain") if edition == "both" else (edition,)


def _prepare(file: Path, glossary: Path | None, overrides: Path | None = None,
             target_grade: float = 8.0, glossary_mode: str = "first", count_names: bool = False):
    """Read, score, explain and simplify one chapter (what `plain` and `script` print)."""
    terms = pipeline.load_glossary(glossary)
    doc = pipeline.explain_terms(pipeline.score(pipeline.load(file), terms), terms, glossary_mode)
    return pipeline.simplify(doc, terms, pipeline.load_overrides(overrides), target_grade,
                             count_names), terms


@main.command()
@click.argument("file", type=CHAPTER_FILE)
@GLOSSARY_OPTION
@OVERRIDES_OPTION
@TARGET_OPTION
@COUNT_NAMES_OPTION
def plain(file, glossary, overrides, target_grade, count_names):
    """Print the plain-language edition of chapter FILE as Markdown."""
    from .plain_render import to_markdown

    doc, _ = _prepare(file, glossary, overrides, target_grade, count_names=count_names)
    click.echo(to_markdown(doc), nl=False)
    for problem in doc.plain.problems:
        _say(f"plain edition: {problem}")


@main.command()
@click.argument("file", type=CHAPTER_FILE)
@GLOSSARY_OPTION
@OVERRIDES_OPTION
@EDITION_OPTION
@NOTES_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the utterances as JSON.")
def script(file, glossary, overrides, edition, notes, as_json):
    """Print what the narrator will say for chapter FILE: one utterance a line, notes as
    indented asides."""
    from dataclasses import asdict

    from .script import build_script, script_text

    doc, terms = _prepare(file, glossary, overrides)
    for name in _editions(edition):
        result = build_script(doc, name, notes=notes, glossary=terms)
        if as_json:
            click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        else:
            click.echo(f"# {name} edition")
            click.echo(script_text(result), nl=False)


@main.group()
def glossary():
    """Check the glossary, or find terms a chapter may need explained."""


@glossary.command("check")
@GLOSSARY_OPTION
@click.argument("files", nargs=-1, type=CHAPTER_FILE)
def glossary_check(glossary, files):
    """Validate the glossary; with chapter FILEs, report entries they never use and variants
    that collide. Exit code 1 when the file is invalid or variants collide."""
    from .glossary import check

    terms = pipeline.load_glossary(glossary)
    chapters = [pipeline.load(f).chapter for f in files]
    report = check(terms, chapters)
    for line in report.lines():
        click.echo(f"{terms.source}: {line}")
    click.echo(f"{terms.source}: {len(terms)} entries, "
               f"{'valid' if report.ok else 'variants collide'}")
    if not report.ok:
        raise SystemExit(1)


@glossary.command("suggest")
@click.argument("file", type=CHAPTER_FILE)
@GLOSSARY_OPTION
@click.option("--limit", default=15, show_default=True, type=click.IntRange(1, 500),
              help="How many candidates to show.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print glossary stubs ready to paste.")
def glossary_suggest(file, glossary, limit, as_yaml):
    """Rank words and names in FILE that the glossary does not yet explain: rare words, acronyms,
    names, and terms the text defines itself."""
    from .suggest import suggest, to_yaml

    terms = pipeline.load_glossary(glossary)
    suggestions = suggest(pipeline.load(file).chapter, terms, limit=limit)
    if as_yaml:
        click.echo(to_yaml(suggestions), nl=False)
        return
    for s in suggestions:
        click.echo(f"{s.score:5.2f}  {s.term}  ({s.reason})")


@main.command()
@click.argument("file", type=CHAPTER_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the model and a summary as JSON.")
@GLOSSARY_OPTION
def inspect(file, as_json, glossary):
    """Show what the tool understood of a chapter FILE: outline, counts, warnings."""
    doc = pipeline.score(pipeline.load(file), pipeline.load_glossary(glossary))
    if as_json:
        from .model import to_dict

        data = {"summary": summary(doc), "chapter": to_dict(doc.chapter)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(tree(doc))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
