"""How long each piece of text may be, and which dates make sense: stated once.

The database schema (``triage_app.store.models``), the JSON shape of a request
(``triage_app.domain.wire``), the checks every request passes (``triage_app.domain.checks``)
and the rules loader all read these, so that nothing a request or a rule set carries can
pass validation and then be refused by the database (PostgreSQL enforces a column's length;
SQLite does not, so a desk on SQLite would otherwise never see the problem). A test
compares the validation with the schema for every text column a request writes.
"""

from __future__ import annotations

from datetime import date, timedelta

#: A code from a vocabulary, an action code, a hub code.
CODE = 40
#: A person's or organisation's name, an email address, who did something.
NAME = 200
#: A phone number as typed, with room for an extension or a short note ("07700 900123
#: after 4pm"); a second number or a longer note belongs in the narrative.
PHONE = 40
#: A postcode ("CV6 1HD"; 8 characters at most in the UK), with room for stray spaces.
POSTCODE = 12
#: The family's language ("Polish", "British Sign Language").
LANGUAGE = 80
#: Address and narrative are stored as unbounded text; these bound what one request brings.
ADDRESS = 2000
NARRATIVE = 20000
#: A rule set's version, stored with every route (``request_versions.rules_version``).
RULES_VERSION = 40
#: A rule's ``respond_within`` wording, stored with every route.
RESPOND_WITHIN = 80

#: No date of birth, and no request, before this day.
EARLIEST_DATE = date(1900, 1, 1)
#: How far ahead of this PC's clock a request's ``received_at`` may be: another PC's clock,
#: or an importer's, may run a little fast; more than this is a typing or system error.
CLOCK_SKEW = timedelta(minutes=5)

#: Characters no text column can hold on PostgreSQL.
NUL = "\x00"
