"""Every write in evaluation, one module per entity: instruments (question sets), surveys (evaluations and
their invitations), responses, goals and themes. Callers in src/ import from the entity's module; these names
are re-exported so that older callers keep working."""

from ._shared import FREE_TEXT_MAX, ONE_WORD_MAX
from .goals import goal_after_rating_opens, goal_create, goal_rate
from .instruments import (
    instrument_create,
    instrument_new_version,
    instrument_publish,
    instruments_load_standard,
    question_add,
    question_remove,
)
from .responses import (
    CleanAnswer,
    CleanedAnswers,
    answers_store_embeddings,
    clean_answer,
    clean_answers,
    response_submit,
    responses_create_bulk,
    survey_tallies_refresh,
)
from .surveys import (
    invitation_by_token,
    invitation_link,
    invitation_token,
    survey_anonymity_change,
    survey_attendees,
    survey_close,
    survey_create,
    survey_send_invitations,
    survey_send_reminders,
)
from .themes import (
    THEME_OPERATIONS,
    answer_move,
    theme_merge,
    theme_rename,
    theme_split,
    themes_edit,
    themeset_create,
    themeset_store_result,
)

__all__ = [
    "CleanAnswer",
    "CleanedAnswers",
    "FREE_TEXT_MAX",
    "ONE_WORD_MAX",
    "THEME_OPERATIONS",
    "answer_move",
    "answers_store_embeddings",
    "clean_answer",
    "clean_answers",
    "goal_after_rating_opens",
    "goal_create",
    "goal_rate",
    "instrument_create",
    "instrument_new_version",
    "instrument_publish",
    "instruments_load_standard",
    "invitation_by_token",
    "invitation_link",
    "invitation_token",
    "question_add",
    "question_remove",
    "response_submit",
    "responses_create_bulk",
    "survey_anonymity_change",
    "survey_attendees",
    "survey_close",
    "survey_create",
    "survey_send_invitations",
    "survey_send_reminders",
    "survey_tallies_refresh",
    "theme_merge",
    "theme_rename",
    "theme_split",
    "themes_edit",
    "themeset_create",
    "themeset_store_result",
]
