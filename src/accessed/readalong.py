"""Read-along: the text of one edition with its narration, sentence by sentence.

Two artefacts share what is here (`epub.py` is the other):

    output/<slug>/read-along-<edition>.html   this module's `write`

The page is self-contained: its CSS and JavaScript are inline and it makes no network request.
The audio is *referenced*, not inlined: `audio/<edition>/NN-*.mp3` relative to the page, the
files `narrate` wrote beside it (data URIs would multiply a 20 MB track by 4/3 and make the page
unusable to open); so the page works from the output folder, opened from disk or served.

What the page does: a native `<audio controls>` plays the edition's tracks one after another;
accessible buttons (play/pause, back 10 s, previous/next sentence) and a speed choice drive it;
the sentence being read is marked (`aria-current`, a high-contrast highlight that is not colour
alone) and kept in view unless the reader turns that off (no smooth scrolling when reduced motion
is asked for; focus is never moved); a click on a sentence plays from there; asides (notes,
glossary definitions) are shown in the player as they are read and notes open in the text;
glossary terms show their definition on hover or keyboard focus (Escape hides it).

Timings come from `doc.tracks` (one per MP3) and each track's WebVTT captions, whose cue ids are
the script's utterance ids; the script says which sentence, note or glossary entry each utterance
renders. A clip runs from its utterance's first sound to the next utterance's first sound (the
last to the end of the track), so pauses stay with the sentence they follow.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Optional

from .model import Document, Figure, PlainSentence, Script, TermUse, Track
from .plain_render import STYLE, _heading_line, _html_figure, _html_sentence, _slug

TRACK_ORDER = ("opening", "chapter", "bibliography", "closing")


# ---------------------------------------------------------------------------- timings

@dataclass
class Clip:
    """One stretch of narration and the element of the text it reads."""

    target: str  # element id in the text
    track: int  # index into the edition's tracks
    begin: float  # seconds in that track
    end: float
    kind: str  # the utterance's kind (body, heading, aside, figure, credits, bibliography)
    role: str  # narrator | aside
    aside: Optional[str] = None  # the written text of an aside, shown while it is read


def edition_tracks(doc: Document, edition: str) -> list[Track]:
    """The edition's tracks in playing order (their file names are numbered)."""
    return sorted((t for t in doc.tracks if t.edition == edition), key=lambda t: Path(t.path).name)


_CUE_TIME = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3})")


def _seconds(stamp: str) -> float:
    m = _CUE_TIME.fullmatch(stamp.strip())
    if not m:
        raise ValueError(f"bad WebVTT time {stamp!r}")
    h, mi, s, ms = (int(x) for x in m.groups())
    return h * 3600 + mi * 60 + s + ms / 1000


def read_cues(vtt_path: str | Path) -> list[tuple[str, float, float]]:
    """(cue id, start, end) of every cue of a WebVTT file written by `tracks.captions_vtt`."""
    lines = Path(vtt_path).read_text(encoding="utf-8").splitlines()
    cues = []
    for i, line in enumerate(lines):
        if "-->" in line and i > 0 and lines[i - 1].strip():
            start, end = line.split("-->", 1)
            cues.append((lines[i - 1].strip(), _seconds(start), _seconds(end.split()[0])))
    return cues


def _script(doc: Document, edition: str) -> Optional[Script]:
    return next((s for s in doc.scripts if s.edition == edition), None)


# ---------------------------------------------------------------------------- the text

