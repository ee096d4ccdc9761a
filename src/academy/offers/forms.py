"""Forms for the offers pages: they read and check what people typed; the services decide the rest."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from academy.core.parsing import validate_date_in_range
from academy.people.models import ICS, Academy, DeliveryPartner, Person
from academy.web.forms import DateInput as DateInput  # the NHS.UK day, month and year boxes
from academy.web.forms import system_choices

from .models import Attendance, DeliveryFormat, Eligibility, Offer, OfferKind
from .services import COHORT_EMAIL_CONFIRMED, COHORT_EMAIL_WITH_WAITING_LIST

_INPUT_CLASSES = {
    forms.Textarea: "nhsuk-textarea",
    forms.Select: "nhsuk-select",
}


class NhsRadios(forms.RadioSelect):
    """Radios whose label and error-summary link point at the first option, as NHS.UK expects."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attrs.setdefault("class", "nhsuk-radios__input")

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class NhsCheckboxes(forms.CheckboxSelectMultiple):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attrs.setdefault("class", "nhsuk-checkboxes__input")

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def _base_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return ""
    for widget_type, css in _INPUT_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return "nhsuk-input"


class NhsForm(forms.Form):
    """A form whose controls carry NHS.UK classes and point screen readers at their hint and error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_date_in_range)  # years 1900 to 2100
            widget = field.widget
            css = _base_class(widget)
            if css:
                widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if field.help_text and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            css = _base_class(widget)
            if css:
                widget.attrs["class"] = f"{widget.attrs['class']} {css}--error"
            if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {self[name].id_for_label}-error".strip()

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError beside the fields it names; anything else goes to the top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


# --- Participant ----------------------------------------------------------------------------------


class CatalogueFilterForm(NhsForm):
    q = forms.CharField(
        label="Search", required=False, max_length=100, help_text="For example, compassion or teams"
    )
    kind = forms.ChoiceField(
        label="Kind of offer", required=False, choices=[("", "Any kind"), *OfferKind.choices]
    )
    audience = forms.CharField(
        label="Who it is for", required=False, max_length=100, help_text="For example, care home managers"
    )
    ics = forms.ModelChoiceField(
        label="Integrated care system", required=False, queryset=ICS.objects.none(), empty_label="Any system"
    )
    delivery_format = forms.ChoiceField(
        label="Format", required=False, choices=[("", "Any format"), *DeliveryFormat.choices]
    )
    date_from = forms.DateField(label="Starting from", required=False, widget=DateInput())
    date_to = forms.DateField(label="Starting by", required=False, widget=DateInput())

    def __init__(
        self, *args: Any, systems: QuerySet[ICS], home_region_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ics"].queryset = systems  # type: ignore[attr-defined]
        self.fields["ics"].choices = system_choices(  # type: ignore[attr-defined]
            systems, first_region_id=home_region_id, empty_label="Any system"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to", "The 'starting by' date must be the same as or after the 'starting from' date."
            )
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments from whatever parts of the form are valid."""
        data = self.cleaned_data if self.is_bound else {}
        ics = data.get("ics")
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "audience": (data.get("audience") or "").strip(),
            "ics_id": ics.pk if ics else None,
            "delivery_format": data.get("delivery_format") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to") if "date_to" not in self.errors else None,
        }


SPONSOR_LINE_MANAGER = "line_manager"
SPONSOR_OTHER = "other"


