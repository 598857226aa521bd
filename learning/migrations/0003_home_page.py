"""Replace Wagtail's placeholder root child with Guild's home page and point the site at it."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("learning.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="learning")
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Guild",
        draft_title="Guild",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale.pk if locale else None,
        intro="<p>Onboarding and sales enablement for the whole company: cohorts, "
        "mentors, nightly guest sessions and a library of field-tested sales tools.</p>",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.pk, "site_name": "Guild"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("learning.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_directory"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
