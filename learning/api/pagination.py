"""The API's one pagination: ``?page=`` and ``?page_size=``, both bounded in the schema.

Ninja's own ``PageNumberPagination`` leaves ``page`` unbounded, so ``?page=2**63`` becomes an
offset past what the database can hold and crashes the request, and it quietly clamps a
``page_size`` over the maximum. ``NINJA_PAGINATION_CLASS`` names this class, so every
router that paginates (with ``@paginate`` or ``Paginator.Input``) gets the bounds.
"""

from ninja import Field, Schema
from ninja import pagination as ninja_pagination
from ninja.conf import settings as ninja_settings

from learning.api.schemas import COUNT_MAX


class PageNumberPagination(ninja_pagination.PageNumberPagination):
    class Input(Schema):
        # COUNT_MAX pages of the largest size stay far below the databases' largest offset.
        page: int = Field(1, ge=1, le=COUNT_MAX)
        page_size: int | None = Field(None, ge=1, le=ninja_settings.PAGINATION_MAX_PER_PAGE_SIZE)
