"""Skip a chapter whose inputs, settings, code and outputs are all as its last build left them.

Run twice on the same chapter, `accessed build` redoes nothing the second time. The key of a
chapter's build covers everything its outputs depend on: the chapter file, the glossary and
overrides in use, the options, the engine build and voices, and accessed's own code and data.
It is kept in the chapter's cache folder (`.accessed-cache/build.json`, bookkeeping like the
cached speech, so the outputs themselves stay byte-identical between builds) with the size and
modification time of every other file in the chapter folder. When the key and every file match, the
chapter is reported as unchanged. Anything else (a deleted track, an edited glossary, another
voice, a new version of accessed) builds it again; the speech cache keeps that rebuild short.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .files import write_atomic

CACHE_DIR = ".accessed-cache"
STAMP = f"{CACHE_DIR}/build.json"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of every file of the installed package (code and data), so that an upgrade or
    an edit of accessed itself invalidates earlier builds."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_key(source: Path, parts: Iterable[str]) -> str:
    """The key of one chapter's build: code, chapter file (content and modification time, which
    the EPUB records) and `parts` (the settings, as text)."""
    digest = hashlib.sha256()
    stat = source.stat()
    for item in (code_digest(), source.read_bytes(), str(stat.st_mtime_ns),
                 os.environ.get("SOURCE_DATE_EPOCH", ""), *parts):
        data = item if isinstance(item, bytes) else str(item).encode("utf-8")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _outputs(root: Path) -> dict[str, list[int]]:
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] != CACHE_DIR:
            stat = path.stat()
            files[rel.as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return files


def unchanged(root: Path, key: str) -> Optional[list[str]]:
    """The report of the last build in `root` when it had this key and no file there has been
    added, removed or touched since; None otherwise."""
    try:
        data = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or data.get("files") != _outputs(root):
        return None
    report = data.get("report")
    return [str(line) for line in report] if isinstance(report, list) else []


def record(root: Path, key: str, report: list[str]) -> None:
    """Remember this build of `root` (call once every output is written)."""
    data = {"key": key, "files": _outputs(root), "report": report}
    write_atomic(root / STAMP, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
