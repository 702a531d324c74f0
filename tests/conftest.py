from pathlib import Path

import pytest

from accessed.build import sample_chapter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTERNAL_CHAPTERS = SHARED / "external" / "chapters"


@pytest.fixture(autouse=True)
def no_user_voices(tmp_path_factory, monkeypatch):
    """Tests never see the voices of the machine they run on: `--engine auto` is pyttsx3 here
    unless a test installs a Piper voice itself."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.delenv("ACCESSED_PIPER_VOICES", raising=False)
    from accessed import engines

    # a fresh registry for the test (the pyttsx3 engine is kept: espeak-ng starts once a process)
    fresh = {name: e for name, e in engines._INSTANCES.items() if name == "pyttsx3"}
    monkeypatch.setattr(engines, "_INSTANCES", fresh)


@pytest.fixture
def sample() -> Path:
    return sample_chapter()


def external(name: str) -> Path:
    path = EXTERNAL_CHAPTERS / name
    if not path.exists():
        pytest.skip(f"external material not present: {path}")
    return path


@pytest.fixture
def philosophy() -> Path:
    return external("philosophy2e_12-5_postmodernism.txt")


@pytest.fixture
def mozilla() -> Path:
    return external("wikipedia_mozilla_2016.txt")


@pytest.fixture
def write(tmp_path):
    """Write a chapter text (str or bytes) to a temporary file and return its path."""

    def _write(content, name="chapter.txt"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
