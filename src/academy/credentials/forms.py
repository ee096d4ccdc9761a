"""Page forms for verifiable certificates (NHS.UK controls, as in offers)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from academy.offers.forms import NhsForm

from .verification import MAX_INPUT


class VerifyForm(NhsForm):
    token = forms.CharField(
        label="Paste the credential",
        required=False,
        max_length=MAX_INPUT,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text="The text of the .jwt file, which starts with eyJ",
    )
    file = forms.FileField(
        label="Or upload the credential file",
        required=False,
        help_text="The .jwt or .json file downloaded from the certificate page",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_INPUT:
                raise ValidationError(
                    {"file": "The file must be smaller than 64KB: a credential is much smaller."}
                )
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValidationError(
                    {"file": "The file must be a .jwt or .json credential file."}
                ) from error
        else:
            data["text"] = data.get("token", "")
        if not str(data["text"]).strip():
            raise ValidationError({"token": "Paste the credential, or upload its file."})
        return data


class StatusChangeForm(NhsForm):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded, and sent to the holder",
    )
    public = forms.BooleanField(
        label="Show the reason on the public verification page",
        required=False,
        help_text="Otherwise the page shows only the date",
    )