class BookingForm(NhsForm):
    """Book a place, or apply (with a statement and, where needed, a sponsor)."""

    eligibility_confirmed = forms.BooleanField(required=False)
    application_statement = forms.CharField(
        label="Why do you want to join, and what do you hope to gain?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    sponsor_choice = forms.ChoiceField(
        label="Who will sponsor your application?", required=False, widget=NhsRadios
    )
    sponsor_email = forms.EmailField(
        label="Your sponsor's email address",
        required=False,
        help_text=(
            "Only if you chose someone else above. They need an Academy account. "
            "We will email them to ask for their approval."
        ),
    )
    adjustment = forms.CharField(
        label="Do you need any reasonable adjustments to take part?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "For example, a British Sign Language interpreter, captions, step-free access or breaks. "
            "Only the academy's programme team can read this. We do not share it with the delivery "
            "partner, your sponsor or other participants."
        ),
    )

    def __init__(self, *args: Any, offer: Offer, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer, self.person = offer, person
        if offer.eligibility == Eligibility.OPEN:
            del self.fields["eligibility_confirmed"]
        else:
            self.fields[
                "eligibility_confirmed"
            ].label = f"I confirm this applies to me: {offer.eligibility_text}"
        if not offer.requires_application:
            del self.fields["application_statement"]
        else:
            self.fields["application_statement"].required = True
            self.fields["application_statement"].error_messages["required"] = (
                "Tell us why you are applying and what you hope to gain."
            )
        if not offer.requires_sponsor:
            del self.fields["sponsor_choice"], self.fields["sponsor_email"]
            return
        manager = person.line_manager
        choices = []
        if manager is not None:
            choices.append((SPONSOR_LINE_MANAGER, f"My line manager, {manager.full_name}"))
        choices.append((SPONSOR_OTHER, "Someone else, such as another senior colleague"))
        field = self.fields["sponsor_choice"]
        field.choices = choices  # type: ignore[attr-defined]
        field.required = True
        field.error_messages["required"] = "Choose who will sponsor your application."
        field.help_text = (
            "Your sponsor supports your application and approves it before we offer you a place."
        )
        if manager is not None:
            field.initial = SPONSOR_LINE_MANAGER

    def clean_eligibility_confirmed(self) -> bool:
        if not self.cleaned_data.get("eligibility_confirmed"):
            raise ValidationError(f"Confirm that you are eligible: {self.offer.eligibility_text}.")
        return True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        wants_other = self.offer.requires_sponsor and data.get("sponsor_choice") == SPONSOR_OTHER
        if wants_other and not data.get("sponsor_email") and "sponsor_email" not in self.errors:
            self.add_error("sponsor_email", "Enter your sponsor's email address.")
        return data

    def sponsor_email_given(self) -> str:
        """The e-mail address typed for a sponsor who is not the line manager, or an empty string."""
        if self.cleaned_data.get("sponsor_choice") == SPONSOR_OTHER:
            return self.cleaned_data.get("sponsor_email") or ""
        return ""

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "sponsor" in error.error_dict:
            target = (
                "sponsor_email"
                if self.cleaned_data.get("sponsor_choice") == SPONSOR_OTHER
                else "sponsor_choice"
            )
            messages = error.message_dict
            error = ValidationError({(target if k == "sponsor" else k): v for k, v in messages.items()})
        super().add_service_errors(error)


class DecisionForm(NhsForm):
    """Approve or decline an application (sponsor or programme manager): the button pressed is the decision."""

    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant will see this. If you decline, tell them why.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        decision = self.data.get("decision")
        if decision not in ("approve", "decline"):
            raise ValidationError("Choose whether to approve or decline the application.")
        data["decision"] = decision
        if decision == "decline" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Tell the applicant why you are not supporting their application.")
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class ProjectForm(NhsForm):
    title = forms.CharField(label="Title of your improvement project", max_length=200)
    summary = forms.CharField(
        label="What did you do and what changed?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For example, the problem you tackled, what you tried, and what improved as a result.",
    )


# --- Programme team -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class OfferForm(NhsForm):
    academy = forms.ModelChoiceField(label="Academy", queryset=Academy.objects.none(), empty_label=None)
    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind of offer", choices=OfferKind.choices, widget=NhsRadios)
    summary = forms.CharField(
        label="Summary", max_length=300, help_text="One or two sentences shown in the list of offers."
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    objectives = forms.CharField(
        label="Objectives",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One objective per line.",
        max_length=10000,
    )
    audience = forms.CharField(
        label="Who it is for",
        required=False,
        max_length=300,
        help_text="For example, care home managers and deputies",
    )
    eligibility = forms.ChoiceField(
        label="Who can book", choices=Eligibility.choices, widget=NhsRadios, initial=Eligibility.OPEN
    )
    eligibility_text = forms.CharField(
        label="How to describe who can book",
        required=False,
        max_length=300,
        help_text="People must confirm this when they book. Leave empty to use the wording above.",
    )
    delivery_partner = forms.ModelChoiceField(
        label="Delivery partner",
        required=False,
        queryset=DeliveryPartner.objects.order_by("name"),
        empty_label="Delivered by the academy",
    )
    delivery_format = forms.ChoiceField(label="Format", choices=DeliveryFormat.choices, widget=NhsRadios)
    duration = forms.CharField(
        label="Duration", required=False, max_length=120, help_text="For example, five 2-hour modules"
    )
    systems = forms.ModelMultipleChoiceField(
        label="Integrated care systems",
        required=False,
        queryset=ICS.objects.order_by("name"),
        widget=NhsCheckboxes,
        help_text="Leave all unticked if the offer is open to the whole region.",
    )
    requires_application = forms.BooleanField(
        label="People apply for a place",
        required=False,
        help_text="The programme team decides who gets a place.",
    )
    requires_sponsor = forms.BooleanField(
        label="Applications need a sponsor",
        required=False,
        help_text="Usually the applicant's line manager, who approves the application first.",
    )
    completion_attendance_percent = forms.IntegerField(
        label="Share of sessions people must attend to complete (%)",
        min_value=0,
        max_value=100,
        initial=100,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the share of sessions people must attend, from 0 to 100.",
            "invalid": "Enter a whole number from 0 to 100.",
            "min_value": "Enter a whole number from 0 to 100.",
            "max_value": "Enter a whole number from 0 to 100.",
        },
    )
    completion_requires_project = forms.BooleanField(
        label="People must submit an improvement project to complete", required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Offer.Status.choices,
        widget=NhsRadios,
        initial=Offer.Status.DRAFT,
        help_text="Only published offers appear in the list people search.",
    )

    def __init__(self, *args: Any, academies: QuerySet[Academy] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if academies is None:
            del self.fields["academy"]
        else:
            self.fields["academy"].queryset = academies  # type: ignore[attr-defined]
        academy = self.initial.get("academy")
        region_id = getattr(academy, "region_id", None) or self.initial.get("region_id")
        self.fields["systems"].choices = system_choices(  # type: ignore[attr-defined]
            ICS.objects.select_related("region"), first_region_id=region_id
        )

    @staticmethod
    def initial_for(offer: Offer) -> dict[str, Any]:
        return {
            **{name: getattr(offer, name) for name in _OFFER_SIMPLE_FIELDS},
            "objectives": "\n".join(offer.objectives or []),
            "delivery_partner": offer.delivery_partner_id,
            "systems": [ics.pk for ics in offer.systems.all()],
            "region_id": offer.academy.region_id,
        }

    def clean_objectives(self) -> list[str]:
        return _lines(self.cleaned_data.get("objectives") or "")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("requires_sponsor") and not data.get("requires_application"):
            self.add_error("requires_sponsor", "An offer that needs a sponsor must also need an application.")
        return data

    def service_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "academy"}


_OFFER_SIMPLE_FIELDS = (
    "title",
    "kind",
    "summary",
    "description",
    "audience",
    "eligibility",
    "eligibility_text",
    "delivery_format",
    "duration",
    "requires_application",
    "requires_sponsor",
    "completion_attendance_percent",
    "completion_requires_project",
    "status",
)


class CohortForm(NhsForm):
    name = forms.CharField(label="Name", max_length=160, help_text="For example, Cohort 3 or Spring 2025")
    capacity = forms.IntegerField(
        label="Number of places",
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"min_value": "Enter a number of places of 1 or more."},
    )
    starts_on = forms.DateField(label="Start date", widget=DateInput())
    ends_on = forms.DateField(label="End date", widget=DateInput())
    booking_closes_on = forms.DateField(
        label="Booking closes on",
        required=False,
        widget=DateInput(),
        help_text="Leave empty to close on the start date.",
    )
    delivery_partner = forms.ModelChoiceField(
        label="Delivery partner",
        required=False,
        queryset=DeliveryPartner.objects.order_by("name"),
        empty_label="The offer's delivery partner",
    )

    @staticmethod
    def initial_for(cohort: Any) -> dict[str, Any]:
        return {
            "name": cohort.name,
            "capacity": cohort.capacity,
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "booking_closes_on": cohort.booking_closes_on,
            "delivery_partner": cohort.delivery_partner_id,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date.")
        return data


class SessionForm(NhsForm):
    title = forms.CharField(
        label="Title", max_length=200, help_text="For example, Module 1: Leading yourself"
    )
    date = forms.DateField(
        label="Date", widget=DateInput(), error_messages={"required": "Enter the date of the session."}
    )
    starts = forms.TimeField(
        label="Start time",
        widget=TimeInput(),
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={
            "required": "Enter the start time.",
            "invalid": "Enter a start time, for example 14:30.",
        },
    )
    ends = forms.TimeField(
        label="End time",
        widget=TimeInput(),
        help_text="Use the 24-hour clock, for example 16:30",
        error_messages={
            "required": "Enter the end time.",
            "invalid": "Enter an end time, for example 16:30.",
        },
    )
    location = forms.CharField(
        label="Place", required=False, max_length=200, help_text="Leave empty for an online session."
    )
    online_url = forms.URLField(
        label="Online joining link",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, for example https://meet.example.org/abc"},
    )

    @staticmethod
    def initial_for(session: Any) -> dict[str, Any]:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "title": session.title,
            "date": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "location": session.location,
            "online_url": session.online_url,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "The end time must be after the start time.")
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        day: dt.date = data["date"]
        return {
            "title": data["title"],
            "starts_at": timezone.make_aware(dt.datetime.combine(day, data["starts"])),
            "ends_at": timezone.make_aware(dt.datetime.combine(day, data["ends"])),
            "location": data["location"],
            "online_url": data["online_url"],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        names = {"starts_at": "date", "ends_at": "ends"}
        if hasattr(error, "error_dict"):
            error = ValidationError({names.get(k, k): v for k, v in error.message_dict.items()})
        super().add_service_errors(error)


class AttendanceForm(NhsForm):
    """One set of radios per confirmed booking on the register."""

    def __init__(self, *args: Any, rows: Iterable[dict[str, Any]], session_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            name = f"booking_{row['booking'].pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Attendance for {row['person'].full_name}",
                choices=Attendance.Status.choices,
                required=False,
                widget=NhsRadios,
                initial=row["marks"].get(session_id),
            )
            self.rows.append({**row, "field": self[name]})

    def marks(self) -> dict[int, str]:
        return {
            int(name.removeprefix("booking_")): value for name, value in self.cleaned_data.items() if value
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The service names a booking by its id; here each is a person's set of radios."""
        if hasattr(error, "error_dict"):
            error = ValidationError({f"booking_{k}": v for k, v in error.message_dict.items()})
        super().add_service_errors(error)


class AdjustmentResponseForm(NhsForm):
    response = forms.CharField(
        label="Response to the participant",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The participant will see this.",
        error_messages={"required": "Enter a response to the adjustment request."},
    )


class DelegateFindForm(NhsForm):
    """Adding a delegate by hand, step one: who (by their work e-mail address)."""

    email = forms.EmailField(
        label="Their e-mail address",
        help_text="The work e-mail address on their Academy staff record, for example name@nhs.net",
        error_messages={
            "required": "Enter the e-mail address of the person to book.",
            "invalid": "Enter an e-mail address in the correct format, like name@nhs.net",
        },
    )


class DelegateBookingForm(BookingForm):
    """Adding a delegate by hand, step two: the same questions as the person's own booking form, asked
    of the programme manager about them (the booking service applies the same rules)."""

    def __init__(self, *args: Any, offer: Offer, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, offer=offer, person=person, **kwargs)
        name = person.full_name
        if "eligibility_confirmed" in self.fields:
            self.fields[
                "eligibility_confirmed"
            ].label = f"{name} has confirmed this applies to them: {offer.eligibility_text}"
        if "application_statement" in self.fields:
            self.fields[
                "application_statement"
            ].label = f"Why does {name} want to join, and what do they hope to gain?"
        if "sponsor_choice" in self.fields:
            self.fields["sponsor_choice"].label = f"Who will sponsor {name}'s application?"
            manager = person.line_manager
            if manager is not None:
                self.fields["sponsor_choice"].choices = [  # type: ignore[attr-defined]
                    (SPONSOR_LINE_MANAGER, f"Their line manager, {manager.full_name}"),
                    (SPONSOR_OTHER, "Someone else, such as another senior colleague"),
                ]
            self.fields["sponsor_email"].label = "The sponsor's e-mail address"
        self.fields["adjustment"].label = f"Does {name} need any reasonable adjustments to take part?"
        self._bound_fields_cache.clear()  # type: ignore[attr-defined]  # NhsForm read the first labels

    def clean_eligibility_confirmed(self) -> bool:
        if not self.cleaned_data.get("eligibility_confirmed"):
            raise ValidationError(
                f"Confirm that {self.person.full_name} is eligible: {self.offer.eligibility_text}."
            )
        return True


COHORT_EMAIL_AUDIENCE_CHOICES = [
    (COHORT_EMAIL_CONFIRMED, "Everyone with a confirmed place"),
    (COHORT_EMAIL_WITH_WAITING_LIST, "Everyone with a confirmed place and everyone on the waiting list"),
]


class CohortEmailForm(NhsForm):
    audience = forms.ChoiceField(
        label="Who should get this e-mail?",
        choices=COHORT_EMAIL_AUDIENCE_CHOICES,
        widget=NhsRadios,
        initial=COHORT_EMAIL_CONFIRMED,
        error_messages={"required": "Choose who to send the e-mail to."},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=150,
        error_messages={
            "required": "Enter a subject for the e-mail.",
            "max_length": "The subject must be 150 characters or fewer.",
        },
    )
    message = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Each person's e-mail starts \u201cDear\u201d and their first name, and ends with the academy's "
            "name and why they are receiving it. You can check it before it is sent."
        ),
        error_messages={
            "required": "Enter the message to send.",
            "max_length": "The message must be 10,000 characters or fewer.",
        },
    )
