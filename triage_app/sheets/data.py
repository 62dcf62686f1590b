"""What an advice sheet says, as plain frozen values: the renderer's only input.

Everything here is already in the words the family reads; nothing is a code to be looked up.
The values carry no more about the family than the sheet prints: a first name at most, never
what they said, the safeguarding answers or an address.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage_app.sheets.wording import SheetWording


@dataclass(frozen=True)
class HubDetails:
    """A Family Hub as the sheet prints it."""

    name: str
    address: str
    phone: str
    directions: str = ""


@dataclass(frozen=True)
class PartnerDetails:
    """A partner service and how to reach it: only confirmed details, else what to ask.

    ``ask`` is printed where there is no confirmed phone number ("Ask your Family Hub for
    the number"), never dressed as a number.
    """

    name: str
    helps_with: str
    phone: str = ""
    web: str = ""
    email: str = ""
    ask: str = ""
    waiting_list: bool = False


@dataclass(frozen=True)
class SheetData:
    """One advice sheet.

    ``hub`` is the family's hub, or ``None`` when the route names none; then the sheet prints
    the Here to Help line and ``all_hubs`` so that the family always has a number to call.
    ``reference`` and ``date_text`` are empty on a blank sheet, whose ``need_label`` names
    the presenting need it gives general guidance for.

    A ``discreet`` sheet (:mod:`triage_app.pathways.discretion`) must not say what the family
    asked for help with: its ``steps`` are the neutral ones of the wording, it has no advice
    or partners, and a blank one does not print ``need_label``; its emergency block adds the
    police's Silent Solution.
    """

    wording: SheetWording
    steps: tuple[str, ...]
    advice: tuple[str, ...] = ()
    partners: tuple[PartnerDetails, ...] = ()
    hub: HubDetails | None = None
    all_hubs: tuple[HubDetails, ...] = ()
    first_name: str | None = None
    reference: str = ""
    date_text: str = ""
    respond_within: str | None = None
    need_label: str | None = None
    large_print: bool = False
    discreet: bool = False

    @property
    def blank(self) -> bool:
        """A general sheet for a presenting need, about no family."""
        return self.need_label is not None
