"""The postcode form on the home page: 'Zoek uw wijk op postcode', no JavaScript needed.

A static site cannot answer a form, so it is a plain GET form to the voting app, which
reads the same ``postcodes`` from the sources and answers with the wijk (see
``voting_app/wijk_zoeken.py``). Only shown when some wijk lists its postcodes.
"""

from __future__ import annotations

from generator.model import Gemeente
from generator.render.meedoen import STEMMEN_URL

ZOEK_URL = f"{STEMMEN_URL}wijk-zoeken"  # the route in the voting app


def formulier(gemeente: Gemeente) -> list[str]:
    """The form as lines of HTML for a Markdown page; none when no wijk has postcodes."""
    if not any(w.info.postcodes for w in gemeente.wijken):
        return []
    return [
        f'<form class="wijkzoeker" method="get" action="{ZOEK_URL}" role="search" '
        'aria-labelledby="wijkzoeker-kop">',
        '<h3 class="wijkzoeker__kop" id="wijkzoeker-kop">Zoek uw wijk op postcode</h3>',
        '<p class="wijkzoeker__hint" id="wijkzoeker-hint">Bijvoorbeeld: postcode 1234 AB, '
        "huisnummer 12. Het huisnummer mag u leeg laten.</p>",
        '<div class="wijkzoeker__velden">',
        '<p><label for="wijkzoeker-postcode">Postcode</label>'
        '<input id="wijkzoeker-postcode" name="postcode" type="text" autocomplete="postal-code" '
        'maxlength="7" size="8" aria-describedby="wijkzoeker-hint"></p>',
        '<p><label for="wijkzoeker-huisnummer">Huisnummer</label>'
        '<input id="wijkzoeker-huisnummer" name="huisnummer" type="text" inputmode="numeric" '
        'maxlength="10" size="6"></p>',
        '<p><button class="md-button md-button--primary" type="submit">Zoek mijn wijk</button></p>',
        "</div>",
        "</form>",
        "",
    ]
