#!/usr/bin/env python3
"""coopgraph benchmark: the release server under load, beside hand-written SQL.

Prepares a PostgreSQL database with `coopgraph generate` (scale 1 by default), starts the
release server pinned to one core, and drives each case with wrk from another core at a fixed
concurrency for a fixed time, several rounds, reporting medians. For the cases that have a
hand-written SQL reference (bench/sql/), it first checks that the SQL returns the same data as
the server, then runs it with `pgbench -n -M prepared` at the same concurrency and time.

    cargo build --release
    python3 bench/run.py                 # PostgreSQL at scale 1; prints the table
    python3 bench/run.py --sqlite        # also the server over SQLite (no SQL reference)
    python3 bench/run.py --record        # also prepends the table to bench/RESULTS.md

Needs wrk, psql and pgbench on PATH (Debian: apt-get install wrk postgresql-client) and a
PostgreSQL server the URL reaches with the right to create databases. Only Python's standard
library is used.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
BINARY = os.path.join(ROOT, "target", "release", "coopgraph")
CLK_TCK = os.sysconf("SC_CLK_TCK")

# name, label, GraphQL file, hand-written SQL file (PostgreSQL only)
CASES = [
    ("slug", "one event by slug", "slug.graphql", "slug.sql"),
    ("nested", "nested 50 events", "nested.graphql", "nested.sql"),
    ("filtered", "filtered + ordered root", "filtered.graphql", None),
    ("first", "first page (20)", "page.graphql", None),
    ("deep", "page 1,000 deep by cursor", "page.graphql", None),
    ("stats", "eventStats by org. country, decade", "stats.graphql", "stats.sql"),
    ("search", "search", "search.graphql", None),
    ("typeahead", "search type-ahead (partial last word)", "typeahead.graphql", None),
    ("lineage", "lineage, chain of 20", "lineage.graphql", None),
]
DEEP_PAGES = 1000

# the issues' targets: (case, what, bound)
TARGETS = [
    ("nested", "req/s ≥ 0.9× SQL", 0.9),
    ("slug", "req/s ≥ 0.4× SQL", 0.4),
    ("stats", "req/s ≥ 0.8× SQL", 0.8),
]
# req/s on PostgreSQL before compiled reads (bench/RESULTS.md, run of fedb76b); the compiled
# path must at least double them
BEFORE_COMPILED = {"filtered": 514, "deep": 3473}
# server CPU per nested request, ms
NESTED_CPU_MS = 2.0
# search req/s on PostgreSQL when issue 14 was filed; the new search must reach 5×
SEARCH_BEFORE = 76
# p50 of a type-ahead search, ms
TYPEAHEAD_P50_MS = 10.0
# SQLite: every case within this factor of its PostgreSQL req/s
SQLITE_FACTOR = 3.0


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(cmd, env=None, **kw):
    return subprocess.run(cmd, env=env, check=True, text=True, capture_output=True, **kw)


def pinned(cpu, cmd):
    """`cmd` pinned to `cpu` with taskset, or as is when pinning is not possible."""
    return ["taskset", "-c", str(cpu)] + cmd if cpu is not None else cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, body):
    req = urllib.request.Request(
        base + "/graphql", data=body.encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def get_text(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode()


def counters(base):
    """The server's request, error and statement counters (see /metrics)."""
    out = {"requests": 0.0, "errors": 0.0, "statements": 0.0}
    for line in get_text(base + "/metrics").splitlines():
        if line.startswith("#"):
            continue
        name, _, value = line.rpartition(" ")
        if name == "coopgraph_graphql_requests_total":
            out["requests"] = float(value)
        elif name.startswith("coopgraph_graphql_errors_total"):
            out["errors"] += float(value)
        elif name == "coopgraph_sql_statements_total":
            out["statements"] = float(value)
    return out


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def reset_peak_rss(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """The release server on a free port, pinned to `cpu`."""

    def __init__(self, database_url, cpu, log_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            COOPGRAPH_PORT=str(self.port),
            COOPGRAPH_LOAD_BUNDLED_DATA="false",
            RUST_LOG=os.environ.get("BENCH_RUST_LOG", "warn"),
        )
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            pinned(cpu, [BINARY, "serve"]), env=env, stdout=self.log, stderr=self.log
        )
        for _ in range(600):
            try:
                get_text(self.base + "/health")
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"the server exited; see {log_path}")
                time.sleep(0.1)
        raise SystemExit(f"the server did not answer /health; see {log_path}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def wrk(args, base, body_path, seconds, cpu):
    env = dict(os.environ, BENCH_BODY=body_path)
    cmd = ["wrk", "-t1", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s"]
    cmd += ["-s", os.path.join(BENCH, "wrk.lua"), base + "/graphql"]
    out = run(pinned(cpu, cmd), env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def server_round(args, server, body_path, cpu):
    pid = server.proc.pid
    reset_peak_rss(pid)
    before, ticks = counters(server.base), cpu_ticks(pid)
    w = wrk(args, server.base, body_path, args.duration, cpu)
    ticks, after = cpu_ticks(pid) - ticks, counters(server.base)
    answered = after["requests"] - before["requests"]
    errors = after["errors"] - before["errors"]
    errors += w["connect"] + w["read"] + w["write"] + w["status"] + w["timeout"]
    return {
        "rps": w["requests"] / (w["duration_us"] / 1e6),
        "p50": w["p50_us"] / 1000,
        "p99": w["p99_us"] / 1000,
        "cpu": ticks / CLK_TCK * 1000 / max(answered, 1),
        "stmts": (after["statements"] - before["statements"]) / max(answered, 1),
        "rss": peak_rss_mb(pid),
        "errors": errors,
    }


def pgbench_round(args, url, sql_path, cpu):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["pgbench", "-n", "-M", "prepared", f"-c{args.connections}", "-j1"]
        cmd += [f"-T{args.duration}", "-l", f"--log-prefix={tmp}/log", "-f", sql_path, url]
        out = run(pinned(cpu, cmd)).stdout
        tps = next(
            float(line.split()[2])
            for line in out.splitlines()
            if line.startswith("tps =")
        )
        failed = next(
            (int(line.split()[-2]) for line in out.splitlines() if "failed" in line and ":" in line),
            0,
        )
        lat = []
        for name in os.listdir(tmp):
            with open(os.path.join(tmp, name)) as f:
                lat += [int(line.split()[2]) for line in f]
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] / 1000 if lat else float("nan")
    return {"rps": tps, "p50": pct(0.50), "p99": pct(0.99), "errors": failed}


def median_of(rounds):
    keys = rounds[0].keys()
    out = {k: statistics.median(r[k] for r in rounds) for k in keys}
    if "rss" in out:
        out["rss"] = max(r["rss"] for r in rounds)
    out["errors"] = sum(r["errors"] for r in rounds)
    return out


def measure(args, label, warm, one_round):
    warm()
    rounds = []
    for i in range(args.rounds):
        rounds.append(one_round())
        log(f"  {label} round {i + 1}: {rounds[-1]['rps']:.0f} req/s")
    return median_of(rounds)


def psql_json(url, sql_path):
    out = run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-f", sql_path, url]).stdout
    return json.loads(out)


def body_of(case_file, variables=None):
    with open(os.path.join(BENCH, "cases", case_file)) as f:
        query = f.read().strip()
    return json.dumps({"query": query, "variables": variables or {}})


def deep_cursor(base):
    """Walks DEEP_PAGES pages of the paged query and returns the cursor of the last."""
    after = None
    for _ in range(DEEP_PAGES):
        page = post(base, body_of("page.graphql", {"after": after}))
        info = page["data"]["events"]["pageInfo"]
        if not info["hasNextPage"]:
            raise SystemExit(f"fewer than {DEEP_PAGES} pages of events: generate a larger scale")
        after = info["endCursor"]
    return after


def prepare_pg(args):
    admin = args.pg_url.rstrip("/") + "/postgres"
    url = args.pg_url.rstrip("/") + "/" + args.database
    if args.skip_prepare:
        return url
    log(f"preparing PostgreSQL database {args.database} at scale {args.scale}, seed {args.seed}")
    run(["psql", "-X", "-q", "-c", f'DROP DATABASE IF EXISTS "{args.database}"', admin])
    run(["psql", "-X", "-q", "-c", f'CREATE DATABASE "{args.database}"', admin])
    generate(url, args)
    return url


def prepare_sqlite(args):
    path = os.path.join(ROOT, "target", "bench", "coopgraph-bench.db")
    url = f"sqlite://{path}?mode=rwc"
    if args.skip_prepare and os.path.exists(path):
        return url
    os.makedirs(os.path.dirname(path), exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    log(f"preparing SQLite database {path}")
    generate(url, args)
    return url


def generate(url, args):
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn", COOPGRAPH_LOAD_BUNDLED_DATA="false")
    run([BINARY, "migrate", "up"], env=env)
    out = run([BINARY, "generate", "--scale", str(args.scale), "--seed", str(args.seed)], env=env)
    log("  " + (out.stdout.strip() or out.stderr.strip()).splitlines()[-1])


def bench_backend(args, backend, url, cpus, tmp):
    server_cpu, load_cpu = cpus
    log(f"{backend}: starting the release server")
    server = Server(url, server_cpu, os.path.join(tmp, f"server-{backend}.log"))
    rows = []
    try:
        bodies = {}
        for name, _, case_file, _ in CASES:
            if name in args.cases:
                bodies[name] = body_of(case_file)
        if "deep" in bodies:
            log(f"{backend}: walking {DEEP_PAGES} pages for the deep cursor")
            bodies["deep"] = body_of("page.graphql", {"after": deep_cursor(server.base)})
        for name, label, _, sql_file in CASES:
            if name not in bodies:
                continue
            body_path = os.path.join(tmp, f"{name}.json")
            with open(body_path, "w") as f:
                f.write(bodies[name])
            answer = post(server.base, bodies[name])
            if answer.get("errors") or not answer.get("data"):
                raise SystemExit(f"{name}: the server answered {json.dumps(answer)[:500]}")
            sql = None
            if sql_file and backend == "postgres":
                sql_path = os.path.join(BENCH, "sql", sql_file)
                if psql_json(url, sql_path) != answer["data"]:
                    raise SystemExit(f"{name}: the SQL reference's data differs from the server's")
                log(f"{name}: the SQL reference returns the same data")
                sql = measure(
                    args,
                    f"{name} SQL",
                    lambda: pgbench_warm(args, url, sql_path, load_cpu),
                    lambda: pgbench_round(args, url, sql_path, load_cpu),
                )
            srv = measure(
                args,
                name,
                lambda: wrk(args, server.base, body_path, args.warmup, load_cpu),
                lambda: server_round(args, server, body_path, load_cpu),
            )
            rows.append((backend, name, label, srv, sql))
    finally:
        server.stop()
    return rows


def pgbench_warm(args, url, sql_path, cpu):
    cmd = ["pgbench", "-n", "-M", "prepared", f"-c{args.connections}", "-j1"]
    run(pinned(cpu, cmd + [f"-T{args.warmup}", "-f", sql_path, url]))


def table(rows):
    head = "| db | case | req/s | p50 ms | p99 ms | CPU ms/req | SQL stmts/req | peak RSS MB | errors | SQL req/s | SQL p50 ms | ratio |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for backend, _, label, s, sql in rows:
        ref = (
            f"{sql['rps']:,.0f} | {sql['p50']:.2f} | **{s['rps'] / sql['rps']:.2f}×**"
            if sql
            else "— | — | —"
        )
        lines.append(
            f"| {backend} | {label} | {s['rps']:,.0f} | {s['p50']:.2f} | {s['p99']:.2f} | "
            f"{s['cpu']:.2f} | {s['stmts']:.1f} | {s['rss']:.1f} | {s['errors'] + (sql['errors'] if sql else 0):.0f} | {ref} |"
        )
    return "\n".join(lines)


def verdicts(rows):
    by = {(b, n): (s, sql) for b, n, _, s, sql in rows}
    out = []
    for name, what, bound in TARGETS:
        if ("postgres", name) in by and by[("postgres", name)][1]:
            s, sql = by[("postgres", name)]
            ratio = s["rps"] / sql["rps"]
            out.append((f"{name}: {what}", f"{ratio:.2f}×", ratio >= bound))
    if ("postgres", "deep") in by and ("postgres", "first") in by:
        ratio = by[("postgres", "deep")][0]["p50"] / by[("postgres", "first")][0]["p50"]
        out.append(("deep page p50 ≤ 1.2× first page p50", f"{ratio:.2f}×", ratio <= 1.2))
    if ("postgres", "nested") in by:
        rss = by[("postgres", "nested")][0]["rss"]
        out.append(("peak RSS under the nested load < 100 MB", f"{rss:.1f} MB", rss < 100))
        cpu = by[("postgres", "nested")][0]["cpu"]
        out.append((f"server CPU per nested request ≤ {NESTED_CPU_MS:g} ms", f"{cpu:.2f} ms", cpu <= NESTED_CPU_MS))
    for name, before in BEFORE_COMPILED.items():
        if ("postgres", name) in by:
            ratio = by[("postgres", name)][0]["rps"] / before
            out.append((f"{name}: req/s ≥ 2× before compiled reads ({before:,})", f"{ratio:.2f}×", ratio >= 2))
    if ("postgres", "search") in by:
        ratio = by[("postgres", "search")][0]["rps"] / SEARCH_BEFORE
        out.append((f"search: req/s ≥ 5× before issue 14 ({SEARCH_BEFORE})", f"{ratio:.2f}×", ratio >= 5))
    for backend in ("postgres", "sqlite"):
        if (backend, "typeahead") in by:
            p50 = by[(backend, "typeahead")][0]["p50"]
            out.append((f"{backend} type-ahead p50 ≤ {TYPEAHEAD_P50_MS:g} ms", f"{p50:.2f} ms", p50 <= TYPEAHEAD_P50_MS))
    for (backend, name), (s, _) in sorted(by.items()):
        if backend == "sqlite" and ("postgres", name) in by:
            pg = by[("postgres", name)][0]["rps"]
            factor = pg / s["rps"] if s["rps"] else float("inf")
            out.append((f"sqlite {name}: within {SQLITE_FACTOR:g}× of PostgreSQL req/s", f"{factor:.2f}×", factor <= SQLITE_FACTOR))
    errors = sum(s["errors"] + (sql["errors"] if sql else 0) for _, _, _, s, sql in rows)
    out.append(("no error responses", f"{errors:.0f}", errors == 0))
    return out


def machine(url):
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    pg = run(["psql", "-X", "-At", "-c", "SHOW server_version", url]).stdout.strip()
    return f"{model}, {os.cpu_count()} cores, {mem:.0f} GiB, Linux {platform.release()}, PostgreSQL {pg}"



def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="generator scale (default 1)")
    p.add_argument("--seed", type=int, default=1, help="generator seed; the case files assume 1")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432", help="server URL without a database")
    p.add_argument("--database", default="coopgraph_bench", help="database to (re)create")
    p.add_argument("--sqlite", action="store_true", help="also bench the server over SQLite")
    p.add_argument("--skip-prepare", action="store_true", help="reuse the databases of an earlier run")
    p.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    p.add_argument("--duration", type=int, default=10, help="seconds per round (default 10)")
    p.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per case (default 3)")
    p.add_argument("--rounds", type=int, default=3, help="rounds per case; the median is reported")
    p.add_argument("--cases", default=",".join(c[0] for c in CASES), help="comma-separated case names")
    p.add_argument("--record", action="store_true", help="prepend the table to bench/RESULTS.md")
    args = p.parse_args()
    args.cases = set(args.cases.split(","))
    for tool in ("wrk", "psql", "pgbench"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not on PATH (Debian: apt-get install wrk postgresql-client)")
    if not os.access(BINARY, os.X_OK):
        raise SystemExit(f"{BINARY} is missing: run `cargo build --release` first")
    ncpu = len(os.sched_getaffinity(0))
    cpus = (None, None)
    if ncpu >= 2 and shutil.which("taskset"):
        cores = sorted(os.sched_getaffinity(0))
        cpus = (cores[0], cores[-1])
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare_pg(args)
        rows = bench_backend(args, "postgres", url, cpus, tmp)
        if args.sqlite:
            rows += bench_backend(args, "sqlite", prepare_sqlite(args), cpus, tmp)
    report = [table(rows), ""]
    report += [f"- {'met' if ok else '**missed**'}: {what} ({value})" for what, value, ok in verdicts(rows)]
    text = "\n".join(report)
    print(text)
    log(f"done in {time.time() - started:.0f} s")
    if args.record:
        record(args, text, cpus, url)


def record(args, text, cpus, url):
    path = os.path.join(BENCH, "RESULTS.md")
    rev = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "migrations", "bench"]).stdout.strip()
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    command = "python3 bench/run.py " + " ".join(sys.argv[1:])
    pin = f"server on CPU {cpus[0]}, wrk/pgbench on CPU {cpus[1]}" if cpus[0] is not None else "no pinning"
    section = (
        f"## {when}, {rev}{' (uncommitted changes)' if dirty else ''}\n\n"
        f"Machine: {machine(url)}. {pin}; PostgreSQL unpinned.\n"
        f"Command: `{command}` (scale {args.scale:g}, seed {args.seed}, {args.connections} connections, "
        f"{args.rounds} rounds of {args.duration} s after {args.warmup} s of warm-up; medians).\n\n"
        f"{text}\n\n"
    )
    head, marker = "", "<!-- runs: newest first -->\n"
    old = open(path).read() if os.path.exists(path) else ""
    if marker in old:
        head, old = old.split(marker, 1)
        head += marker
    with open(path, "w") as f:
        f.write(head + section + old)
    log(f"recorded in {path}")


if __name__ == "__main__":
    main()
