"""Forms for the hub's pages. They parse input only; every rule is in services.py."""

from typing import Any

from django import forms

from academy.evaluation.standard import GOAL_THEMES
from academy.offers.forms import NhsForm
from academy.people.models import Region, RoleLevel, Sector
from academy.web.forms import DateInput

from .models import Format, Kind, LivedExperience, PractitionerKind, PractitionerProfile, Relationship

THEME_CHOICES = [(theme, theme) for theme in GOAL_THEMES]
GOAL_SLOTS = 3


class ProfileForm(NhsForm):
    kind = forms.ChoiceField(
        label="Do you coach, mentor or both?", choices=PractitionerKind.choices, widget=forms.RadioSelect
    )
    specialisms = forms.MultipleChoiceField(
        label="What do you help people with?", choices=THEME_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        label="Sectors you work with",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    role_levels = forms.MultipleChoiceField(
        label="Role levels you work with",
        choices=RoleLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accreditation_body = forms.CharField(
        label="Accrediting body",
        max_length=160,
        required=False,
        help_text="For example, EMCC, ICF or the Association for Coaching",
    )
    accreditation_level = forms.CharField(label="Accreditation level", max_length=120, required=False)
    accreditation_expires_on = forms.DateField(
        label="Accreditation expires on", required=False, widget=DateInput
    )
    accreditation_evidence = forms.FileField(
        label="Evidence of accreditation",
        required=False,
        help_text="A certificate as a PDF or image, up to 5MB",
    )
    supervision = forms.CharField(label="Your supervision arrangement", max_length=300, required=False)
    delivery_format = forms.ChoiceField(
        label="How can you meet?", choices=Format.choices, widget=forms.RadioSelect
    )
    region = forms.ModelChoiceField(
        label="Region for meeting in person", queryset=Region.objects.all(), required=False
    )
    years_experience = forms.IntegerField(
        label="Years of coaching or mentoring experience", min_value=0, max_value=60
    )
    capacity = forms.IntegerField(
        label="How many people can you work with at once?",
        min_value=1,
        max_value=20,
    )
    availability = forms.CharField(label="When are you available?", max_length=300, required=False)
    paused_until = forms.DateField(
        label="Pause new matches until",
        required=False,
        widget=DateInput,
        help_text="Leave blank to take new matches",
    )
    allows_own_organisation = forms.BooleanField(
        label="I am happy to work with people from my own organisation", required=False
    )
    about = forms.CharField(
        label="About you", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    published = forms.BooleanField(
        label="Show my profile to people asking for a coach or mentor", required=False
    )
    lived_experience = forms.MultipleChoiceField(
        label="Lived experience you are happy to be matched on (optional)",
        choices=LivedExperience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Never shown on your profile. A match that shares it says 'similar lived experience'.",
    )

    def clean_accreditation_evidence(self) -> Any:
        upload = self.cleaned_data.get("accreditation_evidence")
        if upload and upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 5MB")
        return upload


class RequestForm(NhsForm):
    kind = forms.ChoiceField(label="What would you like?", choices=Kind.choices, widget=forms.RadioSelect)
    goal_1_theme = forms.ChoiceField(label="Goal 1: theme", choices=[("", "Choose a theme"), *THEME_CHOICES])
    goal_1_text = forms.CharField(label="Goal 1: what would you like to work on?", max_length=500)
    goal_2_theme = forms.ChoiceField(
        label="Goal 2: theme (optional)", required=False, choices=[("", "Choose a theme"), *THEME_CHOICES]
    )
    goal_2_text = forms.CharField(
        label="Goal 2: what would you like to work on?", max_length=500, required=False
    )
    goal_3_theme = forms.ChoiceField(
        label="Goal 3: theme (optional)", required=False, choices=[("", "Choose a theme"), *THEME_CHOICES]
    )
    goal_3_text = forms.CharField(
        label="Goal 3: what would you like to work on?", max_length=500, required=False
    )
    preferred_sectors = forms.MultipleChoiceField(
        label="Sectors you would like them to know (optional)",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_format = forms.ChoiceField(
        label="How would you like to meet?",
        choices=Format.choices,
        widget=forms.RadioSelect,
        initial=Format.EITHER,
    )
    preferred_region = forms.ModelChoiceField(
        label="Region for meeting in person (optional)", queryset=Region.objects.all(), required=False
    )
    minimum_experience_years = forms.IntegerField(
        label="Minimum years of experience you would like", min_value=0, max_value=60, initial=0
    )
    allows_own_organisation = forms.BooleanField(
        label="I am happy to be matched with someone from my own organisation", required=False
    )
    line_manager_agreed = forms.BooleanField(label="My line manager has agreed", required=False)
    lived_experience_wish = forms.CharField(
        label="Would you like someone with similar lived experience? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the hub's administrators see this. You do not have to tell us.",
    )
    lived_experience_themes = forms.MultipleChoiceField(
        label="Which lived experience would you like them to share? (optional)",
        choices=LivedExperience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Matching gives weight to practitioners who have said they share it. Only you and the "
        "hub's administrators see your answer.",
    )

    def goals(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"goal_{n}_theme") or "", data.get(f"goal_{n}_text") or "")
            for n in range(1, GOAL_SLOTS + 1)
            if data.get(f"goal_{n}_theme") or data.get(f"goal_{n}_text")
        ]


class RespondForm(NhsForm):
    decision = forms.ChoiceField(
        label="Will you work with them?",
        widget=forms.RadioSelect,
        choices=[("accept", "Yes, accept"), ("decline", "No, decline")],
    )
    reason = forms.CharField(label="Reason for declining (optional)", required=False, max_length=300)


class ContractForm(NhsForm):
    sessions_agreed = forms.IntegerField(
        label="Number of sessions agreed", min_value=1, max_value=52, initial=4
    )
    session_minutes = forms.IntegerField(
        label="Length of each session in minutes", min_value=15, max_value=600, initial=60
    )


class SessionLogForm(NhsForm):
    held_on = forms.DateField(label="Date of the session", widget=DateInput)
    minutes = forms.IntegerField(label="Length in minutes", min_value=1, max_value=600, initial=60)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the two of you can read notes. The hub sees that the session happened, not what was said.",
    )


class CloseForm(NhsForm):
    reason = forms.ChoiceField(
        label="Why is it closing?", choices=Relationship.CloseReason.choices, widget=forms.RadioSelect
    )


class WeightsForm(NhsForm):
    goals = forms.IntegerField(label="Goals against specialisms", min_value=0, max_value=10)
    sector = forms.IntegerField(label="Sector", min_value=0, max_value=10)
    role_level = forms.IntegerField(label="Role level", min_value=0, max_value=10)
    format = forms.IntegerField(label="Format and region", min_value=0, max_value=10)
    experience = forms.IntegerField(label="Experience", min_value=0, max_value=10)
    lived_experience = forms.IntegerField(
        label="Similar lived experience",
        min_value=0,
        max_value=10,
        help_text="Counts only for requests that ask for someone with similar lived experience.",
    )


class RunForm(NhsForm):
    kind = forms.ChoiceField(label="Match", choices=Kind.choices, widget=forms.RadioSelect)


class FiguresForm(NhsForm):
    as_of = forms.DateField(label="Figures as of", widget=DateInput, help_text="For example, 31 3 2023")


class GoalForm(NhsForm):
    theme = forms.ChoiceField(
        label="Which area is your goal about?", choices=THEME_CHOICES, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Describe your goal", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating_before = forms.IntegerField(
        label="How would you rate yourself against this goal now, from 1 to 10?",
        min_value=1,
        max_value=10,
        help_text="1 is not at all, 10 is fully.",
    )


class GoalRatingForm(NhsForm):
    rating = forms.IntegerField(
        label="How would you rate yourself against this goal now, from 1 to 10?",
        min_value=1,
        max_value=10,
        help_text="1 is not at all, 10 is fully.",
    )


class ExclusionForm(NhsForm):
    practitioner: forms.ModelChoiceField = forms.ModelChoiceField(
        label="A coach or mentor",
        queryset=PractitionerProfile.objects.none(),
        required=False,
        empty_label="Choose a coach or mentor",
    )
    email = forms.EmailField(
        label="Or the email address of anyone else",
        required=False,
        help_text="For example, someone who has asked for a coach or mentor and who you should not work with.",
    )

    def __init__(self, *args: Any, practitioners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["practitioner"]
        field.queryset = practitioners
        field.label_from_instance = lambda profile: profile.person.full_name

    def clean(self) -> Any:
        data = super().clean() or {}
        if not data.get("practitioner") and not data.get("email"):
            self.add_error("practitioner", "Choose a coach or mentor, or enter someone's email address")
        return data


# --- The hub administrator: commissioned programmes and team coaching journeys -------------------


class _OfferChoice(NhsForm):
    """A form with an optional catalogue offer, chosen among the academy's own offers."""

    offer: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Catalogue offer (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        help_text="The academy's offer its people booked through, if there is one.",
    )

    def __init__(self, *args: Any, offers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["offer"]
        field.queryset = offers
        field.label_from_instance = lambda offer: offer.title


class ProgrammeForm(_OfferChoice):
    title = forms.CharField(label="Title", max_length=200, help_text="For example, PCN clinical directors")
    provider = forms.CharField(label="Coaching provider", max_length=200)
    starts_on = forms.DateField(label="Start date", widget=DateInput)
    ends_on = forms.DateField(label="End date", widget=DateInput)
    sessions_each = forms.IntegerField(label="Sessions for each person", min_value=1, max_value=52, initial=4)
    session_minutes = forms.IntegerField(
        label="Length of each session in minutes", min_value=1, max_value=600, initial=60
    )
    purpose = forms.CharField(
        label="Purpose (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["title", "provider", "starts_on", "ends_on", "sessions_each", "session_minutes", "purpose"]


class PersonByEmailForm(NhsForm):
    email = forms.EmailField(label="Email address", help_text="The person's work email address in Academy.")

    def clean_email(self) -> Any:
        from academy.people.models import Person

        person = Person.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if person is None:
            raise forms.ValidationError("There is no one with this email address in Academy")
        self.cleaned_data["person"] = person
        return self.cleaned_data["email"]


class ParticipantForm(PersonByEmailForm):
    coach_name = forms.CharField(
        label="Their coach at the provider (optional)", required=False, max_length=200
    )


class ProgrammeSessionForm(NhsForm):
    held_on = forms.DateField(label="Date of the session", widget=DateInput)
    minutes = forms.IntegerField(
        label="Length in minutes (optional)",
        required=False,
        min_value=1,
        max_value=600,
        help_text="Leave empty for the programme's usual length.",
    )


class ProgrammeGoalForm(NhsForm):
    theme = forms.ChoiceField(
        label="Which area is the goal about?", choices=THEME_CHOICES, widget=forms.RadioSelect
    )
    text = forms.CharField(label="The goal", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    rating_before = forms.IntegerField(
        label="Rating before the first session, from 1 to 10", min_value=1, max_value=10
    )


class ProgrammeGoalRatingForm(NhsForm):
    rating_after = forms.IntegerField(
        label="Rating after the last session, from 1 to 10", min_value=1, max_value=10
    )


class TeamJourneyForm(_OfferChoice):
    team_name = forms.CharField(label="Team", max_length=200)
    organisation = forms.CharField(
        label="Organisation (optional)",
        required=False,
        max_length=200,
        help_text="Or the system the team works across.",
    )
    coaches = forms.CharField(label="Team coaches (optional)", required=False, max_length=300)
    leader_email = forms.EmailField(label="Team leader's email address")
    engagement_on = forms.DateField(label="Date of the engagement meeting", widget=DateInput)
    planned_months = forms.IntegerField(
        label="Planned length in months", min_value=1, max_value=36, initial=9
    )
    field_order = ["team_name", "organisation", "coaches", "leader_email", "engagement_on", "planned_months"]

    def clean_leader_email(self) -> Any:
        from academy.people.models import Person

        person = Person.objects.filter(email__iexact=self.cleaned_data["leader_email"]).first()
        if person is None:
            raise forms.ValidationError("There is no one with this email address in Academy")
        self.cleaned_data["team_leader"] = person
        return self.cleaned_data["leader_email"]


class TeamMemberForm(PersonByEmailForm):
    role = forms.ChoiceField(
        label="Role",
        choices=[("member", "Team member"), ("stakeholder", "Stakeholder")],
        widget=forms.RadioSelect,
        initial="member",
    )


class PhaseStartForm(NhsForm):
    on = forms.DateField(label="Date the next phase starts", widget=DateInput)


class SessionsHeldForm(NhsForm):
    sessions_held = forms.IntegerField(label="Team coaching sessions held so far", min_value=0, max_value=52)
