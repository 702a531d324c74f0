"""Plain-word lexicon: hard words and wordy phrases → plain ones, where the sense fits.

The entries live in `data/plain_lexicon.yaml` (see docs/plain-language.md for how they were
chosen). Each entry has a headword, its plain replacement and a part of speech; verbs and nouns
are inflected by rule (exacerbated → made worse, individuals → people), and `forms` lists any
form explicitly. Context fields limit an entry to the sense that fits:

    after / not_after     the word before the match must (not) be one of these
    before / not_before   the word after the match must (not) be one of these
    only                  only these surface forms are replaced

In the lists, `DET` stands for any determiner and `PRON` for any personal pronoun.
A `{}` in a verb's replacement is an object slot: "make {} worse" turns "exacerbated the
stagnation" into "made the stagnation worse" (when the object is a short noun phrase; otherwise
`alone` is used, e.g. "worsened").

Never changed: words inside quotation marks, capitalised words inside a sentence (names, titles:
"The Remedy Group"), a capitalised sentence-initial word followed by another capitalised word,
acronyms. Verb entries never apply right after a determiner ("an abandoned house", "the remedy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

import yaml

from . import english
from .english import Protected

POS = ("verb", "noun", "adj", "adv", "phrase")
_WORD_CHARS = r"[\w’'\-]"
_PRONOUNS = english.SUBJECT_PRONOUNS | english.OBJECT_PRONOUNS


@dataclass(frozen=True)
class Entry:
    word: str
    plain: str
    pos: str = "phrase"
    note: Optional[str] = None
    forms: tuple = ()  # ((surface, plain), ...) given explicitly
    only: tuple = ()
    after: tuple = ()
    not_after: tuple = ()
    before: tuple = ()
    not_before: tuple = ()
    alone: Optional[str] = None  # replacement when the object slot cannot be filled
    line: int = 0


@dataclass
class Surface:
    entry: Entry
    form: str  # base | s | past | ing | plural | given | phrase
    plain: str  # replacement (past tense for verbs when past and participle differ)
    plain_pp: Optional[str] = None  # participle variant of `plain`, chosen by context


@dataclass
class Lexicon:
    entries: list[Entry]
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)

    def __post_init__(self):
        for e in self.entries:
            for surface, s in _surfaces(e):
                self.surfaces.setdefault(surface.lower(), []).append(s)
        english.add_verbs(e.word.split()[0] for e in self.entries if e.pos == "verb")
        keys = sorted(self.surfaces, key=lambda k: (-len(k), k))
        alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
        self.regex = re.compile(
            rf"(?<!{_WORD_CHARS})(?:{alternation})(?!{_WORD_CHARS})", re.IGNORECASE
        )

    def surface_words(self) -> set[str]:
        return {w for k in self.surfaces for w in k.split()}

    def lookup(self, word: str) -> Optional[str]:
        """The plain replacement of a surface form, ignoring context (for docs and tests)."""
        found = self.surfaces.get(word.lower())
        return found[0].plain if found else None

    # ------------------------------------------------------------------------------------
    def apply(self, text: str) -> tuple[str, list[str]]:
        """Replace hard words in already-protected text (quotations as placeholders)."""
        changes: list[str] = []
        out: list[str] = []
        pos = 0
        for m in self.regex.finditer(text):
            if m.start() < pos:
                continue
            replacement = self._replacement(text, m)
            if replacement is None:
                continue
            new, end = replacement
            done = "".join(out) + text[pos:m.start()]
            done = _fix_article(done, new)
            out = [done, new]
            pos = end
            shown = english.PLACEHOLDER_RE.sub("", text[m.start():end]).rstrip(".,;:!?")
            plain = english.PLACEHOLDER_RE.sub("", new).rstrip(".,;:!?")
            changes.append(f"'{shown}' → '{plain}'")
        out.append(text[pos:])
        return "".join(out), changes

    def simplify(self, text: str) -> tuple[str, list[str]]:
        """Replace hard words in plain text, keeping quotations and note markers intact."""
        p = Protected(text)
        new, changes = self.apply(p.text)
        return p.restore(new), changes

    # ------------------------------------------------------------------------------------
    def _replacement(self, text: str, m: re.Match) -> Optional[tuple[str, int]]:
        matched = m.group(0)
        at_start = not re.search(r"\w", english.PLACEHOLDER_RE.sub("", text[: m.start()]))
        at_start = at_start and not english.QUOTE_CHAR_RE.search(text[: m.start()])
        title_like = False
        if any(c.isupper() for c in matched):
            if not at_start or not matched[0].isupper() or matched.isupper():
                return None
            # "Remedy Group", "Numerous Korean": a capital next may make this a title
            title_like = bool(re.match(r"\s+[A-Z]", text[m.end():]))
        prev_word = _prev_word(text, m.start())
        next_word = _next_word(text, m.end())
        for s in self.surfaces[_key(matched)]:
            e = s.entry
            if title_like and not (e.pos == "adv" and matched.lower().endswith("ly")):
                continue  # but "Immediately North Korean students …" opens with an adverb
            if e.pos == "verb" and prev_word in english.DETERMINERS:
                # "an abandoned house", "the remedy" — but "This occurred", "that shows"
                if not (prev_word in ("this", "that") and s.form in ("s", "past")):
                    continue
            if (
                e.pos == "verb"
                and s.form in ("past", "pp")
                and _aux_before(text, m.start()) == "be"
                and e.plain.split()[-1] in english.PREPOSITIONS | {"part", "up", "out", "on"}
            ):
                continue  # no passive of "take part in": "was engaged in" is left alone
            if not _context_ok(e.after, e.not_after, prev_word):
                continue
            if not _context_ok(e.before, e.not_before, next_word):
                continue
            new, form = s.plain, s.form
            if s.plain_pp and _wants_participle(text, m.start()):
                new, form = s.plain_pp, "pp"
            end = m.end()
            if "{}" in new:
                filled = _fill_object(text, m.end(), new)
                if filled is not None:
                    obj_new, _ = self.apply(filled[0])  # the object may hold hard words too
                    new, end = obj_new, filled[1]
                elif form == "pp" or not e.alone or _aux_before(text, m.start()):
                    # passive or perfect without an object: "was made worse"
                    new = new.replace(" {}", "").replace("{} ", "")
                else:
                    new = _inflect_like(e.alone, form, e)
            if at_start and matched[0].isupper():
                new = new[0].upper() + new[1:]
                if e.pos == "adv" and " " in new and re.match(r"\s+\w", text[end:]):
                    new += ","  # "At once, North Korean students …"
            return new, end
        return None


def _key(matched: str) -> str:
    return re.sub(r"\s+", " ", matched.lower())


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([\w’'\-]+)[\W\ue000-\ue3ff]*$", english.PLACEHOLDER_RE.sub("", text[:start]))
    if not m or re.search(r"[.;:!?]\s*$", text[:start]):
        return ""
    return m.group(1).lower()


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[\s\ue000-\ue3ff]*([\w’'\-]+)", text[end:])
    return m.group(1).lower() if m else ""


def _context_ok(must: tuple, must_not: tuple, word: str) -> bool:
    def hit(options: tuple) -> bool:
        for o in options:
            if o == "DET" and word in english.DETERMINERS:
                return True
            if o == "PRON" and word in _PRONOUNS:
                return True
            if o == word:
                return True
        return False

    if must and not hit(must):
        return False
    return not (must_not and hit(must_not))


def _aux_before(text: str, start: int) -> Optional[str]:
    """'have' or 'be' if a perfect/passive auxiliary governs the verb at `start`.

    Looks back up to five words within the clause, over adverbs and short fillers ("was without
    a doubt engaged"), stopping at punctuation or another verb.
    """
    before = english.PLACEHOLDER_RE.sub("", text[:start])
    before = re.split(r"[.,;:!?()\u2014]", before)[-1]
    words = re.findall(r"[\w’']+", before.lower())[-5:]
    for w in reversed(words):
        if w in english.HAVE_FORMS:
            return "have"
        if w in english.BE_FORMS or w in ("get", "got", "gets"):
            return "be"
        if w in english.MODALS or w in english.DO_FORMS or w in english.SUBJECT_PRONOUNS:
            return None
        if english.verb_analyses(w) and not w in english.ADVERBS:
            forms = {f for _, f in english.verb_analyses(w)}
            if forms & {"past", "s"}:
                return None
    return None


def _wants_participle(text: str, start: int) -> bool:
    """'has commenced' → 'has begun', 'commenced' → 'began'."""
    return _aux_before(text, start) is not None


_OBJECT_STOP = (
    english.PREPOSITIONS - {"of"}
) | english.COORDINATORS | english.SUBORDINATORS | english.RELATIVES | english.AUXILIARIES


def _fill_object(text: str, end: int, plain: str) -> Optional[tuple[str, int]]:
    """Place a short object noun phrase into a "make {} worse" slot; None if unclear."""
    rest = text[end:]
    m = re.match(r"\s+", rest)
    if not m:
        return None
    tokens = list(re.finditer(r"\S+", rest))
    words: list[str] = []
    stop_at = None
    for i, t in enumerate(tokens[:7]):
        tok = t.group(0)
        bare = english.strip_word(tok).lower()
        if not bare or bare in _OBJECT_STOP or english.QUOTE_CHAR_RE.search(tok):
            break
        if i == 0 and english.is_verb_form(bare, "s", "past") and bare not in english.DETERMINERS:
            break
        words.append(tok)
        if re.search(r"[.,;:!?)\u2014]$", english.PLACEHOLDER_RE.sub("", tok)):
            stop_at = i
            break
    else:
        if len(tokens) > 7:
            return None
    if not words or len(words) > 6:
        return None
    if stop_at is None and len(words) < len(tokens):
        # the phrase must end at a clear boundary: punctuation or a stop word, but not "and"/"or",
        # which may continue the noun phrase ("the long and complicated situation")
        nxt = english.strip_word(tokens[len(words)].group(0)).lower()
        if nxt not in _OBJECT_STOP or nxt in ("and", "or", "nor"):
            return None
    last_bare = english.strip_word(words[-1]).lower()
    if last_bare in english.DETERMINERS or last_bare in english.ADVERBS:
        return None
    last = words[-1]
    trail = re.search(r"([\ue000-\ue3ff]*[.,;:!?)\u2014]*)$", last).group(1)
    core_last = last[: len(last) - len(trail)] if trail else last
    phrase = " ".join(words[:-1] + [core_last])
    filled = plain.replace("{}", phrase) + trail
    consumed = tokens[len(words) - 1].end()
    return filled, end + consumed


def _inflect_like(alone: str, form: str, e: Entry) -> str:
    """The `alone` replacement in the same form as the matched verb."""
    if e.pos != "verb" or form not in ("base", "s", "past", "pp", "ing"):
        return alone
    return english.inflect_phrase(alone, form)


def _fix_article(done: str, new: str) -> str:
    m = re.search(r"(\b)([Aa]n?)(\s+)$", done)
    if not m:
        return done
    first = re.sub(r"^\W+", "", new).split(" ")[0]
    want_an = english.needs_an(first)
    art = m.group(2)
    fixed = ("an" if want_an else "a")
    if art[0] == "A":
        fixed = fixed.capitalize()
    return done[: m.start(2)] + fixed + m.group(3)


# --- building surfaces ---------------------------------------------------------------------


def _surfaces(e: Entry):
    given = {s.lower(): p for s, p in e.forms}
    out: list[tuple[str, Surface]] = []
    if e.pos == "verb":
        forms = ("base", "s", "past", "pp", "ing")
        hard = {f: english.inflect_phrase(e.word, f) for f in forms}
        plain = {f: english.inflect_phrase(e.plain, f) for f in forms}
        by_surface: dict[str, list[str]] = {}
        for f in forms:
            by_surface.setdefault(hard[f], []).append(f)
        for surface, fs in by_surface.items():
            primary = fs[0]
            if primary == "pp":
                primary = "past"  # an irregular participle alone ("undertaken"): past slot
                out.append((surface, Surface(e, "pp", plain["pp"])))
                continue
            pp = plain["pp"] if "pp" in fs and plain["pp"] != plain[primary] else None
            out.append((surface, Surface(e, primary, plain[primary], pp)))
    elif e.pos == "noun":
        out.append((e.word, Surface(e, "base", e.plain)))
        out.append((_plural_phrase(e.word), Surface(e, "plural", _plural_phrase(e.plain))))
    else:
        out.append((e.word, Surface(e, "phrase", e.plain)))
    # explicit forms replace generated ones with the same surface
    out = [(s, x) for s, x in out if s.lower() not in given]
    out.extend((s, Surface(e, "given", p)) for s, p in e.forms)
    if e.only:
        keep = {o.lower() for o in e.only}
        out = [(s, x) for s, x in out if s.lower() in keep]
    return out


def _plural_phrase(phrase: str) -> str:
    words = phrase.split()
    # pluralise the head: the last word, or the word before "of" ("point of view")
    if "of" in words[1:]:
        i = words.index("of") - 1
    else:
        i = len(words) - 1
    words[i] = english.plural_noun(words[i])
    return " ".join(words)


# --- loading -----------------------------------------------------------------------------------


class LexiconError(ValueError):
    pass


def load(text: str, source: str = "plain_lexicon.yaml") -> Lexicon:
    """Parse a lexicon YAML document (a mapping with an `entries:` list)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster
    root = yaml.compose(text, Loader=loader)
    data = yaml.load(text, Loader=loader)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise LexiconError(f"{source}: expected a mapping with an 'entries' list")
    lines = []
    for key, value in root.value:
        if key.value == "entries":
            lines = [node.start_mark.line + 1 for node in value.value]
    entries = []
    seen: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(data["entries"]):
        line = lines[i] if i < len(lines) else 0
        if not isinstance(raw, dict) or "word" not in raw or "plain" not in raw:
            raise LexiconError(f"{source}:{line}: an entry needs 'word' and 'plain'")
        pos = raw.get("pos", "phrase")
        if pos not in POS:
            raise LexiconError(f"{source}:{line}: unknown pos {pos!r}")
        unknown = set(raw) - {
            "word", "plain", "pos", "note", "forms", "only", "after", "not_after", "before",
            "not_before", "alone",
        }
        if unknown:
            raise LexiconError(f"{source}:{line}: unknown field(s) {sorted(unknown)}")
        key = (str(raw["word"]).lower(), pos)
        if key in seen:
            raise LexiconError(f"{source}:{line}: duplicate of the entry on line {seen[key]}")
        seen[key] = line
        entries.append(
            Entry(
                word=str(raw["word"]),
                plain=str(raw["plain"]),
                pos=pos,
                note=raw.get("note"),
                forms=tuple((str(k), str(v)) for k, v in (raw.get("forms") or {}).items()),
                only=tuple(str(x) for x in raw.get("only") or ()),
                after=tuple(str(x) for x in raw.get("after") or ()),
                not_after=tuple(str(x) for x in raw.get("not_after") or ()),
                before=tuple(str(x) for x in raw.get("before") or ()),
                not_before=tuple(str(x) for x in raw.get("not_before") or ()),
                alone=raw.get("alone"),
                line=line,
            )
        )
    return Lexicon(entries)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    text = resources.files("accessed").joinpath("data/plain_lexicon.yaml").read_text("utf-8")
    return load(text)


def simplify(text: str) -> tuple[str, list[str]]:
    """Plain words for hard ones in `text` with the built-in lexicon; returns (text, changes)."""
    return default_lexicon().simplify(text)
