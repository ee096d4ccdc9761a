"""The Bitstring Status List encoding (W3C Bitstring Status List v1.0): the list is GZIP-compressed and
base64url-encoded without padding, with the multibase prefix "u". Index 0 is the left-most bit of the
first byte. Pure functions: no Django."""

import base64
import gzip
import io

MULTIBASE_BASE64URL = "u"


def empty(bits: int) -> bytes:
    if bits % 8:
        raise ValueError("A status list holds a whole number of bytes.")
    return bytes(bits // 8)


def get_bit(data: bytes, index: int) -> bool:
    if not 0 <= index < len(data) * 8:
        raise IndexError(f"Index {index} is outside a list of {len(data) * 8} entries.")
    return bool(data[index // 8] & (0x80 >> (index % 8)))


def set_bit(data: bytes, index: int, value: bool) -> bytes:
    if not 0 <= index < len(data) * 8:
        raise IndexError(f"Index {index} is outside a list of {len(data) * 8} entries.")
    out = bytearray(data)
    mask = 0x80 >> (index % 8)
    if value:
        out[index // 8] |= mask
    else:
        out[index // 8] &= ~mask & 0xFF
    return bytes(out)


def encode(data: bytes) -> str:
    # mtime=0: the same list always encodes to the same text.
    compressed = gzip.compress(data, mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str, *, max_bytes: int = 16 * 1024 * 1024) -> bytes:
    """The raw list. Raises ValueError for text that is not a multibase base64url GZIP list."""
    if not encoded.startswith(MULTIBASE_BASE64URL):
        raise ValueError("The encoded list does not start with the multibase prefix 'u'.")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
            data = stream.read(max_bytes + 1)
    except (ValueError, OSError, EOFError) as error:
        raise ValueError("The encoded list cannot be decompressed.") from error
    if len(data) > max_bytes:
        raise ValueError("The encoded list is larger than any status list.")
    return data


def indexes_set(data: bytes) -> set[int]:
    return {i * 8 + b for i, byte in enumerate(data) if byte for b in range(8) if byte & (0x80 >> b)}
