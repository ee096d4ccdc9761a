"""Page forms for plans and charters (NHS.UK controls, as in offers). Lists are written one item a line."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from academy.offers.forms import NhsCheckboxes, NhsForm
from academy.offers.models import Offer
from academy.people.models import Organisation
from academy.web.forms import DateInput

from .models.plans import Activity, PlanVersion, financial_year

YEARS = [(y, financial_year(y)) for y in range(2015, 2041)]


class LinesField(forms.CharField):
    """A textarea holding a list, one item a line."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        kwargs.setdefault("help_text", "One a line")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class RevisionForm(NhsForm):
    """Every edit carries the revision its author saw: the version check."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and ({"revision", "version", "plan"} & set(error.message_dict)):
            for name in ("revision", "version", "plan"):
                if name in error.message_dict:
                    self.add_error(None, error.message_dict[name])
            return
        super().add_service_errors(error)


class PlanForm(NhsForm):
    title = forms.CharField(
        label="Title", max_length=200, initial="Leadership and Organisational Development Plan"
    )
    start_year = forms.TypedChoiceField(label="First financial year", choices=YEARS, coerce=int)
    end_year = forms.TypedChoiceField(label="Last financial year", choices=YEARS, coerce=int)


class VersionForm(RevisionForm):
    start_year = forms.TypedChoiceField(label="First financial year", choices=YEARS, coerce=int)
    end_year = forms.TypedChoiceField(label="Last financial year", choices=YEARS, coerce=int)
    introduction = forms.CharField(
        label="Introduction", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    priorities = LinesField(label="System priorities", help_text="One a line, for example Prevention")
    aims = LinesField(label="Aims", help_text="One a line, for example the triple aim's three")
    governance_group = forms.CharField(
        label="Governance group", required=False, max_length=200, help_text="The group that owns the plan"
    )
    governance = forms.CharField(
        label="Governance and accountability", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    conclusion = forms.CharField(label="Conclusion", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    review_note = forms.CharField(
        label="What this review changed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partner organisations",
        queryset=Organisation.objects.none(),
        required=False,
        widget=NhsCheckboxes,
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]


class PillarForm(RevisionForm):
    title = forms.CharField(label="Pillar", max_length=200, help_text="For example Coaching Culture")
    commitments = LinesField(
        label="Commitments", help_text="One a line, for example Senior leaders as coaches"
    )


class WorkstreamForm(RevisionForm):
    title = forms.CharField(label="Workstream", max_length=200, help_text="For example Leadership")
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


MARKS = [("", "Not in this year"), *Activity.Mark.choices]


class ActivityForm(RevisionForm):
    """One choice a financial year of the plan: a milestone (★), continuing (→), or nothing."""

    workstream = forms.TypedChoiceField(label="Workstream", coerce=int)
    title = forms.CharField(
        label="Activity", max_length=200, help_text="For example Senior Leaders as Coaches"
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(
        label="Owner", required=False, max_length=200, help_text="The group or role that leads it"
    )
    status = forms.ChoiceField(label="Status", choices=Activity.Status.choices)
    offers = forms.ModelMultipleChoiceField(
        label="Linked offers", queryset=Offer.objects.none(), required=False, widget=NhsCheckboxes
    )
    coaching_hub = forms.BooleanField(label="Linked to the coaching and mentoring hub", required=False)

    def __init__(self, *args: Any, version: PlanVersion, offers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workstream"].choices = [(w.pk, w.title) for w in version.workstreams.all()]  # type: ignore[attr-defined]
        self.fields["offers"].queryset = offers  # type: ignore[attr-defined]
        self.years = version.years
        for year in self.years:
            self.fields[f"year_{year}"] = forms.ChoiceField(
                label=f"Timeline: {financial_year(year)}", choices=MARKS, required=False
            )
            self.fields[f"year_{year}"].widget.attrs["class"] = "nhsuk-select"

    def timeline(self) -> dict[int, str]:
        return {year: self.cleaned_data.get(f"year_{year}", "") for year in self.years}

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "timeline" in error.message_dict and self.years:
            self.add_error(f"year_{self.years[0]}", error.message_dict.pop("timeline"))
            if not error.message_dict:
                return
            error = ValidationError(error.message_dict)
        super().add_service_errors(error)


class ConfirmForm(RevisionForm):
    pass


class ReviewForm(NhsForm):
    review_note = forms.CharField(
        label="Why are you reviewing the plan?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: Annual review 2018/19",
    )


class CharterForm(NhsForm):
    title = forms.CharField(label="Title", max_length=200, initial="Leadership Charter")
    principles = LinesField(label="Shared principles", help_text="One a line, for example People-led")
    leader_commitments = LinesField(label="As a leader I will", help_text="One a line")
    collective_commitments = LinesField(
        label="As a collective leadership group we will", help_text="One a line"
    )
    values = LinesField(
        label="In all that we do we live our values", help_text="One a line, for example Trust"
    )
    review_on = forms.DateField(label="Review date", required=False, widget=DateInput)


class CharterEditForm(CharterForm, RevisionForm):
    pass


class SignForm(NhsForm):
    confirm = forms.BooleanField(
        label="I have read the charter and commit to it",
        error_messages={"required": "Confirm that you have read the charter and commit to it."},
    )


class CharterReviewForm(NhsForm):
    next_review_on = forms.DateField(label="Next review date", required=False, widget=DateInput)
