"""Plain-language rewriting of sentences: split long sentences, then use plain words.

`rewrite_sentence(text)` returns a `Rewrite`: the plain sentences, a human-readable list of the
changes, and "See also: …" lines for cross-references that were lifted out of the sentence.
`split_sentences(text)` cuts a paragraph into sentences; `rewrite_paragraph(sentences)` rewrites
each of them.

Rules (all rule-based and deterministic; a rule that is not sure does nothing):

* a parenthetical cross-reference "(More about him in the chapter X)" → "See also: X."
* split at a semicolon or colon when both sides are full clauses (not a list);
* split coordinated clauses ", and he …", ", but the …" when both sides have a subject and verb;
* lift non-restrictive relative clauses out: "The 38th parallel, which has become …, is where …"
  → "The 38th parallel is where …. It has become …"; "… idealism, in which X" → "…. In
  idealism, X"; "… century, when X" → "…. At that time, X";
* turn a trailing participle phrase into a sentence: "…, spurring on X" → "This spurred on X";
  "Freud abandoned …, shifting to …" → "Freud shifted to …";
* turn a leading participle or appositive into a sentence: "Adopting X, Kim pushed …" → "Kim
  adopted X. Kim pushed …"; "A former officer, Kim emerged …" → "Kim was a former officer. …";
  "Although X, Y" → "X. But Y."; "Because X, Y" → "X. So Y.";
* lift an appositive out: "the two powers, the US and the USSR, created …" → "The two powers
  were the US and the USSR. The division … created …";
* "No matter how much X, Y" → "X. Still, Y"; "While/After/Since X, Y" → "X. At the same time, /
  After that, / So Y"; "…, although X" → "…. But X"; "…, only to be X" → "…. But they were X";
  "Soon after the end of X, Y" → "X ended. Soon after that, Y"; "…, with A controlling B" → "….
  A controlled B"; "not just X but Y" → two sentences; "The division of X between Y created …" →
  "Y divided X. This created …"; purpose and time phrases at the end of long sentences;
* then replace hard words from the lexicon (see `lexicon.py`) and drop filler ("of course",
  "Indeed,", a closing "as well", "that was" before a participle).

Every piece must start with a capital, end with terminal punctuation, have a finite verb and at
least three words, or the split is not made. Quotations and note markers are protected
throughout (see `english.Protected`). Finally the facts of the result are checked against the
original (`facts.missing`); if anything was lost, the rewrite falls back (first to the words
only, then to the original sentence) and says why in `changes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import english as en
from . import facts as factcheck
from .english import Protected
from .lexicon import Lexicon, default_lexicon

MAX_WORDS = 25  # no plain sentence should be longer, where a rule can shorten it
SPLIT_FROM = 12  # optional splits (relative clauses, participles …) only above this length


@dataclass
class Rewrite:
    original: str
    sentences: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    fell_back: bool = False  # the fact check rejected (part of) the rewrite

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


# --- tokens ------------------------------------------------------------------------------------


def _tokens(s: str) -> list[str]:
    return s.split()


def _bare(tok: str) -> str:
    return en.strip_word(tok).lower()


def _ends_clause_punct(tok: str) -> bool:
    return bool(re.search(r"[,;:]$", en.PLACEHOLDER_RE.sub("", tok)))


def _is_cap(tok: str) -> bool:
    core = en.strip_word(tok)
    return bool(core) and core[0].isupper()


_PLACE = en.PLACEHOLDER_RE


def _is_quote(tok: str) -> bool:
    return bool(en.QUOTE_CHAR_RE.search(tok))


# --- verbs and clauses ---------------------------------------------------------------------------

_PLURAL_DETS = frozenset("these those many several few both all most some".split())


def _finite(tokens: list[str], i: int, plural_subject: Optional[bool] = None) -> bool:
    """Whether tokens[i] can be the finite verb of a clause whose subject ends before it."""
    w = _bare(tokens[i])
    if not w or _is_quote(tokens[i]):
        return False
    if w in en.FINITE_AUX:
        return True
    if i > 0 and _is_cap(tokens[i]):
        return False  # a capitalised word inside a sentence is a name ("Mozilla Persona")
    forms = {f for _, f in en.verb_analyses(w)}
    if not forms:
        return False
    prev = _bare(tokens[i - 1]) if i > 0 else ""
    if prev == "to":
        return False
    if prev in ("this", "that"):  # "This spurred …" but not "this plan"
        return bool(forms & {"past", "s"})
    if prev in _PLURAL_DETS:  # "these included …" but not "these plans"
        # "These include …": after "these"/"those" a base form cannot be a singular noun
        return "past" in forms or (prev in ("these", "those") and "base" in forms)
    if prev in en.DETERMINERS or prev in en.PREPOSITIONS:
        return False
    if "past" in forms or "s" in forms:
        return True
    return bool("base" in forms and plural_subject and prev not in ("and", "or"))


def _has_finite(tokens: list[str]) -> bool:
    if _main_clause(tokens) is not None:
        return True
    for i, t in enumerate(tokens):
        w = _bare(t)
        if w in en.FINITE_AUX:
            return True
        if i > 0 and _finite(tokens, i):
            return True
        if i > 0 and _bare(tokens[i - 1]) in ("they", "we", "i", "you") and en.is_verb_form(w, "base"):
            return True
    return False


def _skip_adverbs(tokens: list[str], i: int) -> int:
    while (
        i < len(tokens)
        and _bare(tokens[i]) in en.ADVERBS | {"not"}
        and not _ends_clause_punct(tokens[i])
    ):
        i += 1
    return i


_NOT_SUBJECT_START = (
    en.SUBORDINATORS | en.PREPOSITIONS | en.RELATIVES | en.COORDINATORS | en.FINITE_AUX
) - en.DETERMINERS


def _subject_verb(tokens: list[str]) -> Optional[int]:
    """Index of the finite verb if `tokens` start with a subject and a finite verb."""
    if not tokens or _ends_clause_punct(tokens[0]):
        return None
    t0 = _bare(tokens[0])
    if t0 in _NOT_SUBJECT_START and t0 != "that":
        return None
    if t0 in en.SUBJECT_PRONOUNS or t0 in en.DEMONSTRATIVE_SUBJECTS:
        j = _skip_adverbs(tokens, 1)
        plural = t0 in ("they", "we", "i", "you") or t0 in _PLURAL_DETS
        if j < len(tokens) and _finite(tokens, j, plural_subject=plural):
            return j
        if t0 in en.SUBJECT_PRONOUNS:
            return None
    if t0 in en.ADVERBS:
        return None
    if t0 == "that" and (
        len(tokens) < 2
        or _bare(tokens[1]) in en.SUBJECT_PRONOUNS | en.DETERMINERS | en.OBJECT_PRONOUNS
        or _is_cap(tokens[1])
    ):
        return None  # "that he viewed …" is a complement clause, not a subject
    if en.verb_analyses(t0) and t0 not in en.DETERMINERS and not _is_cap(tokens[0]):
        forms = {f for _, f in en.verb_analyses(t0)}
        if forms & {"ing", "pp", "past", "base"} and t0 not in _NOUNISH:
            return None
    # a noun phrase of up to nine words, then the verb
    start = 1 if t0 in en.DETERMINERS else 0
    last_content = None
    plural = t0 in _PLURAL_DETS
    depth = 0
    for j in range(start, min(len(tokens), start + 16)):
        tok = tokens[j]
        w = _bare(tok)
        if j > start:
            prev_tok = _PLACE.sub("", tokens[j - 1])
            if depth == 0 and (_ends_clause_punct(prev_tok) or re.search(r"[.!?]$", prev_tok)):
                return None
            if depth == 0 and w in (en.RELATIVES | en.SUBORDINATORS) - {"as"}:
                return None
            if depth == 0 and last_content is not None and w not in en.ADVERBS:
                if _finite(tokens, j, plural_subject=plural):
                    forms = {f for _, f in en.verb_analyses(w)}
                    nxt = _skip_adverbs(tokens, j + 1)
                    if (
                        w not in en.FINITE_AUX
                        and forms <= {"s", "base"}
                        and nxt < len(tokens)
                        and not _ends_clause_punct(tokens[j])
                        and (_bare(tokens[nxt]) in en.FINITE_AUX or _finite(tokens, nxt))
                    ):
                        pass  # "Russian forces fought": the noun-like s-form is not the verb
                    else:
                        return j
        depth += tok.count("(") - tok.count(")")
        if w and w not in en.ADVERBS and w not in en.FINITE_AUX:
            if w == "and":
                plural = True
            elif w not in en.PREPOSITIONS:
                last_content = w
                if not plural:
                    plural = en.looks_plural(w) and not _is_cap(tok)
            elif t0 not in _PLURAL_DETS:
                plural = False
    return None


def _sentence_like(tokens: list[str]) -> bool:
    """A full sentence, allowing an opening conjunction ("But …") and introductory phrases."""
    if tokens and _bare(tokens[0]) in ("but", "so", "yet", "and", "also", "still", "then"):
        tokens = tokens[1:]
    return _is_clause(tokens)


def _is_clause(tokens: list[str]) -> bool:
    """A full clause: subject + verb, or an introductory phrase, a comma, subject + verb."""
    if _subject_verb(tokens) is not None:
        return True
    if not tokens:
        return False
    k = _skip_adverbs(tokens, 0)
    if 0 < k < len(tokens) and _subject_verb(tokens[k:]) is not None:
        return True  # "slowly the economy recovered"
    t0 = _bare(tokens[0])
    if (
        t0 in en.SUBORDINATORS | en.PREPOSITIONS | en.ADVERBS | en.COMMON_STARTERS
        or en.is_verb_form(t0, "ing", "pp")
    ):
        depth = 0
        for i, t in enumerate(tokens[:-2]):
            depth += t.count("(") - t.count(")")
            if depth == 0 and _PLACE.sub("", t).endswith(","):
                if _subject_verb(tokens[i + 1:]) is not None:
                    return True
    return False


def _main_tense(tokens: list[str], verb_index: int) -> str:
    """'past' or 'present' from a clause's finite verb."""
    w = _bare(tokens[verb_index])
    if w in ("was", "were", "had", "did"):
        return "past"
    if w in ("could", "would", "might") and verb_index + 2 < len(tokens) and _bare(tokens[verb_index + 1]) == "have":
        return "past"  # "could have been"
    if w in en.FINITE_AUX:
        return "present"
    forms = {f for _, f in en.verb_analyses(w)}
    if "past" in forms and "s" not in forms and "base" not in forms:
        return "past"
    return "present"


def _subject_is_plural(subject: list[str]) -> bool:
    words = [_bare(t) for t in subject]
    if not words:
        return False
    if words[0] in ("they", "we", "i", "you", "these", "those", "both"):
        return True
    if words[0] in ("he", "she", "it", "this", "that", "each", "every", "one"):
        return False
    if "and" in words:
        return True
    # head noun: the last word before "of"/"between"/…
    head = words[-1]
    for k, w in enumerate(words):
        if k > 0 and w in en.PREPOSITIONS:
            head = words[k - 1]
            break
    return en.looks_plural(head)


def _be(tense: str, plural: bool) -> str:
    if tense == "past":
        return "were" if plural else "was"
    return "are" if plural else "is"


def _conjugate(lemma: str, tense: str, plural: bool) -> str:
    forms = en.verb_forms(lemma)
    if lemma == "be":
        return _be(tense, plural)
    if tense == "past":
        return forms["past"]
    return forms["base"] if plural else forms["s"]


