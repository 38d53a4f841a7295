"""Decoding with a declared charset (an HTML page's or an HTTP header's): UTF-8 first, then the label."""

import pytest

from newsledger.errors import InputError
from newsledger.ingest.decode import decode_text

NOT_UTF8 = "f: not valid UTF-8 (first bad byte at offset 3); convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"


@pytest.mark.parametrize(
    ("data", "declared", "text"),
    [
        (b"caf\xc3\xa9", "iso-8859-1", "café"),  # valid UTF-8 is read as UTF-8 whatever the label
        (b"caf\xe9", "windows-1252", "café"),
        (b"\x80 5", "ISO-8859-1", "€ 5"),  # latin-1 labels mean windows-1252, as in browsers
        (b"\x80 5", "us-ascii", "€ 5"),
        (b"\xcf\xf0\xe8\xe2\xe5\xf2", "windows-1251", "Привет"),
    ],
)
def test_declared_charset_is_used_when_utf8_fails(data, declared, text):
    assert decode_text(data, "f", declared=declared) == text


# undefined and idna raised UnicodeError, a label holding a NUL ValueError (found by the fuzz run of
# issue 25, in a WARC record's HTTP Content-Type); the others are Python codecs, not charsets of a page.
@pytest.mark.parametrize(
    "declared",
    [None, "", "no-such-charset", "base64", "rot13", "utf-16", "undefined", "idna", "punycode", "unicode_escape", "utf\x00-8"],
)
def test_unusable_labels_leave_the_utf8_message(declared):
    with pytest.raises(InputError) as caught:
        decode_text(b"caf\xe9", "f", declared=declared)
    assert str(caught.value) == NOT_UTF8


def test_bytes_the_declared_charset_cannot_decode():
    with pytest.raises(InputError) as caught:
        decode_text(b"caf\xe9 \x81", "f", declared="windows-1252")
    assert str(caught.value) == (
        "f: not valid CP1252 (first bad byte at offset 5); convert it to UTF-8, e.g. iconv -f CP1252 -t UTF-8"
    )
