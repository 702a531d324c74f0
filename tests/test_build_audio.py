"""End to end: the real engine and encoder, files read back."""

import subprocess
import sys

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from accessed.audit import audit
from accessed.cli import main

pytestmark = pytest.mark.slow

SHORT = """\
3 A Short Chapter

Jo Writer

The treaty was signed in 1950.[1] It changed the region for decades. Juche, meaning “self-reliance”, came later.

Notes

  1. Smith, A Book (Boston: X Press, 2001), 12.

License

A Short Chapter Copyright © 2024 by Jo Writer is licensed under CC BY 4.0.
"""


def test_sample_builds_tracks_within_the_audio_profile(sample, tmp_path):
    result = CliRunner().invoke(main, ["build", str(sample), "--edition", "plain",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = next(tmp_path.glob("ch18-*"))
    report = audit(folder)
    assert report.ok, report.problems
    names = sorted(p.name for p in (folder / "audio" / "plain").glob("*.mp3"))
    assert names == ["01-opening-credits.mp3", "02-chapter-18.mp3", "03-bibliography.mp3",
                     "04-closing-credits.mp3"]
    chapter = folder / "audio" / "plain" / "02-chapter-18.mp3"
    tags = ID3(chapter)
    assert tags["TCON"].text == ["Audiobook"] and tags["TPE1"].text == ["Ryan Gilbert"]
    assert tags["TRCK"].text == ["2/4"]
    assert "synthetic" in str(tags.getall("COMM")[0].text[0]).lower()
    assert len(tags.getall("CHAP")) >= 3
    playlist = (folder / "audio" / "plain" / "playlist.m3u8").read_text()
    assert playlist.startswith("#EXTM3U") and "02-chapter-18.mp3" in playlist
    audit_cli = CliRunner().invoke(main, ["audit", str(folder)])
    assert audit_cli.exit_code == 0 and "within the ACX audio-QA profile" in audit_cli.output


def test_rebuild_reuses_speech_and_one_changed_sentence_is_resynthesised(write, tmp_path):
    chapter = write(SHORT, "short.txt")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(chapter), "--out", str(out)]).exit_code == 0
    cache = next(out.glob("ch3-*")) / ".accessed-cache"
    before = {p.name for p in cache.rglob("*.wav")}
    chapter.write_text(SHORT.replace("for decades", "for many decades"), encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(chapter), "--out", str(out)]).exit_code == 0
    added = {p.name for p in cache.rglob("*.wav")} - before
    # the changed sentence, once per edition at most (the plain edition may word it alike)
    assert 1 <= len(added) <= 2


def test_clean_build_is_byte_identical_across_processes(write, tmp_path):
    chapter = write(SHORT, "short.txt")
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "accessed", "build", str(chapter), "--edition",
                        "original", "--out", str(out)], check=True, capture_output=True)
        outputs.append(out)
    files_a = sorted(p.relative_to(outputs[0]) for p in outputs[0].rglob("*.mp3")
                     if ".accessed-cache" not in p.parts)
    assert files_a
    for rel in files_a:
        assert (outputs[0] / rel).read_bytes() == (outputs[1] / rel).read_bytes(), rel


def test_voices_lists_english():
    result = CliRunner().invoke(main, ["voices", "--language", "en"])
    assert result.exit_code == 0
    assert result.output.startswith("engines: ") and "pyttsx3" in result.output
    assert "en" in result.output


def test_audit_reports_a_file_outside_the_profile(tmp_path):
    import lameenc
    import numpy as np

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(128)
    encoder.set_in_sample_rate(22050)
    encoder.set_channels(1)
    tone = (0.9 * 32767 * np.sin(np.linspace(0, 2000, 22050 * 3))).astype("<i2")
    path = tmp_path / "loud.mp3"
    path.write_bytes(encoder.encode(tone.tobytes()) + encoder.flush())
    result = CliRunner().invoke(main, ["audit", str(path)])
    assert result.exit_code == 1
    assert "22" in result.output or "128" in result.output


def test_unchanged_audio_build_is_skipped_and_another_voice_setting_is_not(write, tmp_path):
    chapter = write(SHORT, "short.txt")
    out = tmp_path / "out"
    args = ["build", str(chapter), "--edition", "original", "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert "unchanged since the last build" in again.output and "wrote 0 files" in again.output
    slower = CliRunner().invoke(main, args + ["--aside-rate", "140"])
    assert slower.exit_code == 0 and "unchanged since the last build" not in slower.output
    assert "wrote 0 files" not in slower.output