def _simple_subject(subject: list[str]) -> bool:
    """A subject that can be repeated in a new sentence: pronoun, name, or a short noun phrase."""
    if not subject or len(subject) > 5:
        return False
    if any(_ends_clause_punct(t) or "(" in t or _is_quote(t) for t in subject):
        return False
    words = [_bare(t) for t in subject]
    if len(words) == 1 and words[0] in ("he", "she", "it", "they", "we", "i", "you"):
        return True
    if words[0] in en.RELATIVES | en.SUBORDINATORS | en.PREPOSITIONS:
        return False
    if all(_is_cap(t) or _bare(t) in ("of", "de", "the") for t in subject):
        return True
    if words[0] in ("the", "his", "her", "its", "their", "our", "this", "these"):
        return len(words) <= 4
    # a bare noun subject: "deconstruction", "post-structuralists", "critical race theory"
    return len(words) <= 3 and not any(
        w in en.DETERMINERS | en.PREPOSITIONS | en.COORDINATORS | en.ADVERBS for w in words
    )


def _lower_first(tokens: list[str]) -> list[str]:
    """Lower-case a sentence-initial common word that moves inside a sentence."""
    if not tokens:
        return tokens
    t = tokens[0]
    core = en.strip_word(t)
    if core and core[0].isupper() and not _strong_name(core):
        low = core.lower()
        if low in en.DETERMINERS | en.SUBJECT_PRONOUNS - {"i"} | en.PREPOSITIONS | en.ADVERBS or en.verb_analyses(low):
            return [t.replace(core, low, 1)] + tokens[1:]
    return tokens


def _strong_name(core: str) -> bool:
    return bool(re.search(r"[a-z][A-Z]|-[A-Z]|^[A-Z]{2,}", core))


# --- sentences -----------------------------------------------------------------------------------


def _finish(tokens: list[str], p: Protected) -> str:
    """Join tokens into a sentence: capital first, terminal punctuation last."""
    s = " ".join(tokens).strip()
    s = re.sub(r"[\s,;:—–-]+$", "", s)
    # trailing comma/colon after the note markers of the last word: "word<m>," → "word<m>"
    s = re.sub(r"([\ue000-\ue3ff]+)[,;:]$", r"\1", s)
    visible = en.MARKER_RE.sub("", p.restore(s))
    if not re.search(r"[.!?][”\"’')\]]*$", visible):
        m = re.search(r"([\ue000-\ue3ff]+)$", s)
        if m:
            s = s[: m.start()] + m.group(1) + "."
        else:
            s += "."
    return _capitalise(s)


def _capitalise(s: str) -> str:
    m = re.search(r"[A-Za-z]", s)
    if not m:
        return s
    prefix = s[: m.start()]
    if _PLACE.search(prefix) or prefix.endswith("-"):
        return s  # starts with a quotation, or is a suffix ("-zilla"): leave its own case
    return s[: m.start()] + s[m.start()].upper() + s[m.start() + 1:]


def _quote_sentence(tokens: list[str], p: Protected) -> bool:
    """A piece that is one quoted full sentence: “Kim Jong Il’s image … North Korea.”[6]"""
    if len(tokens) != 1 or not _is_quote(tokens[0]):
        return False
    quote = p.restore(en.MARKER_CHAR_RE.sub("", tokens[0]))
    return bool(re.match(r"^[“\"‘'][A-Z]", quote) and re.search(r"[.!?][”\"’']$", quote))


def _valid(piece: str, p: Protected, trusted: bool = False) -> bool:
    """A split piece must read as a sentence on its own.

    `trusted`: the piece starts where the original sentence started and only lost a trailing or
    inner modifier, so it needs a finite verb but not the full clause test.
    """
    visible = p.restore(piece)
    tokens = _tokens(piece)
    if _quote_sentence(tokens, p):
        return True
    if en.word_count(visible) < 3:
        return False
    if not re.match(r"^[\"“‘'(]*[A-Z0-9]", visible):
        return False
    if not re.search(r"[.!?][”\"’')\]]*(?:\[[^\]]+\])*$", visible):
        return False
    first = en.strip_word(visible.split()[0])
    if re.search(r"[a-z][A-Z]", first) or re.search(r"\w\.\w", first):
        return False  # "iPhone", "pdf.js": a lower-case name cannot start a sentence
    return _has_finite(tokens) and (trusted or _sentence_like(tokens))


# --- the split rules -------------------------------------------------------------------------------
# Each rule takes the tokens of one sentence (protected text) and returns the token lists of the
# new sentences plus a description, or None when it does not apply.

Rule = Callable[[list[str], Protected], Optional[tuple[list[list[str]], str]]]


def _top_level(tokens: list[str], punct: str) -> list[int]:
    """Indexes of tokens ending with `punct` outside parentheses."""
    out = []
    depth = 0
    for i, t in enumerate(tokens):
        depth += t.count("(") - t.count(")")
        if depth == 0 and _PLACE.sub("", t).endswith(punct):
            out.append(i)
    return out


def _strip_punct(tok: str, punct: str = ",;:") -> str:
    """Remove trailing clause punctuation from a token, keeping its note-marker characters."""
    m = re.match(r"^(.*?)([\ue000-\ue3ff]*)([" + re.escape(punct) + r"])([\ue000-\ue3ff]*)$", tok)
    if not m:
        return tok
    return m.group(1) + m.group(2) + m.group(4)


def _cut(tokens: list[str]) -> list[str]:
    """A left part ending at a comma/semicolon/colon, without that punctuation."""
    return tokens[:-1] + [_strip_punct(tokens[-1])] if tokens else tokens


def _verb_at(tokens: list[str], i: int = 0) -> Optional[int]:
    """Index of a finite verb at i (after adverbs), lowercase, or None."""
    k = _skip_adverbs(tokens, i)
    if k < len(tokens) and not _is_cap(tokens[k]) and (
        _bare(tokens[k]) in en.FINITE_AUX or _finite(tokens, k, plural_subject=True)
    ):
        return k
    return None


_FRAME_WORDS = frozenset(
    "view views perspective perspectives opinion words eyes mind framework thinking theory "
    "theories account accounts according terms sense".split()
)


def _frame(left: list[str]) -> list[str]:
    """A leading phrase that frames the whole sentence, with its comma: "Within the
    postmodernism perspective,", "For the post-structuralist,", "According to Freud,", "In
    Freud's view,". A split must repeat it, or the second sentence loses its frame (and a view
    becomes a fact)."""
    if len(left) < 3 or _bare(left[0]) not in ("according", "within", "for", "to", "in", "from"):
        return []
    commas = _top_level(left, ",")
    if not commas or commas[0] > 7:
        return []
    intro = left[: commas[0] + 1]
    if _has_finite(intro[1:]):
        return []
    words = [_bare(t) for t in intro]
    framed = (
        words[0] in ("according", "within")
        or any(w in _FRAME_WORDS for w in words[1:])
        or (words[0] in ("for", "to") and (_is_cap(intro[1]) or re.search(
            r"(ist|ists|er|ers|ian|ians|ans)$", words[-1]) and words[1] == "the"))
    )
    return _copy(intro) if framed else []


def _framed(frame: list[str], clause: list[str]) -> list[str]:
    """`clause` under `frame` ("Within X, there are …"); the clause as it is without one."""
    if not frame:
        return clause
    return frame + _lower_first(clause)


def rule_semicolon(tokens, p):
    for i in _top_level(tokens, ";"):
        left, right = tokens[: i + 1], tokens[i + 1:]
        if any(":" in _PLACE.sub("", t) for t in left):
            continue  # items of a list introduced by a colon
        if len(right) < 3 or not _is_clause(_cut(left)) or not _sentence_like(right):
            continue
        if right[0] == "and":
            right = right[1:]  # "…; and it is available …" → "It is available …"
        yield [_cut(left), _framed(_frame(left), right)], "split at semicolon"
    return None


def rule_colon(tokens, p):
    for i in _top_level(tokens, ":"):
        left, right = tokens[: i + 1], tokens[i + 1:]
        if len(right) < 4 or len(left) < 3 or not _is_clause(_cut(left)):
            continue
        if _is_quote(right[0]) or any(";" in _PLACE.sub("", t) for t in right):
            continue
        if not _is_clause(right):
            continue
        yield [_cut(left), right], "split at colon"
    return None


_COORD = {"and": None, "but": "But", "so": "So", "yet": "Yet"}


def rule_coordination(tokens, p):
    for i, t in enumerate(tokens[:-3]):
        # "… have co-developed NSS and it is used …": no comma, but a pronoun subject follows
        if t not in ("and", "but") or i < 4 or _PLACE.sub("", tokens[i - 1]).endswith(","):
            continue
        if _bare(tokens[i + 1]) not in ("he", "she", "it", "they", "we") or _verb_at(tokens, i + 2) is None:
            continue
        left, right = tokens[:i], tokens[i + 1:]
        if _is_clause(left) and len(right) >= 4:
            word = _COORD[t]
            right = _framed(_frame(left), right)
            yield [left, ([word] + _lower_first(right) if word else right)], f"split at '{t}' between two clauses"
    for i in _top_level(tokens, ","):
        if i + 2 >= len(tokens):
            continue
        conj = tokens[i + 1]
        if conj not in _COORD:
            continue
        left, right = tokens[: i + 1], tokens[i + 2:]
        if len(left) < 4 or len(right) < 4:
            continue
        if not _is_clause(_cut(left)) or not _is_clause(right):
            continue
        word = _COORD[conj]
        right = _framed(_frame(left), right)
        yield [_cut(left), ([word] + _lower_first(right) if word else right)], f"split at ', {conj}' between two clauses"
    return None


_PERSON_NOUNS = frozenset(
    "man woman person leader president king queen officer member son daughter father mother "
    "author writer philosopher scholar ceo founder employee chairman chairwoman".split()
)


def _copy(tokens: list[str]) -> list[str]:
    """Words repeated in a new sentence, without the note markers of the originals."""
    return [en.MARKER_CHAR_RE.sub("", t) for t in tokens]


def _keep_marks(old: str, new: str) -> str:
    """A word replaced by another form keeps the note markers of the old one."""
    return new + "".join(en.MARKER_CHAR_RE.findall(old))


def _subject_again(subject: list[str]) -> Optional[list[str]]:
    """How to name a clause's subject again in a new sentence."""
    subject = _copy(subject)
    words = [_bare(t) for t in subject]
    if not words:
        return None
    if len(words) == 1 and words[0] in ("he", "she", "it", "they", "we", "i", "you", "this", "these"):
        return [subject[0]]
    if all(_is_cap(t) or w in ("of", "de") for t, w in zip(subject, words)) and len(subject) <= 4:
        return list(subject)
    head_words = []
    depth = 0
    for t, w in zip(subject, words):
        opened = depth > 0 or "(" in t
        depth += t.count("(") - t.count(")")
        if opened:
            continue
        if w in en.PREPOSITIONS:
            break
        head_words.append(w)
    if "and" in head_words:
        return ["they"]
    if words[0] in ("the", "this", "these", "his", "her", "its", "their", "our"):
        head = []
        for t, w in zip(subject[1:], words[1:]):
            if w in en.PREPOSITIONS or "(" in t or _ends_clause_punct(t):
                break
            head.append(t)
        if 1 <= len(head) <= 2:
            det = "the" if words[0] in ("the", "this", "these") else subject[0].lower()
            return [det] + head
    if any(w in _PERSON_NOUNS for w in words):
        return None
    return ["they"] if _subject_is_plural(subject) else ["it"]


