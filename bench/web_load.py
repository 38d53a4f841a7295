"""Load on the web app: `newsledger serve` on a loopback port, driven by wrk with a mix of the main
pages, for a fixed duration and number of connections.

Builds a ledger of --statements statements the way bench/ledger_queries.py does (or reuses the one
at --keep), serves it with `newsledger serve` exactly as a user would, and drives it with wrk
(Debian: apt-get install -y wrk): 35% searches with filters, 20% entity pages, 20% article pages,
10% the entities list, 15% the events, transfers and articles lists with filters and sorts. Prints requests/s, p50/p95/p99 latency and the error count; exits 1 when
any request failed (a socket error, a timeout or a status other than 200).

    .venv/bin/python bench/web_load.py [--statements 100000] [--keep PATH] [--duration 30] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from newsledger.ledger import Ledger

HERE = Path(__file__).resolve().parent
WORDS = ["sanctions", "missile", "talks", "deliveries", "defence", '"air defence"', "contract", "S-400"]
# The counters live in each wrk thread's own Lua state; done() reads them back through setup's list.
LUA = """
local paths = %(paths)s
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(%(seed)d + id)
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1 else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local c = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(c) do c[name] = c[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "non_2xx_3xx": %%d, "2xx": %%d, "3xx": %%d, "4xx": %%d, "5xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, c.s2, c.s3, c.s4, c.s5))
end
"""


def page_mix(db: Path, seed: int, size: int = 400) -> list[str]:
    """Paths to request, drawn from what the ledger holds: searches with filters, entity pages,
    article pages, the entities list and the other lists, in the proportions 35:20:20:10:15."""
    rng = random.Random(seed)
    with Ledger.open(db, readonly=True) as ledger:
        entities = ledger.entities(limit=60)
        people = [e for e in entities if e.type == "person"] or entities
        keys = sorted({row.article_key for row in ledger.statements(limit=500)})
        dates = sorted({row.article_published for row in ledger.statements(limit=500) if row.article_published})
    if not (entities and keys):
        sys.exit(f"{db}: the ledger has no entities or statements to request")

    def search() -> str:
        params: dict[str, str] = {}
        choice = rng.randrange(5)
        if choice in (0, 3):
            params["q"] = rng.choice(WORDS)
        if choice in (1, 3):
            params["speaker"] = rng.choice(people).name.split()[-1]
        if choice == 2:
            params["entity"] = rng.choice(entities).id
        if dates and (choice == 4 or rng.random() < 0.3):
            params["since"], params["until"] = rng.choice(dates), dates[-1]
        if rng.random() < 0.3:
            params["page"] = str(rng.randint(2, 5))
        return "/?" + urlencode(params) if params else "/"

    def listing() -> str:
        choice = rng.randrange(6)
        if choice == 0:
            return "/events?" + urlencode({"entity": rng.choice(entities).id, "sort": rng.choice(["date", "-date", "type"])})
        if choice == 1:
            return "/events?" + urlencode({"modality": rng.choice(["asserted", "planned"]), "page": rng.randint(1, 3)})
        if choice == 2:
            return "/transfers?" + urlencode({"sort": rng.choice(["recipient", "supplier", "quantity", "year"])})
        if choice == 3:
            return "/articles?" + urlencode({"sort": rng.choice(["date", "-date", "-statements"]), "page": rng.randint(1, 3)})
        if choice == 4 and dates:
            return "/events?" + urlencode({"since": rng.choice(dates), "until": dates[-1]})
        return "/events"

    makers = [
        (35, search),
        (20, lambda: "/entity/" + quote(rng.choice(entities).id, safe=":")),
        (20, lambda: "/article/" + rng.choice(keys)),
        (10, lambda: "/entities?" + urlencode({"q": rng.choice(people).name.split()[-1][:4]}) if rng.random() < 0.5 else "/entities"),
        (15, listing),
    ]
    paths = []
    for weight, make in makers:
        paths.extend(make() for _ in range(size * weight // 100))
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    """`newsledger serve` on 127.0.0.1 (its default), once it accepts connections."""
    command = [str(Path(sys.executable).with_name("newsledger")), "serve", "--db", str(db), "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                sys.exit(f"newsledger serve did not start: {server.stderr.read().decode().strip()}")
            time.sleep(0.1)


def drive(port: int, paths: list[str], duration: int, connections: int, threads: int, seed: int) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed; install it with: apt-get install -y wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        lua_paths = "{" + ", ".join(json.dumps(p) for p in paths) + "}"  # JSON strings are Lua strings here (ASCII, no escapes)
        script.write(LUA % {"paths": lua_paths, "seed": seed})
    try:
        run = subprocess.run(
            [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=duration + 60,
        )
    finally:
        Path(script.name).unlink()
    line = next((l for l in run.stdout.splitlines() if l.startswith("WRK_RESULT ")), None)
    if run.returncode != 0 or line is None:
        sys.exit(f"wrk failed ({run.returncode}): {run.stderr.strip() or run.stdout.strip()}")
    result = json.loads(line.removeprefix("WRK_RESULT "))
    result["requests_per_s"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = result["connect"] + result["read"] + result["write"] + result["timeout"] + result["non_2xx_3xx"] + result["3xx"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000, help="size of the ledger to build")
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the ledger here instead of a temp dir")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="server processes (newsledger serve --workers)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "load.db"
        if not db.exists():
            sys.path.insert(0, str(HERE))
            from ledger_queries import build

            print(f"building a ledger of {args.statements:,}+ statements at {db}", file=sys.stderr)
            total, seconds = build(db, args.statements)
            print(f"built: {total:,} statements in {seconds:.0f} s", file=sys.stderr)
        with Ledger.open(db, readonly=True) as ledger:
            counts = ledger.counts()
        paths = page_mix(db, args.seed)
        port = free_port()
        server = serve(db, port, args.workers)
        try:
            result = drive(port, paths, args.duration, args.connections, args.threads, args.seed)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    result.update(statements=counts["statements"], articles=counts["articles"], duration_s=args.duration, connections=args.connections, paths=len(paths))
    if args.json:
        print(json.dumps(result))
    else:
        print(f"ledger: {counts['articles']:,} articles, {counts['statements']:,} statements; {len(paths)} distinct requests in the mix")
        print(f"{args.connections} connections, {args.threads} wrk threads, {args.duration} s on http://127.0.0.1:{port}")
        print(f"requests: {result['requests']:,} ({result['requests_per_s']:.1f}/s)")
        print(f"latency: p50 {result['p50_us'] / 1000:.1f} ms, p95 {result['p95_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms, max {result['max_us'] / 1000:.1f} ms")
        print(
            f"errors: {result['errors']} (5xx {result['5xx']}, 4xx {result['4xx']}, 3xx {result['3xx']}, connect {result['connect']}, "
            f"read {result['read']}, write {result['write']}, timeout {result['timeout']})"
        )
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
