"""The Dutch analyzer behind the site search: pure functions, no Django.

One analyzer feeds both the index and the queries, so that a word in a query and the same
word in an article always end up as the same term:

1. **Fold**: Unicode NFKD, drop combining marks, lower case. "Één" becomes "een",
   "ideeën" becomes "ideeen", the ligature "ĳ" becomes "ij".
2. **Tokenise** on runs of ``[a-z0-9]``; tokens of one character or longer than
   ``MAX_TOKEN_CHARS`` are dropped (the latter are noise, not words).
3. **Stop words** (``STOP_WORDS``, short function words such as "de", "een", "niet")
   are dropped at both ends. A query of only stop words therefore has no terms; the view
   says so kindly instead of returning every passage.
4. **Stem** with Snowball's Dutch stemmer (PyStemmer ``Stemmer.Stemmer("dutch")``):
   "ademen" and "adem" share "adem", "hormonen" and "hormoon" share "hormoon".
5. **Compounds**: Dutch glues words together ("ademhalingsmoment", "stresshormonen").
   A reader who types "adem" should find them. At index time each long token is split
   into known parts and the stem of every part is indexed *besides* the stem of the whole
   word (see ``split_compound``).

Why a lexicon split and not character n-grams or prefix/suffix indexing: n-grams of
"adem" also match "kademuur" and "bademen"-like accidents, and every n-gram bloats the
index ten times. A split against a lexicon of real words only fires when every part is a
word we know, so "verbinding" stays whole (there is no word "ver" + "binding" pair in the
lexicon with parts of at least four letters), while "ademhalingsmoment" becomes
"ademhaling" + "s" + "moment", and "ademhaling" in turn "adem" + "haling". The
quality bench (``bench/search_quality.py --without compounds``) measures what this buys
on the sample articles: nDCG@10 0.857 -> 0.864, recall@10 0.847 -> 0.861. Small, since the
twelve articles repeat most words whole as well; it matters more for a reader's "adem"
against a text that only says "ademhalingsmoment".

The lexicon (``data/lexicon.txt``) is static so that ``analyze`` stays a pure function
(the same text gives the same terms whatever else is in the database): it holds the words
of the sample articles plus a short hand-written list of common parts (``data/parts.txt``).
Rebuild it after adding many articles with ``python -m loslaten.search.analyzer`` (it
reads ``loslaten/content/sample/*.md``); articles indexed before keep working, they only
miss splits for new words until the next ``loslaten reindex``.

6. **Synonyms** (``SYNONYMS``) are expanded at query time only, so the list can change
   without a reindex: every query word becomes a list of alternative terms. On the bench
   they lift nDCG@10 from 0.801 to 0.864 (``--without synonyms``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer

MAX_TOKEN_CHARS = 40
MIN_PART_CHARS = 4
MAX_QUERY_WORDS = 10
DATA_DIR = Path(__file__).resolve().parent / "data"

_TOKEN = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("dutch")

# Short function words: they carry no theme, and "een" or "de" would match every passage.
STOP_WORDS = frozenset(
    """
    aan al alle alles als altijd ben bij daar dan dat de der deze die dit doch doen door
    dus een eens en er ge geen had heb hebben heeft hem het hier hij hoe hun ik in is ja je
    jij jou jouw kan kon maar me mij mijn men met na naar niet niets nog nu of om omdat
    ons onze ook op over te tot u uit uw van veel voor want waren was wat we wel welk welke
    werd wie wij wil worden wordt zal ze zei zelf zich zij zijn zo zonder zou
    """.split()
)

# Separable particles that start many verbs and nouns ("uitademing", "wegduwen",
# "loslaten"). They may open a split, but are not indexed as a part themselves.
PARTICLES = (
    "achter",
    "terug",
    "samen",
    "tegen",
    "door",
    "over",
    "voor",
    "weg",
    "los",
    "uit",
    "aan",
    "mee",
    "toe",
    "op",
    "af",
    "in",
)

# Joining sounds between the parts of a compound: ademhaling-s-moment, hart-e-lijk.
LINKERS = ("s", "en", "e")

# Endings that look like words but are suffixes: never accept them as a compound part.
NOT_PARTS = frozenset(
    """
    lijk lijke lijks lijkheid lijkheden heid heden baar loos isch achtig schap ingen
    """.split()
)

# Synonym groups of this field, written by hand. Each line is one group of words that a
# reader means interchangeably when searching; the words are stemmed when loaded.
SYNONYMS_TEXT = """
spanning stress gespannen onrust stresshormoon
rust ontspanning ontspannen kalmte kalm
piekeren malen tobben piekergedachten
controle beheersen beheersing regie controleren
angst bang angstig vrees
verdriet verdrietig rouw
boosheid boos woede ergernis irritatie
slaap slapen inslapen slapeloos
adem ademen ademhaling
accepteren acceptatie aanvaarden aanvaarding
perfectionisme perfectionist perfectionistisch
verbinding contact nabijheid
moe vermoeid vermoeidheid uitgeput vermoeiend
uitstellen uitstelgedrag
gevoel gevoelens emotie emoties voelen
lichaam lijf
gelukshormoon dopamine serotonine oxytocine endorfine
knuffelhormoon oxytocine
geluk blijdschap
hartslag hartritme
dankbaarheid dankbaar
zorgen bezorgd
telefoontje bellen
loslaten overgave
"""


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics: "Één ideeën" -> "een ideeen"."""
    if text.isascii():  # nothing to decompose: most text, and an import indexes a lot
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokenize(text: str) -> list[str]:
    """Folded word tokens of ``text`` (stop words included, noise left out)."""
    return [t for t in _TOKEN.findall(fold(text)) if 1 < len(t) <= MAX_TOKEN_CHARS]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball Dutch stem of an already folded ``word``."""
    return _stemmer.stemWord(word)


def _load_words(name: str) -> frozenset[str]:
    path = DATA_DIR / name
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(tokenize(line))
    return frozenset(words)


LEXICON: frozenset[str] = _load_words("lexicon.txt") | _load_words("parts.txt")
LEXICON_STEMS: frozenset[str] = frozenset(stem(w) for w in LEXICON)


def _is_part(part: str, final: bool) -> bool:
    """Whether ``part`` may be one piece of a compound."""
    if len(part) < MIN_PART_CHARS or part in NOT_PARTS or part in STOP_WORDS:
        return False
    if part in LEXICON:
        return True
    # The last part carries the inflection ("-ing", "-en"): accept it when its stem is a
    # known stem, e.g. "ademing" in "uitademing" (stem "adem").
    return final and len(part) >= 5 and stem(part) in LEXICON_STEMS


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Split a folded ``word`` into the known words it is made of, or ``()``.

    Dynamic programming over the positions of ``word``: a piece is a lexicon word of at
    least ``MIN_PART_CHARS`` letters, optionally followed by a linker ("s", "e", "en"),
    and a split may open with a separable particle ("uit", "weg", "los", ...), which is
    left out of the result. The split with the fewest pieces wins (ties: fewer linkers),
    so "stresshormonen" is "stress" + "hormonen", not four small words. Pieces that are
    compounds themselves are split again: "ademhalingsmoment" gives
    ("ademhaling", "adem", "haling", "moment").
    """
    n = len(word)
    if n < 2 * MIN_PART_CHARS - 1 or n > MAX_TOKEN_CHARS:
        return ()
    # best[i] = (pieces, linkers, parts) for the best split of word[i:], or None.
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = (0, 0, ())
    for i in range(n - 1, -1, -1):
        candidates = []
        for j in range(i + MIN_PART_CHARS, n + 1):
            part = word[i:j]
            if j == n:
                # The whole word is no split of itself.
                if i > 0 and _is_part(part, final=True):
                    candidates.append((1, 0, (part,)))
                continue
            if not _is_part(part, final=False):
                continue
            for linker in ("", *LINKERS):
                k = j + len(linker)
                if word.startswith(linker, j) and k < n and best[k] is not None:
                    pieces, linkers, parts = best[k]  # type: ignore[misc]
                    candidates.append((pieces + 1, linkers + bool(linker), (part, *parts)))
        if candidates:
            best[i] = min(candidates)
    splits = []
    whole = best[0]
    if whole is not None and whole[0] >= 2:
        splits.append(whole)
    for particle in PARTICLES:
        rest = len(particle)
        if word.startswith(particle) and n - rest >= MIN_PART_CHARS and best[rest] is not None:
            pieces, linkers, parts = best[rest]  # type: ignore[misc]
            splits.append((pieces + 1, linkers, parts))
    if not splits:
        return ()
    parts = min(splits)[2]
    result: list[str] = []
    for part in parts:
        result.append(part)
        # A piece may itself be a known compound ("ademhaling" in "ademhalingsmoment").
        if part != word:
            result.extend(p for p in split_compound(part) if p not in result)
    return tuple(result)


