from pathlib import Path

import pytest

from accessed.build import sample_chapter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTERNAL_CHAPTERS = SHARED / "external" / "chapters"


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
