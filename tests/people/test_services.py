"""Person services: details, equality monitoring, export and anonymisation."""

import json
import logging

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from academy.core.models import AuditEntry
from academy.offers.models import AdjustmentRequest, Attendance, Booking
from academy.people.models import (
    EqualityRecord,
    OrganisationEqualityCount,
    Person,
    Role,
    RoleAssignment,
    User,
)
from academy.people.services import (
    equality_profile_refresh,
    equality_record_get,
    equality_record_save,
    person_anonymise,
    person_export,
    person_update_details,
    role_assignment_create,
)
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
    attendance,
    booking,
)

from .factories import administrator, reporting_line

pytestmark = pytest.mark.django_db


def audit_actions(person: Person) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def equality_reader() -> User:
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_equalityrecord"))
    return User.objects.get(pk=user.pk)  # fresh instance: permissions are cached per object


# --- details ----------------------------------------------------------------------------------


def test_a_person_updates_their_own_job_details():
    me = PersonFactory(job_title="Ward manager")
    new_org = OrganisationFactory(name="Test Community Trust")
    person_update_details(
        person=me,
        by=me.user,
        job_title="Matron",
        role_level="band_8a",
        organisation=new_org,
        profession="Nursing",
    )
    me.refresh_from_db()
    assert (me.job_title, me.role_level, me.organisation, me.profession) == (
        "Matron",
        "band_8a",
        new_org,
        "Nursing",
    )
    assert audit_actions(me) == ["people.person.update"]


def test_leaving_a_detail_out_keeps_it():
    me = PersonFactory(job_title="Ward manager", profession="Nursing")
    person_update_details(person=me, by=me.user, job_title="Matron")
    me.refresh_from_db()
    assert me.profession == "Nursing"


def test_nobody_else_but_an_administrator_changes_someone_s_details():
    me, colleague = PersonFactory(), PersonFactory()
    with pytest.raises(PermissionDenied):
        person_update_details(person=me, by=colleague.user, job_title="Nonsense")
    person_update_details(person=me, by=administrator(), job_title="Head of service")
    me.refresh_from_db()
    assert me.job_title == "Head of service"


def test_a_person_cannot_be_their_own_line_manager():
    me = PersonFactory()
    with pytest.raises(ValidationError) as error:
        person_update_details(person=me, by=me.user, line_manager=me)
    assert "line_manager" in error.value.message_dict


def test_choosing_one_of_your_own_reports_as_manager_is_refused_as_a_loop():
    me, report, junior = reporting_line("Manager", "Practitioner", "Trainee")
    with pytest.raises(ValidationError) as error:
        person_update_details(person=me, by=me.user, line_manager=junior)
    assert "reports to" in error.value.message_dict["line_manager"][0]
    me.refresh_from_db()
    assert me.line_manager is None


def test_a_new_manager_outside_the_line_is_accepted():
    me = PersonFactory()
    manager = PersonFactory(organisation=me.organisation)
    person_update_details(person=me, by=me.user, line_manager=manager)
    me.refresh_from_db()
    assert me.line_manager == manager


def test_an_unknown_role_level_is_refused_with_a_field_error():
    me = PersonFactory()
    with pytest.raises(ValidationError) as error:
        person_update_details(person=me, by=me.user, role_level="band_99")
    assert "role_level" in error.value.message_dict


# --- equality monitoring ----------------------------------------------------------------------

ANSWERS = {
    "ethnic_category": "N",
    "sex": "female",
    "gender_identity_same_as_birth": "yes",
    "disability": "not_stated",
    "sexual_orientation": "bisexual",
    "religion": "none",
    "age_band": "35-44",
}


def test_a_person_answers_and_reads_their_own_equality_questions_without_audit_of_the_read():
    me = PersonFactory()
    equality_record_save(person=me, by=me.user, **ANSWERS)
    record = equality_record_get(person=me, by=me.user)
    assert record is not None and record.ethnic_category == "N" and record.is_ethnic_minority
    assert audit_actions(me) == ["people.equality.create"]


def test_answering_is_optional_and_partial():
    me = PersonFactory()
    record = equality_record_save(person=me, by=me.user, sex="not_stated")
    assert record.sex == "not_stated" and record.ethnic_category == ""


