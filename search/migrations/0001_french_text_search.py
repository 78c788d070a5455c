"""PostgreSQL's text search configurations of `search.backends` (nothing on other databases):

- `xmille_french`: accents folded (`unaccent`), then French stemming and stop words, for the
  search page ("théâtres" and "theatre" are both "theatr");
- `xmille_simple`: accents folded, no stemming, for the autocomplete's prefixes.

`unaccent` is a trusted extension (PostgreSQL 13+): the database owner may create it."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'xmille_french') THEN
        CREATE TEXT SEARCH CONFIGURATION xmille_french (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION xmille_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'xmille_simple') THEN
        CREATE TEXT SEARCH CONFIGURATION xmille_simple (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION xmille_simple
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS xmille_french;
DROP TEXT SEARCH CONFIGURATION IF EXISTS xmille_simple;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
