"""The printed letter with a vote code: one A4 page for a Dutch window envelope.

Pure layout: ``voting_app.letters`` gathers the texts from the sources and calls
:func:`letters_pdf`. The text is set in DejaVu Sans, shipped in ``voting_app/data/fonts``
(licence beside it) and embedded as a subset, so every name prints as written (Ayşe Şahin,
Łukasz Wąsowski, Nguyễn Thị Minh Khai), not as ``?``, and money keeps its € sign.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

import segno
from fpdf import FPDF

from generator.formatting import datum, euro, tijd
from generator.model import Overleg, Stemronde

FONTS = Path(__file__).parent / "data" / "fonts"
FONT = "dejavu"

# The address block sits behind the window of a Dutch window envelope with the window on the
# left (venster links; C5/6 = DL and C5 follow the same norm): the window is 20 mm from the
# left edge and 50 mm from the top of the folded A4, 85 mm wide and 45 mm high. The text
# keeps 4 mm inside it on every side, because a letter moves a little in its envelope.
WINDOW_X, WINDOW_Y, WINDOW_W, WINDOW_H = 20.0, 50.0, 85.0, 45.0
WINDOW_MARGIN = 4.0
LEFT, TEXT_W = 20.0, 170.0  # the text column of the letter itself
QR_W = 38.0
FOOTER_Y = 286.0
SIZES = (11.0, 10.5, 10.0, 9.5, 9.0)  # text sizes in pt, largest first: see _fitting


@dataclass(frozen=True)
class Letter:
    """One letter of a download: its number, its vote code and whom it goes to."""

    number: int
    code: str
    recipient: tuple[str, ...] = ()  # name and address lines, if a CSV was given


@dataclass(frozen=True)
class Afzender:
    """Who sends the letters and where residents get help, as the sources say it."""

    gemeente: str
    datum: dt.date
    telefoon: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class _Texts:
    """What every letter of one download says, and the text size that fits it on the page."""

    wijk_naam: str
    ronde: Stemronde
    url: str
    afzender: Afzender
    op_papier: Sequence[Overleg]
    size: float = SIZES[0]

    _wrapped: dict[tuple[object, ...], list[str]] = field(default_factory=dict, compare=False)

    @property
    def line(self) -> float:
        return self.size * 0.5  # line height in mm: 5.5 mm for 11 pt

    def paragraph(self, pdf: FPDF, width: float, height: float, text: str) -> None:
        """``text`` wrapped to ``width`` from the current x, left-aligned.

        Every letter of a download has the same paragraphs, so each is broken into lines once
        (measuring text in a TrueType font is what makes letters slow) and the lines are reused.
        """
        key = (text, width, pdf.font_family, pdf.font_style, pdf.font_size_pt)
        if key not in self._wrapped:
            lines = pdf.multi_cell(width, height, text, dry_run=True, output="LINES")
            self._wrapped[key] = cast(list[str], lines)  # what output="LINES" gives
        x = pdf.get_x()
        for part in self._wrapped[key]:
            pdf.set_x(x)
            pdf.cell(width, height, part, new_x="LMARGIN", new_y="NEXT")


def letters_pdf(
    wijk_naam: str,
    ronde: Stemronde,
    letters: Iterable[Letter],
    url: str,
    afzender: Afzender,
    op_papier: Sequence[Overleg] = (),
) -> bytes:
    """One A4 page per letter; the QR code opens the ballot with that letter's code filled in."""
    texts = _fitting(_Texts(wijk_naam, ronde, url, afzender, tuple(op_papier)))
    pdf = _document(afzender)
    pdf.set_title(f"Stembrieven {ronde.titel}")
    try:
        for letter in letters:
            _page(pdf, texts, letter)
        return bytes(pdf.output())
    finally:
        _close(pdf)


def code_url(url: str, code: str) -> str:
    """The ballot's address with the code in it, as the QR code carries it."""
    return f"{url}?code={code.replace('-', '')}"


def _document(afzender: Afzender) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, 15, 210 - LEFT - TEXT_W)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_author(afzender.gemeente)
    return pdf


