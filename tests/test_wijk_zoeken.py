"""Residents find their wijk by postcode: the sources' ``postcodes``, their checks, the lookup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import sources
from generator.model.postcode import parse, vraag, zoek
from generator.render.wijkzoeker import ZOEK_URL
from tests.helpers import ROOT, edit

ZOEK = ZOEK_URL  # the home page's form sends residents here
CENTRUM_POSTCODES = "postcodes:\n  - 9990\n  - 9991AA\n  - 9991AB 1-99\n"


def _problems(wijken_dir: Path) -> list[str]:
    """Every problem as staff read it, ``file:line: field: message``, below wijken/."""
    return [
        f"{e.path.relative_to(wijken_dir)}:{e.line}: {e.field}: {e.message}"
        for e in sources.check(wijken_dir)
    ]


# --- the sources -----------------------------------------------------------------------


def test_example_wijken_list_their_postcodes_and_share_one_pc4_by_house_number() -> None:
    g = sources.load(ROOT / "wijken")
    assert all(w.info.postcodes for w in g.wijken)
    claims = {str(p): w.id for w in g.wijken for p in w.info.postcodes}
    assert claims["9991AB 1-99"] == "centrum"
    assert claims["9991AB 100-199"] == "molenwijk"


def test_postcodes_may_be_written_loosely_and_are_kept_in_one_form(wijken_dir: Path) -> None:
    path = wijken_dir / "centrum/wijk.yaml"
    edit(path, CENTRUM_POSTCODES, "postcodes: [9990, 9991 aa, '9991ab  1-99']\n")
    centrum = next(w for w in sources.load(wijken_dir).wijken if w.id == "centrum")
    assert [str(p) for p in centrum.info.postcodes] == ["9990", "9991AA", "9991AB 1-99"]


def test_badly_written_postcodes_are_reported_in_dutch_with_file_and_line(
    wijken_dir: Path,
) -> None:
    path = wijken_dir / "centrum/wijk.yaml"
    typed = 'postcodes:\n  - "0999"\n  - 9991 A\n  - 9991AB 99-1\n'
    line = edit(path, CENTRUM_POSTCODES, typed)
    assert _problems(wijken_dir) == [
        f"centrum/wijk.yaml:{line + 1}: postcodes[1]: '0999' klopt niet. Schrijf een postcode "
        "als 9991 (de hele PC4), 9991AB (de hele PC6) of 9991AB 1-99 (huisnummers 1 tot en "
        "met 99).",
        f"centrum/wijk.yaml:{line + 2}: postcodes[2]: '9991 A' klopt niet. Schrijf een postcode "
        "als 9991 (de hele PC4), 9991AB (de hele PC6) of 9991AB 1-99 (huisnummers 1 tot en "
        "met 99).",
        f"centrum/wijk.yaml:{line + 3}: postcodes[3]: De huisnummers lopen achteruit (99-1). "
        "Zet het laagste nummer eerst: 1-99.",
    ]


def test_an_address_in_two_wijken_is_reported_at_both_places(wijken_dir: Path) -> None:
    molenwijk = wijken_dir / "molenwijk/wijk.yaml"
    line = edit(molenwijk, "[9991AB 100-199,", "[9991AB 90-199, 9990XY,")
    edit(wijken_dir / "beekvliet/wijk.yaml", "postcodes: [9996, 9997]", "postcodes: [9996, 9996AB]")
    found = _problems(wijken_dir)
    assert len(found) == 3, found
    assert found[0].startswith("beekvliet/wijk.yaml:")
    assert found[0].endswith(
        "postcodes[2]: 9996AB staat al eerder in deze lijst (9996). Haal er één weg."
    )
    assert found[1].startswith(
        f"molenwijk/wijk.yaml:{line}: postcodes[1]: 9991AB 90-199 hoort ook bij wijk "
        "Centrum (9991AB 1-99, in centrum/wijk.yaml). Een adres hoort bij één wijk."
    )
    assert found[2].startswith(
        f"molenwijk/wijk.yaml:{line}: postcodes[2]: 9990XY hoort ook bij wijk Centrum (9990,"
    )


_PC6 = st.sampled_from(["9991AB", "9991AC"])
_AREA = st.one_of(
    st.sampled_from(["9991", "9992"]),
    _PC6,
    st.builds(
        lambda pc6, van, n: f"{pc6} {van}-{van + n}", _PC6, st.integers(1, 40), st.integers(0, 40)
    ),
)


@settings(max_examples=60)
@given(_AREA, _AREA)
def test_two_areas_overlap_exactly_when_an_address_is_in_both(a_text: str, b_text: str) -> None:
    a, b = parse(a_text), parse(b_text)
    assert str(a) == a_text
    addresses = [
        (pc4, letters, n)
        for pc4 in ("9991", "9992")
        for letters in ("AB", "AC", "ZZ")
        for n in range(1, 82)
    ]
    both = any(
        a.pc4 == b.pc4 == pc4 and a.holds(letters, n) and b.holds(letters, n)
        for pc4, letters, n in addresses
    )
    assert a.overlaps(b) == b.overlaps(a) == both


def test_the_lookup_is_exact_gives_candidates_or_nothing() -> None:
    wijken = sources.load(ROOT / "wijken").wijken

    def ask(postcode: str, huisnummer: str = "") -> tuple[str | None, list[str]]:
        asked = vraag(postcode, huisnummer)
        assert asked is not None
        found = zoek(wijken, *asked)
        return (found.wijk.id if found.wijk else None), [w.id for w in found.kandidaten]

    assert ask("9992") == ("noorderpark", [])
    assert ask("9992 zz", "1") == ("noorderpark", [])  # a whole PC4: any address in it
    assert ask("9991ab", "12a") == ("centrum", [])
    assert ask("9991 AB", "150") == ("molenwijk", [])
    assert ask("9991AC") == ("molenwijk", [])
    assert ask("9991") == (None, ["centrum", "molenwijk"])
    assert ask("9991AB") == (None, ["centrum", "molenwijk"])
    assert ask("9991AB", "500") == (None, ["centrum", "molenwijk"])  # no range holds 500
    assert ask("1234AB", "1") == (None, [])
    assert vraag("12345") is None
    assert vraag("9991AB", "twaalf") is None


# --- the page in the voting app ----------------------------------------------------------


def _main(page: str) -> str:
    """The page's own content, as text: what a resident reads."""
    content = page[page.index("<main") : page.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", "", content).split())


def test_a_resident_finds_their_wijk(client, project: Path) -> None:
    empty = client.get(ZOEK)
    assert empty.status_code == 200
    assert '<label for="postcode">Postcode</label>' in empty.text

    exact = client.get(ZOEK, query_string={"postcode": "9991 ab", "huisnummer": "12"})
    assert exact.status_code == 200
    assert "Uw adres hoort bij de wijk Centrum." in _main(exact.text)
    assert 'href="/wijken/centrum/"' in exact.text

    split = client.get(ZOEK, query_string={"postcode": "9991", "huisnummer": ""})
    text = _main(split.text)
    assert "Deze postcode ligt in meer dan één wijk." in text
    assert 'href="/wijken/centrum/"' in split.text
    assert 'href="/wijken/molenwijk/"' in split.text
    assert "Vul hieronder ook uw huisnummer in." in text

    unknown = client.get(ZOEK, query_string={"postcode": "1234AB"})
    assert unknown.status_code == 200
    assert "We kennen deze postcode niet." in _main(unknown.text)
    assert 'href="/wijken/' not in unknown.text  # no wijk offered, only the list on the site

    # The app reads the postcodes from the sources as they are now.
    edit(project / "wijken/noorderpark/wijk.yaml", "[9992, 9993]", "[9992, 9993, 9989]")
    added = client.get(ZOEK, query_string={"postcode": "9989"})
    assert "Uw adres hoort bij de wijk Noorderpark." in _main(added.text)

    # Odd input: a Dutch message at the field, never the input back as HTML.
    page = client.get(ZOEK, query_string={"postcode": "<script>alert(1)</script>"})
    assert page.status_code == 422
    assert "<script>alert" not in page.text
    assert "Dit is geen postcode." in _main(page.text)
    assert '<a href="#postcode">' in page.text  # the summary leads to the field
    assert 'aria-describedby="postcode-hint postcode-fout"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert page.text.startswith("<!doctype html>")

    for query in (
        {"postcode": "9" * 10_000},
        {"postcode": "9991AB", "huisnummer": "1" * 10_000},
        {"postcode": "9991AB", "huisnummer": "12\x00<b>"},
        {"postcode": "\u0669\u0669\u0669\u0661"},  # Arabic-Indic digits are no postcode
    ):
        refused = client.get(ZOEK, query_string=query)
        assert refused.status_code == 422, query
        assert len(refused.text) < 5_000  # not shown back
        assert "<b>" not in refused.text
    twice = client.get(f"{ZOEK}?postcode=9992&postcode=%3Cscript%3E&huisnummer=")
    assert twice.status_code == 200
    assert "Noorderpark" in _main(twice.text)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the limit needs no database
def test_searching_is_rate_limited_with_its_own_message(limited_app) -> None:
    client = limited_app().test_client()
    headers = {"X-Forwarded-For": "203.0.113.9"}
    for _ in range(60):
        assert (
            client.get(ZOEK, query_string={"postcode": "9992"}, headers=headers).status_code == 200
        )
    refused = client.get(ZOEK, query_string={"postcode": "9992"}, headers=headers)
    assert refused.status_code == 429
    assert "<h1>Te vaak gezocht</h1>" in refused.text
    assert "stemcode" not in refused.text
    assert client.get(ZOEK, headers=headers).status_code == 200  # the empty form stays open
