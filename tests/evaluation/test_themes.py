"""Themes in free text: what people wrote after a session, grouped, named and quoted.

The answers below are written in the style of the academy's session evaluations ("how will this
session influence your work?"). The model tests really run all-MiniLM-L6-v2 from the installed
package; they encode well under 100 short texts, so they stay quick.
"""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.evaluation.themes import embeddings
from academy.evaluation.themes.engine import (
    NON_ANSWER_LABEL,
    ThemeInput,
    ThemeResult,
    ThemesUnavailable,
    describe_themes,
    find_themes,
    is_non_answer,
)

SAFETY = [
    "Creating psychological safety so that everyone in my team feels able to speak up",
    "I will work on psychological safety in our team huddles",
    "Making it safe for junior staff to speak up and challenge without fear",
    "Understanding how psychological safety affects team performance",
    "Building a culture where people can raise concerns and admit mistakes safely",
    "Modelling vulnerability so my team feels psychologically safe",
    "Psychological safety is the foundation for a high performing team",
    "Encouraging staff to speak up when something is not right",
    "I want my ward to be a place where nobody is afraid to speak up",
    "Psychological safety and how to build it in a new team",
]
LISTENING = [
    "Listening more and talking less in meetings",
    "Active listening to understand rather than to reply",
    "I need to listen properly to my colleagues before offering solutions",
    "Really hearing what patients and families are telling us",
    "Taking time to listen to staff concerns without interrupting",
    "Listening to the communities we serve and their lived experience",
    "Being a better listener with my team",
    "Listening carefully to others' points of view",
    "Slowing down and listening before jumping in",
    "I will practise active listening in one-to-ones",
]
CONFIDENCE = [
    "I feel more confident leading difficult conversations",
    "More confidence in my own ability as a new manager",
    "Gained the confidence to put myself forward for a senior role",
    "Believing in myself and trusting my judgement",
    "Confidence to present to the board without feeling anxious",
    "Overcoming imposter syndrome and feeling more self-assured",
    "I am more confident in making decisions under pressure",
    "Feeling confident to lead change in my department",
    "The course has boosted my self-belief",
    "Having the courage and confidence to challenge senior colleagues",
]
SYSTEM = [
    "Working collaboratively with partners across the integrated care system",
    "Building relationships with social care and voluntary sector partners",
    "Collaboration across organisational boundaries to improve population health",
    "Joining up services with primary care, community and acute trusts",
    "Understanding how the ICS works and where I fit in the wider system",
    "Partnership working with the local authority and the voluntary sector",
    "Thinking as a system rather than as a single organisation",
    "Breaking down silos between health and social care",
    "Building consensus with system partners across the ICS",
    "Collaborating with other practices in our primary care network",
]
BALANCE = [
    "Having a better work and life balance",
    "Protecting time for myself and my family outside work",
    "Learning to switch off at the end of the working day",
    "Looking after my own wellbeing to avoid burnout",
    "Setting boundaries so work does not take over my evenings and weekends",
    "Taking proper breaks and leaving work on time",
    "Managing my workload so I am not working late every night",
    "Making time for rest and exercise to manage stress",
    "Saying no to extra work to protect my health",
    "Balancing clinical work with family life",
]
TOPICS = {
    "safety": SAFETY,
    "listening": LISTENING,
    "confidence": CONFIDENCE,
    "system": SYSTEM,
    "balance": BALANCE,
}
NON_ANSWERS = [
    "n/a",
    "N/A",
    "No comment",
    "none",
    "Nothing",
    "-",
    "no comments, thank you",
    "Nothing further to add",
]
# Repeats of answers above, as forms collect them: the same words with other capitals and punctuation.
DUPLICATES = ["listening more and talking less in meetings.", "LISTENING MORE AND TALKING LESS IN MEETINGS!"]

ROLES = ["Clinical director", "Ward manager", "Practice manager", "Care home manager", "Service lead"]
SECTORS = ["primary care", "acute trust", "community services", "social care", "mental health"]


def _item(number: int, text: str) -> ThemeInput:
    return ThemeInput(
        id=number,
        text=text,
        # Two in three consent to be quoted.
        consent_to_quote=number % 3 != 0,
        attribution=f"{ROLES[number % 5]}, {SECTORS[(number // 5) % 5]}",
    )


