"""Page forms for interchange (NHS.UK controls, as in offers). Rules live in the services."""

from django import forms

from academy.offers.forms import NhsCheckboxes, NhsForm, NhsRadios
from academy.people.models import Academy
from academy.web.forms import DateInput

from .models import Kind

USEFULNESS = [
    ("5", "5 – very useful"),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", "1 – not useful"),
]


class SchemeChoiceField(forms.ModelChoiceField):
    def __init__(self) -> None:
        super().__init__(
            queryset=Academy.objects.order_by("name"),
            label="Which academy's interchange scheme",
            empty_label=None,
            error_messages={"invalid_choice": "Choose an academy from the list."},
        )


class OpportunityForm(NhsForm):
    academy = SchemeChoiceField()
    kind = forms.ChoiceField(label="What can you offer?", choices=Kind.choices, widget=NhsRadios)
    title = forms.CharField(
        label="Title", max_length=200, help_text="For example, 'Shadow a care home manager for a day'"
    )
    description = forms.CharField(
        label="What the learner will see and do", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.CharField(
        label="Where", max_length=200, required=False, help_text="A town, a site or 'online'"
    )
    starts_on = forms.DateField(label="First day (if fixed)", required=False, widget=DateInput)
    ends_on = forms.DateField(label="Last day (if fixed)", required=False, widget=DateInput)
    duration = forms.CharField(
        label="How long it lasts",
        max_length=120,
        required=False,
        help_text="For example, 'two days' or 'one afternoon a week for six weeks'",
    )
    capacity = forms.IntegerField(label="How many people you can host", min_value=1, max_value=50, initial=1)
    suits = forms.CharField(label="Who it suits", max_length=300, required=False)
    not_for_own_organisation = forms.BooleanField(
        label="Not for people from my own organisation", required=False
    )


class RequestForm(NhsForm):
    academy = SchemeChoiceField()
    what = forms.CharField(label="What would you like to learn?", max_length=300)
    kinds = forms.MultipleChoiceField(
        label="Which kinds of opportunity would suit you?",
        choices=Kind.choices,
        widget=NhsCheckboxes,
        required=False,
        help_text="Leave all unticked if any would suit you",
    )
    where = forms.CharField(label="Where could you go?", max_length=200, required=False)
    when = forms.CharField(label="When could you go?", max_length=200, required=False)
    why = forms.CharField(label="Why?", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    other_sector = forms.BooleanField(
        label="I would like to learn in another sector", required=False, initial=True
    )


class ScheduleForm(NhsForm):
    starts_on = forms.DateField(label="First day", widget=DateInput)
    ends_on = forms.DateField(label="Last day", widget=DateInput)


class DecisionForm(NhsForm):
    decision = forms.ChoiceField(
        label="Do you agree?",
        choices=[("agree", "Yes, I agree"), ("decline", "No, I do not agree")],
        widget=NhsRadios,
        error_messages={"required": "Choose whether you agree."},
    )
    comment = forms.CharField(label="Comment (optional)", max_length=500, required=False)


class ReflectionForm(NhsForm):
    usefulness = forms.TypedChoiceField(
        label="How useful was it?",
        choices=USEFULNESS,
        coerce=int,
        widget=NhsRadios,
        error_messages={"required": "Choose how useful it was, from 1 to 5."},
    )
    learned = forms.CharField(
        label="What did you learn?", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label="What will you do next?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SchemeForm(NhsForm):
    needs_manager_agreement = forms.BooleanField(
        label="Learners' line managers must agree before they go", required=False
    )
