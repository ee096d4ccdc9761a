from hypothesis import given, settings
from hypothesis import strategies as st

from academy.credentials import statuslist
from academy.credentials.models import STATUS_LIST_BITS

indexes = st.sets(st.integers(min_value=0, max_value=STATUS_LIST_BITS - 1), max_size=200)


@settings(max_examples=60, deadline=None)
@given(indexes)
def test_encode_then_decode_gives_back_exactly_the_indexes_set(chosen):
    data = statuslist.empty(STATUS_LIST_BITS)
    for index in chosen:
        data = statuslist.set_bit(data, index, True)
    decoded = statuslist.decode(statuslist.encode(data))
    assert len(decoded) == STATUS_LIST_BITS // 8
    assert statuslist.indexes_set(decoded) == chosen
    assert all(statuslist.get_bit(decoded, index) for index in chosen)


@settings(max_examples=60, deadline=None)
@given(indexes, indexes)
def test_clearing_bits_leaves_only_the_others(first, second):
    data = statuslist.empty(STATUS_LIST_BITS)
    for index in first | second:
        data = statuslist.set_bit(data, index, True)
    for index in second:
        data = statuslist.set_bit(data, index, False)
    assert statuslist.indexes_set(statuslist.decode(statuslist.encode(data))) == first - second


def test_index_zero_is_the_leftmost_bit_and_the_text_is_multibase_base64url():
    data = statuslist.set_bit(statuslist.empty(16), 0, True)
    assert data == b"\x80\x00"
    encoded = statuslist.encode(statuslist.empty(STATUS_LIST_BITS))
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded and "/" not in encoded