def _survey() -> tuple[list[ThemeInput], dict[str, list[int]], list[int], list[int]]:
    items: list[ThemeInput] = []
    topic_ids: dict[str, list[int]] = {}
    for name, texts in TOPICS.items():
        topic_ids[name] = []
        for text in texts:
            items.append(_item(len(items) + 1, text))
            topic_ids[name].append(len(items))
    non_ids = []
    for text in NON_ANSWERS:
        items.append(_item(len(items) + 1, text))
        non_ids.append(len(items))
    duplicate_ids = []
    for text in DUPLICATES:
        items.append(_item(len(items) + 1, text))
        duplicate_ids.append(len(items))
    return items, topic_ids, non_ids, duplicate_ids


ITEMS, TOPIC_IDS, NON_IDS, DUPLICATE_IDS = _survey()
BY_ID = {item.id: item for item in ITEMS}


def _theme_of(result: ThemeResult, answer_id: int) -> int:
    return next(i for i, theme in enumerate(result.themes) if answer_id in theme.answer_ids)


@pytest.fixture(scope="module")
def model_result() -> ThemeResult:
    return find_themes(ITEMS, method="embedding")


@pytest.fixture(scope="module")
def tfidf_result() -> ThemeResult:
    return find_themes(ITEMS, method="tfidf")


# --- the embedding model ------------------------------------------------------------------------


def test_model_runs_offline_from_the_installed_package():
    assert embeddings.model_available()

    first, second, third = embeddings.embed_texts(
        [
            "Psychological safety in my team",
            "Making it safe for my team to speak up",
            "Better work-life balance",
        ]
    )

    assert len(first) == embeddings.EMBEDDING_DIM == 384
    assert np.linalg.norm(first) == pytest.approx(1.0, abs=1e-5)
    assert np.dot(first, second) > np.dot(first, third)
    assert embeddings.embed_texts(["Psychological safety in my team"])[0] == pytest.approx(first, abs=1e-5)
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_stored_vector_bytes_round_trip():
    vector = embeddings.embed_texts(["Listening to my team"])[0]

    data = embeddings.pack_vector(vector)

    assert len(data) == 384 * 4
    assert embeddings.unpack_vector(memoryview(data)) == pytest.approx(vector, abs=1e-7)


# --- grouping -----------------------------------------------------------------------------------


def test_clearly_different_topics_become_separate_themes(model_result):
    assert model_result.method == "embedding"
    assert model_result.embedding_version == embeddings.EMBEDDING_VERSION
    assert len(model_result.themes) == 5

    home = {}
    for name, ids in TOPIC_IDS.items():
        counts = Counter(_theme_of(model_result, i) for i in ids)
        theme, together = counts.most_common(1)[0]
        assert together >= 8, f"{name} answers are scattered: {counts}"
        home[name] = theme
    assert len(set(home.values())) == 5


def test_each_theme_is_named_by_its_distinctive_words(model_result):
    def keywords_of(topic: str) -> tuple[str, ...]:
        counts = Counter(_theme_of(model_result, i) for i in TOPIC_IDS[topic])
        return model_result.themes[counts.most_common(1)[0][0]].keywords

    assert "psychological safety" in keywords_of("safety")
    assert "listening" in keywords_of("listening")
    assert "confidence" in keywords_of("confidence")
    assert "system" in keywords_of("system")
    assert "work" in keywords_of("balance")
    for theme in model_result.themes:
        assert theme.label.lower().startswith(theme.keywords[0])
        assert not set(theme.keywords) & {"the", "and", "my", "session", "really", "up"}


def test_non_answers_are_a_separate_bucket_not_a_theme(model_result):
    assert model_result.no_comment.label == NON_ANSWER_LABEL
    assert model_result.no_comment.answer_ids == tuple(NON_IDS)
    assert model_result.no_comment.size == 8
    assert model_result.no_comment.base == 60  # 50 answers, 8 non-answers, 2 repeats
    assert model_result.no_comment.share == pytest.approx(8 / 60)
    themed = {i for theme in model_result.themes for i in theme.answer_ids}
    assert not themed & set(NON_IDS)


