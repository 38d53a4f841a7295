"""Coverage-guided fuzz targets (atheris) for the readers and for the extraction of one article.

Run one by hand, for as long as you like:

    python tests/fuzz/targets.py warc_gz /tmp/corpus tests/fuzz/corpus/warc_gz -max_total_time=600

(libFuzzer writes new inputs into the first folder named, so give it a scratch copy first.)
tests/fuzz/test_atheris.py runs a short pass of each with a fixed seed. A target fails (and
atheris reports a crash) when anything other than the documented outcome comes out: a reader
must yield Articles and Problems whose messages are one line naming the source; extraction must
return records or raise InputError, never report that it crashed inside.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["newsledger"]):
    import newsledger.ingest  # noqa: F401  (instrumented before invariants imports it)

from invariants import check_extraction, check_reader_output  # tests/fuzz/invariants.py

# The file name each reader target writes its input to: the suffix picks the reader.
FILE_NAMES = {
    "text": "input.txt",
    "html": "input.html",
    "jsonl": "input.jsonl",
    "jsonl_gz": "input.jsonl.gz",
    "warc": "input.warc",
    "warc_gz": "input.warc.gz",
}
TARGETS = [*FILE_NAMES, "extract"]

_scratch = tempfile.mkdtemp(prefix="newsledger-fuzz-")


def gzipped(data: bytes) -> bytes:
    """The fuzzer's bytes as a gzip file: whole, cut short, or as given (the first byte decides),
    so that both the content and the damaged-gzip paths are explored."""
    if not data:
        return data
    mode, rest = data[0] % 3, data[1:]
    if mode == 0:
        return gzip.compress(rest, mtime=0)
    if mode == 1:
        packed = gzip.compress(rest, mtime=0)
        return packed[: len(packed) * (data[0] % 7 + 1) // 8]
    return rest


def reader_target(name: str):
    path = os.path.join(_scratch, FILE_NAMES[name])
    prepare = gzipped if name.endswith("_gz") else (lambda data: data)

    def test_one_input(data: bytes) -> None:
        with open(path, "wb") as f:
            f.write(prepare(data))
        check_reader_output(path)

    return test_one_input


def extract_target():
    with atheris.instrument_imports(include=["newsledger"]):
        from newsledger.extraction import extract_article
        from newsledger.pipeline import load_pipeline

    load_pipeline()  # once, before the first input

    def test_one_input(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        check_extraction(extract_article, text)

    return test_one_input


def target(name: str):
    return extract_target() if name == "extract" else reader_target(name)


def fuzz(name: str, libfuzzer_args: list[str]) -> None:
    """Fuzz one target in this process; atheris exits it, non-zero on a crash."""
    atheris.Setup([sys.argv[0], *libfuzzer_args], target(name))
    atheris.Fuzz()


def fuzz_each(names: list[str], libfuzzer_args: list[str], corpus_root: str | None) -> int:
    """Fuzz each target in a child forked from this process, so that the imports and the spaCy
    model load once; each child gets ``<corpus_root>/<target>`` as its corpus. Returns how
    many targets crashed."""
    from newsledger.pipeline import load_pipeline

    if "extract" in names:
        load_pipeline()
    crashed = []
    for name in names:
        corpus = [os.path.join(corpus_root, name)] if corpus_root else []
        sys.stdout.flush()
        sys.stderr.flush()
        child = os.fork()
        if child == 0:
            try:
                fuzz(name, [*libfuzzer_args, *corpus])
            finally:
                os._exit(70)  # atheris returned instead of exiting: count it as a failure
        _, status = os.waitpid(child, 0)
        code = os.waitstatus_to_exitcode(status)
        print(f"#### target {name}: exit {code}", flush=True)
        if code != 0:
            crashed.append(name)
    print(f"#### crashed: {', '.join(crashed) or 'none'}", flush=True)
    return len(crashed)


USAGE = f"""usage:
  targets.py TARGET [libFuzzer options] [corpus folders]     fuzz one target
  targets.py --each CORPUS_ROOT [libFuzzer options]          fuzz every target in turn, each
                                                             with CORPUS_ROOT/<target> as its corpus
targets: {", ".join(TARGETS)}"""


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[1] == "--each":
        sys.exit(1 if fuzz_each(TARGETS, argv[3:], argv[2]) else 0)
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(USAGE)
    fuzz(argv[1], argv[2:])


if __name__ == "__main__":
    main(sys.argv)
