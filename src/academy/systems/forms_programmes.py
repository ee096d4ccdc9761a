"""Page forms for systems OD programmes, measures and RACI matrices (NHS.UK controls, as in offers)."""

from __future__ import annotations

from typing import Any

from django import forms

from academy.offers.forms import NhsForm
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation, Person
from academy.web.forms import DateInput

from .models import CONFLICT_MODES, MODE_MAX, Plan, Programme, RaciMatrix

TEXT = {"rows": 6}
SECTION_HINT = "Leave a blank line between paragraphs. Start a line with a dash and a space for a bullet."


def _person_by_email(email: str) -> Person | None:
    if not email:
        return None
    try:
        return Person.objects.get(email__iexact=email.strip())
    except Person.DoesNotExist:
        raise forms.ValidationError("No one in the staff records has this email address.") from None


class ProgrammeForm(NhsForm):
    ics = forms.ModelChoiceField(
        label="Integrated care system", queryset=ICS.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label="Title", max_length=200, help_text="For example, Systems Leaders Group Development"
    )
    sponsor_role = forms.CharField(label="Sponsor", max_length=200, required=False, help_text="Their role")
    sponsor_email = forms.EmailField(
        label="Sponsor's email address", required=False, help_text="If the sponsor is in the staff records"
    )
    started_on = forms.DateField(label="Started", widget=DateInput)
    ended_on = forms.DateField(label="Ended", widget=DateInput, required=False)
    introduction = forms.CharField(
        label="Introduction", required=False, widget=forms.Textarea(TEXT), help_text=SECTION_HINT
    )
    background = forms.CharField(label="Background", required=False, widget=forms.Textarea(TEXT))
    approach = forms.CharField(label="Approach", required=False, widget=forms.Textarea(TEXT))
    participants_summary = forms.CharField(label="Participants", required=False, widget=forms.Textarea(TEXT))
    outcomes = forms.CharField(label="Outcomes", required=False, widget=forms.Textarea(TEXT))
    operating_principles = forms.CharField(
        label="Operating principles",
        required=False,
        widget=forms.Textarea(TEXT),
        help_text="One a line, each starting with a dash",
    )
    learning = forms.CharField(label="Learning and insights", required=False, widget=forms.Textarea(TEXT))
    next_steps = forms.CharField(
        label="Observations and next steps", required=False, widget=forms.Textarea(TEXT)
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, systems: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ics"].queryset = systems  # type: ignore[attr-defined]
        if editing:
            del self.fields["ics"]

    def clean_sponsor_email(self) -> Person | None:
        return _person_by_email(self.cleaned_data.get("sponsor_email", ""))

    def add_service_errors(self, error: Any) -> None:
        if hasattr(error, "error_dict") and "version" in error.message_dict:
            self.add_error(None, error.message_dict["version"])
            return
        super().add_service_errors(error)


class ParticipantForm(NhsForm):
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="Of a person in the staff records; or enter a role below",
    )
    role = forms.CharField(
        label="Role", max_length=200, required=False, help_text="For example, Chief Executive"
    )
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(ics_id=programme.ics_id).order_by("name")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_email(self) -> Person | None:
        return _person_by_email(self.cleaned_data.get("email", ""))


class DiagnosticForm(NhsForm):
    participant = forms.ModelChoiceField(label="With", queryset=Programme.objects.none(), required=False)
    held_on = forms.DateField(label="Date of the conversation", widget=DateInput)
    consent = forms.BooleanField(
        label="The participant agreed to a summary of this conversation being kept", required=False
    )
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(TEXT), help_text="A summary only: no notes or quotations"
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = programme.participants.select_related("person", "organisation")  # type: ignore[attr-defined]


def _score(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MODE_MAX,
        help_text=f"0 to {MODE_MAX}, from the participant's own report",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
    )


class ProfileForm(NhsForm):
    participant = forms.ModelChoiceField(
        label="Participant", queryset=Programme.objects.none(), empty_label=None
    )
    competing = _score("Competing")
    collaborating = _score("Collaborating")
    compromising = _score("Compromising")
    avoiding = _score("Avoiding")
    accommodating = _score("Accommodating")

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = programme.participants.select_related("person", "organisation")  # type: ignore[attr-defined]

    def scores(self) -> dict[str, int]:
        return {mode: self.cleaned_data[mode] for mode, _ in CONFLICT_MODES}


