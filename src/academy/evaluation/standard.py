"""The standard instruments the seeds use everywhere. Loaded by `manage.py load_instruments`.

Question codes are stable across instruments and versions: "apply_learning" means the same statement
in a session evaluation and at the end of a programme, so figures can be compared and combined.
"""

from typing import Any

A = "agreement_5"
WR = "would_recommend"
FT = "free_text"
OW = "one_word"

APPLY = ("apply_learning", "I will be able to apply learning from this session to my job role", A)
OBJECTIVES = ("development_objectives", "My learning will help me achieve my development objectives", A)
LEAD = (
    "lead_and_influence",
    "I feel confident the session will enhance my ability to lead and influence others",
    A,
)
TESTIMONY = (
    "testimony",
    "Is there anything you would like to tell us about your experience that we may quote?",
    FT,
)

GOAL_THEMES = [
    "Managing myself more effectively and with confidence",
    "How I communicate and influence others",
    "Improving resilience (responding well to the pressures I'm facing)",
    "Achieving a better work life balance",
    "Managing relationships within the practice effectively and with confidence",
    "Leading and managing change",
    "Understanding my strengths and areas for personal development",
    "Other",
]


def _q(code: str, text: str, kind: str, **extra: Any) -> dict[str, Any]:
    question: dict[str, Any] = {"code": code, "text": text, "type": kind, "required": True, "choices": []}
    if code == "testimony":
        question.update(required=False, consent_to_quote=True)
    question.update(extra)
    return question


STANDARD_INSTRUMENTS: list[dict[str, Any]] = [
    {
        "key": "session-evaluation",
        "name": "Session evaluation",
        "description": "The three standard statements, key takeaway, influence, one word and testimony.",
        "questions": [
            _q(*APPLY),
            _q(*OBJECTIVES),
            _q(*LEAD),
            _q("key_takeaway", "What will be your key takeaway from today's session?", FT, required=False),
            _q(
                "influence",
                "How will this influence your leadership approach and your work moving forward?",
                FT,
                required=False,
            ),
            _q(
                "leadership_quality",
                "What one word sums up the leadership quality that you need to pay the most attention to right now?",
                OW,
                required=False,
            ),
            _q(*TESTIMONY),
        ],
    },
    {
        "key": "programme-end",
        "name": "End of programme evaluation",
        "description": "Asked when a participant completes a programme.",
        "questions": [
            _q("apply_learning", "I will be able to apply learning from this programme to my job role", A),
            _q(*OBJECTIVES),
            _q(
                "lead_and_influence",
                "I feel confident the programme will enhance my ability to lead and influence others",
                A,
            ),
            _q(
                "positive_impact_manager", "This programme had a positive impact on my skills as a manager", A
            ),
            _q("recommend_programme", "Would you recommend this programme to a colleague?", WR),
            _q("key_takeaway", "What will be your key takeaway from the programme?", FT, required=False),
            _q(*TESTIMONY),
        ],
    },
    {
        "key": "coaching-feedback",
        "name": "Coaching feedback",
        "description": "Asked of coachees at the end of a coaching relationship.",
        "questions": [
            _q(
                "insights",
                "Coaching helped me gain insights, knowledge and/or skills that will help me be more effective",
                A,
            ),
            _q("valuable_time", "Coaching was a valuable use of my time", A),
            _q(
                "important_goals", "My coach helped me work through important and challenging goals for me", A
            ),
            _q("skilful_support", "My coach skilfully supported my development", A),
            _q("recommend_practice", "Would you recommend coaching to a colleague?", WR),
            _q("recommend_practitioner", "Would you recommend your coach?", WR),
            _q(
                "recommend_hub",
                "Would you recommend the NHS Leadership Academy Coaching and Mentoring Hub to a friend or colleague?",
                WR,
            ),
            _q(
                "greatest_impact",
                "What has been the greatest impact of your coaching?",
                FT,
                required=False,
            ),
            _q(*TESTIMONY),
        ],
    },
    {
        "key": "mentoring-feedback",
        "name": "Mentoring feedback",
        "description": "Asked of mentees at the end of a mentoring relationship.",
        "questions": [
            _q(
                "insights",
                "Mentoring helped me gain insights, knowledge and/or skills that will help me develop in my career",
                A,
            ),
            _q("valuable_time", "Mentoring was a valuable use of my time", A),
            _q(
                "important_goals",
                "My mentor helped me work through important and challenging goals for me",
                A,
            ),
            _q("skilful_support", "My mentor skilfully supported my development", A),
            _q("recommend_practice", "Would you recommend mentoring to a colleague?", WR),
            _q("recommend_practitioner", "Would you recommend your mentor?", WR),
            _q(
                "recommend_hub",
                "Would you recommend the NHS Leadership Academy Coaching and Mentoring Hub to a friend or colleague?",
                WR,
            ),
            _q(
                "greatest_impact",
                "What has been the greatest impact of your mentoring?",
                FT,
                required=False,
            ),
            _q(*TESTIMONY),
        ],
    },
    {
        "key": "team-coaching",
        "name": "Team coaching evaluation",
        "description": "The six statements asked of teams on a team coaching journey.",
        "questions": [
            _q(
                "team_insights",
                "The work we do through team coaching helps us generate helpful insights and brings us closer "
                "to understanding the complexity of team and system working",
                A,
            ),
            _q(
                "team_conversations",
                "The work we do through team coaching enables the team to have important conversations within "
                "and outside the team",
                A,
            ),
            _q(
                "team_space",
                "The team coaching journey creates a positive space for us to explore and improve our work and "
                "interactions",
                A,
            ),
            _q("recommend_team_coaching", "Would you recommend team coaching to another team?", WR),
            _q("recommend_team_coaches", "Would you recommend your team coaches?", WR),
            _q(
                "team_rapport",
                "Our team coaches took the time to build rapport, trust and a partnership approach with us "
                "individually and as a team",
                "yes_no",
            ),
            _q(*TESTIMONY),
        ],
    },
    {
        "key": "goal-tracker",
        "name": "Goal tracker",
        "description": "Personal goals rated 1 to 10 before the first session and after the last.",
        "questions": [
            _q("goal_theme", "Which area is your goal about?", "single_choice", choices=GOAL_THEMES),
            _q("goal", "Describe your goal", FT),
            _q(
                "goal_rating",
                "How would you rate yourself against this goal now, from 1 to 10?",
                "goal_rating",
            ),
        ],
    },
]
