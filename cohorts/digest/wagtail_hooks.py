"""What the weekly digest hands to the rest, through hooks (``learning.registry``): the
demo's digests."""

from wagtail import hooks


# After every other demo (cohort health's is 100): the digest tells of their activity.
@hooks.register("guild_seed_demo", order=110)
def _digest_seed_demo(*, company, stdout):
    """Last week's digest for every demo member whose Monday morning has come, as the
    hourly beat job would send it (nothing more when run again)."""
    from cohorts.digest.services import digests_send_due

    sent = digests_send_due()
    stdout.write(f"Weekly digest: last week's, sent to {sent} members.")