def test_every_substantive_answer_is_in_exactly_one_theme_with_its_share(model_result):
    themed = [i for theme in model_result.themes for i in theme.answer_ids]

    assert sorted(themed) == sorted(set(BY_ID) - set(NON_IDS))
    assert model_result.substantive == 52
    for theme in model_result.themes:
        assert theme.base == 52
        assert theme.share == pytest.approx(theme.size / 52)
    assert sum(theme.size for theme in model_result.themes) == 52
    sizes = [theme.size for theme in model_result.themes]
    assert sizes == sorted(sizes, reverse=True)


def test_repeated_answers_collapse_into_one(model_result):
    original = TOPIC_IDS["listening"][0]

    assert model_result.distinct == 50  # 52 answers, two of them repeats
    assert {_theme_of(model_result, i) for i in [original, *DUPLICATE_IDS]} == {
        _theme_of(model_result, original)
    }
    for theme in model_result.themes:
        quoted = [q.text.lower().rstrip(".!") for q in theme.quotes]
        assert len(quoted) == len(set(quoted))


def test_near_duplicates_are_quoted_once():
    items = [
        ThemeInput(
            1,
            "I need a better work life balance",
            consent_to_quote=True,
            attribution="Ward manager, acute trust",
        ),
        ThemeInput(
            2, "I need a better work-life balance.", consent_to_quote=True, attribution="GP, primary care"
        ),
        ThemeInput(3, "Protecting time for my family", consent_to_quote=True, attribution="GP, primary care"),
    ]

    result = find_themes(items, method="embedding")

    assert result.distinct == 2
    assert [theme.answer_ids for theme in result.themes] == [(1, 2), (3,)]
    assert len(result.themes[0].quotes) == 1
    assert result.themes[0].quotes[0].answer_id in {1, 2}


# --- determinism --------------------------------------------------------------------------------


def test_same_answers_in_another_order_give_identical_themes(model_result):
    shuffled = ITEMS[:]
    random.Random(7).shuffle(shuffled)

    again = find_themes(shuffled, method="embedding")

    assert again.as_dict() == model_result.as_dict()


def test_stored_vectors_are_used_without_encoding_again(model_result):
    vectors = dict(zip([i.id for i in ITEMS], embeddings.embed_texts([i.text for i in ITEMS]), strict=True))
    stored = [
        ThemeInput(i.id, i.text, embeddings.pack_vector(vectors[i.id]), i.consent_to_quote, i.attribution)
        for i in ITEMS
    ]

    result = find_themes(stored)

    assert result.method == "embedding"
    assert result.new_vectors == {}
    assert [t.answer_ids for t in result.themes] == [t.answer_ids for t in model_result.themes]


def test_answers_without_vectors_are_embedded_and_handed_back(model_result):
    assert set(model_result.new_vectors) == set(BY_ID) - set(NON_IDS)
    assert len(model_result.new_vectors[1]) == 384


# --- quotes -------------------------------------------------------------------------------------


def test_quotes_come_only_from_consenting_answers_attributed_by_role_and_sector(model_result):
    quotes = [q for theme in model_result.themes for q in theme.quotes]

    assert quotes
    for theme in model_result.themes:
        assert 1 <= len(theme.quotes) <= 3
        for quote in theme.quotes:
            answer = BY_ID[quote.answer_id]
            assert quote.answer_id in theme.answer_ids
            assert answer.consent_to_quote
            assert quote.attribution == answer.attribution
            role, sector = quote.attribution.split(", ")
            assert role in ROLES and sector in SECTORS


def test_a_theme_where_nobody_consented_has_no_quotes():
    items = [
        ThemeInput(i, text, consent_to_quote=False, attribution="Ward manager, acute trust")
        for i, text in enumerate(SAFETY)
    ]

    result = find_themes(items)

    assert [theme.quotes for theme in result.themes] == [()] * len(result.themes)


# --- small and short --------------------------------------------------------------------------


def test_one_answer_is_one_theme():
    result = find_themes([ThemeInput(1, "Listening", consent_to_quote=True, attribution="GP, primary care")])

    assert [(t.label, t.answer_ids, t.size, t.share) for t in result.themes] == [("Listening", (1,), 1, 1.0)]
    assert result.themes[0].quotes[0].text == "Listening"


