"""People directory endpoints: the directory, one person, and the lookup tables.

Who sees what is decided in ``learning.directory``; these views only translate HTTP.
"""

from django.utils.module_loading import import_string
from ninja import Query, Router, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import paginate
from pydantic import Field

from learning import directory
from learning.api import ERROR_RESPONSES
from learning.api.schemas import (
    CalendarDate,
    DirectoryEntryOut,
    LevelOut,
    OrgUnitOut,
    PersonDetailOut,
)
from learning.models import Department, ProjectTeam, Region, Subsidiary
from learning.paging import IdsFirst

router = Router(tags=["people"])

Paginator = import_string(ninja_settings.PAGINATION_CLASS)
paginator = Paginator()


class DirectoryQuery(Schema):
    level: str | None = Field(None, description="Level code, e.g. `manager`.")
    min_level: str | None = Field(None, description="Level code; this level or more senior.")
    max_level: str | None = Field(None, description="Level code; this level or more junior.")
    region: str | None = Field(None, description="Region code.")
    subsidiary: str | None = Field(None, description="Subsidiary code.")
    department: str | None = Field(None, description="Department code.")
    project_team: str | None = Field(None, description="Project team code.")
    manager: str | None = Field(None, description="Employee id of the direct manager.")
    hired_after: CalendarDate | None = Field(None, description="Hired on or after (ISO date).")
    hired_before: CalendarDate | None = Field(None, description="Hired on or before (ISO date).")
    active: bool = Field(True, description="`false` lists people who have left.")
    q: str | None = Field(
        None,
        max_length=100,
        description="Words in the name, employee id or title (and e-mail, for HR).",
    )


class DirectoryPageOut(Schema):
    items: list[DirectoryEntryOut]
    count: int


@router.get(
    "",
    response={200: DirectoryPageOut, **ERROR_RESPONSES},
    summary="Search the people directory",
)
def people_list(
    request,
    filters: Query[DirectoryQuery],
    pagination: Query[Paginator.Input],
):
    """Everyone matching the filters, by name. E-mail and hire date are null unless the
    caller is HR, the person, or one of their managers."""
    queryset = directory.profile_list(
        viewer=request.user, filters=directory.DirectoryFilters(**filters.dict())
    )
    page = paginator.paginate_queryset(IdsFirst(queryset), pagination=pagination, request=request)
    items = list(page["items"])
    directory.profiles_reveal_private(viewer=request.user, profiles=items)
    return {"items": items, "count": page["count"]}


@router.get("/levels", response={200: list[LevelOut], **ERROR_RESPONSES}, summary="The ladder")
@paginate
def levels_list(request):
    directory.directory_access_check(request.user)
    return directory.level_list()


def _org_unit_endpoint(path: str, model, summary: str) -> None:
    def org_units(request):
        directory.directory_access_check(request.user)
        return directory.org_unit_list(model=model)

    # Distinct names keep operation ids and URL names unique.
    org_units.__name__ = f"{model._meta.model_name}_list"
    router.get(path, response={200: list[OrgUnitOut], **ERROR_RESPONSES}, summary=summary)(
        paginate(org_units)
    )


# Declared before the detail route so that these words are never read as employee ids.
for _path, _model, _summary in [
    ("/regions", Region, "Regions"),
    ("/subsidiaries", Subsidiary, "Subsidiaries"),
    ("/departments", Department, "Departments"),
    ("/project-teams", ProjectTeam, "Project teams"),
]:
    _org_unit_endpoint(_path, _model, _summary)


@router.get(
    "/{employee_id}",
    response={200: PersonDetailOut, **ERROR_RESPONSES},
    summary="One person",
)
def people_detail(request, employee_id: str):
    """A person by employee id, with their manager and how many people report to them."""
    return directory.profile_get(viewer=request.user, employee_id=employee_id)
