"""The notification kinds of getting in (see learning.notifications.kinds).

Both are essential (they reach the person whatever their settings say: one has never
signed in to choose any, the other asked a minute ago) and e-mail only, and both carry a
link that is minted as the e-mail is built, never stored. Imported once by
``LearningConfig.ready()``.
"""

from django.utils.translation import gettext_lazy as _

from learning.accounts.invitations import INVITATION_KIND, account_invitation_link_mint
from learning.accounts.passwords import PASSWORD_RESET_KIND, password_reset_link_mint
from learning.notifications.kinds import notification_kind_register
from learning.notifications.models import Channel

notification_kind_register(
    INVITATION_KIND,
    group=_("My account"),
    label=_("My invitation to Guild"),
    description=_("The link to set your first password, sent when HR invites you."),
    default_channels=(Channel.EMAIL,),
    essential=True,
    secret_link=account_invitation_link_mint,
    link_label=_("Set your password"),
)
notification_kind_register(
    PASSWORD_RESET_KIND,
    group=_("My account"),
    label=_("Setting a new password"),
    description=_("The link you asked for with “Forgot password”."),
    default_channels=(Channel.EMAIL,),
    essential=True,
    secret_link=password_reset_link_mint,
    link_label=_("Choose a new password"),
)