def test_a_handful_of_answers_groups_only_what_belongs_together():
    two_unrelated = find_themes(
        [ThemeInput(1, "Listening more to my team"), ThemeInput(2, "Better work life balance")]
    )
    four = find_themes(
        [
            ThemeInput(1, "Listening more to my team"),
            ThemeInput(2, "Listening to my staff"),
            ThemeInput(3, "Better work life balance"),
            ThemeInput(4, "Work-life balance and family time"),
        ]
    )

    assert sorted(t.answer_ids for t in two_unrelated.themes) == [(1,), (2,)]
    assert sorted(t.answer_ids for t in four.themes) == [(1, 2), (3, 4)]


def test_no_answers_or_only_non_answers_give_no_themes():
    empty = find_themes([])
    blanks = find_themes([ThemeInput(1, "n/a"), ThemeInput(2, "  "), ThemeInput(3, "No comment, thanks")])

    assert (empty.themes, empty.total, empty.no_comment.share) == ((), 0, 0.0)
    assert (blanks.themes, blanks.no_comment.answer_ids, blanks.no_comment.share) == ((), (1, 2, 3), 1.0)


def test_one_word_answers_are_themed():
    words = [
        "Listening",
        "listening",
        "Compassion",
        "Empathy",
        "Kindness",
        "Courage",
        "Resilience",
        "Patience",
    ]
    words += ["Listening", "Curiosity", "Humility", "Empathy", "Bravery", "Compassion", "Kindness", "Honesty"]
    items = [
        ThemeInput(i, word, consent_to_quote=True, attribution="Ward manager, acute trust")
        for i, word in enumerate(words)
    ]

    result = find_themes(items)

    assert sorted(i for t in result.themes for i in t.answer_ids) == list(range(16))
    assert result.distinct == 11  # eleven different words
    assert 1 <= len(result.themes) <= 8
    said = {w.lower() for w in words}
    assert all(k in said for t in result.themes for k in t.keywords)


def test_a_theme_can_be_split_in_two():
    items = [_item(i, text) for i, text in enumerate(CONFIDENCE + BALANCE)]

    result = find_themes(items, min_themes=2, max_themes=2)

    assert len(result.themes) == 2
    assert {frozenset(t.answer_ids) for t in result.themes} == {
        frozenset(range(10)),
        frozenset(range(10, 20)),
    }


def test_edited_themes_are_described_again():
    safety = [_item(i, text) for i, text in enumerate(SAFETY)]
    balance = [_item(100 + i, text) for i, text in enumerate(BALANCE)]

    (safety_words, safety_quotes), (balance_words, _quotes) = describe_themes([safety, balance])

    assert safety_words[0] == "psychological safety"
    assert "work" in balance_words
    assert safety_quotes and all(
        q.answer_id in {i.id for i in safety if i.consent_to_quote} for q in safety_quotes
    )


def test_a_background_run_reports_its_progress():
    seen: list[int] = []

    find_themes(ITEMS[:20], method="tfidf", progress=seen.append)

    assert seen == sorted(seen)
    assert seen[-1] == 100


# --- non-answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-",
        "...",
        "n/a",
        "N/A",
        "NA",
        "None",
        "nothing",
        "No comment",
        "No comments, thank you",
        "Nothing further to add",
        "nothing else to add thanks",
        "Not applicable",
        "no",
        "Nil",
        "none at this time",
    ],
)
def test_non_answers_are_recognised(text):
    assert is_non_answer(text)


@pytest.mark.parametrize(
    "text",
    ["Listening", "No more working late", "Nothing beats listening", "Courage", "None of my team felt heard"],
)
def test_real_answers_are_not_mistaken_for_non_answers(text):
    assert not is_non_answer(text)


# --- the fallback -------------------------------------------------------------------------------