def _in_list(tokens: list[str], ci: int) -> bool:
    """Whether the comma at `ci` closes a short item of a comma list ("a bark, trunk, and …")."""
    before = [c for c in _top_level(tokens[:ci], ",")]
    if not before:
        return False
    item = tokens[before[-1] + 1: ci + 1]
    first = _bare(item[0]) if item else ""
    return (
        len(item) <= 2
        and not _has_finite(item)
        and not any(_is_quote(t) for t in item)
        and not en.verb_analyses(first)
        and first not in en.PREPOSITIONS
    )


def rule_vp_coordination(tokens, p):
    """"Freud abandoned X, and later shifted to Y" → "Freud abandoned X. Freud later shifted …"."""
    for i in _top_level(tokens, ","):
        if i + 3 >= len(tokens) or tokens[i + 1] not in ("and", "but"):
            continue
        right = tokens[i + 2:]
        intro: list[str] = []
        v = _verb_at(right)
        if v is None:
            # "…, and even to this day, is still defined …"
            for c in _top_level(right[:7], ","):
                v2 = _verb_at(right, c + 1)
                if v2 is not None and v2 == c + 1:
                    intro, v = right[: c + 1], v2
                    break
        if v is None or _bare(right[v]) in ("that",) or _in_list(tokens, i):
            continue
        left = _cut(tokens[: i + 1])
        cs = _main_clause(left)
        if cs is None:
            continue
        if any(_bare(t) in ("because", "since") for t in left[cs[1] + 1:]):
            continue  # "This was because Eich …, and felt that …": whose verb is "felt"?
        second = _bare(right[v])
        if not intro and second not in en.FINITE_AUX and _main_tense(right, v) != _main_tense(left, cs[1]):
            continue  # "held that …, and leaves …": a verb in another tense is not a second predicate
        again = _subject_again(cs[0])
        if not again:
            continue
        adverbs = right[len(intro): v]
        lead = ([] if tokens[i + 1] == "and" else ["But"]) + intro
        new = lead + (_lower_first(again) if lead else again) + adverbs + right[v:]
        if len(right) < 4:
            continue
        yield [left, new], f"split at ', {tokens[i + 1]}' and repeated the subject"
    return None


def rule_splice(tokens, p):
    """Two clauses joined by a comma alone: "…, he detailed …" → two sentences."""
    for i in _top_level(tokens, ","):
        if i + 2 >= len(tokens) or tokens[i + 1] not in ("he", "she", "they", "we"):
            continue
        if _verb_at(tokens, i + 2) is None:
            continue
        left, right = _cut(tokens[: i + 1]), tokens[i + 1:]
        if _subject_verb(left) is None or len(right) < 4:
            continue
        v = _verb_at(tokens, i + 2)
        if _ends_clause_punct(tokens[v]):
            continue  # "…, they argue, arise …": a parenthetical, not a clause
        # the comma must not close a subordinate clause inside the left part ("… that as we
        # continue to progress …, we come closer …")
        inner = [k for k, t in enumerate(left) if _bare(t) in en.SUBORDINATORS or t == "that"]
        if any(_subject_verb(left[k + 1:]) is not None or left[k] == "that" for k in inner):
            continue
        yield [left, right], "split two clauses joined by a comma"
    return None


def rule_quote_tail(tokens, p):
    """"…, “Whole quoted sentence.”[6]" → "…." + the quotation as its own sentence."""
    if len(tokens) < 5 or not _quote_sentence(tokens[-1:], p):
        return None
    prev = _PLACE.sub("", tokens[-2])
    if not prev.endswith((",", ":")):
        return None
    left = _cut(tokens[:-1])
    if not _is_clause(left):
        return None
    return [left, tokens[-1:]], "set the quotation apart as its own sentence"


def _antecedent_np(left: list[str]) -> Optional[list[str]]:
    """The noun phrase right before a comma: back to a preposition, verb or punctuation."""
    np: list[str] = []
    for t in reversed(left):
        w = _bare(t)
        if np and (_ends_clause_punct(t) or re.search(r"[.!?)]$", _PLACE.sub("", t))):
            break
        if w in en.PREPOSITIONS or w in en.FINITE_AUX or w in en.COORDINATORS or w in en.RELATIVES:
            break
        if np and en.verb_analyses(w) and not _is_cap(t) and w not in en.DETERMINERS:
            forms = {f for _, f in en.verb_analyses(w)}
            if forms & {"past", "s", "base"} and w not in _NOUNISH:
                break
        np.insert(0, t)
        if w in en.DETERMINERS:
            break
        if len(np) > 5:
            return None
    if not np or "(" in " ".join(np) or any(_is_quote(t) for t in np):
        return None
    # "a huge hotel and a large dam, which …": two noun phrases joined by "and" are one plural
    # antecedent
    rest = left[: len(left) - len(np)]
    if _bare(np[0]) in en.DETERMINERS and len(rest) >= 3 and rest[-1] == "and":
        first = _antecedent_np(rest[:-1])
        if first and _bare(first[0]) in en.DETERMINERS and "and" not in first:
            return first + ["and"] + np
    return np


# nouns that also look like verb forms; enough to keep common noun phrases whole
_NOUNISH = frozenset(
    "idealism structure structures system systems theory view views need needs plan plans "
    "form forms work works use uses change changes rule rules state states claim claims "
    "name names report reports deal deals process result results control support fire "
    "experience power powers".split()
)


def _pronoun_for(antecedent: list[str], verb: str) -> Optional[str]:
    head = _bare(antecedent[-1]) if antecedent else ""
    np_plural = en.looks_plural(head) and not _is_cap(antecedent[-1])
    if any(_bare(t) == "and" for t in antecedent):
        np_plural = True  # "a huge hotel and a large dam" (see `_antecedent_np`)
    forms = {f for _, f in en.verb_analyses(verb)}
    if verb in ("is", "was", "has", "does") or (forms == {"s"}):
        verb_plural = False
    elif verb in ("are", "were", "have", "do"):
        verb_plural = True
    else:
        verb_plural = None
    if verb_plural is None:
        return "They" if np_plural else "This"
    if verb_plural:
        return "They" if np_plural is not False else None
    if np_plural:
        # "… render web pages, which implements …": the clause belongs to a noun further back
        # (the engine), and "This" would point at the whole sentence: leave it whole
        return None
    return "It" if np_plural is False else "This"


def rule_relative(tokens, p):
    n = len(tokens)
    commas = _top_level(tokens, ",")
    for ci in commas:
        if ci + 2 >= n:
            continue
        rel = tokens[ci + 1]
        prep = None
        if rel.lower() in en.PREPOSITIONS and tokens[ci + 2] == "which":
            prep, rel = tokens[ci + 1], "which"
        if rel == "that" and _verb_at(tokens, ci + 2) == ci + 2:
            rel = "which"  # "…, that allows …": a non-restrictive clause written with "that"
        elif rel not in ("which", "who"):
            continue
        left = _cut(tokens[: ci + 1])
        body_start = ci + (3 if prep else 2)
        later = [c for c in commas if c > ci]
        ante = _antecedent_np(left) if _has_finite(left) else left
        before = [_bare(t) for t in left[: len(left) - len(ante)]][-2:] if ante else []
        if before and (before[-1] in ("like", "including") or before == ["such", "as"]):
            continue  # "companies, such as Netscape, who …": the antecedent is not "Netscape"
        if _reported(left[: len(left) - len(ante or [])]):
            continue  # "Derrida observed that relations, which …": a view, not the author's fact
        # A. embedded: "NP, which …, VERB …" — the sentence goes on after the relative clause
        if not prep and later:
            end = later[0]
            rest = tokens[end + 1:]
            body = _cut(tokens[body_start:end + 1])
            if rest and _verb_at(rest) is not None and body and _verb_at(body) is not None and ante:
                if rel == "who":
                    if not all(_is_cap(t) for t in ante) or len(ante) > 4:
                        continue
                    pron = _copy(ante)
                else:
                    pron = ["They" if _subject_is_plural(ante) else "It"]
                yield [left + rest, pron + body], f"moved the '{rel}' clause into its own sentence"
                continue
        # B. at the end: "… NP, which VERB …" / "… NP, in which S"
        if not _has_finite(left) or ante is left:
            continue
        body = tokens[body_start:]
        main_tail: list[str] = []
        # "…, which is still required …, and felt that …": a verb phrase in another tense
        # after the relative clause belongs to the main clause
        for c in later:
            if c + 2 < n and tokens[c + 1] in ("and", "but"):
                vp = _verb_at(tokens, c + 2)
                rv = _verb_at(body)
                if vp is not None and rv is not None and vp == c + 2:
                    if _main_tense(tokens, vp) != _main_tense(body, rv):
                        body = _cut(tokens[body_start:c + 1])
                        main_tail = tokens[c + 1:]
                    break
        if len(body) < 3 or any(";" in _PLACE.sub("", t) for t in body):
            continue
        new_left = left
        tail_piece: list[list[str]] = []
        if main_tail:
            mc = _main_clause(left)
            again = _subject_again(mc[0]) if mc else None
            if not again:
                continue
            # "Opponents saw …, which is …, and felt …" → "Opponents saw …. It is …. They felt …"
            tail_piece = [again + main_tail[1:]] if main_tail[0] == "and" else [["But"] + _lower_first(again) + main_tail[1:]]
        if prep:
            if not ante or not _is_clause(body):
                continue
            phrase = _copy(ante)
            if _bare(phrase[0]) in ("a", "an", "the"):
                phrase = ["this"] + phrase[1:]
            phrase = _lower_first(phrase)
            lead = [prep.capitalize()] + phrase[:-1] + [_strip_punct(phrase[-1]) + ","]
            yield [new_left, lead + body] + tail_piece, f"moved the '{prep} which' clause into its own sentence"
            continue
        if rel == "who":
            if not ante or not all(_is_cap(t) for t in ante) or len(ante) > 4:
                continue
            if _verb_at(body) is None:
                continue
            yield [new_left, _copy(ante) + body] + tail_piece, "moved the 'who' clause into its own sentence"
            continue
        v = _verb_at(body)
        if v is None:
            # "which he used to free …" → "He used it to free …"
            obj = _object_relative(body, ante)
            if obj:
                yield [new_left, obj] + tail_piece, "moved the 'which' clause into its own sentence"
            continue
        if (ante and len(ante) <= 4 and len(ante) < len(left) and all(_is_cap(t) for t in ante)
                and _PLACE.sub("", left[-len(ante) - 1]).endswith(",")):
            # "… an engine, Servo, which is developed by …": after a name in apposition "It"
            # could be read as the sentence's subject; the name is clear
            subject = _copy(ante)
            subject[-1] = _strip_punct(subject[-1])
            yield [new_left, subject + body] + tail_piece, "moved the 'which' clause into its own sentence"
            continue
        pron = _pronoun_for(ante or [left[-1]], _bare(body[v]))
        if not pron:
            continue
        again = None
        if ante and pron in ("It", "They") and not _is_subject(ante, left):
            before_np = _bare(left[-len(ante) - 1]) if len(ante) < len(left) else ""
            if before_np not in en.PREPOSITIONS - {"as"}:  # "an experiment by Mozilla, that …"
                again = _noun_again(ante)
        if again:  # the noun named again, or if that does not make a sentence, the pronoun
            yield [new_left, again + body] + tail_piece, "moved the 'which' clause into its own sentence"
        yield [new_left, [pron] + body] + tail_piece, "moved the 'which' clause into its own sentence"
    return None


_VIEW_VERBS = frozenset(
    "argue claim believe think suggest hold assert contend insist propose observe maintain "
    "feel conclude warn".split()
)


def _is_subject(np: list[str], clause: list[str]) -> bool:
    """Whether `np` is (the end of) the subject of `clause`."""
    mc = _main_clause(clause)
    return mc is None or [_bare(t) for t in mc[0][-len(np):]] == [_bare(t) for t in np]


