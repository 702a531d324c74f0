import json

from click.testing import CliRunner

from accessed.cli import main


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_inspect_tree(sample):
    result = run("inspect", sample)
    assert result.exit_code == 0, result.output
    assert "Chapter 18: Evolving Relations" in result.output
    assert "3 paragraphs" in result.output and "7 notes" in result.output
    assert "Flesch–Kincaid grade" in result.output


def test_inspect_json_summary(sample):
    result = run("inspect", sample, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    summary = data["summary"]
    assert summary["chapter_number"] == "18"
    assert summary["author"] == "Ryan Gilbert"
    assert (summary["sections"], summary["paragraphs"], summary["figures"]) == (1, 3, 1)
    assert (summary["notes"], summary["note_refs"], summary["bibliography_entries"]) == (7, 7, 5)
    assert summary["unresolved_note_refs"] == [] and summary["unreferenced_notes"] == []
    assert summary["sentences"] == 45 and summary["words"] > 1000
    assert 14 <= summary["readability"]["flesch_kincaid_grade"] <= 18
    # the WCAG 2.2 SC 3.1.5 measure: names such as "Kim Il-Sung" left out
    assert 13 <= summary["readability"]["grade_without_names"] < summary["readability"]["flesch_kincaid_grade"]
    assert data["chapter"]["sections"][0]["blocks"][1]["kind"] == "figure"


def test_build_sample_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--no-audio"])
    assert result.exit_code == 0, result.output
    folder = next(tmp_path.glob("output/ch18-*"))
    document = json.loads((folder / "document.json").read_text())
    assert document["summary"]["title"].startswith("Evolving Relations")
    readability = json.loads((folder / "readability.json").read_text())
    assert len(readability["original"]["paragraphs"]) == 3
    assert len(readability["plain"]["paragraphs"]) == 3


def test_build_is_deterministic(sample, tmp_path):
    run("build", sample, "--no-audio", "--out", tmp_path / "a")
    run("build", sample, "--no-audio", "--out", tmp_path / "b")
    # every output, byte for byte; not the cache folder (speech and build bookkeeping: file times)
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
               if p.is_file() and ".accessed-cache" not in p.parts)
    b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*")
               if p.is_file() and ".accessed-cache" not in p.parts)
    assert a == b and len(a) == 15
    for rel in a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_build_never_overwrites_a_file_it_did_not_write(sample, tmp_path):
    run("build", sample, "--no-audio", "--out", tmp_path)
    folder = next(tmp_path.glob("ch18-*"))
    (folder / ".accessed-manifest.json").unlink()
    mine = folder / "notes-of-mine.txt"
    mine.write_text("keep me")
    result = run("build", sample, "--no-audio", "--out", tmp_path)
    assert result.exit_code == 1
    assert "was not written by accessed" in result.output
    assert mine.read_text() == "keep me"


def test_errors_are_one_line_with_exit_code_1(tmp_path, write):
    for args in (["inspect", tmp_path / "missing.txt"], ["inspect", tmp_path],
                 ["build", write(""), "--out", tmp_path / "o"],
                 ["build", write("T\n\nText here.\n"), "--voice", "nosuchvoice", "--out",
                  tmp_path / "o"],
                 ["inspect", write(b"\x00\x01\x02binary")]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.output.startswith("accessed: error: ")
        assert result.output.count("\n") == 1
        assert "Traceback" not in result.output


def test_warnings_do_not_stop_the_build(write, tmp_path):
    path = write("Title\n\nA claim.[9]\n\nNotes\n\n  1. Unused.\n")
    result = run("build", path, "--no-audio", "--out", tmp_path)
    assert result.exit_code == 0
    assert "has no note 9" in result.output and "never referenced" in result.output


def test_help_explains_commands():
    result = run("--help")
    assert "build" in result.output and "inspect" in result.output


def test_glossary_check_passes_on_the_shipped_file(sample):
    result = run("glossary", "check", sample)
    assert result.exit_code == 0, result.output
    assert "valid" in result.output and "not used" not in result.output


def test_broken_glossary_names_the_line_and_stops_the_build(sample, tmp_path):
    bad = tmp_path / "glossary.yaml"
    bad.write_text("terms:\n  - term: Juche\n    definition: Self-reliance.\n"
                   "  - term: Juche\n    definition: Again.\n")
    result = run("glossary", "check", "--glossary", bad)
    assert result.exit_code == 1
    assert "glossary.yaml:4" in result.output and "Juche" in result.output
    out = tmp_path / "out"
    result = run("build", sample, "--glossary", bad, "--out", out)
    assert result.exit_code == 1
    assert not out.exists()


def test_glossary_suggest_yaml_with_an_empty_glossary(sample, tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("terms: []\n")
    result = run("glossary", "suggest", sample, "--glossary", empty, "--yaml")
    assert result.exit_code == 0, result.output
    assert "term: \"Juche\"" in result.output and "term: \"secret speech\"" in result.output


def test_plain_prints_markdown_and_reports_the_target_on_stderr(sample):
    result = CliRunner().invoke(main, ["plain", str(sample)])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Chapter 18: Evolving Relations")
    assert "Reading level: grade" in result.stdout and "## Glossary" in result.stdout
    assert "plain edition:" not in result.stdout  # reports go to stderr, the Markdown stays clean
    assert "p3.s2: a verbatim quotation of 41 words" in result.stderr
    assert "chapter:" not in result.stderr  # grade ≤ 8 once proper names are left out
    counting = CliRunner().invoke(main, ["plain", "--count-names", str(sample)])
    assert counting.exit_code == 0 and counting.stdout == result.stdout
    assert "chapter: grade" in counting.stderr and "counting proper names" in counting.stderr
