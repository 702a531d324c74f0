"""A second build of an unchanged chapter redoes nothing; any change builds it again."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from accessed import stamp
from accessed.cli import main
from accessed.build import sample_chapter


def build(*args):
    result = CliRunner().invoke(main, ["build", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def files(root):
    return {p.relative_to(root): (p.stat().st_mtime_ns, p.read_bytes())
            for p in root.rglob("*") if p.is_file()}


def test_a_second_build_of_an_unchanged_chapter_redoes_nothing(tmp_path):
    out = tmp_path / "out"
    first = build("--no-audio", "--out", out)
    assert "unchanged" not in first and "wrote 14 files" in first
    before = files(out)
    second = build("--no-audio", "--out", out)
    assert "unchanged since the last build, nothing to redo" in second
    assert "wrote 0 files" in second
    assert "grade 15.7 →" in second  # the last build's report is repeated
    assert files(out) == before


def test_any_change_builds_the_chapter_again(tmp_path, monkeypatch):
    out = tmp_path / "out"
    chapter = tmp_path / "chapter.txt"
    shutil.copy(sample_chapter(), chapter)
    build(chapter, "--no-audio", "--out", out)
    folder = next(out.iterdir())

    (folder / "plain.md").unlink()  # an output removed
    assert "wrote 14 files" in build(chapter, "--no-audio", "--out", out)
    assert (folder / "plain.md").is_file()

    (folder / "plain.md").write_text("edited by hand", encoding="utf-8")  # an output touched
    assert "wrote 14 files" in build(chapter, "--no-audio", "--out", out)
    assert (folder / "plain.md").read_text(encoding="utf-8") != "edited by hand"

    assert "wrote 14 files" in build(chapter, "--no-audio", "--out", out, "--target-grade", "9")
    assert "wrote 0 files" in build(chapter, "--no-audio", "--out", out, "--target-grade", "9")

    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("terms:\n  - term: Juche\n    definition: Self-reliance.\n", encoding="utf-8")
    assert "wrote 14 files" in build(chapter, "--no-audio", "--out", out, "--target-grade", "9",
                                     "--glossary", glossary)

    chapter.write_text(chapter.read_text(encoding="utf-8").replace("strategic need", "strategic needs"),
                       encoding="utf-8")  # the chapter edited
    args = (chapter, "--no-audio", "--out", out, "--target-grade", "9", "--glossary", glossary)
    assert "wrote 14 files" in build(*args)
    assert "wrote 0 files" in build(*args)

    monkeypatch.setattr(stamp, "code_digest", lambda: "another version of accessed")
    assert "wrote 14 files" in build(*args)
    assert "wrote 14 files" in build(*args, "--clean")
