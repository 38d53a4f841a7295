"""A mixed input corpus for the batch tests: text files, an HTML page, a JSONL file with bad
lines, and WARC archives (plain and gzipped) with non-HTML records, built from the sample corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"


def sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]


def warc_record(kind: str, uuid: int, block: bytes, content_type: str, uri: str = "") -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{uuid:012x}>",
        "WARC-Date: 2024-03-05T10:11:12Z",
        *([f"WARC-Target-URI: {uri}"] if uri else []),
        f"Content-Type: {content_type}",
        f"Content-Length: {len(block)}",
    ]
    return "\r\n".join(headers).encode() + b"\r\n\r\n" + block + b"\r\n\r\n"


def html_page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>".encode()


def warc_bytes(texts: list[str], compressed: bool) -> bytes:
    """A response per text, each after a request record (which is no article)."""
    records = []
    for i, text in enumerate(texts):
        uri = f"https://news.example/{i}"
        records.append(warc_record("request", 2 * i, f"GET /{i} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode(), "application/http; msgtype=request", uri))
        body = html_page(f"Page {i}", text)
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        records.append(warc_record("response", 2 * i + 1, head + body, "application/http; msgtype=response", uri))
    return b"".join(gzip.compress(r) if compressed else r for r in records)


def build(folder: Path, copies: int = 1) -> Path:
    """Write the corpus into ``folder``; return it. Every article's text is distinct."""
    texts = sample_texts()
    folder.mkdir(parents=True, exist_ok=True)
    for c in range(copies):
        for i, text in enumerate(texts[:6]):
            (folder / f"a{c:02d}_{i:02d}.txt").write_text(f"{text}\nCopy {c}.\n", encoding="utf-8")
    (folder / "page.html").write_bytes(html_page("A page", texts[6]))
    lines = [json.dumps({"id": f"w{i}", "text": f"{t}\nWire {i}.", "published": "2024-05-0{0}".format(1 + i % 9)}) for i, t in enumerate(texts)]
    lines.insert(3, "{not json")
    lines.insert(7, json.dumps({"id": "x", "title": "no text"}))
    lines.insert(9, "")
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(warc_bytes([f"{t}\nCrawled." for t in texts[7:12]], compressed=True))
    (folder / "crawl2.warc").write_bytes(warc_bytes([f"{t}\nCrawled again." for t in texts[:3]], compressed=False))
    return folder
