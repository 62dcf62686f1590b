"""Use cases, one per module: what a member of staff does, over a session they are given."""
