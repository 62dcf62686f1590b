"""Synthetic form values for the window's tests (no real person)."""

from __future__ import annotations

from typing import Any

from ui.capture.reading import empty_child, empty_values


def child(first: str, last: str, born: str, **extra: Any) -> dict[str, Any]:
    return {**empty_child(), "first_name": first, "last_name": last, "born": born, **extra}


def complete_values(**changes: Any) -> dict[str, Any]:
    """A request that can be saved as it is: a self-referral about money worries."""
    values = empty_values()
    values.update(
        contact_method="telephone",
        source="self_referral",
        needs=["money_debt"],
        consent="given",
        narrative="Behind on rent and worried.",
        answers={
            "immediate_danger": False,
            "significant_harm": False,
            "domestic_abuse_high_risk": False,
        },
    )
    values["family"].update(first_name="Ann", last_name="Testcase", postcode="CV6 1HD")
    values["children"] = [child("Lily", "Testcase", "03/11/2019")]
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(values.get(key), dict):
            values[key] = {**values[key], **value}
        else:
            values[key] = value
    return values
