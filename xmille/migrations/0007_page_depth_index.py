"""An index on Wagtail's pages by (depth, path): "the children of this page" (treebeard's
`depth = n AND path BETWEEN ...`, asked by every menu, the language switcher and the explorer)
read the whole page table without it, 7 to 10 ms per query on PostgreSQL at 50,000 pages,
since a site's path prefix matches a third of the table and depth had no index."""

from django.db import migrations

INDEX = "xmille_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("xmille", "0006_teaser_limit_once"),
        # After the last of Wagtail's own: SQLite rebuilds a table it alters, without this index.
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
