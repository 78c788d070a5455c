"""Subtree queries that SQLite can answer from the page-path index.

Every "pages under this one" query in Wagtail (`descendant_of`, the explorer's "has live
descendants?" asked once per row for non-superusers, the agenda's "events under this site")
is `path__startswith`. SQLite writes it `path LIKE 'prefix%'`, and since its LIKE ignores
case it cannot use the (case-sensitive) index: each query reads the whole page table. Paths are
ASCII letters and digits, so the same rows are the range `prefix <= path < prefix + U+10FFFF`,
which the index answers. PostgreSQL keeps Django's LIKE (served by its `varchar_pattern_ops`
index)."""

from django.db.models.lookups import StartsWith

# Above every character a path can hold (0-9, A-Z): the end of a prefix's range.
PATH_RANGE_END = "\U0010ffff"


class PathStartsWith(StartsWith):
    """`path__startswith` as an index range on SQLite, when the prefix is a plain string."""

    def as_sqlite(self, compiler, connection):
        if not isinstance(self.rhs, str):
            return self.as_sql(compiler, connection)
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        sql = f"({lhs_sql} >= %s AND {lhs_sql} < %s)"
        return sql, (*lhs_params, self.rhs, *lhs_params, self.rhs + PATH_RANGE_END)


def register() -> None:
    """Called from the app's ready(): page models share the one `path` field.

    `path__startswith_scan` keeps Django's LIKE, for queries where another index must lead:
    SQLite, without statistics, would otherwise start the agenda's query from the thousands
    of pages of a site rather than from the dates in order."""
    from wagtail.models import Page

    path = Page._meta.get_field("path")
    path.register_lookup(PathStartsWith, "startswith")
    path.register_lookup(StartsWith, "startswith_scan")