class Text:
    """The edition's text as (X)HTML body markup, with an id on everything the narrator reads.

    `epub=True` writes XHTML with `epub:type` footnotes and note references; otherwise HTML for
    the read-along page (notes as collapsible asides). Both are well-formed XML.
    """

    def __init__(self, doc: Document, edition: str, epub: bool = False):
        if edition == "plain" and doc.plain is None:
            raise ValueError("the plain edition has not been made")
        self.doc, self.edition, self.epub = doc, edition, epub
        self.block_sentences: dict[str, list[tuple[str, str]]] = {}  # block -> [(id, text)]
        self.note_ids: set[str] = set()
        self.glossary: list[TermUse] = []
        self.sections: list[tuple[str, str]] = []  # (id, heading) for a table of contents
        self._ref_counts: dict[str, int] = {}
        self._dfn_seen: set[str] = set()
        self.script = _script(doc, edition)
        self.credits = [u.display or u.text for u in (self.script.utterances if self.script else [])
                        if u.part == "opening" and u.kind == "credits"]
        self.body = self._render()

    # -- pieces

    def _sentences(self, block) -> list[PlainSentence]:
        if self.edition == "plain":
            return self.doc.plain.paragraph(block.id).sentences
        uses: dict[str, list[TermUse]] = {}
        for use in self.doc.term_uses:
            uses.setdefault(use.sentence_id, []).append(use)
        return [PlainSentence(text=s.text, source=s.id, note_refs=s.note_refs,
                              terms=uses.get(s.id, [])) for s in block.sentences]

    def _terms(self, sentence: PlainSentence) -> PlainSentence:
        """One `dfn id` per term (a term explained again later is linked, not defined twice)."""
        terms = []
        for use in sentence.terms:
            if use.term not in {t.term for t in self.glossary}:
                self.glossary.append(use)
            if use.first_use:
                if use.term in self._dfn_seen:
                    use = replace(use, first_use=False)
                self._dfn_seen.add(use.term)
            terms.append(use)
        return replace(sentence, terms=terms)

    def _sentence(self, sentence: PlainSentence, sid: str) -> str:
        inner = _html_sentence(self._terms(sentence), self._ref_counts)
        if self.epub:
            inner = inner.replace('role="doc-noteref"', 'role="doc-noteref" epub:type="noteref"')
        return f'<span class="s" id="{escape(sid)}">{inner}</span>'

    def _note(self, note) -> str:
        self.note_ids.add(note.id)
        text = escape(note.text, quote=False)
        if self.epub:
            return (f'<aside epub:type="footnote" role="doc-footnote" id="{note.id}">'
                    f"<p>{note.number}. {text}</p></aside>")
        return (f'<aside class="note" role="note" id="{note.id}" aria-label="Note {note.number}">'
                f"<details><summary>Note {note.number}</summary><p>{text}</p></details></aside>")

    # -- the whole

    def _render(self) -> str:
        chapter, out = self.doc.chapter, []
        for section in chapter.sections:
            label = f' aria-labelledby="{section.id}-h"' if section.heading else ""
            out.append(f"<section{label}>")
            if section.heading:
                out.append(f'<h2 id="{section.id}-h">{escape(section.heading)}</h2>')
                self.sections.append((f"{section.id}-h", section.heading))
            for block in section.blocks:
                if isinstance(block, Figure):
                    out.append(_html_figure(block))
                    continue
                sentences = self._sentences(block)
                style = (self.doc.plain.paragraph(block.id).style if self.edition == "plain"
                         else block.style)
                ids = self.block_sentences.setdefault(block.id, [])
                main, extra = [], []
                for k, s in enumerate(sentences, 1):
                    sid = f"{block.id}.s{k}"
                    ids.append((sid, s.text))
                    (extra if s.kind == "see-also" else main).append(self._sentence(s, sid))
                tag = "li" if style == "list-item" else "p"
                item = f'<{tag} id="{block.id}">{" ".join(main)}</{tag}>'
                out.append(f"<ul>{item}</ul>" if tag == "li" else item)
                out += [f'<p class="see-also">{x}</p>' for x in extra]
                for ref in (r for s in sentences for r in s.note_refs):
                    note = chapter.note(ref.note_id) if ref.note_id else None
                    if note and note.id not in self.note_ids:
                        out.append(self._note(note))
            out.append("</section>")
        out += self._backmatter()
        return "\n".join(out)

    def _backmatter(self) -> list[str]:
        chapter, out = self.doc.chapter, []
        if self.glossary:
            out += ['<section id="glossary" aria-labelledby="glossary-h">',
                    '<h2 id="glossary-h">Glossary</h2>', "<dl>"]
            for use in self.glossary:
                slug = _slug(use.term)
                expansion = f" ({escape(use.expansion)})" if use.expansion else ""
                out.append(f'<dt id="{slug}-def"><dfn>{escape(use.term)}</dfn>{expansion}</dt>'
                           f'<dd id="{slug}-dd" data-slug="{slug}">{escape(use.definition)}</dd>')
            out += ["</dl>", "</section>"]
            self.sections.append(("glossary-h", "Glossary"))
        rest = [n for n in chapter.notes if n.id not in self.note_ids]
        if rest:
            heading = escape(chapter.notes_heading or "Notes")
            out += ['<section id="notes" aria-labelledby="notes-h">',
                    f'<h2 id="notes-h">{heading}</h2>', *[self._note(n) for n in rest], "</section>"]
            self.sections.append(("notes-h", chapter.notes_heading or "Notes"))
        if chapter.bibliography:
            heading = chapter.bibliography_heading or "Bibliography"
            out += ['<section aria-labelledby="bibliography-h">',
                    f'<h2 id="bibliography-h">{escape(heading)}</h2>', "<ul>"]
            out += [f'<li id="{b.id}">{escape(b.text, quote=False)}</li>' for b in chapter.bibliography]
            out += ["</ul>", "</section>"]
            self.sections.append(("bibliography-h", heading))
        return out

    def header(self) -> str:
        title = escape(_heading_line(self.doc.chapter))
        edition = "Plain-language edition" if self.edition == "plain" else "Original text"
        credits = " ".join(f'<span class="s" id="credit-{i}">{escape(line, quote=False)}</span>'
                           for i, line in enumerate(self.credits, 1))
        if not credits:
            author = self.doc.chapter.author
            credits = escape(f"{'By ' + author + '. ' if author else ''}{edition}.", quote=False)
        return f'<h1 id="title">{title}</h1>\n<p class="meta">{credits}</p>'

    def footer(self) -> str:
        chapter = self.doc.chapter
        licence = (escape(chapter.licence, quote=False) if chapter.licence
                   else "No licence was given with the text.")
        ending = f"End of chapter {chapter.number}." if chapter.number else f"End of {chapter.title}."
        lines = [f'<p><span class="s" id="licence">{licence}</span></p>']
        if self.edition == "plain":
            lines.append("<p>This plain-language version was adapted by machine (accessed) from "
                         "the original chapter and is shared under the same licence.</p>")
        lines.append(f'<p><span class="s" id="ending">{escape(ending, quote=False)}</span></p>')
        return "\n".join(lines)

    # -- narration

    def targets(self) -> dict[str, str]:
        """utterance id -> the id of the element it reads (utterances with no element left out)."""
        if not self.script:
            return {}
        out: dict[str, str] = {}
        queues = {block: list(ids) for block, ids in self.block_sentences.items()}
        credit = closing = 0
        section_ids = {s.id for s in self.doc.chapter.sections}
        bib_ids = {b.id for b in self.doc.chapter.bibliography}
        for u in self.script.utterances:
            target = None
            if u.part == "opening":
                credit += 1
                target = f"credit-{credit}" if credit <= len(self.credits) else None
            elif u.part == "closing":
                closing += 1
                target = "licence" if (self.doc.chapter.licence and closing == 1) else "ending"
            elif u.kind == "heading":
                if u.source in section_ids:
                    target = f"{u.source}-h"
                elif u.source == "bibliography":
                    target = "bibliography-h"
                elif u.source == "notes" and any(n.id not in self.note_ids for n in self.doc.chapter.notes):
                    target = "notes-h"
            elif u.kind == "body" and u.block in queues:
                queue = queues[u.block]
                while queue and " ".join(queue[0][1].split()) != " ".join((u.display or "").split()):
                    queue.pop(0)  # a sentence with nothing to say has no utterance
                if queue:
                    target = queue.pop(0)[0]
            elif u.role == "aside" and u.source:
                if u.source.startswith("glossary:"):
                    term = u.source.split(":", 1)[1]
                    if any(t.term == term for t in self.glossary):
                        target = f"{_slug(term)}-dd"
                elif self.doc.chapter.note(u.source):
                    target = u.source
            elif u.kind == "figure":
                target = u.source
            elif u.kind == "bibliography" and u.source in bib_ids:
                target = u.source
            if target:
                out[u.id] = target
        return out

    def clips(self, tracks: list[Track]) -> list[Clip]:
        """The narration, clip by clip, in playing order."""
        if not self.script:
            return []
        targets = self.targets()
        utterances = {u.id: u for u in self.script.utterances}
        glossary = {t.term: t for t in self.glossary}
        clips: list[Clip] = []
        for index, track in enumerate(tracks):
            cues = read_cues(track.captions)
            for k, (uid, start, _end) in enumerate(cues):
                u = utterances.get(uid)
                if u is None or uid not in targets:
                    continue
                end = cues[k + 1][1] if k + 1 < len(cues) else max(track.duration, _end)
                aside = None
                if u.role == "aside":
                    if u.source and u.source.startswith("glossary:"):
                        use = glossary.get(u.source.split(":", 1)[1])
                        aside = f"{use.term}: {use.definition}" if use else u.text
                    else:
                        note = self.doc.chapter.note(u.source or "")
                        aside = (f"Note {note.number}. {note.text}" if note and u.display
                                 else (u.text if not note else f"See note {note.number}."))
                clips.append(Clip(targets[uid], index, round(start, 3), round(end, 3),
                                  u.kind, u.role, aside))
        return clips


