"""Forms for the evaluation pages. They read what people typed; the services check and decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from academy.core.dates import end_of_day
from academy.offers.forms import DateInput, NhsCheckboxes, NhsForm, NhsRadios
from academy.offers.models import Cohort, Offer
from academy.people.models import Academy

from .imports import CONSENT_PREFIX, SUBMITTED_TARGET
from .models import NUMERIC_RANGES, Instrument, Question, QuestionType

CONSENT_SUFFIX = "__consent"


class AnswerForm(NhsForm):
    """One field per question, built with `answer_form(questions, data)`. The form only reads the
    page; the service checks every answer, so pages, the API and imports give the same messages."""

    questions: list[Question] = []

    def answers(self) -> tuple[dict[str, Any], set[str]]:
        data = self.cleaned_data
        answers = {q.code: data.get(q.code) for q in self.questions}
        consents = {
            q.code for q in self.questions if q.consent_to_quote and data.get(f"{q.code}{CONSENT_SUFFIX}")
        }
        return answers, consents


def _question_field(question: Question) -> forms.Field:
    options = question.options
    help_text = question.hint
    field: forms.Field
    if question.type in (
        QuestionType.AGREEMENT_5,
        QuestionType.YES_NO,
        QuestionType.WOULD_RECOMMEND,
        QuestionType.SINGLE_CHOICE,
    ):
        field = forms.ChoiceField(choices=options, widget=NhsRadios)
    elif question.type == QuestionType.MULTIPLE_CHOICE:
        field = forms.MultipleChoiceField(choices=options, widget=NhsCheckboxes)
        help_text = help_text or "Select all that apply."
    elif question.type in NUMERIC_RANGES:
        low, high = NUMERIC_RANGES[QuestionType(question.type)]
        field = forms.ChoiceField(choices=options, widget=NhsRadios)
        help_text = " ".join(p for p in (question.hint, f"{low} is the lowest, {high} the highest.") if p)
    elif question.type == QuestionType.ONE_WORD:
        field = forms.CharField(
            max_length=200, widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20"})
        )
        help_text = help_text or "One word or a short phrase."
    else:
        field = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    field.required = question.required
    verb = "Enter" if question.type in (QuestionType.ONE_WORD, QuestionType.FREE_TEXT) else "Select"
    field.error_messages["required"] = f"{verb} an answer to “{question.text}”."
    field.label = question.text
    field.help_text = help_text
    return field


def answer_form(questions: list[Question], data: Any = None) -> AnswerForm:
    fields: dict[str, Any] = {"questions": questions}
    for question in questions:
        fields[question.code] = _question_field(question)
        if question.consent_to_quote:
            fields[f"{question.code}{CONSENT_SUFFIX}"] = forms.BooleanField(
                required=False,
                label="You may quote what I wrote, without my name",
                help_text="We may use your words in reports, credited only by your role and sector.",
            )
    form_class = type("QuestionnaireForm", (AnswerForm,), fields)
    return form_class(data)


def _offer_targets(offer: Offer) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [(f"offer:{offer.pk}", f"Everyone on {offer.title}")]
    for cohort in offer.cohorts.prefetch_related("sessions").order_by("starts_on", "pk"):
        group = [(f"cohort:{cohort.pk}", f"The whole of {cohort.name}")]
        group += [
            (f"session:{s.pk}", f"{s.title}, {timezone.localtime(s.starts_at):%-d %B %Y}")
            for s in cohort.sessions.all()
        ]
        choices.append((cohort.name, group))
    return choices


class SurveyForm(NhsForm):
    instrument = forms.ModelChoiceField(
        label="Question set", queryset=Instrument.objects.none(), empty_label="Choose a question set"
    )
    target = forms.ChoiceField(
        label="Who is this evaluation for?",
        help_text="Invitations go to the people marked as attending.",
    )
    anonymous = forms.BooleanField(
        label="Anonymous: do not link answers to people's names",
        required=False,
        initial=True,
    )
    invite_automatically = forms.BooleanField(
        label="Send the invitations automatically",
        required=False,
        initial=True,
        help_text=(
            "Send invitations by e-mail to the people marked present as soon as the session ends (for a "
            "cohort: its last session). An evaluation for everyone on the offer is never sent "
            "automatically, because its cohorts end at different times: you send it when you are ready."
        ),
    )
    closes_on = forms.DateField(
        label="Closing date", widget=DateInput(), help_text="The last day people can answer."
    )
    reminder_days = forms.CharField(
        label="Send reminders after how many days?",
        required=False,
        initial="7",
        help_text="Separate days with commas, for example 3, 7. Leave empty for no reminders.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )

    def __init__(self, *args: Any, offer: Offer, instruments: QuerySet[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument_field = self.fields["instrument"]
        assert isinstance(instrument_field, forms.ModelChoiceField)
        instrument_field.queryset = instruments
        instrument_field.label_from_instance = lambda obj: f"{obj.name} (version {obj.version})"  # type: ignore[method-assign]
        target_field = self.fields["target"]
        assert isinstance(target_field, forms.ChoiceField)
        target_field.choices = _offer_targets(offer)
        self.fields["closes_on"].initial = timezone.localdate() + dt.timedelta(days=21)

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data.get("reminder_days") or ""
        try:
            return sorted({int(part) for part in raw.replace(" ", "").split(",") if part})
        except ValueError as error:
            raise ValidationError(
                "Enter whole numbers of days separated by commas, for example 3, 7."
            ) from error

    def clean_closes_on(self) -> dt.date:
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise ValidationError("The closing date must be today or in the future.")
        return closes_on

    @property
    def closes_at(self) -> dt.datetime:
        return end_of_day(self.cleaned_data["closes_on"])


class ImportUploadForm(NhsForm):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file or an Excel workbook (.xlsx) exported from the other survey tool, up to 10MB.",
    )


class ImportMappingForm(NhsForm):
    """For each column of the file: which question it answers (or ignore it)."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        questions: list[Question],
        initial_mapping: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Ignore this column"), (SUBMITTED_TARGET, "When the response was given (date)")]
        for question in questions:
            choices.append((question.code, question.text))
            if question.consent_to_quote:
                choices.append((f"{CONSENT_PREFIX}{question.code}", f"Consent to quote: {question.text}"))
        self.headers = headers
        for index, heading in enumerate(headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"Column “{heading or f'number {index + 1}'}”",
                choices=choices,
                required=False,
                initial=initial_mapping.get(heading, ""),
                widget=forms.Select(attrs={"class": "nhsuk-select"}),
            )

        self.fields["invited"] = forms.IntegerField(
            label="How many people did the other survey tool invite? (optional)",
            help_text="Counting the people invited for any earlier import to this evaluation. It gives the "
            "imported responses a response rate.",
            required=False,
            min_value=0,
            max_value=10_000_000,
            widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "numeric"}),
        )

    def mapping(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data.get(f"column_{index}") or ""
            for index, heading in enumerate(self.headers)
            if self.cleaned_data.get(f"column_{index}")
        }


