"""The caller's own account: who am I, and my API tokens."""

import datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from learning import api_tokens, directory
from learning.api import ERROR_RESPONSES
from learning.api.schemas import DirectoryEntryOut, Id

router = Router(tags=["account"])


class UserOut(Schema):
    id: int
    username: str
    name: str = Field(description="The person's name, as Guild shows it everywhere.")
    first_name: str
    last_name: str
    email: str
    is_staff: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class MeOut(Schema):
    user: UserOut
    profile: DirectoryEntryOut | None = Field(
        description="Null for accounts outside the directory."
    )
    is_hr: bool = Field(description="Whether the caller sees everyone's private details.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to tell them apart.")
    created: datetime.datetime
    last_used_at: datetime.datetime | None


class TokenIn(Schema):
    name: str = Field(max_length=255, description="What the token is for, e.g. `laptop`.")


class TokenCreatedOut(Schema):
    token: TokenOut
    secret: str = Field(description="The token itself. Shown this once; it is not stored.")


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, summary="Who am I")
def me(request):
    profile = directory.profile_of(user=request.user)
    if profile is not None:
        directory.profiles_reveal_private(viewer=request.user, profiles=[profile])
    return {"user": request.user, "profile": profile, "is_hr": directory.viewer_is_hr(request.user)}


@router.get("/tokens", response={200: list[TokenOut], **ERROR_RESPONSES}, summary="My tokens")
@paginate
def tokens_list(request):
    return api_tokens.api_token_list(user=request.user)


@router.post(
    "/tokens", response={201: TokenCreatedOut, **ERROR_RESPONSES}, summary="Create a token"
)
def tokens_create(request, payload: TokenIn):
    token, secret = api_tokens.api_token_create(user=request.user, name=payload.name)
    return Status(201, {"token": token, "secret": secret})


@router.delete("/tokens/{token_id}", response={204: None, **ERROR_RESPONSES}, summary="Revoke")
def tokens_revoke(request, token_id: Id):
    api_tokens.api_token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)
