"""Bar charts as inline SVG, no JavaScript.

Each bar is a small SVG beside an HTML label that states the amount and share, so the text
reflows on a phone and at 200% zoom, and screen readers read the label (the bars are
decorative: ``aria-hidden``). The table beside each chart holds the same figures.
"""

from __future__ import annotations

from generator.formatting import euro
from generator.model import Begrotingspost, Budget
from generator.render.escape import attr

# Dark enough for 3:1 contrast against the page (WCAG 1.4.11 non-text contrast).
_COLOURS = ("#1b5e8c", "#7a3e9d", "#2e6b30", "#9c4a00", "#5b5b5b", "#0f6e6e")


def bronnen(budget: Budget, posten: dict[str, Begrotingspost]) -> str:
    """Where the money comes from: one bar per budget line."""
    rows = [(posten[b.post].naam, b.bedrag) for b in budget.bronnen]
    return bars("Waar komt het wijkbudget vandaan?", rows, budget.totaal)


def bars(
    caption: str,
    rows: list[tuple[str, int]],
    total: int,
    texts: list[str] | None = None,
    colours: list[str] | None = None,
) -> str:
    """A captioned list of labelled bars; widths are shares of ``total``.

    ``texts`` replaces the default labels (name, euros, share); they must be escaped already.
    """
    items = []
    for i, (name, amount) in enumerate(rows):
        share = amount * 100 / total if total else 0
        text = texts[i] if texts else f"{attr(name)}: {euro(amount)} ({round(share)}%)"
        colour = colours[i] if colours else _COLOURS[i % len(_COLOURS)]
        svg = (
            '<svg class="staaf" viewBox="0 0 100 4" preserveAspectRatio="none" '
            'aria-hidden="true" focusable="false">'
            '<rect width="100" height="4" fill="#e6e6e6"/>'
            f'<rect width="{share:.2f}" height="4" fill="{colour}"/></svg>'
        )
        items.append(f"<li><span>{text}</span>{svg}</li>")
    return (
        f'<figure class="staafgrafiek"><figcaption>{attr(caption)}</figcaption>'
        f"<ul>{''.join(items)}</ul></figure>"
    )
