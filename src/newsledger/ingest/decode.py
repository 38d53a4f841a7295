"""Turn the bytes of an input into text, or say in one line why they are not text."""

from __future__ import annotations

import codecs

from ..errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # checked first: UTF-32 LE's starts as UTF-16 LE's
SNIFF_BYTES = 8192  # how much of the start of an input the binary check looks at
MAX_CONTROL_SHARE = 0.3  # above this share of control bytes, an input is binary, not text

CONVERT_FIX = "convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"
BINARY_PROBLEM = "looks like a binary file, not text"
BINARY_FIX = "pass .txt, .html, .jsonl or .warc files"
NUL_FIX = "remove the NUL bytes (e.g. tr -d '\\000'), or pass .txt, .html, .jsonl or .warc files"

# Bytes that do not occur in text: C0 controls other than tab, newlines, form feed and escape.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

# Labels that browsers read as windows-1252 (WHATWG Encoding Standard), as Python names them.
_READ_AS_WINDOWS_1252 = {"ascii", "iso8859-1"}
# Python codecs that are no charset of a page: they encode domain names or Python string
# literals, or refuse to decode at all ('undefined'); a page declaring one is read as undeclared.
_NOT_CHARSETS = {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"}


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode ``data`` exactly, newlines and whitespace untouched; raise ``InputError`` if not text.

    A byte-order mark decides the encoding (UTF-8, UTF-16 or UTF-32) and is dropped, so offsets
    index the text after it; the text it gives may hold no NUL character either. Otherwise the
    data must be UTF-8, or else in the ``declared`` charset (an HTML page's or HTTP header's),
    which is only tried when UTF-8 fails.
    """
    if data.startswith(UTF8_BOM):
        check_no_nul(data, source)
        return _decode(data[len(UTF8_BOM) :], "utf-8", source, offset=len(UTF8_BOM))
    wide = bom_encoding(data)
    if wide:
        return _no_nul_character(_decode(data, wide, source), source)  # the codec reads and drops the mark
    check_not_binary(data[:SNIFF_BYTES], source)
    check_no_nul(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    codec = _codec_for(declared)
    if codec is not None and codec != "utf-8":
        return _decode(data, codec, source)
    raise InputError(
        source, f"not valid UTF-8 (first bad byte at offset {utf8_error.start})", CONVERT_FIX, kind="bad_encoding"
    )


def bom_encoding(data: bytes) -> str | None:
    """'utf-32' or 'utf-16' when ``data`` starts with that encoding's byte-order mark."""
    if data.startswith(UTF32_BOMS):
        return "utf-32"
    if data.startswith(UTF16_BOMS):
        return "utf-16"
    return None


def _no_nul_character(text: str, source: str) -> str:
    """``text``, unless it holds a NUL (UTF-16 text with NULs in it, or UTF-32 read as UTF-16)."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(source, f"has a NUL character at character {nul}, so it is not text", NUL_FIX, kind="binary")
    return text


def check_not_binary(sample: bytes, source: str) -> None:
    """Raise ``InputError`` if ``sample`` (the start of an input) is not text."""
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16:
            raise InputError(
                source,
                "looks like UTF-16 text without a byte-order mark",
                f"convert it to UTF-8, e.g. iconv -f {utf16} -t UTF-8",
                kind="bad_encoding",
            )
        raise InputError(source, BINARY_PROBLEM, BINARY_FIX, kind="binary")
    controls = len(sample.translate(None, _TEXT_BYTES))  # deletes the text bytes, keeps the rest
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise InputError(source, BINARY_PROBLEM, BINARY_FIX, kind="binary")


def check_no_nul(data: bytes, source: str) -> None:
    """Raise ``InputError`` at a NUL byte anywhere in ``data``: no text has one, and the binary
    check looks only at the start, so a NUL further on would reach the article's text."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(source, f"has a NUL byte at offset {nul}, so it is not text", NUL_FIX, kind="binary")


def _decode(data: bytes, codec: str, source: str, offset: int = 0) -> str:
    name = "UTF-8" if codec == "utf-8" else codec.upper()
    fix = CONVERT_FIX if codec == "utf-8" else f"convert it to UTF-8, e.g. iconv -f {name} -t UTF-8"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(
            source, f"not valid {name} (first bad byte at offset {err.start + offset})", fix, kind="bad_encoding"
        ) from None
    except UnicodeError as err:  # a codec that fails without saying where
        raise InputError(source, f"cannot be decoded as {name} ({err})", fix, kind="bad_encoding") from None


def _codec_for(label: str | None) -> str | None:
    """The Python text codec for a charset label, or None if Python has no such text codec."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
        b"a".decode(name, "ignore")  # refuses codecs that are not text encodings, such as base64
    except (LookupError, UnicodeError):  # UnicodeError: 'undefined' and 'idna' refuse "ignore"
        return None
    except ValueError:  # a label holding a NUL ("embedded null character"), found by fuzzing
        return None
    if name in _NOT_CHARSETS:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # a page cannot be read to its charset declaration in these; browsers ignore it
    return "cp1252" if name in _READ_AS_WINDOWS_1252 else name


def _utf16_without_bom(sample: bytes) -> str | None:
    """'UTF-16LE' or 'UTF-16BE' when the sample reads as mostly-ASCII UTF-16, else None."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "UTF-16LE"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "UTF-16BE"
    return None
