"""The live room, attendance, feedback and the summary afterwards."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cohorts.models import Membership, Post
from cohorts.sessions import services
from cohorts.sessions.models import GuestInvitation, Session, SessionDispatch
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def live(cohort_in, organizer, monkeypatch):
    """A session of tonight, live, with the clock at its start."""
    cohort = cohort_in("Asia/Shanghai")
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))
    GuestInvitation.objects.create(
        session=session,
        guest=services.guest_create(actor=organizer, tier=1, name="Guest"),
        status="confirmed",
    )
    monkeypatch.setattr(timezone, "now", lambda: session.starts_at)
    services.session_transition(session=session, actor=organizer, to="confirmed")
    return services.session_transition(session=session, actor=organizer, to="live")


def png(size=(4, 4)) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, "white").save(data, "PNG")
    return SimpleUploadedFile("photo.jpeg", data.getvalue(), content_type="image/jpeg")


def test_the_host_posts_text_an_image_and_a_voice_clip(live, organizer):
    clip = SimpleUploadedFile("memo", b"OggS" + b"\x00" * 60, content_type="text/plain")

    post = services.room_post_create(
        session=live, author=organizer, body="Welcome!", image=png(), audio=clip
    )

    assert post.image.name.endswith(".png")  # by its bytes, not the name it came with
    assert post.audio_type == "audio/ogg"
    assert "photo" not in post.image.name
    assert "memo" not in post.audio.name


@pytest.mark.parametrize(
    ("upload", "field"),
    [
        ({"image": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")}, "image"),
        ({"audio": SimpleUploadedFile("x.mp3", b"#!/bin/sh\nrm -rf /")}, "audio"),
    ],
)
def test_an_upload_that_is_not_what_it_claims_is_refused(live, organizer, upload, field):
    with pytest.raises(ValidationError) as error:
        services.room_post_create(session=live, author=organizer, **upload)
    assert field in error.value.message_dict
    assert not live.room_posts.exists()


def test_an_oversized_image_is_refused(live, organizer, settings):
    settings.GUILD_ROOM_IMAGE_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        services.room_post_create(session=live, author=organizer, image=png())


def test_members_ask_and_vote_but_do_not_post(live, organizer, make_member):
    asker = make_member(Membership.Role.NEWCOMER, target=live.cohort).user
    voter = make_member(Membership.Role.NEWCOMER, target=live.cohort).user
    with pytest.raises(PermissionDenied):
        services.room_post_create(session=live, author=asker, body="Hi")

    question = services.room_question_ask(session=live, author=asker, body="How do you price?")
    assert services.room_question_vote(question=question, user=voter)
    assert not services.room_question_vote(question=question, user=voter)
    with pytest.raises(ValidationError):
        services.room_question_vote(question=question, user=asker)
    with pytest.raises(PermissionDenied):
        services.room_question_answered(question=question, actor=voter)
    question = services.room_question_answered(question=question, actor=organizer)

    assert question.votes == 1
    assert question.answered_by == organizer


def test_every_change_moves_the_rooms_version(live, organizer, django_capture_on_commit_callbacks):
    before = services.room_version(live.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.room_post_create(session=live, author=organizer, body="Slide 2")
    assert services.room_version(live.pk) != before


def test_the_room_is_closed_outside_the_evening(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    planned = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 9))
    with pytest.raises(ValidationError):
        services.room_post_create(session=planned, author=organizer, body="Too early")


def test_feedback_comes_from_people_who_were_there(live, make_member):
    there = make_member(Membership.Role.NEWCOMER, target=live.cohort).user
    away = make_member(Membership.Role.NEWCOMER, target=live.cohort).user
    services.attendance_record(session=live, user=there)
    services.attendance_record(session=live, user=there)

    with pytest.raises(PermissionDenied):
        services.feedback_give(session=live, user=away, rating=5)
    with pytest.raises(ValidationError):
        services.feedback_give(session=live, user=there, rating=0)
    services.feedback_give(session=live, user=there, rating=4, comment="Useful")
    services.feedback_give(session=live, user=there, rating=5)

    assert live.attendance.count() == 1
    assert list(live.feedback.values_list("rating", flat=True)) == [5]


def test_a_missing_summary_reminds_the_duty_helper_then_the_organizers_once_each(
    live, organizer, make_member
):
    helper = make_member(Membership.Role.HELPER, target=live.cohort).user
    services.session_update(session=live, actor=organizer, changes={"summary_writer": helper})
    services.session_transition(session=live, actor=organizer, to="done")
    end = live.ends_at

    assert services.sessions_dispatch_due(now=end + 23 * HOUR)["summary_duty"] == 0
    assert services.sessions_dispatch_due(now=end + 24 * HOUR)["summary_duty"] == 1
    assert services.sessions_dispatch_due(now=end + 25 * HOUR)["summary_duty"] == 0
    sent = services.sessions_dispatch_due(now=end + 48 * HOUR)
    assert (sent["summary_duty"], sent["summary_organizer"]) == (0, 1)

    reminded = Notification.objects.filter(kind="session.summary_missing")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted(
        [helper.pk, organizer.pk]
    )


def test_a_published_summary_reaches_the_feed_and_the_people_who_came(live, organizer, make_member):
    came = make_member(Membership.Role.NEWCOMER, target=live.cohort).user
    services.attendance_record(session=live, user=came)
    services.session_transition(session=live, actor=organizer, to="done")
    summary = services.summary_save(session=live, actor=organizer, actions="Read the deck")
    with pytest.raises(ValidationError):
        services.summary_publish(summary=summary, actor=organizer)

    summary = services.summary_save(session=live, actor=organizer, key_points="Price on value.")
    services.summary_publish(summary=summary, actor=organizer)
    services.summary_publish(summary=summary, actor=organizer)

    assert Post.objects.filter(cohort=live.cohort, body__contains="Price on value.").count() == 1
    assert Notification.objects.filter(kind="session.summary", recipient=came).count() == 1
    assert services.sessions_dispatch_due(now=live.ends_at + 30 * HOUR)["summary_duty"] == 0
    assert not SessionDispatch.objects.filter(kind="summary_duty").exists()


def test_a_newcomer_cannot_write_the_summary(live, make_member):
    newcomer = make_member(Membership.Role.NEWCOMER, target=live.cohort).user
    with pytest.raises(PermissionDenied):
        services.summary_save(session=live, actor=newcomer, key_points="Mine")
    assert live.status == Session.Status.LIVE
