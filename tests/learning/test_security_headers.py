"""Security headers: the Content-Security-Policy of the member pages and the admin, and
the production settings' HTTPS rules. The browser journeys check that pages obey the
policy; these check the policy itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_member_pages_allow_only_guild_s_own_scripts_and_styles(client, employee):
    client.force_login(employee.user)

    policy = directives(client.get("/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_sign_in_page_and_the_api_carry_the_strict_policy_too(client):
    assert directives(client.get("/login/"))["script-src"] == ["'self'"]
    assert directives(client.get("/api/v1/openapi.json"))["script-src"] == ["'self'"]


def test_the_admin_relaxes_only_what_wagtail_needs(client, superuser):
    client.force_login(superuser)

    policy = directives(client.get("/admin/"))

    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_django_s_other_headers_are_on(client):
    response = client.get("/login/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_settings_pass_the_deploy_check_but_for_preloading():
    # given production settings with nothing but the required secret
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learning.settings.production",
        "GUILD_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    }
    # The browser journeys set this for Playwright; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    # when Django's deployment check runs
    result = subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    # then the only warning is the one the README explains (HSTS preloading)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "(security." in line]
    assert [line.split(")")[0] for line in warnings] == ["?: (security.W021"], result.stderr
