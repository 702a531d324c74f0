"""EPUB 3 with media overlays: the text of one edition, read aloud sentence by sentence.

    output/<slug>/<slug>-<edition>.epub
        mimetype                       (first, stored)
        META-INF/container.xml
        EPUB/package.opf               metadata, accessibility metadata, media:duration
        EPUB/nav.xhtml                 table of contents
        EPUB/text.xhtml                the chapter: notes as `aside epub:type="footnote"`,
                                       glossary as a `dl` with `dfn`, figures with their alt text
        EPUB/text.smil                 the media overlay: one `par` per sentence/aside/heading
        EPUB/style.css                 including the active class for the overlay
        EPUB/audio/NN-*.mp3            the narration, as `narrate` wrote it

The zip is deterministic: entries in a fixed order with a fixed timestamp; `dcterms:modified`
comes from SOURCE_DATE_EPOCH when set, else from the chapter file's modification time.
The text markup and the sentence timings are shared with the read-along page (`readalong.Text`).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
import zipfile
from html import escape
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Optional

from .model import Document
from .plain_render import STYLE, _heading_line
from .readalong import Text, edition_tracks

ACTIVE_CLASS = "-epub-media-overlay-active"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NARRATOR = "Synthetic text-to-speech voice (not a human narrator)"

EPUB_STYLE = f"""
{STYLE}
.{ACTIVE_CLASS}, .{ACTIVE_CLASS} .definition {{ background: #fff3b0; color: #111; text-decoration: underline; }}
aside[epub|type~="footnote"] {{ font-size: 0.95em; border-left: 4px solid #4a4a4a; padding-left: 0.8em; }}
""".lstrip()


def _clock(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h}:{m:02d}:{s:02d}.{ms:03d}"


def _modified(doc: Document) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        stamp = int(epoch)
    else:
        try:
            stamp = int(Path(doc.chapter.source).stat().st_mtime)
        except (OSError, ValueError):
            stamp = 0
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


def _xhtml(lang: str, title: str, body: str, body_type: str = "") -> str:
    lang = escape(lang)
    epub_type = f' epub:type="{body_type}"' if body_type else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
        f"<body{epub_type}>\n{body}\n</body>\n</html>\n")


def content(doc: Document, edition: str, narrator: Optional[str] = None) -> dict[str, bytes | Path]:
    """The files of the EPUB (path in the zip -> bytes, or the file to copy for the audio),
    `mimetype` first."""
    chapter = doc.chapter
    text = Text(doc, edition, epub=True)
    tracks = [t for t in edition_tracks(doc, edition) if Path(t.path).is_file()]
    clips = text.clips(tracks) if tracks else []
    lang = chapter.language or "en"
    heading = _heading_line(chapter)
    label = "Plain-language edition" if edition == "plain" else "Original text"
    title = f"{heading} ({label.lower()})"

    body = "\n".join([
        '<header>', text.header(), "</header>",
        '<main>', text.body, "</main>",
        '<footer>', '<h2 id="licence-h">Licence</h2>', text.footer(), "</footer>"])
    files: dict[str, bytes] = {"mimetype": b"application/epub+zip"}
    files["META-INF/container.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        '<rootfiles><rootfile full-path="EPUB/package.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles>\n</container>\n').encode()

    toc = "".join(f'<li><a href="text.xhtml#{escape(i)}">{escape(h)}</a></li>'
                  for i, h in text.sections)
    nav_body = (f'<nav epub:type="toc" role="doc-toc" aria-labelledby="toc-h">'
                f'<h1 id="toc-h">Contents</h1><ol><li><a href="text.xhtml#title">{escape(heading)}</a>'
                f'{"<ol>" + toc + "</ol>" if toc else ""}</li>'
                f'<li><a href="text.xhtml#licence-h">Licence</a></li></ol></nav>')
    files["EPUB/nav.xhtml"] = _xhtml(lang, "Contents", nav_body).encode()
    files["EPUB/text.xhtml"] = _xhtml(lang, title, body, "bodymatter chapter").encode()
    files["EPUB/style.css"] = ("@namespace epub \"http://www.idpf.org/2007/ops\";\n"
                               + EPUB_STYLE).encode()

    audio_names = {id(t): f"audio/{Path(t.path).name}" for t in tracks}
    overlay_duration = 0.0
    if clips:
        pars = []
        for n, c in enumerate(clips, 1):
            src = audio_names[id(tracks[c.track])]
            pars.append(f'<par id="par{n}"><text src="text.xhtml#{escape(c.target)}"/>'
                        f'<audio src="{escape(src)}" clipBegin="{_clock(c.begin)}" '
                        f'clipEnd="{_clock(c.end)}"/></par>')
            overlay_duration += round(c.end - c.begin, 3)
        files["EPUB/text.smil"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" '
            'version="3.0">\n<body>\n<seq id="seq1" epub:textref="text.xhtml">\n'
            + "\n".join(pars) + "\n</seq>\n</body>\n</smil>\n").encode()
    for t in tracks:
        files[f"EPUB/{audio_names[id(t)]}"] = Path(t.path)  # streamed into the zip, not read here

    files["EPUB/package.opf"] = _package(doc, edition, title, lang, tracks, audio_names,
                                         overlay_duration if clips else None,
                                         narrator or NARRATOR).encode()
    order = ["mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml",
             "EPUB/text.xhtml", "EPUB/text.smil", "EPUB/style.css"]
    return {k: files[k] for k in order + sorted(files) if k in files}


def _package(doc: Document, edition: str, title: str, lang: str, tracks, audio_names,
             duration: Optional[float], narrator: str) -> str:
    chapter = doc.chapter
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"accessed:{chapter.slug}:{edition}")
    meta = [
        f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
        f"<dc:title>{escape(title)}</dc:title>",
        f"<dc:language>{escape(lang)}</dc:language>",
        f'<meta property="dcterms:modified">{_modified(doc)}</meta>',
    ]
    if chapter.author:
        meta.append(f"<dc:creator>{escape(chapter.author)}</dc:creator>")
    if chapter.book_title:
        meta.append(f'<dc:source>{escape(chapter.book_title)}</dc:source>')
    if chapter.licence:
        meta.append(f"<dc:rights>{escape(chapter.licence)}</dc:rights>")
    modes = ["textual"] + (["auditory"] if duration is not None else [])
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if duration is not None:
        features.insert(0, "synchronizedAudioText")
    if chapter.figures:
        features.append("alternativeText")
    if doc.term_uses or (doc.plain and any(s.terms for p in doc.plain.paragraphs for s in p.sentences)):
        features.append("glossary")
    meta += [f'<meta property="schema:accessMode">{m}</meta>' for m in modes]
    meta.append('<meta property="schema:accessModeSufficient">textual</meta>')
    if duration is not None:
        meta.append('<meta property="schema:accessModeSufficient">auditory</meta>')
    meta += [f'<meta property="schema:accessibilityFeature">{f}</meta>'
             for f in dict.fromkeys(features)]
    meta.append('<meta property="schema:accessibilityHazard">none</meta>')
    summary = ("The text of this chapter is narrated by a synthetic voice, sentence by sentence, "
               "with the sentence being read highlighted (media overlays). " if duration is not None
               else "")
    summary += ("Notes are footnotes linked from the text and glossary terms are defined in a "
                "glossary. "
                + ("Images are described in text. " if chapter.figures else "")
                + ("This is a plain-language edition adapted by machine from the original. "
                   if edition == "plain" else "")
                + "No known hazards.")
    meta.append(f'<meta property="schema:accessibilitySummary">{escape(summary)}</meta>')
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="text" href="text.xhtml" media-type="application/xhtml+xml"'
        + (' media-overlay="overlay"' if duration is not None else "") + "/>",
        '<item id="css" href="style.css" media-type="text/css"/>',
    ]
    if duration is not None:
        manifest.append('<item id="overlay" href="text.smil" media-type="application/smil+xml"/>')
        meta += [
            f'<meta property="media:duration" refines="#overlay">{_clock(duration)}</meta>',
            f'<meta property="media:duration">{_clock(duration)}</meta>',
            f"<meta property=\"media:narrator\">{escape(narrator)}</meta>",
            f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>',
        ]
    for n, t in enumerate(tracks, 1):
        manifest.append(f'<item id="audio{n}" href="{escape(audio_names[id(t)])}" media-type="audio/mpeg"/>')
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" '
        f'xml:lang="{escape(lang)}">',
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">', *meta, "</metadata>",
        "<manifest>", *manifest, "</manifest>",
        '<spine>', '<itemref idref="text"/>', "</spine>",
        "</package>", ""])


def zip_to(files: dict[str, bytes | Path], handle: BinaryIO) -> None:
    """Write a deterministic EPUB container into `handle`: `mimetype` first and stored, fixed
    timestamps; files given as paths are copied in chunks (memory does not grow with the audio)."""
    with zipfile.ZipFile(handle, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = name == "mimetype" or name.endswith(".mp3")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            if isinstance(data, Path):
                info.file_size = data.stat().st_size
                with data.open("rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
            else:
                archive.writestr(info, data, compresslevel=None if stored else 9)


def zip_bytes(files: dict[str, bytes | Path]) -> bytes:
    """The container of `zip_to` as bytes (for small EPUBs and tests)."""
    buffer = BytesIO()
    zip_to(files, buffer)
    return buffer.getvalue()


def write(doc: Document, folder, narrator: Optional[str] = None) -> list[Path]:
    """Write `<slug>-<edition>.epub` for each edition that has a script; return the paths."""
    written = []
    for script in doc.scripts:
        if script.edition == "plain" and doc.plain is None:
            continue
        files = content(doc, script.edition, narrator)
        written.append(folder.write(f"{doc.chapter.slug}-{script.edition}.epub",
                                    lambda handle, files=files: zip_to(files, handle)))
    return written