# ---------------------------------------------------------------------------- the page

PAGE_STYLE = """
:root { --hl-bg: #fff3b0; --hl-fg: #111; --hl-line: #8a5a00; --panel: #eef3fa; }
@media (prefers-color-scheme: dark) { :root { --hl-bg: #4d3d00; --hl-fg: #fff; --hl-line: #ffd75e; --panel: #1f2a38; } }
html { scroll-behavior: smooth; }
@media (prefers-reduced-motion: reduce) { html { scroll-behavior: auto; } * { transition: none !important; animation: none !important; } }
.player { background: var(--bg); border-bottom: 2px solid var(--muted); padding: 0.6rem 1.2rem; z-index: 10; }
@media (min-width: 40em) and (min-height: 36em) { .player { position: sticky; top: 0; } }
.player-inner { max-width: 38rem; margin: 0 auto; }
.player h2 { font-size: 1.1rem; margin: 0 0 0.4rem; }
.player audio { width: 100%; margin: 0.3rem 0; }
.controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.2rem 0; }
.controls button, .controls select { font: inherit; font-size: 1rem; min-height: 2.75rem; min-width: 2.75rem;
  padding: 0.3rem 0.8rem; border: 2px solid var(--accent); border-radius: 6px; background: var(--bg); color: var(--fg); }
.controls button:hover { background: var(--panel); }
.controls label { font-size: 1rem; }
.controls input[type=checkbox] { width: 1.3rem; height: 1.3rem; vertical-align: middle; }
button:focus-visible, select:focus-visible, input:focus-visible, summary:focus-visible, audio:focus-visible,
[tabindex]:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.aside-now { margin: 0.4rem 0 0; padding: 0.4rem 0.7rem; background: var(--panel); border-left: 4px solid var(--accent); font-size: 1rem; }
.s { cursor: pointer; border-radius: 3px; }
.s:hover { text-decoration: underline dotted; }
.s.current, .note.current, dd.current, h2.current, figure.current, li.current {
  background: var(--hl-bg); color: var(--hl-fg); text-decoration: underline 2px var(--hl-line);
  text-underline-offset: 0.2em; box-shadow: 0 0 0 2px var(--hl-bg); -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.s.current .definition { background: var(--hl-bg); color: var(--hl-fg); }
.s.current a, .note.current a { color: inherit; }
.note { margin: 0 0 1.1rem; padding: 0.3rem 0.8rem; border-left: 4px solid var(--muted); font-size: 1.05rem; }
.note summary { cursor: pointer; font-weight: 700; }
.note p { margin: 0.3rem 0; }
.term-wrap { position: relative; }
.term-wrap dfn[tabindex], .term-wrap abbr[tabindex] { border-bottom: 2px dotted var(--accent); }
.tip { position: absolute; left: 0; top: 1.6em; z-index: 20; width: max-content; max-width: min(22rem, 80vw);
  padding: 0.4rem 0.6rem; background: var(--fg); color: var(--bg); border-radius: 6px; font-size: 1rem;
  font-weight: 400; line-height: 1.4; font-style: normal; }
.tip[hidden] { display: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.toc ol { padding-left: 1.2rem; }
""".strip()

