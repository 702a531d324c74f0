"""The plain-language edition as Markdown and as an accessible, self-contained HTML page.

HTML: `lang`, one `h1`, header/main/footer landmarks, a skip link, readable type, figures with
their alt text and caption, note references linked to the notes and back (DPUB-ARIA roles),
glossary terms marked up (`dfn` on first use, `abbr` with its expansion) and a glossary section,
credits and licence. No external requests; every piece of chapter text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from .model import Chapter, Document, Figure, NoteRef, PlainSentence, TermUse

STYLE = """
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fdfdf8; --muted: #4a4a4a; --accent: #0b4f9c; }
@media (prefers-color-scheme: dark) { :root { --fg: #f0f0ea; --bg: #151515; --muted: #c8c8c0; --accent: #9cc7ff; } }
body { margin: 0; background: var(--bg); color: var(--fg); overflow-wrap: break-word;
  font: 1.2rem/1.7 "Atkinson Hyperlegible", Verdana, "Segoe UI", system-ui, sans-serif; }
header, main, footer { max-width: 38rem; margin: 0 auto; padding: 0 1.2rem; }
h1 { font-size: 1.8rem; line-height: 1.3; } h2 { font-size: 1.4rem; margin-top: 2.2rem; }
p { margin: 0 0 1.1rem; } .meta { color: var(--muted); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible, dfn:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; }
dfn { font-style: normal; font-weight: 700; } abbr[title] { text-decoration: underline dotted; }
.definition { display: block; margin: 0.3rem 0 0.6rem 1rem; padding-left: 0.8rem;
  border-left: 4px solid var(--accent); }
.see-also { font-style: italic; }
figure { margin: 1.5rem 0; padding: 1rem; border: 1px solid var(--muted); border-radius: 6px; }
figure .image { font-style: italic; } figcaption { margin-top: 0.5rem; } .credit { color: var(--muted); }
sup a { padding: 0 0.15em; text-decoration: none; }
""".strip()


def _heading_line(chapter: Chapter) -> str:
    return f"Chapter {chapter.number}: {chapter.title}" if chapter.number else chapter.title


def _grades(doc: Document) -> str:
    if not (doc.readability and doc.plain and doc.plain.readability):
        return ""
    plain, original = doc.plain.readability.chapter, doc.readability.chapter
    return (f"Reading level: grade {plain.grade_without_names:g} without proper names, "
            f"{plain.flesch_kincaid_grade:g} with them (the original: grade "
            f"{original.grade_without_names:g} and {original.flesch_kincaid_grade:g}).")


# ---------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_URL = re.compile(r"https?://\S+[^\s.,;:)\]”’\"']")


def _md(text: str) -> str:
    """Escape Markdown syntax in chapter text, leaving URLs readable."""
    out, pos = [], 0
    for m in _URL.finditer(text):
        out.append(_MD_SPECIAL.sub(r"\\\1", text[pos:m.start()]))
        out.append(f"<{m.group(0)}>")
        pos = m.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", text[pos:]))
    return "".join(out)


def _md_sentence(sentence: PlainSentence) -> str:
    text, pieces, pos = sentence.text, [], 0
    for ref in sorted(sentence.note_refs, key=lambda r: r.offset):
        pieces.append(_md(text[pos:ref.offset]))
        if ref.note_id:
            pieces.append(f"[^{ref.note_id}]")
        pos = ref.offset
    pieces.append(_md(text[pos:]))
    line = "".join(pieces)
    if sentence.kind == "definition":
        return f"*{line}*"
    return line


def to_markdown(doc: Document) -> str:
    chapter, plain = doc.chapter, doc.plain
    lines = [f"# {_md(_heading_line(chapter))}", ""]
    meta = [f"By {chapter.author}." if chapter.author else "",
            f"From *{_md(chapter.book_title)}*." if chapter.book_title else "",
            "Plain-language edition.", _grades(doc)]
    lines += [" ".join(m for m in meta if m), ""]
    for section in chapter.sections:
        if section.heading:
            lines += [f"## {_md(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Figure):
                lines += [_md_figure(block), ""]
                continue
            paragraph = plain.paragraph(block.id)
            body = [s for s in paragraph.sentences if s.kind != "see-also"]
            text = " ".join(_md_sentence(s) for s in body)
            lines.append(f"- {text}" if paragraph.style == "list-item" else text)
            lines.append("")
            for see in (s for s in paragraph.sentences if s.kind == "see-also"):
                lines += [f"*{_md(see.text)}*", ""]
    lines += _md_backmatter(doc)
    return "\n".join(lines).rstrip() + "\n"


def _md_figure(figure: Figure) -> str:
    parts = []
    if figure.alt:
        parts.append(f"**Image:** {_md(figure.alt)}.")
    if figure.caption:
        parts.append(f"*{_md(figure.caption)}*")
    if figure.credit:
        parts.append(_md(figure.credit))
    return "> " + " ".join(parts)


def _md_backmatter(doc: Document) -> list[str]:
    chapter, lines = doc.chapter, []
    terms = _glossary(doc)
    if terms:
        lines += ["## Glossary", ""]
        for use in terms:
            expansion = f" ({_md(use.expansion)})" if use.expansion else ""
            lines += [f"**{_md(use.term)}**{expansion}: {_md(use.definition)}", ""]
    if chapter.notes:
        lines += [f"## {_md(chapter.notes_heading or 'Notes')}", ""]
        lines += [f"[^{n.id}]: {_md(n.text)}" for n in chapter.notes] + [""]
    if chapter.bibliography:
        lines += [f"## {_md(chapter.bibliography_heading or 'Bibliography')}", ""]
        lines += [f"- {_md(b.text)}" for b in chapter.bibliography] + [""]
    if chapter.licence:
        lines += ["## Licence", "", _md(chapter.licence), "",
                  "This plain-language version was adapted by machine (accessed) from the "
                  "original chapter and is shared under the same licence.", ""]
    return lines


def _glossary(doc: Document) -> list[TermUse]:
    """The terms explained in the plain edition, in order of first use, once each."""
    seen, terms = set(), []
    for paragraph in doc.plain.paragraphs:
        for sentence in paragraph.sentences:
            for use in sentence.terms:
                if use.term not in seen:
                    seen.add(use.term)
                    terms.append(use)
    return terms


# ---------------------------------------------------------------------------- HTML

def _slug(term: str) -> str:
    return "term-" + ("-".join(re.findall(r"\w+", term.lower())) or "x")


def _html_sentence(sentence: PlainSentence, ref_counts: dict[str, int]) -> str:
    """Escaped sentence text with glossary markup and note links inserted at their offsets."""
    text = sentence.text
    inserts: list[tuple[int, int, str]] = []  # (position, order, markup)
    for use in sentence.terms:
        if not (0 <= use.start < use.end <= len(text)):
            continue
        if use.expansion:
            open_tag = f'<abbr title="{escape(use.expansion)}">'
            close_tag = "</abbr>"
            if use.first_use:
                open_tag, close_tag = f'<dfn id="{_slug(use.term)}">' + open_tag, close_tag + "</dfn>"
        elif use.first_use:
            open_tag, close_tag = f'<dfn id="{_slug(use.term)}">', "</dfn>"
        else:
            continue  # explained once; later uses stay plain text (less clutter for readers)
        inserts += [(use.start, 1, open_tag), (use.end, 0, close_tag)]
    for ref in sentence.note_refs:
        inserts.append((ref.offset, 2, _noteref(ref, ref_counts)))
    out, pos = [], 0
    for position, _, markup in sorted(inserts, key=lambda i: (i[0], i[1])):
        out.append(escape(text[pos:position], quote=False))
        out.append(markup)
        pos = max(pos, position)
    out.append(escape(text[pos:], quote=False))
    html = "".join(out)
    if sentence.kind == "definition":
        return f'<span class="definition">{html}</span>'
    return html


def _noteref(ref: NoteRef, ref_counts: dict[str, int]) -> str:
    if not ref.note_id:
        return f"<sup>[{ref.number}]</sup>"
    ref_counts[ref.note_id] = ref_counts.get(ref.note_id, 0) + 1
    anchor = f"ref-{ref.note_id}-{ref_counts[ref.note_id]}"
    return (f'<sup><a href="#{ref.note_id}" id="{anchor}" role="doc-noteref" '
            f'aria-label="Note {ref.number}">{ref.number}</a></sup>')


def to_html(doc: Document) -> str:
    chapter, plain = doc.chapter, doc.plain
    ref_counts: dict[str, int] = {}
    body: list[str] = []
    for section in chapter.sections:
        label = f' aria-labelledby="{section.id}-h"' if section.heading else ""
        body.append(f"<section{label}>")
        if section.heading:
            body.append(f'<h2 id="{section.id}-h">{escape(section.heading)}</h2>')
        for block in section.blocks:
            if isinstance(block, Figure):
                body.append(_html_figure(block))
                continue
            paragraph = plain.paragraph(block.id)
            main = [s for s in paragraph.sentences if s.kind != "see-also"]
            text = " ".join(_html_sentence(s, ref_counts) for s in main)
            tag = "li" if paragraph.style == "list-item" else "p"
            item = f'<{tag} id="{block.id}">{text}</{tag}>'
            body.append(f"<ul>{item}</ul>" if tag == "li" else item)
            for see in (s for s in paragraph.sentences if s.kind == "see-also"):
                body.append(f'<p class="see-also">{escape(see.text)}</p>')
        body.append("</section>")
    body += _html_backmatter(doc, ref_counts)
    meta = " ".join(escape(m) for m in (
        f"By {chapter.author}." if chapter.author else "",
        f"From {chapter.book_title}." if chapter.book_title else "",
        "Plain-language edition.", _grades(doc)) if m)
    title = escape(_heading_line(chapter))
    licence = escape(chapter.licence) if chapter.licence else "No licence was given with the text."
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{escape(chapter.language)}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} (plain-language edition)</title>",
        f"<style>\n{STYLE}\n</style>", "</head>", "<body>",
        '<a class="skip" href="#main">Skip to the text</a>',
        "<header>", f"<h1>{title}</h1>", f'<p class="meta">{meta}</p>', "</header>",
        '<main id="main">', *body, "</main>",
        '<footer aria-labelledby="licence-h">', '<h2 id="licence-h">Licence</h2>',
        f"<p>{licence}</p>",
        "<p>This plain-language version was adapted by machine (accessed) from the original "
        "chapter and is shared under the same licence.</p>",
        "</footer>", "</body>", "</html>", ""])


def _html_figure(figure: Figure) -> str:
    parts = [f'<figure id="{figure.id}">']
    if figure.alt:
        parts.append(f'<p class="image" role="img" aria-label="{escape(figure.alt)}">'
                     f"Image: {escape(figure.alt)}</p>")
    caption = escape(figure.caption or "")
    if figure.credit:
        caption += f' <span class="credit">{escape(figure.credit)}</span>'
    if caption:
        parts.append(f"<figcaption>{caption.strip()}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def _html_backmatter(doc: Document, ref_counts: dict[str, int]) -> list[str]:
    chapter, out = doc.chapter, []
    terms = _glossary(doc)
    if terms:
        out += ['<section aria-labelledby="glossary-h">', '<h2 id="glossary-h">Glossary</h2>', "<dl>"]
        for use in terms:
            expansion = f" ({escape(use.expansion)})" if use.expansion else ""
            out.append(f'<dt id="{_slug(use.term)}-def">{escape(use.term)}{expansion}</dt>'
                       f"<dd>{escape(use.definition)}</dd>")
        out += ["</dl>", "</section>"]
    if chapter.notes:
        heading = escape(chapter.notes_heading or "Notes")
        out += ['<section role="doc-endnotes" aria-labelledby="notes-h">',
                f'<h2 id="notes-h">{heading}</h2>', "<ol>"]
        for note in chapter.notes:
            back = (f' <a href="#ref-{note.id}-1" role="doc-backlink" '
                    f'aria-label="Back to the text of note {note.number}">↩</a>'
                    if note.id in ref_counts else "")
            out.append(f'<li id="{note.id}" value="{note.number}" role="doc-endnote">'
                       f"{escape(note.text)}{back}</li>")
        out += ["</ol>", "</section>"]
    if chapter.bibliography:
        heading = escape(chapter.bibliography_heading or "Bibliography")
        out += ['<section aria-labelledby="bibliography-h">',
                f'<h2 id="bibliography-h">{heading}</h2>', "<ul>"]
        out += [f'<li id="{b.id}">{escape(b.text)}</li>' for b in chapter.bibliography]
        out += ["</ul>", "</section>"]
    return out