class WorkshopForm(NhsForm):
    title = forms.CharField(label="Title", max_length=200)
    held_on = forms.DateField(label="Date", widget=DateInput)
    aims = forms.CharField(label="Aims", required=False, widget=forms.Textarea(TEXT), help_text=SECTION_HINT)
    offer = forms.ModelChoiceField(
        label="Academy offer",
        queryset=Offer.objects.none(),
        required=False,
        help_text="If the workshop is one of the academy's offers for this system, its register counts attendance",
    )
    attended = forms.IntegerField(
        label="How many attended",
        required=False,
        min_value=0,
        help_text="Leave empty if the workshop is an offer",
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offers = Offer.objects.filter(systems=programme.ics_id).order_by("title")
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]


class MeasureForm(NhsForm):
    ics = forms.ModelChoiceField(
        label="Integrated care system", queryset=ICS.objects.none(), empty_label=None
    )
    programme = forms.ModelChoiceField(label="Programme", queryset=Programme.objects.none(), required=False)
    plan = forms.ModelChoiceField(label="Plan", queryset=Plan.objects.none(), required=False)
    title = forms.CharField(label="What is measured", max_length=200)
    population = forms.CharField(label="Population", max_length=300)
    unit = forms.CharField(label="Unit", max_length=60, required=False, help_text="For example, per 100,000")
    baseline_on = forms.DateField(label="Baseline date", widget=DateInput)
    baseline_value = forms.DecimalField(label="Baseline value", max_digits=14, decimal_places=2)
    target_value = forms.DecimalField(label="Target value", max_digits=14, decimal_places=2)
    target_on = forms.DateField(label="Target date", widget=DateInput, required=False)
    higher_is_better = forms.BooleanField(label="A higher value is better", required=False)
    story = forms.CharField(label="Story behind the curve", required=False, widget=forms.Textarea(TEXT))
    partners = forms.CharField(
        label="Partners", required=False, widget=forms.Textarea(TEXT), help_text="One a line"
    )
    actions = forms.CharField(
        label="Actions", required=False, widget=forms.Textarea(TEXT), help_text="One a line"
    )

    def __init__(self, *args: Any, systems: Any, programmes: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ics"].queryset = systems  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


class PointForm(NhsForm):
    on = forms.DateField(label="Date", widget=DateInput)
    value = forms.DecimalField(label="Value", max_digits=14, decimal_places=2)
    note = forms.CharField(label="Note", max_length=300, required=False)


class RaciForm(NhsForm):
    ics = forms.ModelChoiceField(
        label="Integrated care system", queryset=ICS.objects.none(), empty_label=None
    )
    title = forms.CharField(label="Title", max_length=200)
    parties = forms.CharField(
        label="Organisations or roles",
        widget=forms.Textarea({"rows": 5}),
        help_text="One a line; they are the matrix's columns",
    )

    def __init__(self, *args: Any, systems: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ics"].queryset = systems  # type: ignore[attr-defined]

    def party_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["parties"].splitlines() if line.strip()]


LETTER_CHOICES = [
    ("", "No part"),
    ("R", "Responsible"),
    ("A", "Accountable"),
    ("C", "Consulted"),
    ("I", "Informed"),
]


class ActivityForm(NhsForm):
    name = forms.CharField(label="Activity", max_length=300)

    def __init__(self, *args: Any, matrix: RaciMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = list(matrix.parties.all())
        for party in self.parties:
            self.fields[f"party_{party.pk}"] = forms.ChoiceField(
                label=party.name,
                choices=LETTER_CHOICES,
                required=False,
                widget=forms.Select(attrs={"class": "nhsuk-select"}),
            )

    def letters(self) -> dict[str, str]:
        return {party.name: self.cleaned_data.get(f"party_{party.pk}", "") for party in self.parties}

    def add_service_errors(self, error: Any) -> None:
        if hasattr(error, "error_dict") and "letters" in error.message_dict:
            self.add_error(None, error.message_dict["letters"])
            return
        super().add_service_errors(error)