def test_changes_are_audited_with_question_names_but_never_the_answers():
    me = PersonFactory()
    equality_record_save(person=me, by=me.user, **ANSWERS)
    equality_record_save(person=me, by=me.user, **{**ANSWERS, "religion": "buddhist"})
    entries = list(AuditEntry.objects.filter(action__startswith="people.equality").order_by("id"))
    assert [e.action for e in entries] == ["people.equality.create", "people.equality.update"]
    assert entries[1].detail == {"questions": ["religion"]}
    stored = json.dumps([e.detail for e in entries])
    for value in ("buddhist", "bisexual", "female", "35-44"):
        assert value not in stored


def test_nobody_answers_on_someone_else_s_behalf():
    me = PersonFactory()
    with pytest.raises(PermissionDenied):
        equality_record_save(person=me, by=administrator(), sex="male")
    assert not EqualityRecord.objects.exists()


def test_a_colleague_without_the_permission_cannot_read_it_and_a_role_alone_is_not_enough():
    me = PersonFactory()
    equality_record_save(person=me, by=me.user, **ANSWERS)
    for outsider in (PersonFactory().user, administrator()):
        with pytest.raises(PermissionDenied):
            equality_record_get(person=me, by=outsider)
    assert "people.equality.read" not in audit_actions(me)


def test_a_reader_with_the_permission_can_read_and_every_read_is_audited():
    me = PersonFactory()
    equality_record_save(person=me, by=me.user, **ANSWERS)
    reader = equality_reader()
    assert equality_record_get(person=me, by=reader).sex == "female"
    equality_record_get(person=me, by=reader)
    reads = AuditEntry.objects.filter(action="people.equality.read", object_id=str(me.pk))
    assert reads.count() == 2 and {e.actor_id for e in reads} == {reader.pk}


def test_unknown_answers_and_unknown_questions_are_refused():
    me = PersonFactory()
    with pytest.raises(ValidationError) as error:
        equality_record_save(person=me, by=me.user, sex="sometimes")
    assert "sex" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        equality_record_save(person=me, by=me.user, star_sign="leo")
    assert "star_sign" in error.value.message_dict
    assert not EqualityRecord.objects.exists()


def profile(organisation, characteristic: str) -> dict[str, int]:
    return dict(
        OrganisationEqualityCount.objects.filter(
            organisation=organisation, characteristic=characteristic
        ).values_list("answer", "people")
    )


def test_the_workforce_profile_follows_answers_moves_and_anonymisation():
    trust, practice = OrganisationFactory(), OrganisationFactory()
    ana, bo, cy = (PersonFactory(organisation=trust) for _ in range(3))
    equality_record_save(person=ana, by=ana.user, sex="female", age_band="35-44")
    equality_record_save(person=bo, by=bo.user, sex="female")
    equality_record_save(person=cy, by=cy.user, sex="male")
    assert profile(trust, "sex") == {"female": 2, "male": 1}
    assert profile(trust, "age_band") == {"35-44": 1}
    assert profile(trust, "religion") == {}  # nobody answered: no row, not a zero

    equality_record_save(person=bo, by=bo.user, sex="not_stated")
    assert profile(trust, "sex") == {"female": 1, "male": 1, "not_stated": 1}

    person_update_details(person=cy, by=cy.user, organisation=practice)
    assert profile(trust, "sex") == {"female": 1, "not_stated": 1}
    assert profile(practice, "sex") == {"male": 1}

    person_anonymise(person=ana, by=administrator())
    assert profile(trust, "sex") == {"not_stated": 1} and profile(trust, "age_band") == {}


def test_a_full_refresh_rebuilds_the_profile_from_the_records():
    trust = OrganisationFactory()
    people = [PersonFactory(organisation=trust) for _ in range(4)]
    EqualityRecord.objects.bulk_create(  # written behind the services' back, as a bulk load would
        [EqualityRecord(person=p, disability="yes" if i < 3 else "no") for i, p in enumerate(people)]
    )
    OrganisationEqualityCount.objects.create(
        organisation=trust, characteristic="sex", answer="male", people=9
    )
    assert equality_profile_refresh() == 2
    assert profile(trust, "disability") == {"yes": 3, "no": 1}
    assert profile(trust, "sex") == {}


def test_no_equality_answer_reaches_the_logs(caplog):
    me = PersonFactory()
    with caplog.at_level(logging.DEBUG):
        equality_record_save(person=me, by=me.user, **ANSWERS)
        equality_record_get(person=me, by=equality_reader())
    for value in ("bisexual", "35-44"):
        assert value not in caplog.text


# --- export -----------------------------------------------------------------------------------