def _fitting(texts: _Texts) -> _Texts:
    """The largest text size at which the letter ends above the footer.

    Only the texts from the sources change the length (the round's title, the meetings), and
    they are the same on every letter, so one trial page per size decides for the download.
    """
    trial = _document(texts.afzender)
    sample = Letter(0, "ABCD-EFGH-JKMN-PQ")
    try:
        for size in SIZES:
            fitted = replace(texts, size=size)
            _page(trial, fitted, sample)
            if trial.get_y() <= FOOTER_Y - 2:
                return fitted
        return replace(texts, size=SIZES[-1])
    finally:
        _close(trial)


def _close(pdf: FPDF) -> None:
    """fpdf2 keeps the font files open (fontTools reads them lazily) until told otherwise."""
    for font in pdf.fonts.values():
        if hasattr(font, "close"):
            font.close()


def _page(pdf: FPDF, texts: _Texts, letter: Letter) -> None:
    pdf.add_page()
    _head(pdf, texts, letter.number)
    _address(pdf, letter.recipient or ("Aan de bewoner",))
    _body(pdf, texts)
    _how_to_vote(pdf, texts, letter.code)
    _paper(pdf, texts)
    _help_and_close(pdf, texts)
    end = pdf.get_y()
    pdf.set_font(FONT, size=8)
    pdf.set_xy(LEFT, FOOTER_Y)
    pdf.cell(TEXT_W, 4, f"Brief {letter.number}. Uw stemcode werkt één keer.")
    pdf.set_y(end)  # where the text ended, for _fitting


