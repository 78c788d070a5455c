"""Accent- and case-insensitive text matching, the same in Python, SQLite and PostgreSQL.

People type "theatre", "liege" or "Kunstler" for "Théâtre", "Liège" or "Künstler". `fold()`
lowers a text and replaces the accented letters of French, Dutch and German by their base
letter; `Fold()` does the same in SQL (a Python function registered on SQLite connections,
`TRANSLATE(LOWER(...))` on PostgreSQL, no extension needed), so a folded keyword can be
looked for with `__contains`."""

from django.db.models import CharField, Func

ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoa"  # œ and æ fold to their first letter
FOLD_TABLE = str.maketrans(ACCENTED, PLAIN)
SQLITE_FUNCTION = "XMILLE_FOLD"


def fold(text: str | None) -> str:
    return (text or "").lower().translate(FOLD_TABLE)


class Fold(Func):
    """`fold()` of a text expression, in SQL."""

    function = "LOWER"  # other databases: case only
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template=f"TRANSLATE(LOWER(%(expressions)s), '{ACCENTED}', '{PLAIN}')",
            **extra,
        )


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite learns `fold()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
