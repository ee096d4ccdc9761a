"""The themes page (issue 9, item 18): reachable from the report that prints the themes, short enough to
use (a few answers per theme, the rest in a details element, actions near the top, a back link), and its
method named whole."""

import re

import pytest
from django.urls import reverse

from academy.evaluation.models import ThemeSet
from academy.evaluation.services import themeset_create
from academy.evaluation.themes.engine import method_description
from academy.evaluation.themes.runner import run_theme_set
from tests.evaluation.test_theme_sets import WRITTEN, stored, survey_with_answers  # noqa: F401 - a fixture
from tests.factories import programme_manager

pytestmark = pytest.mark.django_db


def test_the_themes_page_names_its_method_whole_with_actions_first_and_a_back_link(
    client,
    survey_with_answers,  # noqa: F811
):
    theme_set = stored(survey_with_answers, [[0, 1, 2, 3, 4], [5], [6]])
    # What older runs stored: the engine's label cut to the column's 40 characters.
    ThemeSet.objects.filter(pk=theme_set.pk).update(method="Sentence embeddings (all-MiniLM-L6-v2) a")
    client.force_login(programme_manager(survey_with_answers.offer.academy))
    html = client.get(reverse("evaluation:theme_set", args=[theme_set.pk])).content.decode()
    assert "Themes found with sentence embeddings (all-MiniLM-L6-v2) and k-means clustering." in html
    assert "(all-MiniLM-L6-v2) a." not in html
    assert f'class="nhsuk-back-link" href="/manage/evaluations/{survey_with_answers.pk}/"' in html
    first_card = html.index('<section class="nhsuk-card"')
    assert html.index("Merge themes") < first_card
    assert html.index(f"/impact/offers/{survey_with_answers.offer_id}/") < first_card
    # The five-answer theme shows three answers; all five, with the move forms, are in its details.
    card = html[first_card : html.index("</section>", first_card)]
    shown = card[: card.index("<details")]
    assert len(re.findall(r"<li>“", shown)) == 3
    assert "All 5 answers" in card
    assert card.count('name="operation" value="move"') == 5


def test_the_report_links_each_theme_set_to_its_edit_page(client, survey_with_answers):  # noqa: F811
    theme_set = stored(survey_with_answers, [[0, 1, 2], [3, 4, 5], [6]])
    ThemeSet.objects.filter(pk=theme_set.pk).update(status=ThemeSet.Status.DONE)
    client.force_login(programme_manager(survey_with_answers.offer.academy))
    html = client.get(reverse("reports:offer", args=[survey_with_answers.offer_id])).content.decode()
    assert f'href="/manage/themes/{theme_set.pk}/"' in html
    assert "Rename, merge or split these themes" in html


def test_a_run_stores_its_method_code_and_the_page_describes_it(survey_with_answers):  # noqa: F811
    theme_set = themeset_create(
        offer=survey_with_answers.offer, survey=survey_with_answers, question_code="influence", by=None
    )
    run_theme_set(theme_set)
    theme_set.refresh_from_db()
    # Six distinct answers on the model's vectors: the number of themes is found from them.
    assert theme_set.method in ("embedding-graph", "tfidf")
    assert method_description("embedding-graph") == (
        "sentence embeddings (all-MiniLM-L6-v2) grouped by their nearest neighbours, the number of themes"
        " found from the answers"
    )
    assert method_description("tfidf") == "TF-IDF of words and character n-grams, and k-means clustering"
    assert method_description("test") == "test"
    assert len(WRITTEN) == 7
