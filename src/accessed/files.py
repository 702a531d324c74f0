"""Safe output: atomic writes, and never overwriting a file accessed did not write.

Each chapter folder keeps `.accessed-manifest.json`, the list of files accessed wrote there. A
file that already exists but is not in the manifest belongs to someone else and is left alone.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from .errors import OutputError

MANIFEST = ".accessed-manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes | str | Callable[[BinaryIO], None]) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename.

    `data` may be a function that writes into the open (seekable) file: large outputs are then
    streamed instead of held in memory."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w+b") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class OutputFolder:
    """A chapter's output folder that only ever replaces files it wrote itself."""

    def __init__(self, root: Path):
        self.root = root
        self._manifest_path = root / MANIFEST
        try:
            self._owned = set(json.loads(self._manifest_path.read_text("utf-8")))
        except (OSError, ValueError):
            self._owned = set()

    def path(self, name: str) -> Path:
        """The path for `name`, checked to be ours to (over)write."""
        target = self.root / name
        if target.exists() and name not in self._owned:
            raise OutputError(f"{target} exists and was not written by accessed; move it away "
                              "or choose another --out folder")
        return target

    def claim(self, name: str) -> None:
        """Record `name` as ours (call after writing it)."""
        if name not in self._owned:
            self._owned.add(name)
            self.root.mkdir(parents=True, exist_ok=True)
            write_atomic(self._manifest_path, json.dumps(sorted(self._owned), indent=1))

    def write(self, name: str, data: bytes | str | Callable[[BinaryIO], None]) -> Path:
        target = self.path(name)
        self.claim(name)
        write_atomic(target, data)
        return target
