"""Vote codes: enough randomness, easy to type, typos caught, stored only as keyed hashes."""

from __future__ import annotations

import pytest

from voting_app import codes


def test_at_least_60_bits() -> None:
    assert codes.BITS >= 60


def test_codes_avoid_look_alikes_and_carry_a_valid_check() -> None:
    for _ in range(200):
        code = codes.new_code()
        plain = code.replace("-", "")
        assert len(plain) == codes.RANDOM_CHARS + 1
        assert not set(plain) & set("0O1IL")
        assert codes.normalise(code) == plain


def test_codes_differ() -> None:
    assert len({codes.new_code() for _ in range(1000)}) == 1000


def test_every_single_typo_is_caught() -> None:
    code = codes.normalise(codes.new_code())
    for i in range(len(code)):
        for char in codes.ALPHABET:
            if char != code[i]:
                typo = code[:i] + char + code[i + 1 :]
                with pytest.raises(codes.CodeError, match="klopt niet"):
                    codes.normalise(typo)


def test_neighbour_swaps_are_caught_except_2_and_z() -> None:
    caught = missed = 0
    for _ in range(50):
        code = codes.normalise(codes.new_code())
        for i in range(len(code) - 1):
            if code[i] == code[i + 1]:
                continue
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            try:
                codes.normalise(swapped)
            except codes.CodeError:
                caught += 1
            else:
                missed += 1
                assert {code[i], code[i + 1]} == {"2", "Z"}
    assert caught > 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [("ABC", "14 tekens"), ("ABCD-EFGH-JKMN-P0", "geen 0, O"), ("abcd efgh jkmn pq", "klopt niet")],
)
def test_clear_dutch_errors(typed: str, message: str) -> None:
    with pytest.raises(codes.CodeError, match=message):
        codes.normalise(typed)


def test_case_spaces_and_dashes_do_not_matter() -> None:
    code = codes.new_code()
    assert codes.normalise(code.lower().replace("-", " ")) == code.replace("-", "")


def test_keyed_hash_depends_on_the_key() -> None:
    code = codes.normalise(codes.new_code())
    assert codes.keyed_hash(b"a", code) != codes.keyed_hash(b"b", code)
    assert code not in codes.keyed_hash(b"a", code)


def test_a_sealed_text_opens_only_with_its_key_and_unchanged() -> None:
    key = b"a key for the pool, derived from the code key"
    sealed = codes.seal(key, '["3,7", "receipt"]')
    assert sealed.startswith(codes.SEALED)  # AES-256-GCM
    assert "receipt" not in sealed
    assert codes.seal(key, "same text") != codes.seal(key, "same text")  # a new nonce each time
    assert codes.unseal(key, sealed) == '["3,7", "receipt"]'
    changed = sealed[:-2] + ("00" if sealed[-2:] != "00" else "01")
    refused = [(b"another key", sealed, "match"), (key, changed, "match")]
    refused += [(key, "v2.", "[Nn]once"), (key, "zz", "hexadecimal")]
    for wrong_key, text, why in refused:
        with pytest.raises(ValueError, match=why):  # the callers refuse on ValueError
            codes.unseal(wrong_key, text)


def test_a_text_sealed_before_aes_gcm_still_opens() -> None:
    """A pool or a session from before an upgrade: HMAC-SHA256 in counter mode, then a tag."""
    key = b"a key for the first kind of seal"
    first_kind = (
        "5b0a7138205e87418edc9591dbe3c991d395031f0bfea41f32e496666209641bf0f47b2067cc1a63"
        "e4d3349059d55c809a84e2d2ae59852d1fe25557a7ab1e28f6ed"
    )
    assert codes.unseal(key, first_kind) == '["3,7", "receipt"]'
    with pytest.raises(ValueError, match="does not match"):
        codes.unseal(b"another key", first_kind)
    with pytest.raises(ValueError, match="does not match"):
        codes.unseal(key, first_kind[:-2] + "00")
