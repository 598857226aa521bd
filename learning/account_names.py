"""An account is shown by its person's name: the user's ``first_name`` mirrors the profile."""

from collections.abc import Iterable

from wagtail import hooks

from learning.models import EmployeeProfile, User

BATCH_SIZE = 500


def sort_name_of(user) -> str:
    """The name a person is listed under: their name, or the username of an account
    with no name (a service account, say)."""
    return (user.get_full_name() or user.get_username())[:150]


def account_names_sync(*, profiles: Iterable[EmployeeProfile]) -> int:
    """Copy each profile's name onto its user, where ``User.get_full_name`` reads it.

    Wagtail's admin (the account menu, page history, the users list), Django's forms and
    Guild's templates all show a user through ``get_full_name``; keeping the name on the
    user row lets a list of users show names without a query per row. Whole names go in
    ``first_name`` (``last_name`` empty): a Chinese name does not split into given and
    family names the Western way. Call it wherever a profile's name is written (the
    import, the admin). Writes only users whose name differs; safe to repeat. Tells
    the ``guild_people_renamed`` hooks who was renamed. Returns how many changed.
    """
    names = {profile.user_id: profile.full_name[:150] for profile in profiles}
    ids = list(names)
    users = [
        user
        for start in range(0, len(ids), BATCH_SIZE)
        for user in User.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).only(
            "pk", "first_name", "last_name"
        )
        if (user.first_name, user.last_name) != (names[user.pk], "")
    ]
    for user in users:
        user.first_name, user.last_name = names[user.pk], ""
    User.objects.bulk_update(users, ["first_name", "last_name"], batch_size=BATCH_SIZE)
    renamed = {user.pk: sort_name_of(user) for user in users}
    if renamed:
        # Higher layers keep their copies of a name (a cohort's directory order) current.
        for fn in hooks.get_hooks("guild_people_renamed"):
            fn(renamed)
    return len(users)
