"""The glossary: load and check `glossary.yaml`, find its terms, decide where each is explained.

`Glossary.annotate` is the one place that decides where a term is explained: the plain-language
edition and the speech script both read its `TermUse` records, so a reader and a listener meet the
explanation at the same sentence. The file format is documented in docs/glossary.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional

import yaml

from .errors import ConfigError, GlossaryError
from .model import Chapter, Figure, Paragraph, TermUse

KINDS = ("term", "person", "place", "organisation", "abbreviation")
KIND_ALIASES = {"organization": "organisation"}
SPEAK_AS = ("letters", "word")
MODES = ("first", "section", "every", "never")
KEYS = ("term", "kind", "definition", "variants", "typos", "say", "expansion", "speak_as",
        "case_sensitive")
TEXT_KEYS = ("term", "kind", "definition", "say", "expansion", "speak_as")
LIST_KEYS = ("variants", "typos")
LONG_DEFINITION = 30  # words; `check` flags longer definitions

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_TAG_NAMES = {"tag:yaml.org,2002:int": "a number", "tag:yaml.org,2002:float": "a number",
              _BOOL: "true/false", "tag:yaml.org,2002:null": "empty",
              "tag:yaml.org,2002:timestamp": "a date"}

# Text that is never annotated: web addresses, e-mail addresses and author-date citations.
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+|\b[\w.-]+\.[a-z]{2,}/\S*|\b\S+@[\w-]+\.[\w.]+",
                  re.IGNORECASE)
_CITATION = re.compile(
    r"\((?:see |e\.g\.,? |cf\. )?(?:[A-Z][\w’'.\-]*(?: (?:and|&) [A-Z][\w’'.\-]*| et al\.)?,? "
    r"\d{4}[a-z]?(?:, [\d–\-]+)?(?:; )?)+\)")
_HYPHEN_CHARS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_HYPHENS = "\u2010\u2011\\-"  # the same, for a regex character class
_SEPARATOR = re.compile(rf"([\s{_HYPHENS}]+)")
_POSSESSIVE = r"(?:['’]s|(?<=s)['’])"


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` where no term is matched: URLs, e-mail addresses, citations."""
    return [m.span() for m in _URL.finditer(text)] + [m.span() for m in _CITATION.finditer(text)]


def normalise(form: str) -> str:
    """A comparison key: case-folded, hyphens and spaces alike, one kind of apostrophe."""
    return _SEPARATOR.sub(" ", form.strip()).replace("’", "'").casefold()


@dataclass(frozen=True)
class Entry:
    """One headword of the glossary; `line` is where it starts in the file (1-based)."""

    term: str
    definition: str
    kind: str = "term"
    variants: tuple[str, ...] = ()
    typos: tuple[str, ...] = ()  # misspellings: spoken and explained as `term`
    say: Optional[str] = None  # respelling for the speech engine
    expansion: Optional[str] = None  # abbreviations only
    speak_as: Optional[str] = None  # abbreviations only: letters | word
    case_sensitive: bool = False
    line: int = 0

    @property
    def forms(self) -> list[tuple[str, bool]]:
        """Every spelling to look for, with whether it is a typo; the headword first."""
        seen: set[str] = set()
        out = []
        for form, typo in [(self.term, False)] + [(v, False) for v in self.variants] + \
                [(t, True) for t in self.typos]:
            key = form if self.case_sensitive else form.casefold()
            if key not in seen:
                seen.add(key)
                out.append((form, typo))
        return out