def test_tfidf_fallback_finds_themes_without_the_model(tfidf_result):
    assert tfidf_result.method == "tfidf"
    assert tfidf_result.embedding_version is None
    assert tfidf_result.new_vectors == {}
    assert tfidf_result.no_comment.answer_ids == tuple(NON_IDS)
    assert 2 <= len(tfidf_result.themes) <= 8
    assert sum(t.size for t in tfidf_result.themes) == 52
    # The answers that say "psychological safety" share a theme, and the phrase names it.
    saying_it = [i.id for i in ITEMS if "psychological safety" in i.text.lower()]
    homes = {_theme_of(tfidf_result, i) for i in saying_it}
    assert len(homes) == 1
    assert "psychological safety" in tfidf_result.themes[homes.pop()].keywords
    assert {_theme_of(tfidf_result, i) for i in [TOPIC_IDS["listening"][0], *DUPLICATE_IDS]} == {
        _theme_of(tfidf_result, DUPLICATE_IDS[0])
    }


def test_tfidf_fallback_is_deterministic_and_quotes_only_consenting(tfidf_result):
    shuffled = ITEMS[::-1]

    assert find_themes(shuffled, method="tfidf").as_dict() == tfidf_result.as_dict()
    for theme in tfidf_result.themes:
        assert all(BY_ID[q.answer_id].consent_to_quote for q in theme.quotes)


def test_without_the_model_auto_falls_back_and_embedding_is_refused(monkeypatch):
    monkeypatch.setenv("ACADEMY_EMBEDDINGS", "off")
    embeddings.model_available.cache_clear()
    try:
        assert not embeddings.model_available()
        assert find_themes(ITEMS[:20]).method == "tfidf"
        with pytest.raises(ThemesUnavailable):
            find_themes(ITEMS[:20], method="embedding")
    finally:
        monkeypatch.delenv("ACADEMY_EMBEDDINGS")
        embeddings.model_available.cache_clear()


def test_bad_requests_are_refused():
    with pytest.raises(ValueError, match="unique"):
        find_themes([ThemeInput(1, "Listening"), ThemeInput(1, "Confidence")])
    with pytest.raises(ValueError, match="method"):
        find_themes([ThemeInput(1, "Listening")], method="lda")  # type: ignore[arg-type]


# --- issue 19: themes from the data, unassigned answers, every way of saying nothing --------------


