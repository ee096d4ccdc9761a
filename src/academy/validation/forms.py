"""Page forms for the validation route (NHS.UK controls, as in offers)."""

from typing import Any

from django import forms

from academy.offers.forms import NhsCheckboxes, NhsForm, NhsRadios, TimeInput
from academy.offers.models import Cohort as OfferCohort
from academy.people.models import Academy
from academy.web.forms import DateInput

from .models import Element, Framework, Outcome, PanelMember, Rating, Readiness, SelfRating


class InterestForm(NhsForm):
    statement = forms.CharField(
        label="Why do you want to take part?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences about your OD practice and the system work you do or want to do.",
    )


def _element_label(element: Element) -> str:
    return f"{element.code} {element.name}"


class LevelsForm(NhsForm):
    """One radio group per element: self-reflection (levels 1 to 4) or a review (ratings 0 to 2)."""

    def __init__(
        self,
        *args: Any,
        elements: list[Element],
        choices: Any,
        initial_levels: dict[int, int],
        comments: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            name = f"e{element.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_element_label(element),
                choices=choices,
                coerce=int,
                widget=NhsRadios,
                help_text=element.description,
                initial=initial_levels.get(element.pk),
                error_messages={"required": f"Choose a level for {element.code} {element.name}."},
            )
            if comments:
                self.fields[f"c{element.pk}"] = forms.CharField(
                    label=f"Comment on {element.code}",
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def levels(self) -> dict[int, int]:
        return {e.pk: self.cleaned_data[f"e{e.pk}"] for e in self.elements}


def self_levels_form(*args: Any, **kwargs: Any) -> LevelsForm:
    return LevelsForm(*args, choices=SelfRating.Level.choices, **kwargs)


def review_form(*args: Any, **kwargs: Any) -> LevelsForm:
    return LevelsForm(*args, choices=Rating.choices, **kwargs)


class DecisionForm(NhsForm):
    readiness = forms.ChoiceField(
        label="How ready are you to make a claim?", choices=Readiness.choices, widget=NhsRadios
    )
    note = forms.CharField(
        label="Your reflection", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class EntryForm(NhsForm):
    narrative = forms.CharField(
        label="Your narrative for this element",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you did, with whom, and what changed. Say how it shows the level you are claiming.",
    )


class EvidenceForm(NhsForm):
    title = forms.CharField(label="Title of the evidence", max_length=200)
    file = forms.FileField(
        label="File", help_text="A PDF, Word, PowerPoint, Excel, PNG, JPEG or text file, smaller than 10MB"
    )


class MilestoneForm(NhsForm):
    title = forms.CharField(label="Milestone", max_length=200)
    due_on = forms.DateField(label="Due by", widget=DateInput())


class SupporterForm(NhsForm):
    email = forms.EmailField(label="Supporter's email address")


class PanelForm(NhsForm):
    email = forms.EmailField(label="Panel member's email address")
    kind = forms.ChoiceField(label="Peer or expert", choices=PanelMember.Kind.choices, widget=NhsRadios)
    conflict_declaration = forms.CharField(
        label="Declaration of interests",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Any working or personal relationship with the practitioner. Write 'None' if there is none.",
    )


class InterviewForm(NhsForm):
    date = forms.DateField(label="Date", widget=DateInput())
    time = forms.TimeField(label="Time", widget=TimeInput())
    place = forms.CharField(label="Where", max_length=200, help_text="A room, or 'Online'")


class InterviewRecordForm(NhsForm):
    notes = forms.CharField(
        label="What the interview found", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class OutcomeForm(NhsForm):
    outcome = forms.ChoiceField(label="The panel's decision", choices=Outcome.choices, widget=NhsRadios)
    feedback = forms.CharField(
        label="Feedback for the practitioner",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Needed for developmental feedback.",
    )


class CohortForm(NhsForm):
    academy = forms.ModelChoiceField(label="Academy", queryset=Academy.objects.none(), empty_label=None)
    name = forms.CharField(label="Cohort name", max_length=200)
    frameworks = forms.ModelMultipleChoiceField(
        label="Competency frameworks",
        queryset=Framework.objects.none(),
        widget=NhsCheckboxes,
        help_text="Choose one, or two to combine.",
    )
    opens_on = forms.DateField(label="Opens on", widget=DateInput())
    workshop = forms.ModelChoiceField(
        label="Workshop",
        queryset=OfferCohort.objects.none(),
        required=False,
        empty_label="None yet",
        help_text="The offer cohort that runs the one-day workshop.",
    )

    def __init__(self, *args: Any, academies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academy"].queryset = academies  # type: ignore[attr-defined]
        self.fields["frameworks"].queryset = Framework.objects.all()  # type: ignore[attr-defined]
        self.fields["workshop"].queryset = OfferCohort.objects.filter(  # type: ignore[attr-defined]
            offer__academy__in=academies
        ).select_related("offer")


class FrameworkImportForm(NhsForm):
    file = forms.FileField(label="Framework file", help_text="JSON or CSV in the format in the guide")


class MoveVersionForm(NhsForm):
    """Move a draft claim from one framework version the claim uses to another version of that framework."""

    source = forms.ModelChoiceField(
        label="Framework version the claim uses now",
        queryset=Framework.objects.none(),
        widget=NhsRadios,
        empty_label=None,
    )
    target = forms.ModelChoiceField(
        label="Version to move the claim to",
        queryset=Framework.objects.none(),
        widget=NhsRadios,
        empty_label=None,
    )

    def __init__(self, *args: Any, sources: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]


class MappingForm(NhsForm):
    """Which element of another version each element of this version becomes (mapping_set)."""

    target = forms.ModelChoiceField(
        label="Map to this framework version",
        queryset=Framework.objects.none(),
        widget=NhsRadios,
        empty_label=None,
    )
    pairs = forms.CharField(
        label="Element pairs",
        help_text="One pair a line: this version's element code, an equals sign, the other version's code. "
        "For example, A1 = B1",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]

    def clean_pairs(self) -> list[tuple[str, str]]:
        pairs, bad = [], []
        for number, line in enumerate(self.cleaned_data["pairs"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("=")]
            if len(parts) != 2 or not all(parts):
                bad.append(str(number))
                continue
            pairs.append((parts[0], parts[1]))
        if bad:
            raise forms.ValidationError(f"Write each pair as A1 = B1. Check line {', '.join(bad)}.")
        return pairs