def _noun_again(np: list[str]) -> Optional[list[str]]:
    """The antecedent of a moved "which" clause named again when "It" could be read as the
    sentence's subject: "the layout engine" → "The layout engine"; "an open codec" → "This open
    codec"; "structuralism" → "Structuralism". None when it is not a short plain noun phrase."""
    words = [_bare(t) for t in np]
    if not 1 <= len(np) <= 4 or "and" in words:
        return None  # "a hotel and dam": no single noun to name
    if any(w in en.PREPOSITIONS or not w.replace("-", "").isalpha() for w in words):
        return None
    if any(_ends_clause_punct(t) for t in np[:-1]) or any(_is_cap(t) for t in np[1:]):
        return None
    body = [_strip_punct(t) for t in np]
    if words[0] in ("a", "an"):
        det = "These" if en.looks_plural(words[-1]) else "This"
        return [det] + body[1:] if len(np) > 1 else None
    if words[0] in ("the", "this", "these", "that", "those"):
        return ["The" if words[0] == "the" else body[0].capitalize()] + body[1:]
    if words[0] in en.DETERMINERS or words[0] in en.OBJECT_PRONOUNS or en.verb_analyses(words[0]):
        return None
    return [body[0][0].upper() + body[0][1:]] + body[1:] if len(np) == 1 else None


def _reported(tokens: list[str]) -> bool:
    """Whether `tokens` open a reported view: "Derrida observed that …", "Foucault claimed that
    …" (not a reported fact: "Mozilla reported that its revenue …")."""
    for verb, that in zip(tokens, tokens[1:]):
        if that == "that" and (en.lemma_of(_bare(verb)) or _bare(verb)) in _VIEW_VERBS:
            return True
    return False


def _object_relative(body: list[str], ante: Optional[list[str]]) -> Optional[list[str]]:
    """'he used to free his patients' (after 'which') → 'he used it to free his patients'."""
    if not ante or len(body) < 2 or _bare(body[0]) not in ("he", "she", "they", "we", "i", "you"):
        return None
    v = _skip_adverbs(body, 1)
    if v >= len(body) or not _finite(body, v, plural_subject=True) or _bare(body[v]) in en.FINITE_AUX:
        return None
    nxt = _bare(body[v + 1]) if v + 1 < len(body) else ""
    if _ends_clause_punct(body[v]) or re.search(r"[.!?]$", _PLACE.sub("", body[v])):
        nxt = ""
    if nxt in en.PREPOSITIONS - {"to"} or nxt in ("up", "out", "off", "down", "away", "back"):
        return None
    if nxt == "to" and not (v + 2 < len(body) and en.is_verb_form(_bare(body[v + 2]), "base")):
        return None
    pron = "them" if _subject_is_plural(ante) else "it"
    verb = body[v]
    core = re.match(r"^(.*?)([\ue000-\ue3ff]*[.,;:!?]*)$", verb)
    return body[:v] + [core.group(1), pron + core.group(2)] + body[v + 1:]


def rule_reduced_relative(tokens, p):
    """"This conflict, known to … as the Korean War, exemplified …" → "This conflict was known
    … as the Korean War. It exemplified …"."""
    commas = _top_level(tokens, ",")
    if len(commas) < 2:
        return None
    a, b = commas[0], commas[1]
    subject = _cut(tokens[: a + 1])
    phrase = _cut(tokens[a + 1:b + 1])
    rest = tokens[b + 1:]
    if not subject or len(subject) > 6 or _has_finite(subject) or len(phrase) < 3:
        return None
    w = _bare(phrase[0])
    if phrase[0] != w or not en.is_verb_form(w, "pp") or w in en.ING_PREPOSITIONS:
        return None
    if _bare(phrase[1]) not in en.PREPOSITIONS | en.ADVERBS:
        return None
    v = _verb_at(rest)
    if v is None or _has_finite(phrase):
        return None
    if _subject_verb(subject + rest) is None:
        return None
    tense = _main_tense(rest, v)
    plural = _subject_is_plural(subject)
    again = _subject_again(subject) or (["they"] if plural else ["it"])
    if again and again[0] in ("the", "his", "her", "its", "their") and len(subject) <= 3:
        again = ["they"] if plural else ["it"]
    return [subject + [_be(tense, plural)] + phrase, again + rest], f"turned ', {w} …,' into its own sentence"


_TIME_WORDS = frozenset(
    "century centuries decade decades year years time times period era age day days month "
    "months war".split()
)


def rule_when(tokens, p):
    for ci in _top_level(tokens, ","):
        if ci + 2 >= len(tokens) or tokens[ci + 1] != "when":
            continue
        left, body = tokens[: ci + 1], tokens[ci + 2:]
        ante = _bare(_strip_punct(left[-1]))
        if not (ante in _TIME_WORDS or re.fullmatch(r"\d{4}s?|\d{2}s", ante)):
            continue
        if not _has_finite(_cut(left)) or _subject_verb(body) is None:
            continue
        yield [_cut(left), ["At", "that", "time,"] + body], "moved the ', when' clause into its own sentence"
    return None


_RESULTATIVE = frozenset(
    "cause lead make create result spur prompt give allow force bring produce trigger spark "
    "fuel add help leave ensure enable mark prevent".split()
)


def _clause_subject(tokens: list[str]) -> Optional[tuple[list[str], int]]:
    v = _subject_verb(tokens)
    if v is None:
        return None
    subj = tokens[:v]
    while subj and _bare(subj[-1]) in en.ADVERBS:
        subj = subj[:-1]
    return subj, v


def _main_clause(tokens: list[str]) -> Optional[tuple[list[str], int]]:
    """Subject and verb index of the main clause, after any introductory phrases."""
    cs = _clause_subject(tokens)
    if cs:
        return cs
    commas = _top_level(tokens, ",")
    if len(commas) >= 2:
        # "Each nation, the US and USSR respectively, was …": a subject with an appositive
        a, b = commas[0], commas[1]
        head, app = _cut(tokens[: a + 1]), _cut(tokens[a + 1:b + 1])
        v = _skip_adverbs(tokens, b + 1)
        if (
            head and app and len(head) <= 5 and len(app) <= 8
            and v < len(tokens) and _bare(tokens[v]) in en.FINITE_AUX
            and not any(_bare(t) in en.FINITE_AUX for t in head + app)
            and _subject_verb(head + tokens[b + 1:]) is not None
        ):
            return head, v
    for c in commas:
        cs = _clause_subject(tokens[c + 1:])
        if cs:
            return cs[0], cs[1] + c + 1
    return None


def _clause_tense(tokens: list[str]) -> str:
    cs = _main_clause(tokens)
    if cs:
        return _main_tense(tokens, cs[1])
    for i, t in enumerate(tokens):
        w = _bare(t)
        if w in ("was", "were", "had", "did"):
            return "past"
        if w in ("is", "are", "has", "have", "does"):
            return "present"
    return "past"


def rule_participle_end(tokens, p):
    for ci in _top_level(tokens, ","):
        if ci + 2 >= len(tokens):
            continue
        word = tokens[ci + 1]
        if word in en.ING_PREPOSITIONS or not word.endswith("ing") or not word.isalpha():
            continue
        lemma = en.lemma_of(word, "ing")
        if not lemma:
            continue
        left, phrase = _cut(tokens[: ci + 1]), tokens[ci + 2:]
        if any(re.search(r"[;:]", _PLACE.sub("", t)) for t in left) or len(phrase) < 2:
            continue  # inside a list introduced by a colon
        if not _has_finite(left):
            continue
        mc = _main_clause(left)
        tense = _clause_tense(left)
        if lemma in _RESULTATIVE:
            subject, plural = ["This"], False
        elif mc is not None and _simple_subject(mc[0]):
            subject, plural = _copy(mc[0]), _subject_is_plural(mc[0])
        elif mc is not None and _subject_again(mc[0]) in (["they"],):
            subject, plural = ["they"], True
        else:
            continue
        if mc is not None and _bare(left[mc[1]]) in ("has", "have") and lemma not in _RESULTATIVE:
            verb = _copy([left[mc[1]]]) + [en.verb_forms(lemma)["pp"]]  # "have criticized …, accusing" → "have accused"
        else:
            verb = [_conjugate(lemma, tense, plural)]
        verb[-1] = _keep_marks(tokens[ci + 1], verb[-1])
        yield [left, subject + verb + phrase], f"turned ', {word} …' into its own sentence"
    return None


def rule_meaning(tokens, p):
    for ci in _top_level(tokens, ","):
        if ci + 2 >= len(tokens) or tokens[ci + 1] != "meaning":
            continue
        left, phrase = _cut(tokens[: ci + 1]), tokens[ci + 2:]
        if len(phrase) < 4 or _is_quote(phrase[0]) or not _has_finite(left):
            continue
        if any(re.search(r"[;:,]", _PLACE.sub("", t)) for t in phrase[:-1]):
            continue
        verb = "meant" if _clause_tense(left) == "past" else "means"
        yield [left, ["This", verb] + phrase], "turned ', meaning …' into its own sentence"
    return None


def rule_not_but(tokens, p):
    """"…, not out of distaste but an inability …" → "This was not out of distaste but …"."""
    for ci in _top_level(tokens, ","):
        if ci + 3 >= len(tokens) or tokens[ci + 1] != "not":
            continue
        left, phrase = _cut(tokens[: ci + 1]), tokens[ci + 1:]
        if "but" not in phrase or any(re.search(r"[;:,]", _PLACE.sub("", t)) for t in phrase[:-1]):
            continue
        if not _has_finite(left):
            continue
        yield [left, ["This", _be(_clause_tense(left), False)] + phrase], "turned ', not … but …' into its own sentence"
    return None


def rule_intro(tokens, p):
    """Leading participle, past participle, appositive, 'Although …' or 'Because …'."""
    for ci in _top_level(tokens, ","):
        if ci < 1 or ci + 3 > len(tokens):
            continue
        intro, rest = tokens[: ci + 1], tokens[ci + 1:]
        cs = _clause_subject(rest)
        if cs is None:
            continue
        subj, v = cs
        body = _cut(intro)
        first = _bare(intro[0])
        if first in ("although", "though", "whereas") or (
            first == "even" and len(intro) > 1 and _bare(intro[1]) == "though"
        ):
            clause = body[2:] if first == "even" else body[1:]
            if _subject_verb(clause) is None:
                continue
            yield [clause, ["But"] + _lower_first(rest)], f"split '{intro[0]} …, …' into two sentences"
            return
        if first == "because":
            clause = body[1:]
            if _subject_verb(clause) is None:
                continue
            yield [clause, ["So"] + _lower_first(rest)], "split 'Because …, …' into two sentences"
            return
        if not _simple_subject(subj) or len(body) < 3:
            continue
        tense = _main_tense(rest, v)
        plural = _subject_is_plural(subj)
        if first.endswith("ing") and first not in en.ING_PREPOSITIONS and _is_cap(intro[0]):
            lemma = en.lemma_of(first, "ing")
            if not lemma or _has_finite(body[1:]):
                continue
            verb = _keep_marks(intro[0], _conjugate(lemma, tense, plural))
            yield [_copy(subj) + [verb] + body[1:], rest], f"turned the opening '{intro[0]} …' phrase into a sentence"
            return
        if en.is_verb_form(first, "pp") and first not in en.DETERMINERS and _is_cap(intro[0]):
            if _bare(body[1]) not in en.PREPOSITIONS | en.ADVERBS or _has_finite(body[1:]):
                continue
            yield [_copy(subj) + [_be(tense, plural), _keep_marks(intro[0], first)] + body[1:], rest], f"turned the opening '{intro[0]} …' phrase into a sentence"
            return
        if first in ("a", "an") and all(_is_cap(t) for t in subj):
            # "A former officer who fought …, Kim Il-Sung emerged …" (a verb may only sit in a
            # relative clause of the description)
            inner = body[1:]
            ok = True
            for k, t in enumerate(inner):
                if _bare(t) in ("who", "that", "which", "whose"):
                    break
                if k and _finite(inner, k):
                    ok = False
                    break
            if ok:
                yield [_copy(subj) + [_be(tense, plural)] + _lower_first(body), rest], "turned the opening description into a sentence"
            return
    return None


