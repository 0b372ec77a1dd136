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