@dataclass(frozen=True)
class Match:
    """One occurrence of an entry in a text: `text[start:end] == matched`."""

    start: int
    end: int
    entry: Entry
    matched: str
    form: str  # the glossary spelling that matched
    typo: bool = False
    ending: str = ""  # inflection and possessive as written: "’s", "d", "es", "ing"
    cut: int = 0  # letters of `form` the ending replaced ("purge" → "purging": 1)

    def spoken(self, first_use: bool = True) -> str:
        """What the narrator says for `matched`."""
        entry = self.entry
        if entry.kind == "abbreviation":
            if first_use and entry.expansion:
                base = entry.expansion
            elif entry.speak_as == "word":
                base = entry.say or entry.term
            else:
                base = " ".join(ch for ch in entry.term if ch.isalnum())
                if self.ending == "s":  # "U S S Rs" is read "R S"; "R's" is read "Rs"
                    return base + "'s"
            return _attach(base, self.ending, 0)
        if entry.say:
            return _attach(entry.say, self.ending, self.cut)
        if self.typo:
            return _attach(entry.term, self.ending, self.cut)
        return self.matched


def _attach(base: str, ending: str, cut: int) -> str:
    if cut:
        base = base[:-cut]
    if ending[-2:] in ("'s", "’s") and base.endswith("s") and not ending[:-2]:
        return base + ending[-2]  # "Republics" + "’s" → "Republics’"
    return base + ending


def _endings(word: str, kind: str) -> tuple[list[str], list[str]]:
    """Endings added to the last word of a form, and those that replace its last letter."""
    if kind == "abbreviation":
        return ["s"], []
    if kind != "term" or not word[-1:].isalpha():
        return [], []
    low = word.lower()
    if low.endswith("e"):
        return ["s", "d"], ["ing"]
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return ["ing"], ["ies", "ied"]
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return ["es", "ed", "ing"], []
    return ["s", "ed", "ing"], []


def _form_pattern(form: str) -> str:
    """Regex for a form: a space matches spaces or hyphens; a hyphen, hyphens, spaces or nothing."""
    out = []
    for part in _SEPARATOR.split(form.strip()):
        if not part:
            continue
        if _SEPARATOR.fullmatch(part):
            optional = any(h in part for h in _HYPHEN_CHARS)
            out.append(rf"[\s{_HYPHENS}]" + ("*" if optional else "+"))
        else:
            out.append("".join("['’]" if ch in "'’" else re.escape(ch) for ch in part))
    return "".join(out)


def _compile(form: str, kind: str, case_sensitive: bool) -> re.Pattern:
    add, replace = _endings(form, kind)
    body = _form_pattern(form)

    def alternatives(endings):
        return "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))

    plain = rf"{body}(?P<add>{alternatives(add)})?" if add else body
    branches = [rf"(?P<whole>{plain}{_POSSESSIVE}?)"]
    if replace:
        stem = _form_pattern(form[:-1])
        branches.append(rf"(?:{stem}(?P<replace>{alternatives(replace)}){_POSSESSIVE}?)")
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w])(?:{'|'.join(branches)})(?![\w])", flags)


@dataclass
class _Pattern:
    entry: Entry
    form: str
    typo: bool
    regex: re.Pattern


