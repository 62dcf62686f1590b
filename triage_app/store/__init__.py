"""The database: typed ORM models, engine setup and migrations."""
