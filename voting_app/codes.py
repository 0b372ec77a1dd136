"""Vote codes: random, easy to type, with a check character, stored only as keyed hashes.

A code is 13 random characters from a 30-character alphabet without look-alikes (no 0/O,
1/I/L, no U), i.e. 13 x log2(30) = 63.8 bits from the operating system's CSPRNG, plus one
check character (Luhn mod 30) that catches every single mistyped character and every swap of
two neighbours except 2 <-> Z (868 of the 870 possible swaps). Residents type it as
``ABCD-EFGH-JKMN-PQ``; case, spaces and dashes do not matter. The database keeps only
HMAC-SHA256(key, code), so a copy of the database alone cannot be used to vote.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 13
BITS = RANDOM_CHARS * math.log2(len(ALPHABET))
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


class CodeError(ValueError):
    """A code that cannot be right; the message is Dutch and safe to show a resident."""


def new_code() -> str:
    """A fresh random code with its check character, formatted for a letter."""
    body = random_chars(RANDOM_CHARS)
    return format_code(body + check_char(body))


def random_chars(count: int) -> str:
    """``count`` characters of ``ALPHABET``, each uniform and independent of the others.

    One random number below 30**count written in base 30: the same distribution as
    ``count`` calls of ``secrets.choice``, at a quarter of the cost (a vote draws a receipt).
    """
    number, chars = secrets.randbelow(len(ALPHABET) ** count), []
    for _ in range(count):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


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


# A sealed text starts with this: AES-256-GCM. One without it is of the first kind, which
# this module wrote itself (HMAC-SHA256 in counter mode, then an HMAC tag): still read, so a
# pool or a session from before an upgrade opens, never written any more.
SEALED = "v2."


def seal(key: bytes, text: str, bound_to: str = "") -> str:
    """Encrypt and authenticate ``text``: AES-256-GCM with a key derived from ``key``.

    ``bound_to`` (the round, for a pooled ballot) is authenticated with it but not stored:
    the text opens only for the same ``bound_to``, so a sealed ballot copied into another
    round's pool does not open there.

    Used for ballots waiting in the pool, so the rows written in the same transaction as a
    code's use reveal neither the choices nor the receipt to someone reading the database,
    and for the voter's code in the session cookie. The nonce is 96 random bits: safe for
    far more texts under one key than an installation seals (NIST SP 800-38D: 2^32).
    """
    nonce = secrets.token_bytes(12)
    return SEALED + (nonce + _aead(key).encrypt(nonce, text.encode(), bound_to.encode())).hex()


def unseal(key: bytes, sealed: str, bound_to: str = "") -> str:
    """The text of :func:`seal`; ValueError when it was changed, sealed with another key or
    bound to something else (texts of the first kind were bound to nothing)."""
    if not sealed.startswith(SEALED):
        return _unseal_first_kind(key, sealed)
    raw = bytes.fromhex(sealed[len(SEALED) :])
    try:
        return _aead(key).decrypt(raw[:12], raw[12:], bound_to.encode()).decode()
    except InvalidTag:
        raise ValueError("sealed text does not match the key") from None


@functools.lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    return AESGCM(hashlib.sha256(b"wijkwerk seal " + key).digest())


def _unseal_first_kind(key: bytes, sealed: str) -> str:
    raw = bytes.fromhex(sealed)
    nonce, body, tag = raw[:16], raw[16:-32], raw[-32:]
    expected = hmac.digest(key, b"tag" + nonce + body, "sha256")
    if len(raw) < 48 or not hmac.compare_digest(tag, expected):
        raise ValueError("sealed ballot does not match the code key")
    blocks = (len(body) + 31) // 32
    stream = b"".join(
        hmac.digest(key, b"enc" + nonce + i.to_bytes(4, "big"), "sha256") for i in range(blocks)
    )
    mixed = int.from_bytes(body, "big") ^ int.from_bytes(stream[: len(body)], "big")
    return mixed.to_bytes(len(body), "big").decode()