class InstrumentForm(NhsForm):
    name = forms.CharField(label="Name of the question set", max_length=200)
    description = forms.CharField(
        label="What is it for?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    academy = forms.ModelChoiceField(
        label="Academy", queryset=Academy.objects.none(), required=False, empty_label="Choose an academy"
    )

    def __init__(self, *args: Any, academies: QuerySet[Academy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        academy_field = self.fields["academy"]
        assert isinstance(academy_field, forms.ModelChoiceField)
        if academies.count() > 1:
            academy_field.queryset = academies  # more than one: the service asks them to choose
        else:
            del self.fields["academy"]  # one: the service uses it


class QuestionForm(NhsForm):
    text = forms.CharField(label="Question", max_length=500)
    code = forms.CharField(
        label="Short code",
        max_length=60,
        help_text="Letters, numbers and underscores, for example team_morale. Used in exports and imports.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20"}),
    )
    type = forms.ChoiceField(label="Type of answer", choices=QuestionType.choices, widget=NhsRadios)
    choices = forms.CharField(
        label="Answers to choose from",
        required=False,
        help_text="Only for 'choose one' and 'choose all that apply': one answer on each line.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required = forms.BooleanField(label="People must answer this question", required=False, initial=True)
    consent_to_quote = forms.BooleanField(
        label="Ask for consent to quote the answer (free text only)", required=False
    )

    def choice_list(self) -> list[str]:
        return [
            line.strip() for line in (self.cleaned_data.get("choices") or "").splitlines() if line.strip()
        ]


class GoalForm(NhsForm):
    cohort = forms.ModelChoiceField(
        label="Which programme is this goal for?",
        queryset=Cohort.objects.none(),
        empty_label=None,
        widget=NhsRadios,
    )
    theme = forms.ChoiceField(label="Which area is your goal about?", widget=NhsRadios)
    text = forms.CharField(
        label="Describe your goal", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating_before = forms.TypedChoiceField(
        label="How would you rate yourself against this goal now?",
        help_text="1 is the lowest, 10 the highest.",
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 11)],
        widget=NhsRadios,
    )

    def __init__(self, *args: Any, themes: list[str], cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort_field = self.fields["cohort"]
        assert isinstance(cohort_field, forms.ModelChoiceField)
        cohort_field.queryset = cohorts
        cohort_field.label_from_instance = lambda obj: f"{obj.offer.title}: {obj.name}"  # type: ignore[method-assign]
        theme_field = self.fields["theme"]
        assert isinstance(theme_field, forms.ChoiceField)
        theme_field.choices = [(t, t) for t in themes]


class GoalRatingForm(NhsForm):
    rating_after = forms.TypedChoiceField(
        label="How would you rate yourself against this goal now, after the last session?",
        help_text="1 is the lowest, 10 the highest.",
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 11)],
        widget=NhsRadios,
    )
