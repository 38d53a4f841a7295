"""Short articles, written for these tests, and the inputs a user could get wrong."""

from __future__ import annotations

LOPEZ = 'Foreign Minister Ana Lopez said that the talks had ended.\n\n"We will sign next year," she added.\n'
BAKER = 'Defence Secretary Tom Baker told reporters the ships would arrive in May.\n\n"The navy is ready," Baker said.\n'
REED = "Navy chief Sam Reed said that the fleet was ready to sail.\n"

RECORD_KEYS = {"id", "source", "title", "published", "url", "text", "ignored", "statements", "entities", "events"}

PAGE = (
    b"<html><head><title>Talks end</title></head><body><article>"
    b"<p>Foreign Minister Ana Lopez said on Monday that the long talks over the border had finally "
    b"ended without an agreement between the two governments.</p>"
    b'<p>"We will sign next year," she added in a statement to the press.</p>'
    b"</article></body></html>"
)
WARC_UUID = "12345678-1234-1234-1234-123456789abc"


def warc_response(html: bytes = PAGE, uri: str = "https://example.com/talks") -> bytes:
    """One WARC/1.0 response record holding an HTTP 200 with ``html``, written out by hand."""
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: " + str(len(html)).encode() + b"\r\n\r\n" + html
    )
    headers = (
        "WARC/1.0\r\n"
        "WARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{WARC_UUID}>\r\n"
        "WARC-Date: 2024-03-05T10:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    )
    return headers.encode() + http + b"\r\n\r\n"
