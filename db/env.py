"""Alembic environment: runs on the connection the application hands it.

The application migrates on open (``triage_app.store.migrate``); ``alembic`` on the command
line is not needed, so there is no alembic.ini and no offline mode.
"""

from alembic import context

from triage_app.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