@lru_cache(maxsize=100_000)
def _terms_for_token(token: str) -> tuple[str, ...]:
    whole = stem(token)
    terms = [whole]
    for part in split_compound(token):
        part_stem = stem(part)
        if part_stem not in terms:
            terms.append(part_stem)
    return tuple(terms)


def analyze(text: str) -> list[str]:
    """Index terms of ``text``, in order: for each word its stem, then its parts' stems.

    >>> analyze("Eén ademhalingsmoment")
    ['ademhalingsmoment', 'ademhal', 'adem', 'haal', 'moment']
    """
    terms: list[str] = []
    for token in tokenize(text):
        if token not in STOP_WORDS:
            terms.extend(_terms_for_token(token))
    return terms


def _synonym_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for line in SYNONYMS_TEXT.strip().splitlines():
        stems = []
        for word in tokenize(line):
            if stem(word) not in stems:
                stems.append(stem(word))
        for s in stems:
            known = table.setdefault(s, [])
            known.extend(other for other in stems if other != s and other not in known)
    return {k: tuple(v) for k, v in table.items()}


SYNONYMS: dict[str, tuple[str, ...]] = _synonym_table()


def analyze_query(query: str) -> list[list[str]]:
    """Alternatives per query word: ``[["rust", "ontspan", ...], ["adem", ...]]``.

    The first alternative of each word is its own stem; the others come from the synonym
    list. Stop words and repeated words are dropped, and at most ``MAX_QUERY_WORDS`` words
    are kept. Never raises: any string gives a (possibly empty) list.
    """
    groups: list[list[str]] = []
    seen: set[str] = set()
    for token in tokenize(query):
        if token in STOP_WORDS:
            continue
        own = stem(token)
        if own in seen:
            continue
        seen.add(own)
        groups.append([own, *SYNONYMS.get(own, ())])
        if len(groups) == MAX_QUERY_WORDS:
            break
    return groups


def highlight_stems(query_groups: list[list[str]]) -> frozenset[str]:
    """All terms of an analyzed query, for marking words in a snippet."""
    return frozenset(term for group in query_groups for term in group)


def token_terms(token: str) -> list[str]:
    """Index terms of one folded token (its stem and its parts), for the highlighter."""
    if token in STOP_WORDS:
        return []
    return list(_terms_for_token(token))


def build_lexicon(texts: list[str], min_chars: int = MIN_PART_CHARS) -> list[str]:
    """The sorted words of ``texts`` that may serve as compound parts."""
    words = {t for text in texts for t in tokenize(text)}
    return sorted(
        w
        for w in words
        if len(w) >= min_chars and w not in STOP_WORDS and w not in NOT_PARTS and not w.isdigit()
    )


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    sample = Path(__file__).resolve().parent.parent / "content" / "sample"
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample.glob("*.md"))]
    lines = build_lexicon(texts)
    header = "# Words of the sample articles; built by `python -m loslaten.search.analyzer`.\n"
    (DATA_DIR / "lexicon.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words written to {DATA_DIR / 'lexicon.txt'}")
