# The employee import runs as a generic background Job (kind "employee-import") instead of
# its own ImportJob model: one job system, one progress mechanism.

import uuid

from django.db import migrations

EMPLOYEE_IMPORT = "employee-import"
# An import that had not finished was queued as a task that no longer exists: it fails,
# and its owner sees why on its page.
INTERRUPTED = "The import was interrupted by an upgrade of Guild; upload the file again."


def import_jobs_to_jobs(apps, schema_editor):
    ImportJob = apps.get_model("learning", "ImportJob")
    Job = apps.get_model("learning", "Job")
    for old in ImportJob.objects.order_by("pk").iterator():
        finished = old.status in {"done", "failed"}
        if old.status == "done":
            result = {
                "total": old.total_rows,
                "created": old.created_count,
                "updated": old.updated_count,
                "unchanged": old.unchanged_count,
            }
        elif old.status == "failed":
            result = {"problems": old.errors or []}
        else:
            result = {}
        job = Job.objects.create(
            uuid=uuid.uuid4(),
            kind=EMPLOYEE_IMPORT,
            title=old.original_name,
            status=old.status if finished else "failed",
            created_by_id=old.created_by_id,
            params={"stored_path": old.stored_path, "original_name": old.original_name},
            result=result,
            error="" if finished else INTERRUPTED,
            finished_at=old.finished_at if finished else old.created_at,
        )
        # auto_now_add ignores the value given on create.
        Job.objects.filter(pk=job.pk).update(created_at=old.created_at)


def jobs_to_import_jobs(apps, schema_editor):
    ImportJob = apps.get_model("learning", "ImportJob")
    Job = apps.get_model("learning", "Job")
    for job in Job.objects.filter(kind=EMPLOYEE_IMPORT).order_by("pk").iterator():
        result = job.result or {}
        old = ImportJob.objects.create(
            created_by_id=job.created_by_id,
            original_name=job.params.get("original_name", job.title)[:255],
            stored_path=job.params.get("stored_path", ""),
            status=job.status,
            total_rows=result.get("total", 0),
            processed_rows=result.get("total", 0),
            created_count=result.get("created", 0),
            updated_count=result.get("updated", 0),
            unchanged_count=result.get("unchanged", 0),
            errors=result.get("problems", []),
            finished_at=job.finished_at,
        )
        ImportJob.objects.filter(pk=old.pk).update(created_at=job.created_at)
        job.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_job"),
    ]

    operations = [
        migrations.RunPython(import_jobs_to_jobs, jobs_to_import_jobs),
        migrations.DeleteModel(
            name="ImportJob",
        ),
    ]
