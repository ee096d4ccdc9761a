"""Page forms for communities and action learning sets (NHS.UK controls, as in offers)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from academy.offers.forms import NhsCheckboxes, NhsForm
from academy.web.forms import DateInput


class JoinForm(NhsForm):
    in_directory = forms.BooleanField(
        label="Show me in the member directory",
        required=False,
        help_text="Other members will see your name, job title and organisation. You can change this later.",
    )


class ResourceForm(NhsForm):
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(
        label="Link",
        required=False,
        assume_scheme="https",
        help_text="A web address, or upload a file instead",
    )
    file = forms.FileField(
        label="File",
        required=False,
        help_text="A PDF, Word, PowerPoint, Excel, CSV or text file, smaller than 10MB",
    )


class AnnouncementForm(NhsForm):
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(label="Message", max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))


class SlotsForm(NhsForm):
    slots = forms.MultipleChoiceField(
        label="Which times could you meet?",
        widget=NhsCheckboxes,
        help_text="Choose every time you could make. Your set will meet at one of them.",
        error_messages={"required": "Choose at least one time you can make."},
    )

    def __init__(self, *args: Any, slots: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = [(s, s) for s in slots]  # type: ignore[attr-defined]


class WeightsForm(NhsForm):
    ics = forms.IntegerField(label="Mix of integrated care systems", min_value=0, max_value=100, initial=3)
    sector = forms.IntegerField(label="Mix of sectors", min_value=0, max_value=100, initial=2)
    organisation = forms.IntegerField(label="Mix of organisations", min_value=0, max_value=100, initial=1)
    role_level = forms.IntegerField(label="Balance of role levels", min_value=0, max_value=100, initial=1)


class MoveForm(NhsForm):
    """Errors about the proposal as a whole (it changed since the page was opened) go to the top."""

    person = forms.TypedChoiceField(label="Person to move", coerce=int)
    to_set = forms.TypedChoiceField(label="Move them to", coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: list[tuple[int, str]], sets: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
        self.fields["to_set"].choices = [(n, f"Set {n}") for n in range(1, sets + 1)]  # type: ignore[attr-defined]

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "version" in error.message_dict:
            self.add_error(None, error.message_dict["version"])
            return
        super().add_service_errors(error)


class PublishForm(NhsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingForm(NhsForm):
    held_on = forms.DateField(label="Date of the meeting", widget=DateInput)
    present = forms.TypedMultipleChoiceField(
        label="Who was there?", coerce=int, required=False, widget=NhsCheckboxes
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = members  # type: ignore[attr-defined]
