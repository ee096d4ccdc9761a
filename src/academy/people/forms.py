"""Forms for a person's own details and equality monitoring answers. Parsing only: rules live in services."""

from typing import Any

from django import forms

from .models import EqualityRecord, Organisation, Person, RoleLevel, StaffGroup
from .permissions import COLLEAGUE_NOT_FOUND
from .selectors import colleague_find, organisation_find

_WIDGET_CLASSES = {
    forms.TextInput: "nhsuk-input",
    forms.EmailInput: "nhsuk-input",
    forms.Select: "nhsuk-select",
    forms.Textarea: "nhsuk-textarea",
}
_ERROR_CLASSES = {
    "nhsuk-input": "nhsuk-input--error",
    "nhsuk-select": "nhsuk-select--error",
    "nhsuk-textarea": "nhsuk-textarea--error",
}


class NHSFormMixin:
    """Give widgets the NHS.UK classes, and link each control to its hint and error message."""

    fields: dict[str, forms.Field]
    errors: Any

    def style_widgets(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for kind, c in _WIDGET_CLASSES.items() if type(widget) is kind), "")
            classes = [css] if css else []
            if css and name in self.errors:
                classes.append(_ERROR_CLASSES[css])
            if classes:
                widget.attrs["class"] = " ".join(classes)
            described_by = []
            if field.help_text:
                described_by.append(f"id_{name}-hint")
            if name in self.errors:
                described_by.append(f"id_{name}-error")
            if described_by:
                widget.attrs["aria-describedby"] = " ".join(described_by)
            else:
                widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.style_widgets()


class PersonDetailsForm(NHSFormMixin, forms.Form):
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    role_level = forms.ChoiceField(
        label="Role level",
        choices=[("", "Choose a band or level"), *RoleLevel.choices],
        required=False,
        help_text="Your Agenda for Change band, or the nearest equivalent if you work outside the NHS.",
    )
    staff_group = forms.ChoiceField(
        label="Staff group", choices=[("", "Choose a staff group"), *StaffGroup.choices], required=False
    )
    profession = forms.CharField(
        label="Profession",
        max_length=120,
        required=False,
        help_text="For example, nursing, pharmacy or social work.",
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        help_text="The full name of the organisation you work for, or its ODS code (for example, RGN).",
    )
    line_manager_email = forms.EmailField(
        label="Your line manager's email address",
        required=False,
        help_text="Someone in your own organisation. We use this to make sure you are never matched with a "
        "coach or learning set member in your own line-management chain.",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        self.person = person
        kwargs.setdefault(
            "initial",
            {
                "job_title": person.job_title,
                "role_level": person.role_level,
                "staff_group": person.staff_group,
                "profession": person.profession,
                "organisation": person.organisation.name if person.organisation else "",
                "line_manager_email": person.line_manager.email if person.line_manager else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def clean_organisation(self) -> Organisation | None:
        text = self.cleaned_data["organisation"].strip()
        if not text:
            return None
        current = self.person.organisation
        if current is not None and text.lower() in {current.name.lower(), current.ods_code.lower()}:
            return current
        found = organisation_find(text)
        if not found:
            raise forms.ValidationError(
                "We could not find an organisation with that name or ODS code. Check the spelling, or enter its ODS code."
            )
        if len(found) > 1:
            raise forms.ValidationError(
                "More than one organisation has that name. Enter its ODS code instead."
            )
        return found[0]

    def clean_line_manager_email(self) -> Person | None:
        email = self.cleaned_data["line_manager_email"].strip()
        if not email:
            return None
        current = self.person.line_manager
        if current is not None and current.email.lower() == email.lower():
            return current
        # The rule counts the organisation given on this form (an unreadable one: the one on record).
        organisation = self.cleaned_data.get("organisation", self.person.organisation)
        manager = colleague_find(
            chooser=self.person, email=email, organisation_id=organisation.pk if organisation else None
        )
        if manager is None or organisation is None:
            raise forms.ValidationError(COLLEAGUE_NOT_FOUND)
        return manager

    def details(self) -> dict[str, Any]:
        """The cleaned data in the shape person_update_details takes."""
        data = dict(self.cleaned_data)
        data["line_manager"] = data.pop("line_manager_email")
        return data


EQUALITY_QUESTIONS: dict[str, tuple[str, str]] = {
    "ethnic_category": ("What is your ethnic group?", ""),
    "sex": ("What is your sex?", ""),
    "gender_identity_same_as_birth": (
        "Is the gender you identify with the same as your sex registered at birth?",
        "",
    ),
    "disability": (
        "Do you consider yourself to have a disability?",
        "The Equality Act 2010 defines disability as a physical or mental impairment that has a substantial "
        "and long-term effect on your ability to carry out normal day-to-day activities.",
    ),
    "sexual_orientation": ("Which of the following best describes your sexual orientation?", ""),
    "religion": ("What is your religion or belief?", ""),
    "age_band": ("What is your age?", ""),
}
_PREFER_NOT_TO_SAY = {"not_stated", "Z"}


class EqualityForm(forms.Form):
    """One radio question per NHS Data Dictionary category; every question is optional."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (question, hint) in EQUALITY_QUESTIONS.items():
            model_field: Any = EqualityRecord._meta.get_field(name)
            choices = [
                (value, "Prefer not to say" if value in _PREFER_NOT_TO_SAY else label)
                for value, label in model_field.choices
            ]
            self.fields[name] = forms.ChoiceField(
                label=question, help_text=hint, choices=choices, required=False, widget=forms.RadioSelect
            )

    def questions(self) -> list[dict[str, Any]]:
        """Each question with its options, the prefer-not-to-say option last, ready for NHS.UK radios."""
        rows = []
        for name in EQUALITY_QUESTIONS:
            bound = self[name]
            value = bound.value() or ""
            options = [
                {
                    "value": v,
                    "label": label,
                    "checked": v == value,
                    "id": f"id_{name}" + (f"_{i}" if i else ""),
                }
                for i, (v, label) in enumerate(self.fields[name].choices)  # type: ignore[attr-defined]
            ]
            rows.append(
                {
                    "name": name,
                    "field": bound,
                    "options": [o for o in options if o["value"] not in _PREFER_NOT_TO_SAY],
                    "prefer_not": next((o for o in options if o["value"] in _PREFER_NOT_TO_SAY), None),
                }
            )
        return rows
