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
    output/<chapter-slug>/, what it understood (document.json) and readability scores
    (readability.json). Run `accessed build` with no argument to build the bundled sample.
    """


@main.command()
@click.argument("files", nargs=-1, type=CHAPTER_FILE)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
              show_default=True, help="Folder for the outputs; one subfolder per chapter.")
def build(files, out):
    """Build the accessible edition of each chapter FILE (default: the bundled sample)."""
    sources = list(files) or [pipeline.sample_chapter()]
    written = pipeline.build(sources, pipeline.BuildOptions(out=out), say=_say)
    _say(f"wrote {len(written)} files")


@main.command()
@click.argument("file", type=CHAPTER_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the model and a summary as JSON.")
def inspect(file, as_json):
    """Show what the tool understood of a chapter FILE: outline, counts, warnings."""
    doc = pipeline.score(pipeline.load(file))
    if as_json:
        from .model import to_dict

        data = {"summary": summary(doc), "chapter": to_dict(doc.chapter)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(tree(doc))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