class Glossary:
    """A list of entries and the matchers built from them."""

    def __init__(self, entries: Iterable[Entry] = (), source: str = ""):
        self.entries: list[Entry] = list(entries)
        self.source = source
        self._patterns = [_Pattern(e, form, typo, _compile(form, e.kind, e.case_sensitive))
                          for e in self.entries for form, typo in e.forms]

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str) -> "Glossary":
        """Read and validate a glossary file; GlossaryError names the line of the first problem."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise GlossaryError(f"{path}: no such file") from None
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        except OSError as exc:
            raise GlossaryError(f"{path}: cannot read ({exc.strerror})") from None
        return cls.loads(text, name=str(path))

    @classmethod
    def loads(cls, text: str, name: str = "glossary.yaml") -> "Glossary":
        """Parse glossary YAML given as a string; `name` is used in error messages."""
        return cls(_Parser(name).parse(text), source=name)

    @classmethod
    def default(cls) -> "Glossary":
        """The glossary shipped with the package."""
        return cls.load(Path(str(resources.files("accessed") / "data" / "glossary.yaml")))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def names(self) -> list[str]:
        """Spellings of the proper names the glossary knows: its people, places and organisations,
        and abbreviations of a name ("USSR", "Union of Soviet Socialist Republics")."""
        out = []
        for e in self.entries:
            if e.kind in ("person", "place", "organisation"):
                out += [form for form, _ in e.forms if form[:1].isupper()]
            elif e.kind == "abbreviation" and (e.expansion or "")[:1].isupper():
                out += [form for form, _ in e.forms] + [e.expansion]
        return out

    def vocabulary(self) -> list[str]:
        """Spellings of the glossary's terms (kind `term`): words a reader has to learn, so they
        count towards the reading level even when capitalised ("Juche")."""
        return [form for e in self.entries if e.kind == "term" for form, _ in e.forms]

    def get(self, term: str) -> Optional[Entry]:
        key = normalise(term)
        return next((e for e in self.entries if normalise(e.term) == key), None)

    # -- matching ------------------------------------------------------------------------------

    def find(self, text: str) -> list[Match]:
        """Every glossary term in `text`, longest first, without overlaps, in text order.

        Whole words only; never inside a URL, an e-mail address or an author-date citation.
        """
        blocked = blocked_spans(text)
        candidates = []
        for order, pattern in enumerate(self._patterns):
            for m in pattern.regex.finditer(text):
                if any(m.start() < b_end and b_start < m.end() for b_start, b_end in blocked):
                    continue
                if m.group("whole") is not None:
                    ending, cut = text[m.start() + _base_length(m):m.end()], 0
                else:  # the branch where the ending replaces the form's last letter
                    ending, cut = text[m.start("replace"):m.end()], 1
                candidates.append((order, Match(m.start(), m.end(), pattern.entry, m.group(),
                                                pattern.form, pattern.typo, ending, cut)))
        candidates.sort(key=lambda c: (c[1].start - c[1].end, c[1].start, c[0]))
        chosen: list[Match] = []
        for _, match in candidates:
            if all(match.end <= c.start or c.end <= match.start for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)

    def annotate(self, chapter: Chapter, mode: str = "first",
                 captions: bool = True) -> list[TermUse]:
        """Glossary uses in the chapter's body, in reading order, marked where to explain them.

        mode: `first` explains a term at its first use in the chapter, `section` at its first use
        in each section, `every` at every use, `never` nowhere (uses are still recorded).
        Figure captions count in reading order when `captions` is true; their `sentence_id` is the
        figure's id and the span is in `Figure.caption`. Notes and bibliography are never read.
        """
        if mode not in MODES:
            raise ConfigError(f"glossary mode {mode!r}: use one of {', '.join(MODES)}")
        uses: list[TermUse] = []
        explained: set[str] = set()
        for section in chapter.sections:
            if mode == "section":
                explained = set()
            for unit_id, text in _units(section.blocks, captions):
                for m in self.find(text):
                    first = mode == "every" or (mode != "never" and m.entry.term not in explained)
                    explained.add(m.entry.term)
                    uses.append(TermUse(
                        sentence_id=unit_id, start=m.start, end=m.end, term=m.entry.term,
                        matched=m.matched, first_use=first, definition=m.entry.definition,
                        spoken=m.spoken(first), expansion=m.entry.expansion))
        return uses


def _base_length(m: re.Match) -> int:
    """Length of the matched text before its ending (the `whole` branch)."""
    if m.groupdict().get("add") is not None:
        return m.start("add") - m.start()
    possessive = re.search(rf"{_POSSESSIVE}$", m.group())
    return len(m.group()) - (len(possessive.group()) if possessive else 0)


def _units(blocks, captions: bool) -> Iterator[tuple[str, str]]:
    """(id, text) of each sentence and, if wanted, each figure caption, in reading order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            for sentence in block.sentences:
                yield sentence.id, sentence.text
        elif isinstance(block, Figure) and captions and block.caption:
            yield block.id, block.caption


def chapter_texts(chapter: Chapter, captions: bool = True) -> Iterator[tuple[str, str, str]]:
    """(section id, unit id, text) for every body sentence and caption, in reading order."""
    for section in chapter.sections:
        for unit_id, text in _units(section.blocks, captions):
            yield section.id, unit_id, text


# -- validation ----------------------------------------------------------------------------------


