"""Vote codes: random, easy to type, with a check character, stored only as keyed hashes.

A code is 13 random characters from a 30-character alphabet without look-alikes (no 0/O,
1/I/L, no U), i.e. 13 x log2(30) = 63.8 bits from the operating system's CSPRNG, plus one
check character (Luhn mod 30) that catches every single mistyped character and every swap of
two neighbours except 2 <-> Z (868 of the 870 possible swaps). Residents type it as
``ABCD-EFGH-JKMN-PQ``; case, spaces and dashes do not matter. The database keeps only
HMAC-SHA256(key, code), so a copy of the database alone cannot be used to vote.
"""

from __future__ import annotations

import hmac
import math
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 13
BITS = RANDOM_CHARS * math.log2(len(ALPHABET))
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


class CodeError(ValueError):
    """A code that cannot be right; the message is Dutch and safe to show a resident."""


def new_code() -> str:
    """A fresh random code with its check character, formatted for a letter."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return format_code(body + check_char(body))


def check_char(body: str) -> str:
    """Luhn mod N: doubles every other character from the right, as in credit card numbers."""
    n = len(ALPHABET)
    total = 0
    for i, char in enumerate(reversed(body)):
        value = _INDEX[char]
        if i % 2 == 0:
            value *= 2
            value = value // n + value % n
        total += value
    return ALPHABET[(n - total % n) % n]


def normalise(typed: str) -> str:
    """The code as stored: upper case, no spaces or dashes; raises CodeError when invalid."""
    code = "".join(typed.split()).replace("-", "").upper()
    if len(code) != RANDOM_CHARS + 1:
        raise CodeError(f"Een stemcode heeft {RANDOM_CHARS + 1} tekens. U typte er {len(code)}.")
    wrong = sorted({c for c in code if c not in _INDEX})
    if wrong:
        shown = ", ".join(repr(c) for c in wrong)
        raise CodeError(
            f"Deze tekens komen niet voor in een stemcode: {shown}. "
            "Een stemcode heeft geen 0, O, 1, I, L of U."
        )
    if check_char(code[:-1]) != code[-1]:
        raise CodeError(
            "Deze stemcode klopt niet. Kijk goed of u alle tekens goed heeft overgetypt."
        )
    return code


def format_code(code: str) -> str:
    """Group in fours for reading: ABCD-EFGH-JKMN-PQ."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def keyed_hash(key: bytes, code: str) -> str:
    """What the database stores for a normalised code."""
    return hmac.digest(key, code.encode(), "sha256").hex()


def seal(key: bytes, text: str) -> str:
    """Encrypt and authenticate ``text``: HMAC-SHA256 in counter mode, then an HMAC tag.

    Used for ballots waiting in the pool, so the rows written in the same transaction as a
    code's use reveal neither the choices nor the receipt to someone reading the database.
    """
    nonce = secrets.token_bytes(16)
    data = text.encode()
    body = _xor(data, _stream(key, nonce, len(data)))
    tag = hmac.digest(key, b"tag" + nonce + body, "sha256")
    return (nonce + body + tag).hex()


def unseal(key: bytes, sealed: str) -> str:
    """The text of :func:`seal`; ValueError when it was changed or sealed with another key."""
    raw = bytes.fromhex(sealed)
    nonce, body, tag = raw[:16], raw[16:-32], raw[-32:]
    expected = hmac.digest(key, b"tag" + nonce + body, "sha256")
    if not hmac.compare_digest(tag, expected):
        raise ValueError("sealed ballot does not match the code key")
    return _xor(body, _stream(key, nonce, len(body))).decode()


def _xor(data: bytes, stream: bytes) -> bytes:
    """``data`` XOR ``stream`` (equal lengths), as one big integer: a ballot is padded to
    1,024 bytes, and a byte at a time in Python took most of a vote's sealing."""
    length = len(data)
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(length, "big")


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    stream = b"".join(
        hmac.digest(key, b"enc" + nonce + i.to_bytes(4, "big"), "sha256") for i in range(blocks)
    )
    return stream[:length]