def rule_being(tokens, p):
    """"NP, (appositive,) being X, VERB …" → "NP, (appositive,) was X. NP VERB …"."""
    for bi, t in enumerate(tokens):
        if t != "being" or bi == 0 or not _PLACE.sub("", tokens[bi - 1]).endswith(","):
            continue
        commas = [c for c in _top_level(tokens, ",") if c > bi]
        if not commas:
            return None
        end = commas[0]
        head, rest = tokens[:bi], tokens[end + 1:]
        if _has_finite(head) or not rest:
            return None
        k = _verb_at(rest)
        if k is None:
            return None
        subject: list[str] = []
        for tok in head:
            subject.append(tok)
            if _PLACE.sub("", tok).endswith(","):
                break
        subject = _cut(subject)
        tense, plural = _main_tense(rest, k), _subject_is_plural(subject)
        desc = _cut(tokens[bi + 1:end + 1])
        first = (head if len(head) > len(subject) else _cut(head)) + [_be(tense, plural)] + desc
        yield [first, _copy(subject) + rest], "turned the ', being …,' phrase into a sentence"
    return None


def rule_appositive(tokens, p):
    """"… the two powers, the US and the USSR, created …" → "The two powers were the US and the
    USSR. … the two powers created …"."""
    commas = _top_level(tokens, ",")
    for a, b in zip(commas, commas[1:]):
        app = _cut(tokens[a + 1:b + 1])
        if not app or len(app) > 8:
            continue
        left, rest = _cut(tokens[: a + 1]), tokens[b + 1:]
        k = _verb_at(rest)
        if not rest or k is None:
            continue
        words = [_bare(t) for t in app]
        if _has_finite(app) or any(w in en.RELATIVES | en.SUBORDINATORS for w in words):
            continue
        ante = _antecedent_np(left)
        if not ante:
            continue
        after_and = len(ante) < len(left) and _bare(left[len(left) - len(ante) - 1]) in ("and", "but")
        if _has_finite(left) and not (after_and and _name_like(ante)):
            continue
        # "Tristan Nitot, president of Mozilla Europe, has said …": a role after a name
        if not (_is_cap(app[0]) or words[0] in ("the", "a", "an") or _name_like(ante)):
            continue
        if words[0] in en.PREPOSITIONS | en.ADVERBS | en.COORDINATORS | _FUNCTION or (
            en.verb_analyses(words[0]) and not _is_cap(app[0]) and words[0] not in _NOUNISH
            and not en.DETERMINERS & {words[0]}
        ):
            continue  # "Derrida, among others, held …" is no appositive
        if len(ante) == len(left) and not _name_like(ante) and not all(_is_cap(t) for t in ante):
            continue
        if _bare(ante[0]) not in ("the", "its", "their", "his", "her") and not _name_like(ante) and not all(_is_cap(t) for t in ante):
            continue
        tense = _main_tense(rest, k)
        plural = _subject_is_plural(ante) or "and" in words
        if len(ante) == len(left) and all(_is_cap(t) for t in app) and len(app) <= 4:
            # "Mozilla's CTO, Brendan Eich, acknowledged" → "Brendan Eich was Mozilla's CTO.
            # Brendan Eich acknowledged"
            first = list(app) + [_be(tense, plural)] + _lower_first(list(ante))
            yield [first, _copy(app) + rest], "moved the appositive into its own sentence"
            continue
        yield [_copy(ante) + [_be(tense, plural)] + app, left + rest], "moved the appositive into its own sentence"
    return None


_THAT_VERBS = frozenset(
    "argue claim say believe think suggest show note point state hold assert contend insist "
    "propose conclude find know feel agree admit explain report write add observe maintain "
    "announce decide declare warn".split()
)


def rule_that_coordination(tokens, p):
    """"X argue that A and that B" → "X argue that A. They also argue that B"."""
    for i, t in enumerate(tokens):
        if t != "and" or i + 3 >= len(tokens) or tokens[i + 1] != "that":
            continue
        left, right = _cut(tokens[:i]) if _PLACE.sub("", tokens[i - 1]).endswith(",") else tokens[:i], tokens[i + 2:]
        mc = _main_clause(left)
        if mc is None or _subject_verb(right) is None:
            continue
        subj, v = mc
        end = v + 1
        while end < len(left) and end <= v + 3 and left[end] != "that":
            end += 1
        verb = left[v:end] if end < len(left) and left[end] == "that" else left[v:v + 1]
        if not any((en.lemma_of(_bare(w)) or _bare(w)) in _THAT_VERBS for w in verb):
            continue
        if any(_ends_clause_punct(w) for w in verb):
            continue
        again = _subject_again(subj)
        if not again:
            continue
        yield [left, again + ["also"] + _copy(verb) + ["that"] + right], "split 'that … and that …' into two sentences"
    return None


def rule_while(tokens, p):
    """"…, while he was CTO" → "…. At the time, he was CTO"."""
    for ci in _top_level(tokens, ","):
        if ci + 3 >= len(tokens) or tokens[ci + 1] != "while":
            continue
        left, body = _cut(tokens[: ci + 1]), tokens[ci + 2:]
        v = _subject_verb(body)
        if v is None or not _has_finite(left):
            continue
        state = _bare(body[v]) in ("was", "were", "is", "are", "had", "has", "have")
        lead = ["At", "the", "time,"] if state else ["At", "the", "same", "time,"]
        later = [c - ci - 2 for c in _top_level(tokens, ",") if c > ci]
        if later:
            # "…in 2012, while he was CTO, leading to …": the rest belongs to the main clause
            end = later[0]
            if end + 1 < len(body) and body[end + 1] in ("and", "but", "which", "who"):
                continue
            main = left[:-1] + [left[-1] + ","] + body[end + 1:]
            yield [main, lead + _cut(body[: end + 1])], "turned ', while …' into its own sentence"
            continue
        yield [left, lead + body], "turned ', while …' into its own sentence"
    return None


_FUNCTION = (
    en.SUBJECT_PRONOUNS | en.OBJECT_PRONOUNS | en.COORDINATORS | en.SUBORDINATORS | en.RELATIVES
    | en.AUXILIARIES | en.ADVERBS | en.NEGATIONS
)


def rule_and_vp(tokens, p):
    """A long sentence with two verb phrases and no comma: "He rejected X and asserted that Y"
    → "He rejected X. He also asserted that Y"."""
    if en.word_count(p.restore(" ".join(tokens))) <= 22:
        return None
    mc = _main_clause(tokens)
    if mc is None:
        return None
    subj, v = mc
    main = _bare(tokens[v])
    modal = main in en.MODALS
    copula = main in ("is", "are", "was", "were")
    main_forms = {f for _, f in en.verb_analyses(main)} - {"base", "pp"}
    if not modal and not copula and (main in en.FINITE_AUX or not main_forms):
        return None
    depth = 0
    for i in range(v + 1, len(tokens) - 5):
        t = tokens[i]
        depth += t.count("(") - t.count(")")
        w = _bare(t)
        if depth == 0 and (w in en.SUBORDINATORS | en.RELATIVES or _ends_clause_punct(t)) and t != "and":
            if w not in ("as",):
                return None  # an embedded clause: whose verb would the second phrase share?
        if t != "and" or depth:
            continue
        k = i + 1
        lead: list[str] = []
        if k < len(tokens) and _bare(tokens[k]) in en.ADVERBS and _PLACE.sub("", tokens[k]).endswith(","):
            lead, k = [tokens[k]], k + 1  # "and further, focus on …"
        k = _skip_adverbs(tokens, k)
        if k >= len(tokens) or _is_cap(tokens[k]):
            continue
        forms = {f for _, f in en.verb_analyses(_bare(tokens[k]))}
        if copula:
            # "was firm in X and anxious to Y": an adjective followed by its complement
            w, nxt = _bare(tokens[k]), _bare(tokens[k + 1]) if k + 1 < len(tokens) else ""
            if forms or w in en.DETERMINERS | en.PREPOSITIONS | _FUNCTION or nxt not in en.PREPOSITIONS:
                continue
            if _verb_at(tokens, v + 1) is not None:
                continue  # "is X" must be the predicate of the first half too
        elif modal:
            if "base" not in forms or _bare(tokens[i - 1]) in en.DETERMINERS:
                continue
        elif not (forms & main_forms) or "ing" in forms:
            continue
        left, right = tokens[:i], tokens[i + 1:]
        if len(left) < 6 or len(right) < 5:
            continue
        again = _subject_again(subj)
        if not again:
            continue
        adverbs = tokens[i + 1 + len(lead):k]
        again = _lower_first(again) if lead else again
        if modal or copula:
            new = lead + again + [tokens[v]] + (["also"] if copula else []) + adverbs + tokens[k:]
        else:
            new = lead + again + (["also"] if not lead else []) + adverbs + tokens[k:]
        yield [left, new], "split two verb phrases joined by 'and'"
    return None


_COMMENT_WORDS = frozenset(
    "seen said noted discussed mentioned shown expected described stated suggested argued "
    "explained known mentioned".split()
)
_CHANGE_WORDS = frozenset(
    "began begun begin begins grew grown grow grows became become becomes increased rose fell "
    "continued changed progressed worsened improved".split()
)


def rule_as(tokens, p):
    """"…, as post-war conditions left North Korea weak" (= because) → "This was because …"."""
    for ci in _top_level(tokens, ","):
        if ci + 6 >= len(tokens) or tokens[ci + 1] != "as":
            continue
        left, body = _cut(tokens[: ci + 1]), tokens[ci + 2:]
        v = _subject_verb(body)
        if v is None or not _has_finite(left):
            continue
        if any(c > ci for c in _top_level(tokens, ",")):
            continue  # the clause must end the sentence: "This was because …" follows its cause
        words = {_bare(t) for t in body}
        if words & _COMMENT_WORDS or words & _CHANGE_WORDS:
            continue  # "as we have seen", "as this began to worsen" (time, not cause)
        if any(_bare(t).endswith("ing") and _bare(body[k - 1]) in en.BE_FORMS for k, t in enumerate(body) if k):
            continue  # "as they were leaving": time
        tense = _clause_tense(left)
        yield [left, ["This", _be(tense, False), "because"] + body], "turned ', as …' (because) into its own sentence"
    return None


def rule_including(tokens, p):
    """"…, including A, B and C." → "…. These include A, B and C."."""
    for ci in _top_level(tokens, ","):
        if ci + 4 >= len(tokens) or tokens[ci + 1] != "including":
            continue
        left, items = _cut(tokens[: ci + 1]), tokens[ci + 2:]
        if _has_finite(items) or "that" in items or not _has_finite(left):
            continue
        verb = "included" if _clause_tense(left) == "past" else "include"
        yield [left, ["These", verb] + items], "put the ', including …' list in its own sentence"
    return None


