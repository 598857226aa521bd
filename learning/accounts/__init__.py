"""Getting in: inviting imported employees, setting and resetting passwords, and the name
an account is shown by.

One module per concern:

- ``invitations``: HR invites people to activate their account; the link sets a password;
- ``passwords``: "Forgot password", through the outbox, throttled per address;
- ``api``: the HR endpoint that invites one person.

An account shows its person's name, never the username: see ``learning.account_names``
(apart from this package, because the import writes names and the outbox, which this
package sends through, sits above the import).

Both kinds of message go through the outbox (``learning.notifications``) as *essential*
kinds whose link is minted when the e-mail is built, so no secret is ever stored in a
notification (see ``notification_kinds``).
"""
