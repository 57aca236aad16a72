#!/usr/bin/env python3
"""coopgraph write benchmark: curated updates per second while readers keep reading.

Starts the release server on a fresh database holding the bundled dataset, makes an editor
key, then for a fixed time runs WRITERS threads that each correct one organization's
founding date back and forth (read its version, update with an inferred citation, repeat)
beside READERS threads that send the nested read of bench/cases/nested.graphql. Reports
updates per second, the writers' latency, the readers' requests per second and p50/p99, and
every error (there must be none: a writer's own version is never stale).

    cargo build --release
    python3 bench/writes.py                      # SQLite (a temporary file)
    python3 bench/writes.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Only Python's standard library is used.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "coopgraph")
NESTED = open(os.path.join(ROOT, "bench", "cases", "nested.graphql")).read()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, query, key=None, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(base + "/graphql", body, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", help="admin URL of a PostgreSQL server (default: SQLite)")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--writers", type=int, default=2)
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--binary", default=BINARY, help="the server binary (default: the release one)")
    args = ap.parse_args()
    binary = args.binary
    if not os.path.exists(binary):
        raise SystemExit("build first: cargo build --release")
    tmp = tempfile.mkdtemp(prefix="coopgraph-writes-")
    if args.postgres:
        name = f"bench_writes_{os.getpid()}"
        subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {name}"], check=True)
        url = args.postgres.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite://{tmp}/writes.db?mode=rwc"
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn")
    subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [binary, "keys", "create", "--name", "bench", "--role", "editor"],
        env=env, check=True, capture_output=True, text=True,
    )
    key = made.stdout.split()[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(tmp, "server.log"), "w")
    server = subprocess.Popen([binary, "serve"], env=dict(env, COOPGRAPH_PORT=str(port)),
                              stdout=log, stderr=log)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        run(args, base, key)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.postgres:
            subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE IF EXISTS {name}"])


def run(args, base, key):
    stop = time.monotonic() + args.seconds
    lock = threading.Lock()
    reads, writes, errors = [], [], []

    def reader():
        while time.monotonic() < stop:
            t = time.perf_counter()
            status, body = post(base, NESTED)
            took = (time.perf_counter() - t) * 1000
            with lock:
                if status != 200 or body.get("errors"):
                    errors.append(("read", status, str(body)[:200]))
                reads.append(took)

    def writer(slug):
        flip = False
        while time.monotonic() < stop:
            status, body = post(base, '{ organization(slug: "%s") { version founded } }' % slug)
            version = body["data"]["organization"]["version"]
            founded = "1958" if flip else "1958~"
            flip = not flip
            # each change brings its own citation (a change without a new one is refused)
            q = ('mutation($v: Int!, $f: String!, $n: String!) { updateOrganization(slug: "%s", '
                 'version: $v, input: {founded: $f}, '
                 'cite: [{basis: INFERRED, field: "founded", note: $n}]) { record { version } } }'
                 % slug)
            t = time.perf_counter()
            status, body = post(base, q, key, {"v": version, "f": founded, "n": f"bench {version}"})
            took = (time.perf_counter() - t) * 1000
            with lock:
                if status != 200 or body.get("errors"):
                    errors.append(("write", status, str(body)[:300]))
                else:
                    writes.append(took)

    _, body = post(base, "{ organizations(first: %d) { nodes { slug } } }" % args.writers)
    orgs = [n["slug"] for n in body["data"]["organizations"]["nodes"]]
    threads = [threading.Thread(target=reader) for _ in range(args.readers)]
    threads += [threading.Thread(target=writer, args=(slug,)) for slug in orgs]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    print(f"{args.writers} writers, {args.readers} readers, {took:.0f} s")
    print(f"updates/s        {len(writes) / took:8.1f}   (p50 {percentile(writes, 50):.1f} ms, "
          f"p99 {percentile(writes, 99):.1f} ms)")
    print(f"reads/s (nested) {len(reads) / took:8.1f}   (p50 {percentile(reads, 50):.1f} ms, "
          f"p99 {percentile(reads, 99):.1f} ms)")
    print(f"errors           {len(errors):8d}")
    for e in errors[:5]:
        print("  ", e)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
