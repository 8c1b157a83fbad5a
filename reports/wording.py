"""Numbers written the way a Vietnamese official report writes them (text and dates: plan_definition.text)."""

from __future__ import annotations


def percent(rate: float | None) -> str:
    """A rate with a decimal comma, '85,7%'; '—' when there is nothing to divide by."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}".replace(".", ",")
    return text.removesuffix(",0") + "%"