SCRIPT = r"""
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ra-data').textContent);
  var audio = document.getElementById('ra-audio');
  if (!audio || !data.tracks.length) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var playBtn = $('ra-play'), backBtn = $('ra-back'), prevBtn = $('ra-prev'), nextBtn = $('ra-next');
  var speed = $('ra-speed'), trackSel = $('ra-track'), follow = $('ra-follow');
  var asideBox = $('ra-aside'), asideText = $('ra-aside-text'), player = $('ra-player');
  var reduce = window.matchMedia('(prefers-reduced-motion: reduce)');
  var clips = data.clips.map(function (c) { return { t: c[0], b: c[1], e: c[2], id: c[3], a: c[4] }; });
  var trackIndex = 0, current = -1, pendingSeek = null, wantPlay = false;

  clips.forEach(function (c, i) {
    var el = $(c.id);
    if (el && !el.hasAttribute('data-clip')) { el.setAttribute('data-clip', String(i)); }
  });

  function clipAt(t, time) {
    var found = -1;
    for (var i = 0; i < clips.length; i++) {
      if (clips[i].t !== t) { if (clips[i].t > t) { break; } continue; }
      if (clips[i].b <= time + 0.02) { found = i; } else { break; }
    }
    return found;
  }

  function inView(el) {
    var r = el.getBoundingClientRect();
    var top = player && getComputedStyle(player).position === 'sticky' ? player.getBoundingClientRect().bottom : 0;
    return r.top >= top && r.bottom <= window.innerHeight;
  }

  function show(i) {
    if (i === current) { return; }
    var old = current >= 0 ? $(clips[current].id) : null;
    if (old) { old.classList.remove('current'); old.removeAttribute('aria-current'); }
    current = i;
    if (i < 0) { asideBox.hidden = true; return; }
    var c = clips[i], el = $(c.id);
    if (c.a) { asideText.textContent = c.a; asideBox.hidden = false; } else { asideBox.hidden = true; }
    if (!el) { return; }
    el.classList.add('current');
    el.setAttribute('aria-current', 'true');
    var details = el.querySelector('details');
    if (details) { details.open = true; }
    if (follow.checked && !el.closest('#glossary') && !inView(el)) {
      el.scrollIntoView({ block: 'center', behavior: reduce.matches ? 'auto' : 'smooth' });
    }
  }

  function load(t, time, play) {
    if (t !== trackIndex || !audio.currentSrc) {
      trackIndex = t;
      trackSel.value = String(t);
      pendingSeek = time;
      wantPlay = play;
      audio.src = data.tracks[t].src;
      audio.playbackRate = parseFloat(speed.value);
      audio.load();
    } else {
      audio.currentTime = time;
      if (play && audio.paused) { audio.play().catch(function () {}); }
    }
  }

  function seekTo(i) {
    if (i < 0 || i >= clips.length) { return; }
    load(clips[i].t, clips[i].b, !audio.paused);
    show(i);
  }

  audio.addEventListener('loadedmetadata', function () {
    audio.playbackRate = parseFloat(speed.value);
    if (pendingSeek !== null) { audio.currentTime = pendingSeek; pendingSeek = null; }
    if (wantPlay) { wantPlay = false; audio.play().catch(function () {}); }
  });
  function sync() { show(clipAt(trackIndex, audio.currentTime)); }
  audio.addEventListener('timeupdate', sync);
  audio.addEventListener('seeked', sync);
  var raf = null;
  function tick() { sync(); raf = audio.paused ? null : requestAnimationFrame(tick); }
  audio.addEventListener('play', function () {
    playBtn.textContent = 'Pause'; if (raf === null) { raf = requestAnimationFrame(tick); }
  });
  audio.addEventListener('pause', function () { playBtn.textContent = 'Play'; });
  audio.addEventListener('ended', function () {
    if (trackIndex + 1 < data.tracks.length) { load(trackIndex + 1, 0, true); }
  });
  audio.addEventListener('ratechange', function () {
    var v = String(audio.playbackRate);
    for (var k = 0; k < speed.options.length; k++) { if (speed.options[k].value === v) { speed.value = v; } }
  });

  playBtn.addEventListener('click', function () {
    if (audio.paused) { audio.play().catch(function () {}); } else { audio.pause(); }
  });
  backBtn.addEventListener('click', function () { audio.currentTime = Math.max(0, audio.currentTime - 10); });
  prevBtn.addEventListener('click', function () { seekTo(current > 0 ? current - 1 : 0); });
  nextBtn.addEventListener('click', function () { seekTo(current + 1); });
  speed.addEventListener('change', function () { audio.playbackRate = parseFloat(speed.value); });
  trackSel.addEventListener('change', function () { load(parseInt(trackSel.value, 10), 0, !audio.paused); });

  document.querySelector('main').addEventListener('click', function (event) {
    if (event.target.closest('a, button, summary, input, select, [tabindex], .tip')) { return; }
    var el = event.target.closest('[data-clip]');
    if (el) { seekTo(parseInt(el.getAttribute('data-clip'), 10)); }
  });
  document.addEventListener('click', function (event) {
    var ref = event.target.closest('a[role="doc-noteref"]');
    var note = ref ? $(ref.getAttribute('href').slice(1)) : null;
    var details = note ? note.querySelector('details') : null;
    if (details) { details.open = true; }
  });

  function padPlayer() {
    var sticky = getComputedStyle(player).position === 'sticky';
    document.documentElement.style.scrollPaddingTop = sticky ? (player.offsetHeight + 8) + 'px' : '';
  }
  window.addEventListener('resize', padPlayer);
  padPlayer();
})();

(function () {
  'use strict';
  var defs = {};
  document.querySelectorAll('#glossary dd[data-slug]').forEach(function (dd) {
    var dt = dd.previousElementSibling;
    defs[dd.getAttribute('data-slug')] = (dt ? dt.textContent + ': ' : '') + dd.textContent;
  });
  var open = [];
  function hideAll() { open.forEach(function (t) { t.hidden = true; }); open = []; }
  var n = 0;
  document.querySelectorAll('main .s dfn[id^="term-"], main .s a.term, main .s abbr[title]').forEach(function (el) {
    if (el.closest('.term-wrap')) { return; }
    var slug = el.tagName === 'DFN' ? el.id : el.tagName === 'A' ? el.getAttribute('href').slice(1).replace(/-def$/, '') : null;
    var text = slug && defs[slug] ? defs[slug] : (el.tagName === 'ABBR' ? el.textContent + ': ' + el.getAttribute('title') : null);
    if (!text) { return; }
    var wrap = document.createElement('span');
    wrap.className = 'term-wrap';
    el.parentNode.insertBefore(wrap, el);
    wrap.appendChild(el);
    var tip = document.createElement('span');
    tip.className = 'tip';
    tip.id = 'tip-' + (++n);
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    tip.textContent = text;
    wrap.appendChild(tip);
    el.setAttribute('aria-describedby', tip.id);
    if (el.tagName !== 'A') { el.setAttribute('tabindex', '0'); }
    if (el.tagName === 'ABBR') { el.removeAttribute('title'); }  // the tooltip says it (no double announcement)
    function showTip() { hideAll(); tip.hidden = false; open.push(tip); }
    function hideTip() { tip.hidden = true; }
    el.addEventListener('focus', showTip);
    el.addEventListener('blur', hideTip);
    wrap.addEventListener('mouseenter', showTip);
    wrap.addEventListener('mouseleave', function () { if (document.activeElement !== el) { hideTip(); } });
  });
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { hideAll(); } });
})();
""".strip()


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def page(doc: Document, edition: str, audio_prefix: str = "") -> str:
    """The read-along page for `edition`; track files are referenced as
    `<audio_prefix>audio/<edition>/<file>.mp3`."""
    text = Text(doc, edition)
    tracks = edition_tracks(doc, edition)
    clips = text.clips(tracks)
    chapter = doc.chapter
    title = escape(_heading_line(chapter))
    label = "plain-language edition" if edition == "plain" else "original text"
    other = "original" if edition == "plain" else "plain"
    also = (f' Also available: <a href="read-along-{other}.html">the '
            f'{"original text" if other == "original" else "plain-language edition"}</a>.'
            if _script(doc, other) and (other == "original" or doc.plain) else "")
    data = {
        "tracks": [{"src": f"{audio_prefix}audio/{edition}/{Path(t.path).name}", "title": t.title,
                    "duration": t.duration} for t in tracks],
        "clips": [[c.track, c.begin, c.end, c.target, c.aside] for c in clips],
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    if tracks:
        options = "".join(f'<option value="{i}">{escape(t.title)} ({_clock(t.duration)})</option>'
                          for i, t in enumerate(tracks))
        speeds = "".join(f'<option value="{v}"{" selected" if v == "1" else ""}>{v}×</option>'
                         for v in ("0.75", "1", "1.25", "1.5", "1.75", "2"))
        player = f"""<section class="player" id="ra-player" aria-labelledby="ra-player-h">
<div class="player-inner">
<h2 id="ra-player-h">Listen and read along</h2>
<audio id="ra-audio" controls preload="metadata" src="{escape(data['tracks'][0]['src'])}"></audio>
<div class="controls">
<button type="button" id="ra-play">Play</button>
<button type="button" id="ra-back">Back 10 seconds</button>
<button type="button" id="ra-prev">Previous sentence</button>
<button type="button" id="ra-next">Next sentence</button>
</div>
<div class="controls">
<label for="ra-speed">Speed</label> <select id="ra-speed">{speeds}</select>
<label for="ra-track">Track</label> <select id="ra-track">{options}</select>
<label><input type="checkbox" id="ra-follow" checked> Keep the sentence in view</label>
</div>
<div class="aside-now" id="ra-aside" hidden><strong>Aside:</strong> <span id="ra-aside-text"></span></div>
</div>
</section>"""
    else:
        player = ('<section class="player" aria-label="Narration"><p>No narration was built for '
                  "this edition (build without --no-audio to get it).</p></section>")
    toc = "".join(f'<li><a href="#{escape(i)}">{escape(h)}</a></li>' for i, h in text.sections)
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{escape(chapter.language or "en")}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} (read-along, {label})</title>",
        f"<style>\n{STYLE}\n{PAGE_STYLE}\n</style>", "</head>", "<body>",
        '<a class="skip" href="#main">Skip to the text</a>',
        "<header>", text.header(),
        f'<p class="meta">Read-along, {label}.{also}</p>',
        "</header>",
        player,
        '<main id="main">',
        f'<nav class="toc" aria-label="Contents"><h2 id="toc-h">Contents</h2><ol>{toc}</ol></nav>' if toc else "",
        text.body, "</main>",
        '<footer aria-labelledby="licence-h">', '<h2 id="licence-h">Licence</h2>', text.footer(),
        "</footer>",
        f'<script type="application/json" id="ra-data">{payload}</script>',
        f"<script>\n{SCRIPT}\n</script>",
        "</body>", "</html>", ""])


def write(doc: Document, folder) -> list[Path]:
    """Write `read-along-<edition>.html` for each edition that has a script; return the paths."""
    written = []
    for script in doc.scripts:
        if script.edition == "plain" and doc.plain is None:
            continue
        written.append(folder.write(f"read-along-{script.edition}.html", page(doc, script.edition)))
    return written
