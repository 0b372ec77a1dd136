"""generator.table_labels: the column names a phone shows in front of each stacked cell."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown

from generator.render.escape import cell
from tests.helpers import ROOT

# The extensions of mkdocs.yml that shape a table, in the order MkDocs loads them.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.escapeall", "generator.table_labels"]

BUDGET = """\
| Potje | Bedrag | Voorwaarden |
| --- | ---: | --- |
| Leefbaarheidsbudget | € 45.000 | Geen |
| **Totaal** | **€ 101.000** | |
"""


def _table(text: str) -> etree.Element:
    html = markdown.markdown(text, extensions=EXTENSIONS)
    return etree.fromstring(f"<root>{html}</root>").find("table")  # type: ignore[return-value]


def test_every_cell_carries_its_column_header() -> None:
    table = _table(BUDGET)
    rows = [
        [(td.get("data-label"), "".join(td.itertext())) for td in tr] for tr in table.iter("tr")
    ]
    assert rows[1] == [
        ("Potje", "Leefbaarheidsbudget"),
        ("Bedrag", "€ 45.000"),
        ("Voorwaarden", "Geen"),
    ]
    assert rows[2][:2] == [("Potje", "Totaal"), ("Bedrag", "€ 101.000")]
    assert [th.get("data-label") for th in table.iter("th")] == [None, None, None]


def test_the_parts_keep_their_table_roles() -> None:
    """Stacked rows are blocks; explicit roles keep them a table for screen readers."""
    table = _table(BUDGET)
    assert table.get("role") == "table"
    assert {part.get("role") for part in table.iter("thead")} == {"rowgroup"}
    assert {part.get("role") for part in table.iter("tbody")} == {"rowgroup"}
    assert {part.get("role") for part in table.iter("tr")} == {"row"}
    assert {part.get("role") for part in table.iter("th")} == {"columnheader"}
    assert {part.get("role") for part in table.iter("td")} == {"cell"}


def test_a_label_is_the_header_as_the_page_shows_it() -> None:
    """Markup and backslash escapes in a header are gone; an empty header gives no label."""
    table = _table(
        '| **Uit** potje \\| 2026 | "Wie" <b>&</b> |  |\n| --- | --- | --- |\n| a | b | c |\n'
    )
    labels = [td.get("data-label") for td in table.iter("td")]
    assert labels == ["Uit potje | 2026", '"Wie" &', None]
    html = markdown.markdown(
        '| "Wie" & <x> |\n| --- |\n| a |\n', extensions=EXTENSIONS, output_format="html"
    )
    assert 'data-label="&quot;Wie&quot; &amp;' in html


def test_a_label_keeps_the_characters_the_generator_escapes() -> None:
    """Headers written by the generator carry < & | as entities; the label shows the characters."""
    names = ["Prijs < 5", "A & B", "Wel | niet", "<script>x</script>"]
    header = "| " + " | ".join(cell(n) for n in names) + " | x \\< y | <b>vet</b> tekst |"
    text = f"{header}\n" + "| --- " * 6 + "|\n" + "| a " * 6 + "|\n"
    labels = [td.get("data-label") for td in _table(text).iter("td")]
    assert labels == [*names, "x < y", "vet tekst"]
    html = markdown.markdown(text, extensions=EXTENSIONS)
    assert 'data-label="&lt;script&gt;x&lt;/script&gt;"' in html  # text, never a tag


def test_the_site_loads_the_extension() -> None:
    """mkdocs.yml names it, so every table on the site is labelled when it is built."""
    config = (ROOT / "mkdocs.yml").read_text()
    extensions = config.split("\nmarkdown_extensions:\n", 1)[1].split("\n\n", 1)[0]
    assert "\n  - generator.table_labels\n" in extensions + "\n"