def _name_like(tokens: list[str]) -> bool:
    return bool(tokens) and all(_is_cap(t) or en.strip_word(t).isdigit() or _bare(t) in ("of", "de") for t in tokens) and _is_cap(tokens[0])


def rule_final_appositive(tokens, p):
    """"… California's Proposition 8, a California ballot proposition …" → "…. California's
    Proposition 8 was a California ballot proposition …"."""
    tops = _top_level(tokens, ",")
    if not tops:
        return None
    ci = tops[-1]
    tail = tokens[ci + 1:]
    if len(tail) < 4 or _bare(tail[0]) not in ("a", "an") or _has_finite(tail):
        return None
    left = _cut(tokens[: ci + 1])
    ante = _antecedent_np(left)
    if not ante or not (_name_like(ante) or _bare(ante[0]) == "the") or not _has_finite(left):
        return None
    if len(ante) == len(left):
        return None
    tense = _clause_tense(left)
    yield [left, _copy(ante) + [_be(tense, _subject_is_plural(ante))] + tail], "moved the closing description into its own sentence"
    return None


# --- more split rules (sentence-level restructuring for grade 6–8) ---------------------------------


def _lead_connective(tokens: list[str]) -> tuple[list[str], list[str]]:
    """An opening "But"/"Yet"/"And" stays with the first new sentence: (lead, rest)."""
    if tokens and tokens[0] in ("But", "Yet", "And", "So", "However,", "Still,"):
        return tokens[:1], tokens[1:]
    return [], tokens


def rule_absolute_with(tokens, p):
    """"…, with the USSR controlling the north and the south supplied by the U.S." →
    "…. The USSR controlled the north. The south was supplied by the U.S."

    An absolute phrase (with + noun phrase + participle) at the end of a sentence becomes its own
    sentence: an -ing participle takes the tense of the main clause, a past participle becomes a
    passive. A second absolute joined by "and" ("and the south supplied …") becomes a third one.
    """
    tops = _top_level(tokens, ",")
    for ci in tops:
        if ci + 4 >= len(tokens) or tokens[ci + 1] != "with":
            continue
        left = _cut(tokens[: ci + 1])
        if not _has_finite(left) or any(re.search(r"[;]", _PLACE.sub("", t)) for t in left):
            continue
        k0 = ci + 2
        if _bare(tokens[k0]) not in en.DETERMINERS and not _is_cap(tokens[k0]) and not re.search(r"[’']s?$", _bare(tokens[k0])):
            continue
        # the noun phrase, then an -ing participle
        v = None
        for k in range(k0 + 1, min(len(tokens), k0 + 8)):
            prev = _PLACE.sub("", tokens[k - 1])
            if _ends_clause_punct(prev) or _is_quote(tokens[k - 1]) or "(" in prev:
                break
            w = _bare(tokens[k])
            if (
                tokens[k] == w and w.endswith("ing") and w not in en.ING_PREPOSITIONS
                and en.lemma_of(w, "ing") and _bare(tokens[k - 1]) not in en.DETERMINERS | en.PREPOSITIONS
            ):
                v = k
                break
            if w in en.FINITE_AUX or w in en.COORDINATORS or w in en.RELATIVES:
                break
        if v is None:
            continue
        np = tokens[k0:v]
        body = tokens[v + 1:]
        if len(body) < 2:
            continue
        tense = _clause_tense(left)
        plural = _subject_is_plural(np)
        lemma = en.lemma_of(_bare(tokens[v]), "ing")
        pieces = [left]
        # a second absolute: "… and the south supplied by the U.S."
        second = None
        for j, t in enumerate(body):
            if t != "and" or j + 3 >= len(body) or _bare(body[j + 1]) not in en.DETERMINERS - {"that"}:
                continue
            for m in range(j + 2, min(len(body), j + 6)):
                w = _bare(body[m])
                if _ends_clause_punct(body[m - 1]):
                    break
                if body[m] == w and en.is_verb_form(w, "pp") and w not in en.DETERMINERS and (
                    "ed" == w[-2:] or en.is_verb_form(w, "past") is False
                ):
                    np2 = body[j + 1:m]
                    if len(np2) >= 1 and not any(_bare(x) in en.FINITE_AUX | en.PREPOSITIONS for x in np2):
                        second = (j, np2, m)
                    break
            if second:
                break
        first_body = body[: second[0]] if second else body
        verb = _keep_marks(tokens[v], _conjugate(lemma, tense, plural))
        pieces.append(_capital_np(np) + [verb] + first_body)
        if second:
            j, np2, m = second
            pieces.append(_capital_np(np2) + [_be(tense, _subject_is_plural(np2))] + body[m:])
        yield pieces, "turned the closing 'with …' phrase into its own sentence"
    return None


def _capital_np(np: list[str]) -> list[str]:
    return list(np)


def _comma_after_intro(tokens: list[str]) -> list[str]:
    """"without aid from Russia it became clear" → "without aid from Russia, it became clear":
    an opening prepositional phrase gets its comma before a pronoun subject."""
    if not tokens or _bare(tokens[0]) not in en.PREPOSITIONS or _top_level(tokens, ","):
        return tokens
    for k in range(2, len(tokens) - 1):
        if _bare(tokens[k]) in ("he", "she", "it", "they", "we") and _verb_at(tokens, k + 1) is not None:
            if _ends_clause_punct(tokens[k - 1]) or _is_quote(tokens[k - 1]):
                return tokens
            m = re.match(r"^(.*?)([\ue000-\ue3ff]*)$", tokens[k - 1])
            return tokens[: k - 1] + [m.group(1) + "," + m.group(2)] + tokens[k:]
    return tokens


_NO_MATTER_WORDS = frozenset({"much", "hard", "often"})


def rule_no_matter(tokens, p):
    """"But no matter how much X wanted A, Y happened" → "But X wanted A. Still, Y happened"."""
    lead, rest = _lead_connective(tokens)
    if len(rest) < 8 or [_bare(t) for t in rest[:3]] != ["no", "matter", "how"]:
        return None
    how = _bare(rest[3])
    if how not in _NO_MATTER_WORDS:
        return None
    for ci in _top_level(rest, ","):
        clause, main = _cut(rest[4: ci + 1]), rest[ci + 1:]
        if _subject_verb(clause) is None or len(main) < 4 or not _has_finite(main):
            continue
        main = _comma_after_intro(main)
        if how != "much":
            clause = clause + [how]  # "no matter how hard they tried" → "they tried hard"
        first = lead + (_lower_first(clause) if lead else clause)
        yield [first, ["Still,"] + _lower_first(main)], "split 'no matter how …, …' into two sentences"
        return
    return None


_LEAD_SUBORDINATE = {"while": ["At", "the", "same", "time,"], "after": ["After", "that,"], "since": ["So"],
                     "as": ["At", "the", "same", "time,"]}


def _as_means_while(clause: list[str]) -> bool:
    """An opening "As X," that tells a time (X is a change in progress: "As this began to worsen",
    "As they were leaving"), not a reason ("As he was ill") nor a comment ("As we have seen")."""
    words = [_bare(t) for t in clause]
    if set(words) & _COMMENT_WORDS:
        return False
    if set(words) & _CHANGE_WORDS:
        return True
    return any(w.endswith("ing") and words[k - 1] in ("was", "were") for k, w in enumerate(words) if k)


def rule_lead_subordinate(tokens, p):
    """"While X, Y" → "X. At the same time, Y"; "After X, Y" → "X. After that, Y";
    "Since X, Y" (a reason) → "X. So Y"; "As X, Y" (a change going on: "As this began to
    worsen, …") → "X. At the same time, Y"."""
    lead, rest = _lead_connective(tokens)
    if len(rest) < 6:
        return None
    first = _bare(rest[0])
    if first not in _LEAD_SUBORDINATE:
        return None
    for ci in _top_level(rest, ","):
        clause, main = _cut(rest[1: ci + 1]), rest[ci + 1:]
        if _subject_verb(clause) is None or len(main) < 3:
            continue
        if any(_ends_clause_punct(t) or _is_quote(t) for t in clause[:-1]):
            continue
        if first == "as" and not _as_means_while(clause):
            continue  # "As he was ill, …" (a reason) or "As we have seen, …"
        cs = _clause_subject(main)
        if cs is None:
            continue
        if first == "since" and any(_bare(t) in ("has", "have", "had") for t in main[: cs[1] + 2]):
            continue  # "Since he left, things have changed": time, not a reason
        if first == "since" and re.fullmatch(r"\d{4}s?", en.strip_word(clause[0])):
            continue
        new_first = lead + (_lower_first(clause) if lead else clause)
        yield [new_first, _LEAD_SUBORDINATE[first] + _lower_first(main)], f"split '{rest[0]} …, …' into two sentences"
        return
    return None


_TRAILING_SUBORDINATE = {"although": "but", "though": "but", "whereas": "but", "because": "because", "since": "because"}


def rule_trailing_subordinate(tokens, p):
    """"…, although X" → "…. But X"; "…, because X" / "…, since X" → "…. This was because X"."""
    for ci in _top_level(tokens, ","):
        if ci + 4 >= len(tokens):
            continue
        word = _bare(tokens[ci + 1])
        if tokens[ci + 1] != word or word not in _TRAILING_SUBORDINATE:
            continue
        left, body = _cut(tokens[: ci + 1]), tokens[ci + 2:]
        if _subject_verb(body) is None or not _has_finite(left) or not _is_clause(left):
            continue
        if any(c > ci for c in _top_level(tokens, ",")):
            later = [c for c in _top_level(tokens, ",") if c > ci]
            # a later comma must not reopen the main clause ("…, although X, Y continued")
            if any(_verb_at(tokens, c + 1) == c + 1 for c in later):
                continue
        if word == "since" and any(re.fullmatch(r"\d{4}s?", en.strip_word(t)) for t in body[:2]):
            continue
        if _TRAILING_SUBORDINATE[word] == "but":
            new = ["But"] + body
        else:
            new = ["This", _be(_clause_tense(left), False), "because"] + body
        yield [left, new], f"turned ', {word} …' into its own sentence"
    return None


def rule_only_to(tokens, p):
    """"X voiced complaints, only to be shouted down by Y" → "…. But they were shouted down by Y"."""
    for ci in _top_level(tokens, ","):
        if ci + 4 >= len(tokens) or [_bare(t) for t in tokens[ci + 1: ci + 3]] != ["only", "to"]:
            continue
        verb = _bare(tokens[ci + 3])
        if tokens[ci + 3] != verb or not (verb == "be" or en.is_verb_form(verb, "base")):
            continue
        left = _cut(tokens[: ci + 1])
        mc = _main_clause(left)
        if mc is None:
            continue
        again = _subject_again(mc[0])
        if not again:
            continue
        tense = _clause_tense(left)
        plural = _subject_is_plural(mc[0])
        lemma = "be" if verb == "be" else (en.lemma_of(verb, "base") or verb)
        new = ["But"] + _lower_first(again) + [_keep_marks(tokens[ci + 3], _conjugate(lemma, tense, plural))] + tokens[ci + 4:]
        yield [left, new], "turned ', only to …' into its own sentence"
    return None


_QUANTIFIERS = frozenset("many several various numerous other some".split())


def _such_as_points(tokens: list[str], p: Protected) -> list[int]:
    """Where a closing "such as" list may start: after a comma ("activities, such as"), or, in a
    sentence over 20 words, after a quantified plural with no comma ("many products such as A,
    B and C", where the list only gives examples of the many)."""
    points = list(_top_level(tokens, ","))
    if en.word_count(p.restore(" ".join(tokens))) > 20:
        for i in range(2, len(tokens) - 3):
            if (
                [_bare(t) for t in tokens[i + 1: i + 3]] == ["such", "as"]
                and not _ends_clause_punct(tokens[i])
                and any(_bare(t) in _QUANTIFIERS for t in tokens[max(0, i - 3): i])
                and any(_PLACE.sub("", t).endswith(",") for t in tokens[i + 3:])
            ):
                points.append(i)
    return sorted(points)


