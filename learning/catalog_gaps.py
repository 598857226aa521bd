"""Wagtail's and Django's own strings that their catalogs leave in English.

Wagtail 8's catalogs lack these msgids in zh_Hans, ru or el (Django's Greek catalog lacks
its elapsed-time plurals), so the admin shows them in English ("Skip to main content",
"Sort by 'Code' in ascending order."). Django reads Guild's catalogs first, so declaring
the same msgid, context and plural here lets ``makemessages`` put them in Guild's catalogs,
where the translation pass fills the gap with the same meaning. In a language where
Wagtail or Django do translate one, Guild's entry is their translation
(tests/learning/test_catalogs.py checks it).

Nothing imports this module: it exists only to be extracted. Drop an entry once Wagtail
or Django ship its translation in all three languages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_GAPS = (
    # wagtailadmin's page frame, header and side panels
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Search all pages…"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Toggle status"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Side panels"),
    gettext_noop("Side panel width"),
    gettext_noop("Toggle section"),
    gettext_noop("Add comment"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Help"),
    # listings
    gettext_noop("Search…"),
    gettext_noop("Show filters"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("items"),
    gettext_noop("Select"),
    gettext_noop("Bulk actions"),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches", "counter"),
    gettext_noop("Select all snippets in listing"),
    # the dashboard's moderation and edits panels, and the page listing's header
    gettext_noop("Privacy and access"),
    gettext_noop("Task submitted by"),
    gettext_noop("Current page status:"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    # the dashboard's site summary (zh_Hans and el lack it)
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "counter",
    ),
    gettext_noop("Delete selected snippets"),
    # wagtailusers' listing
    gettext_noop("Select all users in listing"),
    gettext_noop("Access level"),
    gettext_noop("Last login"),
    gettext_noop("just now"),
    gettext_noop("Assign role"),
    gettext_noop("Assign role to selected users"),
    gettext_noop("Set active state"),
    gettext_noop("Change the active state for selected users"),
    gettext_noop("Delete selected users"),
    # the lock message of an object in a workflow (a knowledge-base case in review)
    gettext_noop("This %(model_name)s is currently awaiting moderation."),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    # snippets with drafts, revisions and a workflow (a knowledge-base case)
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("live"),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
        "counter",
    ),
    gettext_noop("Are you sure you want to unpublish this %(model_name)s?"),
    gettext_noop("Requested by"),
    gettext_noop("Started at"),
    gettext_noop("In progress"),
    gettext_noop("Incomplete task"),
    gettext_noop("Workflow state"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
)

# django.utils.timesince's words (a last login "3 hours ago" in wagtailusers' listing).
DJANGO_GAPS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