def _head(pdf: FPDF, texts: _Texts, number: int) -> None:
    pdf.set_xy(LEFT, 18)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(TEXT_W, 7, texts.afzender.gemeente, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.cell(TEXT_W, 5, f"Wijk {texts.wijk_naam}", new_x="LMARGIN", new_y="NEXT")
    # Behind the window only the address shows; the rest of the letter starts below it.
    pdf.set_xy(LEFT, WINDOW_Y + WINDOW_H + 5)
    rows = [
        ("Datum", datum(texts.afzender.datum)),
        ("Onderwerp", f"Stemmen over {euro(texts.ronde.bedrag)} voor {texts.wijk_naam}"),
        ("Briefnummer", str(number)),
    ]
    for label, value in rows:
        pdf.set_x(LEFT)
        pdf.cell(30, 5, label)
        pdf.cell(TEXT_W - 30, 5, value, new_x="LMARGIN", new_y="NEXT")


def _address(pdf: FPDF, lines: Sequence[str]) -> None:
    """Name and address lines inside the envelope window, smaller when they would not fit."""
    width = WINDOW_W - 2 * WINDOW_MARGIN
    height = WINDOW_H - 2 * WINDOW_MARGIN
    step = min(5.0, height / len(lines))
    y = WINDOW_Y + WINDOW_MARGIN
    for line in lines:
        text = unicodedata.normalize("NFC", line)  # combining accents as one character each
        pdf.set_font(FONT, size=step / 0.5)  # 10 pt on a 5 mm line
        text = _shortened(pdf, text, width)
        pdf.set_xy(WINDOW_X + WINDOW_MARGIN, y)
        pdf.cell(width, step, text)
        y += step


def _shortened(pdf: FPDF, text: str, width: float) -> str:
    """``text``, or the longest start of it with "…" that fits in ``width``.

    Found by halving: measuring one character shorter each time took a minute on a long cell.
    """
    if pdf.get_string_width(text) <= width:
        return text
    fits, too_long = 0, len(text)  # text[:fits] + "…" fits (or fits is 0); text[:too_long] not
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if pdf.get_string_width(text[:middle] + "…") <= width:
            fits = middle
        else:
            too_long = middle
    return text[:fits] + "…"


def _body(pdf: FPDF, texts: _Texts) -> None:
    ronde, line = texts.ronde, texts.line
    pdf.set_xy(LEFT, WINDOW_Y + WINDOW_H + 26)
    pdf.set_font(FONT, "B", texts.size + 4)
    texts.paragraph(pdf, TEXT_W, line + 2, f"Stem mee: {ronde.titel}")
    pdf.ln(1.5)
    pdf.set_font(FONT, size=texts.size)
    pdf.cell(TEXT_W, line, "Beste bewoner,", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    text = (
        f"Bewoners van {texts.wijk_naam} beslissen samen over {euro(ronde.bedrag)}. "
        f"U mag meedoen als u {ronde.minimumleeftijd} jaar of ouder bent. "
        f"U kunt stemmen van {datum(ronde.stemmen.van)} tot en met "
        f"{datum(ronde.stemmen.tot)}. De uitslag staat op {datum(ronde.uitslag)} op de "
        "website. Niemand kan zien wat u stemt."
    )
    texts.paragraph(pdf, TEXT_W, line, text)


def _how_to_vote(pdf: FPDF, texts: _Texts, code: str) -> None:
    """The QR code at the right with the code beside it; then the address to type instead."""
    line = texts.line
    top = pdf.get_y() + 4
    qr = io.BytesIO()
    segno.make(code_url(texts.url, code), error="m").save(qr, kind="png", scale=6, border=2)
    pdf.image(qr, x=LEFT + TEXT_W - QR_W, y=top, w=QR_W)
    column = TEXT_W - QR_W - 6
    pdf.set_xy(LEFT, top)
    pdf.set_font(FONT, "B", texts.size + 1)
    pdf.cell(column, line + 1, "Zo stemt u", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=texts.size)
    scan = "Scan de QR-code met de camera van uw telefoon. Uw stemcode is dan al ingevuld."
    texts.paragraph(pdf, column, line, scan)
    pdf.ln(2)
    pdf.cell(column, line, "Uw stemcode:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("courier", "B", 20)  # monospaced, so every character stands apart
    pdf.cell(column, 10, code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + QR_W) + 3)
    pdf.set_font(FONT, size=texts.size)
    pdf.cell(
        TEXT_W, line, "Lukt scannen niet? Ga dan op internet naar:", new_x="LMARGIN", new_y="NEXT"
    )
    _fitted(pdf, texts.url, TEXT_W, texts.size - 1)  # one line: an address must not break
    pdf.set_font(FONT, size=texts.size)
    pdf.cell(TEXT_W, line, "Typ daar uw stemcode over.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _paper(pdf: FPDF, texts: _Texts) -> None:
    """Where and when to vote on paper: the wijk's meetings in the voting period, if any."""
    if not texts.op_papier:
        return
    line = texts.line
    pdf.set_font(FONT, "B", texts.size)
    pdf.cell(
        TEXT_W,
        line,
        "Liever op papier stemmen? Neem deze brief mee naar:",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FONT, size=texts.size)
    for o in texts.op_papier:
        what = o.titel or o.soort.capitalize()
        when = f"{what}: {datum(o.datum, weekday=True)}, {tijd(o.van, o.tot)}, {o.plaats}"
        pdf.set_x(LEFT + 2)
        pdf.cell(4, line, "•")
        texts.paragraph(pdf, TEXT_W - 6, line, when)
    pdf.ln(2)


def _help_and_close(pdf: FPDF, texts: _Texts) -> None:
    afzender, line = texts.afzender, texts.line
    pdf.set_font(FONT, size=texts.size)
    ways = [f"bel {afzender.telefoon}"] if afzender.telefoon else []
    ways += [f"mail naar {afzender.email}"] if afzender.email else []
    if ways:
        how = " of ".join(ways)
        text = f"Vragen over het stemmen? {how[0].upper()}{how[1:]}."
        texts.paragraph(pdf, TEXT_W, line, text)
    pdf.ln(2)
    pdf.cell(TEXT_W, line, "Met vriendelijke groet,", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(TEXT_W, line, afzender.gemeente, new_x="LMARGIN", new_y="NEXT")


def _fitted(pdf: FPDF, text: str, width: float, size: float) -> None:
    """One bold line of ``text``, in a smaller size when it is too wide for ``width``."""
    pdf.set_font(FONT, "B", size)
    while pdf.get_string_width(text) > width and size > 6:
        size -= 0.5
        pdf.set_font(FONT, "B", size)
    pdf.cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")
