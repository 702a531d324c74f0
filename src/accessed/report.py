"""`readability.html`: original vs plain reading level per paragraph (inline SVG chart and a
table), the chapter summary, and the fact-check and target reports. Self-contained."""

from __future__ import annotations

from html import escape

from .model import Document, Scores
from .plain_render import STYLE

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 14, 10, 60, 520


def _chart(rows: list[tuple[str, float, float]], target: float, count_names: bool) -> str:
    """Horizontal paired bars (original, plain) per paragraph, with the target grade marked."""
    top = max([target] + [max(a, b) for _, a, b in rows] + [1.0])
    scale = (CHART_WIDTH - LABEL_WIDTH - 40) / top
    height = len(rows) * (2 * BAR_HEIGHT + GAP) + 40
    parts = [f'<svg role="img" aria-labelledby="chart-title chart-desc" width="{CHART_WIDTH}" '
             f'height="{height}" viewBox="0 0 {CHART_WIDTH} {height}">',
             '<title id="chart-title">Reading grade per paragraph</title>',
             '<desc id="chart-desc">For each paragraph, the upper bar is the original '
             'Flesch–Kincaid grade and the lower bar the plain edition, '
             + ('every word counted' if count_names else 'both with proper names left out as '
                'WCAG 2.2 SC 3.1.5 measures reading level')
             + f'; the dashed line is the target, grade {target:g}. The table below gives the '
             'same figures.</desc>']
    y = 10
    for label, original, plain in rows:
        parts.append(f'<text x="0" y="{y + BAR_HEIGHT + 4}" font-size="13" fill="currentColor">'
                     f"{escape(label)}</text>")
        for value, colour, dy in ((original, "#b45309", 0), (plain, "#0b4f9c", BAR_HEIGHT)):
            width = max(1.0, value * scale)
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + dy}" width="{width:.1f}" '
                         f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>')
            parts.append(f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + dy + 11}" '
                         f'font-size="11" fill="currentColor">{value:g}</text>')
        y += 2 * BAR_HEIGHT + GAP
    x = LABEL_WIDTH + target * scale
    parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{y}" stroke="currentColor" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{x + 3:.1f}" y="{y + 14}" font-size="11" fill="currentColor">'
                 f"target {target:g}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _score_cells(scores: Scores) -> str:
    return (f"<td>{scores.grade_without_names:g}</td><td>{scores.flesch_kincaid_grade:g}</td>"
            f"<td>{scores.flesch_reading_ease:g}</td><td>{scores.words_per_sentence:g}</td>")


def readability_html(doc: Document) -> str:
    chapter, plain = doc.chapter, doc.plain
    before = {p.id: p.scores for p in doc.readability.paragraphs}
    after = {p.id: p.scores for p in plain.readability.paragraphs}
    ids = [pid for pid in before if pid in after]
    rows = [(pid, plain.grade(before[pid]), plain.grade(after[pid])) for pid in ids]
    original, simplified = doc.readability.chapter, plain.readability.chapter
    summary_rows = "".join(
        f"<tr><th scope=\"row\">{label}</th><td>{getattr(original, key):g}</td>"
        f"<td>{getattr(simplified, key):g}</td></tr>"
        for label, key in (("Flesch–Kincaid grade without proper names (WCAG 3.1.5)",
                            "grade_without_names"),
                           ("Flesch–Kincaid grade", "flesch_kincaid_grade"),
                           ("Flesch reading ease", "flesch_reading_ease"),
                           ("SMOG", "smog_index"), ("Dale–Chall", "dale_chall"),
                           ("Gunning fog", "gunning_fog"), ("Coleman–Liau", "coleman_liau"),
                           ("Words per sentence", "words_per_sentence"),
                           ("Share of 3+ syllable words", "polysyllable_share"),
                           ("Sentences", "sentences"), ("Words", "words")))
    table = "".join(
        f'<tr><th scope="row">{pid}</th>{_score_cells(before[pid])}{_score_cells(after[pid])}</tr>'
        for pid in ids)
    kept = [(p.id, item) for p in plain.paragraphs for item in p.kept]
    kept_html = "".join(f"<li>{escape(pid)}: {escape(item)}</li>" for pid, item in kept)
    problems_html = "".join(f"<li>{escape(item)}</li>" for item in plain.problems)
    title = escape(f"Readability: {chapter.title}")
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{escape(chapter.language)}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>", f"<style>\n{STYLE}\ntable {{ border-collapse: collapse; }} "
        "td, th { border: 1px solid var(--muted); padding: 0.2rem 0.5rem; text-align: right; }"
        "\nheader, main { max-width: 60rem; } .scroll { overflow-x: auto; }\n</style>", "</head>", "<body>",
        '<header>', f"<h1>{title}</h1>",
        f'<p class="meta">Target: Flesch–Kincaid grade {plain.target_grade:g} or lower '
        + ("counting every word, proper names included" if plain.count_names else
           "once proper names are left out (how WCAG 2.2 SC 3.1.5 measures reading level)")
        + ", no sentence over 25 words, every fact kept.</p>", "</header>",
        '<main id="main">',
        '<h2 id="summary">Summary</h2>',
        '<table aria-labelledby="summary"><thead><tr><th scope="col">Measure</th>'
        '<th scope="col">Original</th><th scope="col">Plain</th></tr></thead>'
        f"<tbody>{summary_rows}</tbody></table>",
        '<h2 id="per-paragraph">Per paragraph</h2>', _chart(rows, plain.target_grade, plain.count_names),
        '<div class="scroll" role="region" tabindex="0" aria-labelledby="per-paragraph">'
        '<table aria-labelledby="per-paragraph"><thead><tr><th scope="col">Paragraph</th>'
        '<th scope="col">Grade without names (original)</th><th scope="col">Grade (original)</th>'
        '<th scope="col">Ease (original)</th><th scope="col">Words/sentence (original)</th>'
        '<th scope="col">Grade without names (plain)</th><th scope="col">Grade (plain)</th>'
        '<th scope="col">Ease (plain)</th><th scope="col">Words/sentence (plain)</th></tr>'
        f"</thead><tbody>{table}</tbody></table></div>",
        '<h2 id="targets">Targets not met</h2>',
        f"<ul>{problems_html}</ul>" if problems_html else "<p>None: every target is met.</p>",
        '<h2 id="facts">Fact check</h2>',
        ("<p>These rewrites were refused because they lost a fact; the original sentence was "
         f"kept.</p><ul>{kept_html}</ul>") if kept_html else
        "<p>No rewrite lost a number, date, name or note reference.</p>",
        '<h2 id="names">Proper names left out of the grade</h2>',
        _names_html(doc.readability.names, plain.readability.names),
        "</main>", "</body>", "</html>", ""])


def _names_html(original: list[str], plain: list[str]) -> str:
    """The names the "without proper names" grades leave out, for an editor to check."""
    names = sorted(set(original) | set(plain), key=str.casefold)
    if not names:
        return "<p>None were found: both grades count every word.</p>"
    return ("<p>WCAG 2.2 SC 3.1.5 measures reading level after removal of proper names. These "
            "were left out of the grades “without proper names” (proper adjectives such as "
            "“Korean” and glossary terms still count):</p>"
            f"<p>{escape(', '.join(names))}.</p>")
