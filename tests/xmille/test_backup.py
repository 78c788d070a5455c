"""`manage.py backup` and `manage.py restore`: the demo network goes out and comes back (row
counts per model, titles, a revision's content, a workflow state, a user's groups, an image's
bytes); a database with content or an archive from other migrations is refused.

Runs on SQLite and on PostgreSQL (DATABASE_URL). The demo is loaded once for the module,
inside a transaction rolled back at the end, as in test_demo.py."""

import io
import json
import tarfile

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState

import pytest

from events.models import EventPage
from xmille.backup import model_counts

User = get_user_model()


def snapshot() -> dict:
    """What must come back, read through the ORM."""
    event = EventPage.objects.order_by("pk").first()
    revision = event.revisions.latest("pk")
    state = WorkflowState.objects.order_by("pk").first()
    user = User.objects.filter(groups__isnull=False).order_by("pk").first()
    image = get_image_model().objects.order_by("pk").first()
    with image.file.open("rb") as handle:
        image_bytes = handle.read()
    return {
        "counts": model_counts(),
        "titles": sorted(Page.objects.values_list("pk", "title")),
        "revision": (revision.pk, revision.content["title"], revision.content),
        "workflow_state": (
            state.pk,
            state.status,
            state.content_object.title,
            state.requested_by_id,
        ),
        "user_groups": (user.username, sorted(user.groups.values_list("name", flat=True))),
        "image": (image.pk, image.title, image.file.name, image_bytes),
    }


def test_backup_flush_restore_gives_the_same_network(demo, tmp_path):
    event = EventPage.objects.order_by("pk").first()
    workflow = event.get_workflow()
    assert workflow is not None
    workflow.start(event, User.objects.get(username="admin"))
    before = snapshot()
    assert before["counts"]["wagtailcore.workflowstate"] >= 1
    assert before["counts"]["auth.group"]
    assert before["counts"][get_image_model()._meta.label_lower]
    archive = tmp_path / "xmille.tar.gz"

    call_command("backup", str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["counts"] == before["counts"]
    assert {"python", "django", "wagtail", "xmille"} <= set(manifest["versions"])
    assert f"media/{before['image'][2]}" in names

    connection.check_constraints()  # PostgreSQL: no TRUNCATE with the demo's checks pending
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(before["image"][2])
    assert not Page.objects.exists() and not User.objects.exists()

    call_command("restore", str(archive), verbosity=0)

    assert snapshot() == before


def test_restore_refuses_a_database_with_content_unless_forced(demo, tmp_path):
    archive = tmp_path / "xmille.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    User.objects.create_user("nouvelle", password="x")
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore", str(archive), verbosity=0)
    assert User.objects.filter(username="nouvelle").exists()

    call_command("restore", str(archive), force=True, search_index=False, verbosity=0)
    assert not User.objects.filter(username="nouvelle").exists()


@pytest.mark.django_db
def test_restore_refuses_an_archive_from_other_migrations(tmp_path):
    archive = tmp_path / "xmille.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    manifest = json.loads(members["manifest.json"])
    manifest["migrations"]["events"].append("9999_from_the_future")
    members["manifest.json"] = json.dumps(manifest).encode()
    tampered = tmp_path / "future.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(tampered), force=True, verbosity=0)


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"pas une archive")
    with pytest.raises(CommandError, match="n'est pas une sauvegarde Xmille"):
        call_command("restore", str(bogus), verbosity=0)
