"""What the demo's participants wrote: testimonies, key takeaways and influences, in the seeds' words
and style, grouped by the themes the seeds' reports draw out of them.

Synthetic and anonymous (no names). Each group carries the name a programme manager gives the theme
once the theme engine has found it (seed 000's and seed 002's "Summary of themes from participant
feedback"), so academy.demo.evaluations can rename the engine's themes as a person would.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeGroup:
    name: str  # the name the programme manager gives the theme
    texts: tuple[str, ...]


# Seed 002, Teaming Skills: "Participants shared a greater understanding of and commitment to developing
# psychological safety in their teams", "an aspiration for increased staff engagement and promoting cultures
# of speaking up and active listening", "reflect on their leadership style", "increased their confidence
# and made them reflect on how to work across boundaries effectively".
TEAMING_THEMES = (
    ThemeGroup(
        "Psychological safety in teams",
        (
            "The session will help me contribute more effectively to my team and improve psychological safety.",
            "This session will influence me in my role by working towards equal collaboration, promoting "
            "psychological safety through modelling of vulnerability and authentically appreciating challenge",
            "I now understand what psychological safety is and how I can build it in my team.",
            "I will make psychological safety a standing item in our team meetings.",
            "Understanding psychological safety and how it affects performance was the most useful part for me.",
            "I want my team to feel psychologically safe to raise concerns and try new ideas.",
            "Psychological safety is something I can model as a leader, starting with admitting my own mistakes.",
        ),
    ),
    ThemeGroup(
        "Speaking up and active listening",
        (
            "I will try and make it easy for all members of my team to speak up while challenging with skill.",
            "I will listen more actively in meetings and invite the quieter voices in the room to speak.",
            "Practising speaking and listening skills showed me how often I interrupt. I will listen first.",
            "I want to create a culture of speaking up where staff feel heard and engaged.",
            "Active listening and asking open questions will help me engage my staff more.",
            "The feedback on my speaking and listening was eye-opening and I will use it every day.",
        ),
    ),
    ThemeGroup(
        "Reflecting on my leadership style",
        (
            "The session prompted me to reflect on my leadership style and how I show up in group interactions.",
            "It made me reflect on how I lead and what I do that helps and hinders the team.",
            "Very engaging, I walked away feeling that I have learnt quite a few things and look forward to "
            "implementing that with the team members",
            "A chance to step back and reflect on my own behaviour as a leader in a group.",
            "I have reflected on my leadership approach and will be more aware of my impact on others.",
        ),
    ),
    ThemeGroup(
        "Working across boundaries with confidence",
        (
            "This session gave me a much greater understanding and confidence when working with teams outside "
            "of my own, improving outcomes for my service users",
            "I feel more confident teaming with colleagues from other organisations at pace.",
            "Working across boundaries with partners in our system will be easier with these techniques.",
            "I will use these teaming skills in our multi-agency meetings across health and social care.",
            "It increased my confidence to lead groups that come together across organisations for a short time.",
        ),
    ),
    ThemeGroup(
        "A practical, well-facilitated session",
        (
            "Amazing facilitator, fabulous course, the content was relatable and insightful.",
            "A very practical session with techniques I can use straight away. Highly recommended.",
            "Excellent facilitation and a safe space to practise. The best course I have been on in a long time.",
            "Really well run, interactive and relevant to my work.",
        ),
    ),
)

# Seed 000, the Systems OD Community of Practice and bitesize sessions: "welcomed the opportunity to develop an
# OD Community of Practice to share experience and feel connected", "Adopting the Action Learning Set
# approach to create positive conversations with system partners", "reflect on their leadership style,
# actively listening to others and challenging self", "increased their confidence to use some of the tools
# to influence self and others work and gain an understanding of OD".
SYSTEMS_OD_THEMES = (
    ThemeGroup(
        "A community to share experience and feel connected",
        (
            "Being part of a collaborative community will give me thinking space to be able to influence and "
            "make a difference across our system.",
            "It was great to connect with OD colleagues across the region and share experience.",
            "I feel connected to a community of people doing OD, even though it is not in my job title.",
            "Sharing practice with colleagues from other systems showed me we face the same challenges.",
            "Brilliant and engaging morning. I look forward to the ALS opportunity and further sessions",
            "A welcoming community where I can share what works and learn from others in the region.",
        ),
    ),
    ThemeGroup(
        "Action learning and positive conversations with system partners",
        (
            "I will use action learning to create positive conversations with our system partners.",
            "The action learning set approach gives us a way to work on real problems with partners.",
            "I plan to set up an action learning set with colleagues from the council and the trust.",
            "Positive conversations with system partners are where change starts; action learning helps.",
            "Learning in real work, in real time, with partners from across the system.",
        ),
    ),
    ThemeGroup(
        "Reflecting on leadership, listening and challenging self",
        (
            "This session will influence my work going forwards by encouraging me to listen more, respectfully "
            "challenge and implement collaborative key behaviours",
            "It prompted me to reflect on my leadership style and to challenge myself.",
            "I will listen to others more actively and challenge my own assumptions.",
            "This session has helped with enhancing my knowledge skills and behaviours around OD. It will "
            "influence my work through the use of self.",
            "Reflecting on my use of self as a change agent was powerful.",
        ),
    ),
    ThemeGroup(
        "Confidence to use OD tools",
        (
            "I'm on a development pathway and greater knowledge of OD will help me reach my goals. Very "
            "insightful, informative and I would recommend this session to others.",
            "Great session, great tools and great conversations",
            "I feel more confident using the OD self-assessment tool with my team.",
            "I now understand what OD is and have tools I can use to help change go better.",
            "The tools for navigating tensions and competing goals will help me influence others' work.",
            "Using data for OD to evaluate impact is something I will take back to my organisation.",
        ),
    ),
)

# Shorter written answers for the other offers (no themes are run on these).
POSITIVE_ACTION_TESTIMONIES = (
    "It gave language to a lot of our experiences. It was insightful and I recommend it",
    "Given me the confidence to know that I have what it takes to execute my responsibilities effectively",
    "Powerful, interesting and extremely beneficial, I have learnt so much and will be using the strategies to "
    "enhance my confidence in relation to my career development.",
    "Given me a new perspective and approach to career development and confidence to take the next steps",
    "Inspirational. I feel motivated to embrace a 'growth mindset' going forward.",
)
CARE_HOME_TESTIMONIES = (
    "I learnt a lot about myself as a leader and how to improve those aspects of me",
    "This programme will help me grow as a care home manager",
    "Meeting other managers showed me that all care homes have the same issues, yet we all manage differently",
    "I feel that completing this course will help me take the staff through change with confidence",
)
LT_TAKEAWAYS = (
    "refocusing our purpose",
    "leadership starts with self",
    "build on a shared purpose",
    "the importance of strengthening relationships",
    "ensuring all collaboratives feel listened to",
)
LT_INFLUENCES = (
    "to tackle things as a wider system",
    "people are the assets, use this more in place based approach",
    "to go in with a more positive mind",
    "understand the realm of influence that we now have within a system",
    "the power of communities to make and sustain real change has truly inspired me",
)
LT_WORDS = (
    "compassion", "collaboration", "kindness", "compassion", "forward thinking", "patient focused",
    "common purpose", "collaboration", "authenticity", "courage", "compassion", "listening", "kindness",
    "integration", "transparency", "curiosity",
)  # fmt: skip
GENERAL_TAKEAWAYS = (
    "Take time to listen before acting",
    "Small changes can make a big difference",
    "Leadership is about relationships",
    "Be kind to myself as well as my team",
    "Use the tools with my team next week",
)