def rule_such_as(tokens, p):
    """"… certain activities, such as A, B and C." → "… certain activities. These include A, B and
    C."; in a long sentence also "… many products such as A, B and C." (see `_such_as_points`)."""
    for ci in _such_as_points(tokens, p):
        if ci + 3 >= len(tokens) or [_bare(t) for t in tokens[ci + 1: ci + 3]] != ["such", "as"]:
            continue
        left, items = _cut(tokens[: ci + 1]), tokens[ci + 3:]
        if any(_ends_clause_punct(t) for t in tokens[ci + 1:ci + 3]):
            continue
        if _has_finite(items) or "that" in items or not _has_finite(left) or not _is_clause(left):
            continue
        head = _bare(_strip_punct(tokens[ci]))
        if not en.looks_plural(head) or _is_cap(tokens[ci]) or _is_quote(tokens[ci]):
            continue
        if any(";" in _PLACE.sub("", t) for t in items):
            continue
        verb = "included" if _clause_tense(left) == "past" else "include"
        yield [left, ["These", verb] + items], "put the ', such as …' list in its own sentence"
    return None


_EVENT_NOUNS = {"end": "ended", "conclusion": "ended", "fall": "fell", "collapse": "collapsed", "death": "died",
                "start": "started", "beginning": "began", "rise": "rose", "breakup": "broke up"}


def rule_event_intro(tokens, p):
    """"Soon after the end of World War II, the USSR looked …" → "World War II ended. Soon after
    that, the USSR looked …"; "With the fall of the Soviet Union in 1991, North Korea used this …"
    → "The Soviet Union fell in 1991. North Korea used this …" (past-tense narrative only)."""
    tops = _top_level(tokens, ",")
    if not tops:
        return None
    ci = tops[0]
    intro, main = _cut(tokens[: ci + 1]), tokens[ci + 1:]
    words = [_bare(t) for t in intro]
    k = 0
    while k < 2 and k < len(words) and words[k] in ("very", "quickly", "soon", "shortly", "right", "just", "immediately"):
        k += 1
    adverb = intro[:k]
    if k >= len(words) or words[k] not in ("after", "with", "following") or (adverb and words[k] != "after"):
        return None
    prep = words[k]
    if k + 3 >= len(words) or words[k + 1] != "the" or words[k + 2] not in _EVENT_NOUNS or words[k + 3] != "of":
        return None
    np = intro[k + 4:]
    if not np or _has_finite(np) or any(_is_quote(t) or "(" in t for t in np):
        return None
    cs = _clause_subject(main)
    if cs is None or _main_tense(main, cs[1]) != "past":
        return None
    # the noun phrase ends before a trailing time or place phrase ("… Union in 1991")
    end = len(np)
    for j in range(1, len(np)):
        if _bare(np[j]) in ("in", "on", "at", "during", "by") :
            end = j
            break
    subject, tail = np[:end], np[end:]
    if _bare(subject[0]) == "the" or _is_cap(subject[0]):
        subject = [subject[0][0].upper() + subject[0][1:]] + subject[1:]
    else:
        return None
    first = subject + [_EVENT_NOUNS[words[k + 2]]] + tail
    if prep == "with":
        second = main
    else:
        lead = _lower_first(list(adverb)) + ["after", "that,"]
        second = lead + _lower_first(main)
    yield [first, second], f"turned the opening '{' '.join(intro[: k + 3])} of …' into a sentence"
    return None


def rule_not_just(tokens, p):
    """"They had begun to adopt not just X but Y" → "They had begun to adopt X. They had also
    begun to adopt Y"."""
    for n in range(1, len(tokens) - 4):
        if tokens[n] != "not" or tokens[n + 1] not in ("just", "only"):
            continue
        b = next((j for j in range(n + 3, len(tokens) - 1) if tokens[j] == "but"), None)
        if b is None:
            return None
        head, x = tokens[:n], tokens[n + 2:b]
        y = tokens[b + 2:] if tokens[b + 1] == "also" else tokens[b + 1:]
        if not x or any(_ends_clause_punct(t) for t in x):
            return None
        if any(_clause_like(part) for part in (x, y)):
            return None  # "not just X but Y" must join two objects, not two clauses
        mc = _main_clause(head) or _subject_before_aux(head)
        if mc is None:
            return None
        subj, v = mc
        again = _subject_again(_np_head(subj))
        if not again:
            return None
        vp = [t for t in head[v:] if _bare(t) not in en.ADVERBS or _bare(t) == "not"]
        if not vp or any(_ends_clause_punct(t) for t in vp):
            return None
        if _bare(vp[0]) in en.FINITE_AUX:
            vp = vp[:1] + ["also"] + vp[1:]
        else:
            vp = ["also"] + vp
        yield [head + x, _copy(again) + _copy(vp) + y], f"split 'not {tokens[n + 1]} … but …' into two sentences"
        return None
    return None


def _clause_like(part: list[str]) -> bool:
    """Whether a phrase holds a clause; "ideology inspired by the revolution" (a participle with
    its agent) does not."""
    if any(_bare(t) in en.FINITE_AUX for t in part):
        return True
    v = _subject_verb(part)
    if v is None:
        return False
    nxt = _bare(part[v + 1]) if v + 1 < len(part) else ""
    return not (en.is_verb_form(_bare(part[v]), "pp") and nxt == "by")


def _subject_before_aux(tokens: list[str]) -> Optional[tuple[list[str], int]]:
    """Subject and auxiliary of a clause whose subject holds a phrase that `_subject_verb` does not
    follow ("North Korean nationalists since the early twentieth century had begun …")."""
    tops = _top_level(tokens, ",")
    start = tops[-1] + 1 if tops else 0
    for k in range(start + 1, len(tokens)):
        w = _bare(tokens[k])
        if w in ("had", "has", "have", "was", "were", "is", "are", "would", "could", "will"):
            subj = tokens[start:k]
            if not subj or not (_is_cap(subj[0]) or _bare(subj[0]) in en.DETERMINERS):
                return None
            if _has_finite(subj) or any(_ends_clause_punct(t) or _is_quote(t) for t in subj):
                return None
            return subj, k
    return None


def _np_head(subject: list[str]) -> list[str]:
    """A subject without its trailing phrase: "nationalists since the 1920s" → "nationalists"."""
    for k, t in enumerate(subject):
        if k and _bare(t) in en.PREPOSITIONS | en.SUBORDINATORS:
            return subject[:k]
    return subject


_NOMINAL_VERBS = {"division": "divided", "destruction": "destroyed", "creation": "created",
                  "occupation": "occupied", "invasion": "invaded", "adoption": "adopted",
                  "rejection": "rejected", "partition": "partitioned"}


def rule_nominal_subject(tokens, p):
    """Verbs, not nouns: "The division of Korea between the two powers created …" → "The two
    powers divided Korea. This created …" (past-tense narrative; "by"/"between" names the agent)."""
    if len(tokens) < 8 or _bare(tokens[0]) != "the" or _bare(tokens[1]) not in _NOMINAL_VERBS:
        return None
    if _bare(tokens[2]) != "of":
        return None
    mc = _main_clause(tokens)
    if mc is None or mc[0] != tokens[: len(mc[0])] or _main_tense(tokens, mc[1]) != "past":
        return None
    subj, v = mc
    agent_at = next((j for j, t in enumerate(subj) if t in ("by", "between")), None)
    if agent_at is None or agent_at < 4:
        return None
    obj, agent = subj[3:agent_at], subj[agent_at + 1:]
    if not agent or not obj or any(_ends_clause_punct(t) or "(" in t or _is_quote(t) for t in subj):
        return None
    if _bare(agent[0]) not in ("the", "their", "its", "his", "her") and not _name_like(agent):
        return None
    first = _copy(agent) + [_NOMINAL_VERBS[_bare(tokens[1])]] + obj
    yield [first, ["This"] + tokens[v:]], f"turned '{tokens[0]} {tokens[1]} of …' into a verb"
    return None


def _plain_length(tokens: list[str], p: Protected) -> int:
    """Words in the sentence once the plain words are in ("implemented" → "put in place")."""
    return en.word_count(p.restore(default_lexicon().apply(" ".join(tokens))[0]))


_PLACE_NOUNS = frozenset("place places city cities town towns country countries area areas region regions".split())


def rule_long_where(tokens, p):
    """Only for a sentence over the word limit: "X produced conditions where S" → "X produced
    conditions. In these conditions, S"."""
    if _plain_length(tokens, p) <= MAX_WORDS:
        return None
    for i in range(3, len(tokens) - 4):
        if tokens[i] not in ("where", "wherein") or _ends_clause_punct(tokens[i - 1]):
            continue
        noun = _bare(tokens[i - 1])
        if _is_cap(tokens[i - 1]) or not noun.isalpha() or noun in en.DETERMINERS | en.PREPOSITIONS | _FUNCTION:
            continue
        if en.verb_analyses(noun) and noun not in _NOUNISH and not en.looks_plural(noun):
            continue
        left, body = tokens[:i], tokens[i + 1:]
        if _subject_verb(body) is None or not _is_clause(left):
            continue
        if any(_bare(t) in en.SUBORDINATORS | en.RELATIVES for t in left[1:]):
            continue
        mc = _main_clause(left)
        if mc is None or _bare(left[mc[1]]) in en.BE_FORMS:
            continue  # "The abyss is the world where …": the clause defines the noun
        det = "these" if en.looks_plural(noun) else "this"
        yield [left, ["In", det, noun + ","] + body], "moved the 'where' clause of a long sentence into its own sentence"
        return None
    return None


_PURPOSE_SKIP = frozenset("be say sum put begin start name mention quote".split())


def rule_purpose_end(tokens, p):
    """"…, to explain the collapse of X." (purpose, after a full clause) → "…. The aim was to
    explain the collapse of X."."""
    tops = _top_level(tokens, ",")
    if not tops:
        return None
    ci = tops[-1]
    start = ci + 1
    if tokens[start: start + 2] == ["in", "order"]:
        start += 2  # ", in order to explain …"
    if start + 3 >= len(tokens) or tokens[start] != "to":
        return None
    verb = _bare(tokens[start + 1])
    if tokens[start + 1] != verb or verb in _PURPOSE_SKIP or not en.is_verb_form(verb, "base"):
        return None
    left = _cut(tokens[: ci + 1])
    if not _is_clause(left) or _in_list(tokens, ci):
        return None
    if _bare(left[-1]) in en.PREPOSITIONS | en.DETERMINERS:
        return None
    tense = _clause_tense(left)
    yield [left, ["The", "aim", _be(tense, False)] + tokens[start:]], "turned the closing ', to …' (purpose) into its own sentence"
    return None


_TIME_UNITS = frozenset("year years month months week weeks day days decade decades century centuries".split())


