"""The full-text structures over search_passage, one kind per database.

SQLite: an FTS5 table with external content (search_passage) kept in step by triggers,
and an fts5vocab table over it (how many passages hold each term).
PostgreSQL: a generated tsvector column (config 'simple': the analyzer already stemmed)
with a GIN index. Heading terms weigh A, title terms B, text terms D.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_passage_fts USING fts5(
        title_terms, heading_terms, body_terms,
        content='search_passage', content_rowid='id'
    )
    """,
    """
    CREATE TRIGGER search_passage_ai AFTER INSERT ON search_passage BEGIN
        INSERT INTO search_passage_fts(rowid, title_terms, heading_terms, body_terms)
        VALUES (new.id, new.title_terms, new.heading_terms, new.body_terms);
    END
    """,
    """
    CREATE TRIGGER search_passage_ad AFTER DELETE ON search_passage BEGIN
        INSERT INTO search_passage_fts(search_passage_fts, rowid, title_terms, heading_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.heading_terms, old.body_terms);
    END
    """,
    """
    CREATE TRIGGER search_passage_au AFTER UPDATE ON search_passage BEGIN
        INSERT INTO search_passage_fts(search_passage_fts, rowid, title_terms, heading_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.heading_terms, old.body_terms);
        INSERT INTO search_passage_fts(rowid, title_terms, heading_terms, body_terms)
        VALUES (new.id, new.title_terms, new.heading_terms, new.body_terms);
    END
    """,
    # How many passages hold each term: lets a query see cheaply that a word is common.
    "CREATE VIRTUAL TABLE search_passage_fts_vocab USING fts5vocab(search_passage_fts, 'row')",
    # Rows that exist already (none on a fresh install) enter the index too.
    "INSERT INTO search_passage_fts(search_passage_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_passage_fts_vocab",
    "DROP TRIGGER IF EXISTS search_passage_au",
    "DROP TRIGGER IF EXISTS search_passage_ad",
    "DROP TRIGGER IF EXISTS search_passage_ai",
    "DROP TABLE IF EXISTS search_passage_fts",
]

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_passage ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(heading_terms, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_passage_vector_gin ON search_passage USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_passage_vector_gin",
    "ALTER TABLE search_passage DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
