"""Getting in: inviting imported employees, setting and resetting passwords, and the name
an account is shown by.

One module per concern:

- ``invitations``: HR invites people to activate their account; the link sets a password;
- ``passwords``: "Forgot password", through the outbox, throttled per address;
- ``names``: an account shows its person's name, never the username.

Both kinds of message go through the outbox (``learning.notifications``) as *essential*
kinds whose link is minted when the e-mail is built, so no secret is ever stored in a
notification (see ``notification_kinds``).
"""
