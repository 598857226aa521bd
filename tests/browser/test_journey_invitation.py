"""Getting in: a freshly imported employee activates their account through the invitation
e-mail, in Chinese, and lands on their cohorts.

HR invites them from the employee's admin page; the e-mail is read from the file mail
backend, as a person would read their inbox.
"""

import re

import pytest

from learning.importing import employee_rows_import
from learning.models import EmployeeProfile
from learning.notifications.models import Delivery
from learning.notifications.services import delivery_attempt
from tests.learning.factories import level_ladder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "灯笼 果园 lantern 2026"


def test_a_new_employee_gets_in_through_the_invitation_in_chinese(
    desktop_page, page, hr, login, screenshot, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    level_ladder()
    employee_rows_import(
        rows=[
            {
                "employee_id": "MG00179",
                "name": "王芳",
                "email": "wang.fang@corp.test",
                "level": "associate",
                "language": "zh-hans",
                "time_zone": "Asia/Shanghai",
            }
        ]
    )
    person = EmployeeProfile.objects.get(employee_id="MG00179")

    # HR invites her from her page in the admin.
    login(desktop_page, hr, admin=True)
    desktop_page.goto(f"/admin/people/employees/edit/{person.pk}/")
    desktop_page.get_by_test_id("employee-invite-button").first.click()
    desktop_page.get_by_test_id("invite-send").wait_for()
    screenshot(desktop_page, "admin-invite")
    with desktop_page.expect_navigation():
        desktop_page.get_by_test_id("invite-send").click()
    assert "王芳" in desktop_page.content()

    # The worker delivers the e-mail; she reads it.
    for delivery in Delivery.objects.filter(channel="email", notification__recipient=person.user):
        assert delivery_attempt(delivery_id=delivery.pk) == "sent"
    (mail_file,) = (tmp_path / "mail").iterdir()
    message = mail_file.read_text()
    assert "wang.fang@corp.test" in message
    link = re.search(r"(https?://\S+/welcome/[\w-]+/)", message).group(1)
    path = "/" + link.split("/", 3)[3]

    # She opens the link on her phone: a page in Chinese, with her name.
    page.goto(path)
    page.get_by_test_id("password-set").wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "王芳" in page.content()
    assert "/welcome/set-password/" in page.url  # the token left the address bar
    screenshot(page, "invitation-set-password-zh")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()

    # Signed in, on her cohorts, in Chinese.
    assert page.url.rstrip("/").endswith("/cohorts")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, "invitation-landing-zh")
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)

    # The link worked once.
    page.goto(path)
    page.get_by_test_id("link-invalid").wait_for()