def booked_person_with_history() -> tuple[Person, Booking]:
    me = PersonFactory(job_title="Practice manager")
    cohort = CohortFactory(offer__title="Leading transformation")
    first, second = SessionFactory(cohort=cohort), SessionFactory(cohort=cohort)
    booked = booking(cohort, me, Booking.Status.CONFIRMED, application_statement="I lead a team of 12.")
    AdjustmentRequest.objects.create(booking=booked, request="Step-free access please.")
    attendance(first, booked)
    attendance(second, booked, Attendance.Status.APOLOGIES)
    equality_record_save(person=me, by=me.user, sex="female", age_band="45-54")
    return me, booked


def test_export_holds_details_bookings_attendance_adjustments_and_equality():
    me, _ = booked_person_with_history()
    data = person_export(person=me, by=me.user)
    json.dumps(data)  # plain data, ready to download
    assert data["details"]["job_title"] == "Practice manager"
    assert data["details"]["email"] == me.email
    (booking,) = data["bookings"]
    assert booking["offer"] == "Leading transformation"
    assert booking["status"] == "Place confirmed"
    assert booking["adjustment_request"]["request"] == "Step-free access please."
    assert [a["status"] for a in booking["attendance"]] == ["Attended", "Sent apologies"]
    assert data["equality_monitoring"]["sex"] == "Female"
    assert data["equality_monitoring"]["age_band"] == "45 to 54"
    assert data["equality_monitoring"]["religion"] == ""
    assert audit_actions(me) == ["people.equality.create"]  # exporting your own is not audited


def test_an_administrator_may_export_anyone_and_it_is_audited_but_a_colleague_may_not():
    me, _ = booked_person_with_history()
    with pytest.raises(PermissionDenied):
        person_export(person=me, by=PersonFactory().user)
    person_export(person=me, by=administrator())
    assert audit_actions(me)[-2:] == ["people.person.export", "people.equality.read"]


# --- anonymisation ----------------------------------------------------------------------------


def test_anonymising_removes_identity_but_keeps_bookings_and_attendance_counts():
    me, booking = booked_person_with_history()
    manager = PersonFactory()
    me.line_manager = manager
    me.save()
    organisation_id, role_level = me.organisation_id, me.role_level
    user_id = me.user_id
    RoleAssignment.objects.create(user=me.user, role=Role.COACH)
    confirmed_before = Booking.objects.filter(cohort=booking.cohort, status="confirmed").count()
    present_before = Attendance.objects.filter(booking__cohort=booking.cohort, status="present").count()

    person_anonymise(person=me, by=administrator())

    me.refresh_from_db()
    assert me.given_name == "Anonymised" and me.family_name == f"person {me.pk}"
    assert me.email.endswith("@anonymised.invalid") and me.job_title == "" and me.line_manager is None
    assert me.anonymised_at is not None
    assert (me.organisation_id, me.role_level) == (organisation_id, role_level)
    assert not EqualityRecord.objects.filter(person=me).exists()
    assert Booking.objects.filter(cohort=booking.cohort, status="confirmed").count() == confirmed_before == 1
    assert (
        Attendance.objects.filter(booking__cohort=booking.cohort, status="present").count() == present_before
    )
    booking.refresh_from_db()
    assert booking.application_statement == "" and booking.adjustment.request == ""
    user = User.objects.get(pk=user_id)
    assert (
        not user.is_active and not user.has_usable_password() and user.email.endswith("@anonymised.invalid")
    )
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert audit_actions(me)[-1] == "people.person.anonymise"


def test_only_an_administrator_anonymises_and_only_once():
    me = PersonFactory()
    with pytest.raises(PermissionDenied):
        person_anonymise(person=me, by=me.user)
    admin = administrator()
    person_anonymise(person=me, by=admin)
    with pytest.raises(ValidationError):
        person_anonymise(person=me, by=admin)


def test_an_anonymised_person_can_no_longer_log_in(client):
    me = PersonFactory()
    email = me.email
    person_anonymise(person=me, by=administrator())
    response = client.post("/login/", {"username": email, "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- roles ------------------------------------------------------------------------------------


def test_role_scopes_are_required_and_duplicates_refused():
    admin = administrator()
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        role_assignment_create(user=user, role=Role.ICS_OD_LEAD, by=admin)
    assert "ics" in error.value.message_dict
    role_assignment_create(user=user, role=Role.COACH, by=admin)
    with pytest.raises(ValidationError):
        role_assignment_create(user=user, role=Role.COACH, by=admin)
    with pytest.raises(PermissionDenied):
        role_assignment_create(user=user, role=Role.ADMINISTRATOR, by=user)