def rule_time_tail(tokens, p):
    """A long sentence ending in "(just) four years after X" → "…. This was just four years
    after X."."""
    if _plain_length(tokens, p) <= 20:
        return None
    for i in range(6, len(tokens) - 3):
        j = i + 1 if _bare(tokens[i]) in ("just", "only", "about", "nearly", "almost") else i
        if j + 3 >= len(tokens):
            continue
        num, unit, rel = _bare(tokens[j]), _bare(tokens[j + 1]), _bare(tokens[j + 2])
        if unit not in _TIME_UNITS or rel not in ("after", "before", "later", "earlier"):
            continue
        if not (num.isdigit() or factcheck.NUMBER_WORD_RE.fullmatch(num) or num in ("a", "two", "few", "several", "many")):
            continue
        if _ends_clause_punct(tokens[i - 1]) or _bare(tokens[i - 1]) in en.PREPOSITIONS | en.DETERMINERS | en.COORDINATORS:
            continue
        tail = tokens[i:]
        if any(_ends_clause_punct(t) for t in tail[:-1]) or _has_finite(tail[3:]):
            continue
        left = tokens[:i]
        if not _is_clause(left):
            continue
        yield [left, ["This", _be(_clause_tense(left), False)] + tail], "moved the closing time phrase into its own sentence"
        return None
    return None


RULES: list[tuple[Rule, bool]] = [
    # (rule, always) — rules marked False run only on sentences longer than SPLIT_FROM words
    (rule_semicolon, True),
    (rule_colon, True),
    (rule_splice, True),
    (rule_quote_tail, False),
    (rule_no_matter, False),
    (rule_event_intro, False),
    (rule_lead_subordinate, False),
    (rule_intro, False),
    (rule_being, False),
    (rule_coordination, False),
    (rule_relative, False),
    (rule_reduced_relative, False),
    (rule_when, False),
    (rule_while, False),
    (rule_as, False),
    (rule_trailing_subordinate, False),
    (rule_only_to, False),
    (rule_including, False),
    (rule_such_as, False),
    (rule_absolute_with, False),
    (rule_participle_end, False),
    (rule_meaning, False),
    (rule_not_but, False),
    (rule_vp_coordination, False),
    (rule_that_coordination, False),
    (rule_appositive, False),
    (rule_final_appositive, False),
    (rule_and_vp, False),
    (rule_not_just, False),
    (rule_nominal_subject, False),
    (rule_long_where, False),
    (rule_purpose_end, False),
    (rule_time_tail, False),
]


def _split(s: str, p: Protected, changes: list[str], depth: int = 0) -> list[str]:
    tokens = _tokens(s)
    if not tokens:
        return []
    if depth > 8:
        return [" ".join(tokens)]
    long = en.word_count(p.restore(s)) > SPLIT_FROM
    for rule, always in RULES:
        if not always and not long:
            continue
        result = rule(tokens, p)
        candidates = [result] if isinstance(result, tuple) else (result or ())
        for parts, why in candidates:
            # a rule may copy a word (a repeated subject) or drop one ("Although"): the note
            # markers must come out exactly as they went in
            if sorted(en.MARKER_CHAR_RE.findall(" ".join(" ".join(x) for x in parts))) != sorted(
                en.MARKER_CHAR_RE.findall(" ".join(tokens))
            ):
                continue
            pieces = [_finish(part, p) for part in parts if part]
            trusted = [i == 0 and part[0] == tokens[0] for i, part in enumerate(parts) if part]
            if len(pieces) < 2 or not all(_valid(x, p, t) for x, t in zip(pieces, trusted)):
                continue
            changes.append(why)
            out: list[str] = []
            for piece in pieces:
                out.extend(_split(piece, p, changes, depth + 1))
            return out
    return [" ".join(tokens)]


# --- cross-references ------------------------------------------------------------------------------

_SEE_ALSO_RE = re.compile(
    # a cross-reference holding a note marker is left in place, so the marker stays in the text
    r"\s*\(\s*(?:(?:[Mm]ore|[Rr]ead more|[Ll]earn more|[Ff]or more)\b[^()\[\]]*?\b|[Ss]ee\s+(?:also\s+)?)"
    r"(?:in\s+)?(?:the\s+)?(?P<kind>chapter|section)\s+(?P<title>[^()\[\]]+?)\s*\)"
)


def _lift_see_also(text: str) -> tuple[str, list[str]]:
    found = []

    def take(m: re.Match) -> str:
        title = m.group("title").strip().rstrip(".")
        if re.match(r"(?:on|about)\s", title):
            found.append(f"See also: the {m.group('kind')} {title}.")
        else:
            title = re.sub(r"^(?:called|titled|entitled)\s+", "", title)
            found.append(f"See also: {title}.")
        return ""

    new = _SEE_ALSO_RE.sub(take, text)
    return re.sub(r"\s{2,}", " ", new).strip(), found


# --- the public API ---------------------------------------------------------------------------------


def rewrite_sentence(text: str, lexicon: Optional[Lexicon] = None) -> Rewrite:
    """Plain-language version of one sentence (see the module docstring)."""
    lex = lexicon or default_lexicon()
    original = text
    result = Rewrite(original=original)
    body, see_also = _lift_see_also(re.sub(r"\s+", " ", text).strip())
    if see_also:
        result.see_also = see_also
        result.changes.append("moved the cross-reference to a 'See also' line")
    if not re.search(r"\w", en.MARKER_RE.sub("", body)):
        result.sentences = [body] if body else []
        return _checked(result, original, body)
    p = Protected(body)
    # what the checker flags even in the untouched sentence is a quirk of its heuristics, not a loss
    baseline = set(factcheck.missing(original, original))

    def build(split: bool, words: bool) -> tuple[list[str], list[str]]:
        changes: list[str] = []
        pieces = _split(p.text, p, changes) if split else [p.text]
        out = []
        for piece in pieces:
            if words:
                piece, c = lex.apply(piece)
                changes.extend(c)
                piece, c = _drop_filler(piece)
                changes.extend(c)
            out.append(p.restore(_tidy(piece)))
        return out, changes

    reasons: list[str] = []
    for split, words, what in (
        (True, True, "the rewrite"),
        (False, True, "the plain words without splitting"),
        (True, False, "the splits without plain words"),
    ):
        sentences, changes = build(split, words)
        plain = " ".join(sentences + see_also)
        lost = [x for x in factcheck.missing(original, plain) if x not in baseline]
        lost += factcheck.added(original, plain)
        if not lost:
            result.sentences = sentences
            result.changes.extend(reasons + changes)
            result.fell_back = bool(reasons)
            return result
        reasons.append(f"fact check: {what} lost {', '.join(lost)}")
    result.sentences = [body] if body else []
    result.changes.extend(reasons + ["kept the original sentence"])
    result.fell_back = True
    return _checked(result, original, body)


def _checked(result: Rewrite, original: str, body: str) -> Rewrite:
    lost = factcheck.missing(original, " ".join(result.sentences + result.see_also))
    if lost:  # only possible if the cross-reference lift itself lost something
        result.sentences, result.see_also = [original], []
        result.changes.append(f"fact check: lost {', '.join(lost)}; kept the original sentence")
        result.fell_back = True
    return result


_M = r"[\ue000-\ue3ff]*"  # note-marker characters glued to a word
_FILLERS = [
    # (pattern, replacement, name): words that carry no fact ("Omit unnecessary words")
    (re.compile(r"^(Indeed|Of course|Without a doubt),\s+"), "", "{0}"),
    (re.compile(r",\s+of course,\s+"), " ", "of course"),
    (re.compile(r"(?<=\w)\s+of course\s+(?=[a-z])"), " ", "of course"),
    (re.compile(r"(?<=\w)\s+however,\s+but\b"), ", but", "however"),
    # "the autonomy that was given to Kim" → "the autonomy given to Kim" (a participle with its
    # complement; never after a comma, so the clause is restrictive and stays with its noun)
    (re.compile(r"(?<=[a-z])\s+(?:that|which|who)\s+(?:was|were)\s+(?=(?:[a-z]+ed|given|taken|made|known|held|led|built|seen|done|written|shown|sent|brought|kept|set|put|run|won|drawn|chosen)\s+(?:to|by|in|into|on|under|with|for|from|at|as)\b)"), " ", "that was"),
    (re.compile(r",?\s+as well(?=" + _M + r"[.!?]" + _M + r"$)"), "", "as well"),
]


def _drop_filler(s: str) -> tuple[str, list[str]]:
    """Remove filler that carries no fact: "This of course extended" → "This extended";
    "Indeed, he …" → "He …"; "… reason as well." → "… reason."."""
    changes = []
    for pattern, repl, name in _FILLERS:
        m = pattern.search(s)
        if not m:
            continue
        rest = s[: m.start()] + repl + s[m.end():]
        if en.word_count(re.sub(_M, "", rest)) < 3:
            continue
        s = _capitalise(rest)
        changes.append(f"removed the filler '{name.format(*(m.groups() or ('',)))}'")
    return s, changes


def _tidy(s: str) -> str:
    s = re.sub(r"\s{2,}", " ", s).strip()
    s = re.sub(r"\s+([,;:.!?])", r"\1", s)
    s = re.sub(r",\s*,", ",", s)
    return _capitalise(s)


def rewrite_paragraph(sentences: list[str], lexicon: Optional[Lexicon] = None) -> list[Rewrite]:
    """`rewrite_sentence` for each sentence of a paragraph."""
    return [rewrite_sentence(s, lexicon) for s in sentences]


# --- sentence splitting -------------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr no nos vol vols ed eds pp fig figs inc ltd co corp dept univ "
    "approx ca cf al e.g i.e vs etc jan feb mar apr jun jul aug sep sept oct nov dec rev gen "
    "col lt sgt capt gov sen rep mt ft".split()
)


def split_sentences(text: str) -> list[str]:
    """Cut a paragraph into sentences, keeping note markers with their sentence.

    Knows abbreviations ("U.S.", "N.J.", "e.g.", "Dr."), initials ("C. S. Pierce"), quotations
    that end a sentence ('… “forms.” Next'), and a parenthetical that stands between two sentences.
    """
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    spans = en._quote_spans(text)
    cuts = []
    boundary = re.compile(
        r"([.!?])([”\"’')\]]*)((?:\[(?:\d+|citation needed)\])*)(\s+)(?=[\"“‘(\[]?[A-Z0-9])"
    )
    for m in boundary.finditer(text):
        end_of_punct = m.start(1)
        inside = [s for s in spans if s[0] < end_of_punct < s[1] - 1]
        if inside:
            # a sentence may end inside a quotation only at its closing mark
            if not any(m.end(2) >= s[1] for s in inside):
                continue
        before = text[: m.start(1)]
        word = re.search(r"(\S+)$", before)
        last = word.group(1) if word else ""
        core = last.lstrip("(\"“‘").lower()
        if m.group(1) == "." and not m.group(2) and not m.group(3):
            nxt = re.match(r"\W*(\w+)", text[m.end():])
            starts_sentence = bool(nxt) and nxt.group(1).lower() in _sentence_starters()
            if re.fullmatch(r"[A-Za-z]", core):  # an initial: "C. S. Pierce", "(b. 1930)"
                continue
            if core in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", core):
                # "etc.", "U.S.", "N.J." end a sentence only before a common opening word
                if not (core in _CAN_END or "." in core) or not starts_sentence:
                    continue
        cuts.append(m.end(3))
    # a parenthetical standing alone between sentences: "… policy. (More about him …) Indeed, …"
    for m in re.finditer(r"(?:^|(?<=[.!?] ))\([^()]+\)(\s+)(?=[A-Z])", text):
        cuts.append(m.start(1))
    cuts = sorted(set(cuts))
    out, pos = [], 0
    for c in cuts:
        piece = text[pos:c].strip()
        if piece:
            out.append(piece)
        pos = c
    tail = text[pos:].strip()
    if tail:
        out.append(tail)
    return out


_CAN_END = frozenset({"etc", "al", "inc", "ltd", "co", "corp"})


def _sentence_starters() -> frozenset[str]:
    return factcheck._default_common()
