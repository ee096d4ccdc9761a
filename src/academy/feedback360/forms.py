"""Page forms for 360 feedback (NHS.UK controls, as in offers)."""

from typing import Any

from django import forms

from academy.coaching.models import Relationship
from academy.offers.forms import NhsForm, NhsRadios
from academy.people.models import Academy
from academy.web.forms import DateInput

from .models import RATER_GROUPS, Dimension, Level, Statement


class StartForm(NhsForm):
    academy = forms.ModelChoiceField(
        label="Which academy is running your 360?",
        queryset=Academy.objects.none(),
        empty_label=None,
        widget=NhsRadios,
    )
    title = forms.CharField(
        label="A name for this 360", max_length=200, required=False, initial="My 360 feedback"
    )
    closes_on = forms.DateField(
        label="Closing date",
        required=False,
        widget=DateInput,
        help_text="Your report is written on this date. You can also close it yourself.",
    )

    def __init__(self, *args: Any, academies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academy"].queryset = academies  # type: ignore[attr-defined]


class InviteForm(NhsForm):
    group = forms.ChoiceField(
        label="How do they work with you?",
        choices=[(g.value, g.label) for g in RATER_GROUPS],
        widget=NhsRadios,
        help_text="A group's answers show only when enough of its raters answer.",
    )
    name = forms.CharField(label="Their name", max_length=200, required=False)
    email = forms.EmailField(label="Their e-mail address", max_length=254)


class RatingForm(NhsForm):
    """One set of radios per behaviour statement and a comment box per dimension."""

    def __init__(
        self, *args: Any, statements: list[Statement], line_manager: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions: list[tuple[str, str, list[str], str]] = []
        for dimension in Dimension:
            mine = [s for s in statements if s.dimension == dimension]
            if not mine:
                continue
            names = []
            for statement in mine:
                name = f"s{statement.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=Level.choices,
                    coerce=int,
                    widget=NhsRadios,
                    error_messages={"required": f"Choose a level for “{statement.text}”"},
                )
                names.append(name)
            comment = f"c_{dimension.value}"
            self.fields[comment] = forms.CharField(
                label=f"Comments on {dimension.label.lower()}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.dimensions.append((dimension.value, str(dimension.label), names, comment))
        if line_manager:
            self.fields["consents"] = forms.BooleanField(
                label="Show my answers as the line manager's",
                required=False,
                help_text=(
                    "A line manager is a group of one. If you leave this unticked, your answers are counted "
                    "with the other raters only when that group is big enough, and otherwise not shown."
                ),
            )

    def grouped(self) -> list[tuple[str, list[Any], Any]]:
        return [
            (label, [self[n] for n in names], self[comment])
            for _key, label, names, comment in self.dimensions
        ]

    def answers(self) -> tuple[dict[int, int], dict[str, str]]:
        data = self.cleaned_data
        ratings = {int(n[1:]): data[n] for n in data if n.startswith("s") and n[1:].isdigit()}
        comments = {n[2:]: data[n] for n in data if n.startswith("c_") and data[n]}
        return ratings, comments


class ShareForm(NhsForm):
    relationship = forms.ModelChoiceField(
        label="Which coach?", queryset=Relationship.objects.none(), empty_label=None, widget=NhsRadios
    )

    def __init__(self, *args: Any, relationships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["relationship"]
        field.queryset = relationships  # type: ignore[attr-defined]
        field.label_from_instance = lambda r: f"{r.practitioner.person.full_name} ({r.get_kind_display()})"  # type: ignore[attr-defined]


class StatementForm(NhsForm):
    dimension = forms.ChoiceField(label="Dimension", choices=Dimension.choices, widget=NhsRadios)
    text = forms.CharField(label="Behaviour statement", max_length=300)


class SettingsForm(NhsForm):
    min_raters = forms.IntegerField(
        label="Minimum number of raters",
        help_text=(
            "A group of raters' figures are shown only when at least this many answered (2 to 20). "
            "360s that close from now on use the new number; reports already closed keep theirs."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}),
    )
