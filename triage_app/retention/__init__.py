"""Retention and erasure: removing what the service no longer needs, and proving it did.

``policy`` says how long each kind of record is kept; ``cleanup`` finds and removes what is
past it (a dry run only counts); ``erasure`` removes one request's personal data while keeping
its statistical codes. Both are audited. ``docs/information-governance.md`` explains them for
the council's information governance lead.
"""
