"""Guild's message catalogs never change what Wagtail's or Django's own strings say.

Django reads the catalogs in LOCALE_PATHS before those of the installed apps, so a Guild
msgid without a context that equals one of Wagtail's or Django's replaces their
translation everywhere: in the admin's menus, listings and forms too. Guild's own uses of
such a word carry a context (``pgettext``, ``{% translate … context … %}``) and so get a
msgid of their own; where Guild means exactly what Wagtail or Django means, its
translation is theirs.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

# The catalog directory under locale/ and the language code Django activates for it.
LANGUAGES = {"zh_Hans": "zh-hans", "ru": "ru", "el": "el"}


def guild_po(directory):
    return polib.pofile(
        str(Path(settings.LOCALE_PATHS[0]) / directory / "LC_MESSAGES" / "django.po")
    )


def in_force(entry):
    return not entry.obsolete and "fuzzy" not in entry.flags and entry.translated()


def upstream_catalog(code):
    """What Django and the installed apps (Wagtail's included) say, without Guild's locale."""
    with override_settings(LOCALE_PATHS=[]):
        return trans_real.translation(code)._catalog


@pytest.mark.parametrize("directory", LANGUAGES)
def test_no_guild_msgid_without_context_changes_a_wagtail_or_django_translation(directory):
    theirs = upstream_catalog(LANGUAGES[directory])
    collisions = []
    for entry in guild_po(directory):
        if entry.msgctxt or not in_force(entry):
            continue
        if entry.msgid_plural:
            ours = {(entry.msgid, int(n)): text for n, text in entry.msgstr_plural.items()}
        else:
            ours = {entry.msgid: entry.msgstr}
        for key, text in ours.items():
            english = key[0] if isinstance(key, tuple) else key
            # Where they leave a word in English, Guild's translation fills the gap and
            # replaces no meaning of theirs.
            if key in theirs and theirs[key] not in (text, english):
                collisions.append(f"{english!r}: Guild {text!r}, theirs {theirs[key]!r}")
    assert not collisions, (
        f"{directory}: these Guild msgids override Wagtail's or Django's translation. Give "
        "Guild's use a context (pgettext) if it means something else, or use their "
        "translation if it means the same:\n" + "\n".join(collisions)
    )


@pytest.mark.parametrize(
    ("code", "context", "word", "guilds", "admins"),
    [
        ("zh-hans", "pagination", "Pages", "分页", "页面"),
        ("zh-hans", "reports of misconduct", "Reports", "举报", "报告"),
        ("zh-hans", "switch to the chosen language", "Change", "切换", "更改"),
        ("ru", "job", "Title", "Должность", "Заголовок"),
        ("ru", "reports of misconduct", "Reports", "Жалобы", "Отчеты"),
        ("el", "job", "Title", "Θέση", "Τίτλος"),
    ],
)
def test_guilds_meaning_and_the_admins_each_keep_their_own_word(
    code, context, word, guilds, admins
):
    with translation.override(code):
        assert translation.pgettext(context, word) == guilds
        assert translation.gettext(word) == admins


@pytest.mark.parametrize("directory", LANGUAGES)
def test_the_compiled_catalog_is_the_catalog(directory):
    po = guild_po(directory)
    mo = polib.mofile(po.fpath[: -len(".po")] + ".mo")

    def messages(entries):
        return {
            (e.msgctxt, e.msgid): (
                {int(n): text for n, text in e.msgstr_plural.items()}
                if e.msgid_plural
                else e.msgstr
            )
            for e in entries
            if e.msgid
        }

    # A compiled catalog holds only what is translated and not fuzzy.
    assert messages(mo) == messages(e for e in po if in_force(e)), (
        f"locale/{directory}: run ./guild manage compilemessages"
    )


def test_every_guild_field_has_a_translatable_name():
    """A field without ``verbose_name`` is labelled from its Python name ("Created at",
    "Reporter") in every language: admin column headers, filters and inspect pages."""
    from django.apps import apps
    from django.utils.functional import Promise

    unnamed = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"learning", "cohorts", "notifications", "guest_sessions"}
        for field in model._meta.concrete_fields
        # Fields Wagtail's Page brings are Wagtail's to name.
        if field.model is model
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]
    assert not unnamed, "give these fields a verbose_name=_(…): " + ", ".join(unnamed)