class _Parser:
    """Builds entries from `yaml.compose` nodes so every message can name its line."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, node_or_line, message: str):
        line = node_or_line if isinstance(node_or_line, int) else node_or_line.start_mark.line + 1
        raise GlossaryError(f"{self.name}:{line}: {message}")

    def parse(self, text: str) -> list[Entry]:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
            opened = exc.context_mark
            if exc.problem and exc.context and opened and mark and opened.line != mark.line:
                # e.g. an unclosed quote: say where it opened
                problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
            where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
            raise GlossaryError(f"{self.name}:{where}: YAML syntax error: {problem}") from None
        except yaml.YAMLError as exc:
            raise GlossaryError(f"{self.name}: YAML error: {' '.join(str(exc).split())}") from None
        if root is None:
            return []
        if not isinstance(root, yaml.MappingNode):
            self.fail(root, 'the file must start with "terms:" followed by a list of entries')
        terms_node = None
        for key, value in self.pairs(root, "the top level"):
            if key.value != "terms":
                self.fail(key, f'unknown top-level key "{key.value}"{_hint(key.value, ["terms"])}')
            terms_node = value
        if terms_node is None:
            self.fail(root, 'missing "terms:" list')
        if _is_null(terms_node):
            return []
        if not isinstance(terms_node, yaml.SequenceNode):
            self.fail(terms_node, '"terms" must be a list of entries, each starting with "- term:"')
        entries: list[Entry] = []
        seen: dict[str, Entry] = {}
        for number, node in enumerate(terms_node.value, 1):
            entry = self.entry(node, number)
            key = normalise(entry.term)
            if key in seen:
                self.fail(node, f'entry "{entry.term}": duplicate of "{seen[key].term}" '
                                f"on line {seen[key].line}")
            seen[key] = entry
            entries.append(entry)
        return entries

    def pairs(self, node: yaml.MappingNode, where: str):
        """Key/value node pairs, refusing non-text and repeated keys."""
        first_line: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.fail(key, f"{where}: a key must be a plain word")
            if key.value in first_line:
                self.fail(key, f'{where}: key "{key.value}" given twice (first on line '
                               f"{first_line[key.value]})")
            first_line[key.value] = key.start_mark.line + 1
            yield key, value

    def entry(self, node, number: int) -> Entry:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"entry {number}: expected keys such as \"term:\" and \"definition:\"")
        label = f"entry {number}"
        for key, value in node.value:  # name the entry by its term as early as possible
            if isinstance(key, yaml.ScalarNode) and key.value == "term" and \
                    isinstance(value, yaml.ScalarNode) and value.value.strip():
                label = f'entry "{value.value.strip()}"'
        fields: dict = {}
        for key, value in self.pairs(node, label):
            name = key.value
            if name not in KEYS:
                self.fail(key, f'{label}: unknown key "{name}"{_hint(name, KEYS)}')
            if name in TEXT_KEYS:
                fields[name] = self.text(value, label, name)
            elif name in LIST_KEYS:
                fields[name] = self.text_list(value, label, name)
            else:
                if not (isinstance(value, yaml.ScalarNode) and value.tag == _BOOL):
                    self.fail(value, f'{label}: "{name}" must be true or false')
                fields[name] = value.value.lower() in ("true", "yes", "on")
        return self.check_entry(node, label, fields)

    def text(self, node, label: str, name: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            got = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.fail(node, f'{label}: "{name}" must be text, not {got}')
        if node.tag != _STR:
            got = _TAG_NAMES.get(node.tag, node.tag)
            self.fail(node, f'{label}: "{name}" must be text, not {got} (put it in quotes)')
        value = " ".join(node.value.split())
        if not value:
            self.fail(node, f'{label}: "{name}" is empty')
        return value

    def text_list(self, node, label: str, name: str) -> tuple[str, ...]:
        if _is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f'{label}: "{name}" must be a list, e.g. {name}: [first, second]')
        return tuple(self.text(item, label, f"{name}" + " item") for item in node.value)

    def check_entry(self, node, label: str, fields: dict) -> Entry:
        line = node.start_mark.line + 1
        for required in ("term", "definition"):
            if required not in fields:
                self.fail(line, f'{label}: missing "{required}"')
        kind = fields.get("kind")
        if kind is None:
            kind = "abbreviation" if "expansion" in fields else "term"
        kind = KIND_ALIASES.get(kind, kind)
        if kind not in KINDS:
            self.fail(line, f'{label}: kind "{kind}" is not one of {", ".join(KINDS)}'
                            f"{_hint(kind, KINDS)}")
        if kind == "abbreviation":
            if "expansion" not in fields:
                self.fail(line, f'{label}: an abbreviation needs "expansion" (what it stands for)')
            speak_as = fields.get("speak_as", "letters")
            if speak_as not in SPEAK_AS:
                self.fail(line, f'{label}: speak_as "{speak_as}" must be "letters" or "word"')
        else:
            for key in ("expansion", "speak_as"):
                if key in fields:
                    self.fail(line, f'{label}: "{key}" is only for kind: abbreviation')
            speak_as = None
        return Entry(
            term=fields["term"], definition=fields["definition"], kind=kind,
            variants=fields.get("variants", ()), typos=fields.get("typos", ()),
            say=fields.get("say"), expansion=fields.get("expansion"), speak_as=speak_as,
            case_sensitive=fields.get("case_sensitive", kind == "abbreviation"), line=line)


def _is_null(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _hint(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


# -- check ---------------------------------------------------------------------------------------


@dataclass
class Collision:
    entry: Entry
    form: str  # a spelling of `entry` ...
    other: Entry  # ... that `other` matches too

    def __str__(self) -> str:
        what = "term" if self.form == self.entry.term else "variant"
        return (f'line {self.entry.line}: {what} "{self.form}" of "{self.entry.term}" is also '
                f'matched by "{self.other.term}" (line {self.other.line})')


@dataclass
class CheckReport:
    unused: list[Entry] = field(default_factory=list)  # never found in the chapters
    collisions: list[Collision] = field(default_factory=list)
    redundant: list[tuple[Entry, str]] = field(default_factory=list)  # variant = another form
    long_definitions: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No collisions (unused entries are normal in a glossary shared by several chapters)."""
        return not self.collisions

    def lines(self) -> list[str]:
        out = [f'line {e.line}: "{e.term}" is not used in the chapter(s)' for e in self.unused]
        out += [str(c) for c in self.collisions]
        out += [f'line {e.line}: variant "{v}" of "{e.term}" already matches as another spelling'
                for e, v in self.redundant]
        out += [f'line {e.line}: the definition of "{e.term}" has {len(e.definition.split())} '
                f"words; aim for one short sentence" for e in self.long_definitions]
        return out


def check(glossary: Glossary, chapters: Iterable[Chapter] | Chapter) -> CheckReport:
    """Entries never used in `chapters`, spellings two entries share, redundant variants."""
    if isinstance(chapters, Chapter):
        chapters = [chapters]
    used: set[str] = set()
    for chapter in chapters:
        for _, _, text in chapter_texts(chapter):
            used.update(m.entry.term for m in glossary.find(text))
    report = CheckReport(unused=[e for e in glossary if e.term not in used],
                         long_definitions=[e for e in glossary
                                           if len(e.definition.split()) > LONG_DEFINITION])
    by_entry: dict[str, list[_Pattern]] = {}
    for pattern in glossary._patterns:
        by_entry.setdefault(pattern.entry.term, []).append(pattern)
    for entry in glossary:
        for form, _ in entry.forms:
            for other in glossary:
                if other is entry:
                    continue
                if any(p.regex.fullmatch(form) for p in by_entry[other.term]):
                    report.collisions.append(Collision(entry, form, other))
        own = by_entry[entry.term]
        for i, (form, _) in enumerate(entry.forms[1:], 1):
            if any(p.regex.fullmatch(form) for p in own[:i]):
                report.redundant.append((entry, form))
    return report