def _clustered_vectors(seed: int = 19) -> tuple[list[ThemeInput], dict[int, int], list[int]]:
    """Stored vectors for 330 answers: six themes of 50 around their own directions, and 30 answers
    each pointing somewhere of its own (far from every theme). No model is needed: these are stored."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(6, embeddings.EMBEDDING_DIM))
    items: list[ThemeInput] = []
    truth: dict[int, int] = {}
    for theme in range(6):
        for _ in range(50):
            vector = centres[theme] + rng.normal(scale=0.9, size=embeddings.EMBEDDING_DIM)
            number = len(items) + 1
            truth[number] = theme
            items.append(ThemeInput(number, f"Answer {number} about theme {theme}", vector.tolist()))
    strays = []
    for _ in range(30):
        number = len(items) + 1
        strays.append(number)
        vector = rng.normal(size=embeddings.EMBEDDING_DIM)
        items.append(ThemeInput(number, f"A stray thought number {number}", vector.tolist()))
    return items, truth, strays


def test_the_number_of_themes_comes_from_the_answers_not_a_cap():
    items, truth, strays = _clustered_vectors()

    result = find_themes(items)

    found = [t for t in result.themes if not t.unassigned]
    assert len(found) == 6
    for theme in found:
        assert len({truth[i] for i in theme.answer_ids if i in truth}) == 1
    assert sorted(i for t in result.themes for i in t.answer_ids) == [i.id for i in items]


def test_answers_far_from_every_theme_are_shown_unassigned_last():
    items, truth, strays = _clustered_vectors()

    result = find_themes(items)

    *themes, last = result.themes
    assert last.unassigned and last.label == "Not close to any theme"
    assert not any(t.unassigned for t in themes)
    assert len(set(strays) & set(last.answer_ids)) >= 20  # most strays; the rest sit at a theme's edge
    assert len(set(last.answer_ids) - set(strays)) <= 5
    assert last.quotes == () and last.keywords == ()
    assert last.share == pytest.approx(last.size / result.substantive)


def test_found_themes_are_identical_in_any_input_order():
    items, _truth, _strays = _clustered_vectors()
    first = find_themes(items)

    for seed in (1, 2, 3):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert find_themes(shuffled).as_dict() == first.as_dict()
    assert find_themes(items[::-1]).as_dict() == first.as_dict()


def test_labels_of_found_themes_are_distinct(model_result):
    items, _truth, _strays = _clustered_vectors()

    for result in (model_result, find_themes(items)):
        labels = [t.label.casefold() for t in result.themes]
        assert len(labels) == len(set(labels))


@pytest.mark.parametrize(
    "text",
    [
        # Every form named in issue 19 ...
        "Nothing comes to mind",
        "Can't think of anything",
        "Dunno",
        "Not yet",
        "I have nothing to add",
        "N/A - see previous answer",
        # ... and the other ways of saying nothing in bench/themes_data.
        "nothing comes to mind right now",
        "Cant think of anything at the moment",
        "Not yet, too early to say",
        "I've nothing to add",
        "i have nothing further to add",
        "n/a - see above",
        "As per my previous answer",
        "same as before",
        "ditto",
        "Not that I can think of",
        "Nothing specific comes to mind",
        "None that come to mind",
        "I don't know",
        "no idea",
        "Not much",
        "All covered above",
        "I think I've covered everything",
        "Will think about it",
        "Nothing I want to add",
        "None at this time thank you",
        "n.a.",
        "/",
        "?",
    ],
)
def test_every_non_answer_form_is_recognised(text):
    assert is_non_answer(text)


@pytest.mark.parametrize(
    "text",
    [
        "No time",
        "Not enough time for questions at the end",
        "Nothing about this course was wasted",
        "Know my worth",
        "Not doubting myself so much",
        "More time for discussion",
        "Trust",
    ],
)
def test_answers_that_start_like_non_answers_are_kept(text):
    assert not is_non_answer(text)


def _apply_edits(result: ThemeResult) -> list[list[int]]:
    """What a programme manager does to a run: merge the two largest themes, split one answer off the
    third, move one answer out of the unassigned group into the first theme (answer ids per group)."""
    found = [list(t.answer_ids) for t in result.themes if not t.unassigned]
    unassigned = [list(t.answer_ids) for t in result.themes if t.unassigned]
    merged = found[0] + found[1]
    split_off = [found[2][0]]
    groups = [merged, found[2][1:], split_off, *found[3:]]
    if unassigned:
        groups[0] = groups[0] + unassigned[0][:1]
        if unassigned[0][1:]:
            groups.append(unassigned[0][1:])
    return [sorted(g) for g in groups]


def test_edits_survive_a_rerun():
    items, _truth, _strays = _clustered_vectors()
    by_id = {item.id: item for item in items}
    first = find_themes(items)
    edited = _apply_edits(first)

    rerun = find_themes(list(reversed(items)))

    # The run is the same, so the same edits land on the same answers ...
    assert _apply_edits(rerun) == edited
    # ... and edited groups are described as they stand, never regrouped by the engine.
    described = describe_themes([[by_id[i] for i in group] for group in edited])
    assert len(described) == len(edited)
    again = describe_themes([[by_id[i] for i in group] for group in edited])
    assert described == again


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(min_value=1, max_value=40),
    cols=st.integers(min_value=2, max_value=3000),
    wanted=st.integers(min_value=1, max_value=30),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    ties=st.booleans(),
)
def test_each_answers_nearest_neighbours_are_the_truly_nearest(rows, cols, wanted, seed, ties):
    """The sampled cut-off that speeds up the neighbour search finds the same nearest answers (by
    similarity) as a full partition of every row, whatever the shape, and with tied similarities."""
    from academy.evaluation.themes.engine import _smallest_per_row

    m = min(wanted, cols)
    rng = np.random.default_rng(seed)
    block = rng.standard_normal((rows, cols)).astype(np.float32)
    if ties:
        block = np.round(block, 1)  # many equal values, at the cut-off too
    found = _smallest_per_row(block, m)
    expected = np.argpartition(block, m - 1, axis=1)[:, :m]
    assert found.shape == (rows, m)
    assert all(len(set(row)) == m for row in found.tolist())  # m different answers per row
    assert np.array_equal(
        np.sort(np.take_along_axis(block, found, axis=1), axis=1),
        np.sort(np.take_along_axis(block, expected, axis=1), axis=1),
    )
