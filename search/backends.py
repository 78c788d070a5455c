"""Wagtail's database search backend, French-aware: `WAGTAILSEARCH_BACKENDS`' "BACKEND" is
"search.backends" (see the README's "Search" for OpenSearch/Elasticsearch).

Wagtail's database backend (django-modelsearch) picks PostgreSQL's full-text search or SQLite's
FTS5 by the database in use; this module keeps that choice and changes how a visitor's words
become a query, the same on both:

- the words are `search.text.search_terms` (letters and digits only: a quote or an operator
  never breaks the query language; stop words left out; a bounded number of words);
- every word matches the start of words ("expo" finds "exposition", "concert" "concerts"),
  on the search page as in the autocomplete;
- PostgreSQL indexes and queries with the text search configurations made by
  `search/migrations/0001`: "SEARCH_CONFIG" (`xmille_french`: accents folded by `unaccent`, then
  the French Snowball stemmer: "théâtres" and "theatre" are both "theatr") and
  "AUTOCOMPLETE_CONFIG" (`xmille_simple`: accents folded, no stemming, for prefixes of titles);
- SQLite's FTS5 already folds accents (its unicode61 tokenizer); it has no French stemmer, so
  each word is cut to its stem first (`search.text.stem`: "concerts" -> "concert").

After changing a configuration, rebuild the index: `manage.py update_index`."""

from functools import cache

from django.db import connection

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import PlainText

from .text import MIN_PREFIX_LENGTH, search_terms, stem


def _combine(lexemes, operator: str):
    combined = lexemes[0]
    for lexeme in lexemes[1:]:
        combined = combined | lexeme if operator.lower() == "or" else combined & lexeme
    return combined


@cache
def _postgres_backend():
    from django.contrib.postgres.search import SearchQuery

    from modelsearch.backends.database.postgres.postgres import (
        PostgresAutocompleteQueryCompiler,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.database.postgres.query import Lexeme

    class FrenchTsquery:
        def build_tsquery_content(self, query, config=None, invert=False):
            if not isinstance(query, PlainText):
                return super().build_tsquery_content(query, config=config, invert=invert)
            terms = search_terms(query.query_string)
            if not terms:
                return None
            lexemes = [
                Lexeme(term, invert=invert, prefix=len(term) >= MIN_PREFIX_LENGTH) for term in terms
            ]
            # De Morgan, as Wagtail does: an inverted AND is an OR of inverted words.
            operator = query.operator
            if invert:
                operator = "or" if operator.lower() == "and" else "and"
            return SearchQuery(_combine(lexemes, operator), search_type="raw", config=config)

    class SearchQueryCompiler(FrenchTsquery, PostgresSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(FrenchTsquery, PostgresAutocompleteQueryCompiler):
        pass

    class FrenchPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = SearchQueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler

        def __init__(self, params):
            super().__init__(params)
            # Wagtail hard-codes "simple" (no stemming: prefixes of what is typed); ours also
            # folds accents.
            self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", "simple")

    return FrenchPostgresSearchBackend


@cache
def _sqlite_backend():
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class FrenchFts5Query:
        # The autocomplete matches what is typed; the search page, its stems.
        stems = True

        def build_search_query_content(self, query, config=None):
            if not isinstance(query, PlainText):
                return super().build_search_query_content(query, config=config)
            terms = search_terms(query.query_string)
            if not terms:
                return None
            if self.stems:
                terms = [stem(term) for term in terms]
            lexemes = [Lexeme(term, prefix=len(term) >= MIN_PREFIX_LENGTH) for term in terms]
            return SearchQueryExpression(_combine(lexemes, query.operator), config=config)

    class SearchQueryCompiler(FrenchFts5Query, SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(FrenchFts5Query, SQLiteAutocompleteQueryCompiler):
        stems = False

    class FrenchSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = SearchQueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler

    return FrenchSQLiteSearchBackend


def SearchBackend(params):
    """The backend for the database in use (Wagtail's own when neither PostgreSQL nor SQLite
    with FTS5)."""
    if connection.vendor == "postgresql":
        return _postgres_backend()(params)
    backend = database_backend(params)
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):
        return _sqlite_backend()(params)
    return backend
