#!/usr/bin/env python3
"""coopgraph hostile requests: what each one costs the server, one request at a time.

For each dataset it starts the server on a fresh database: the bundled dataset (an empty
database that the server fills when it starts) and synthetic data at scale 0.1 (`coopgraph
generate --scale 0.1 --seed 1` first). It warms the server up with a few ordinary queries,
then sends a corpus of hostile requests one at a time, each built here from a shape in the
issue. After each request it waits until the server's CPU time stops moving (work that goes on
after the client gave up counts too) and prints one row. Last, four slow readers ask for a big
answer and read nothing for 5 s, to show the memory such answers hold, on a fresh server: once
with an answer of a few MB (bundled data) that a budget may allow, then with aliased-long-text.

    cargo build --release
    python3 bench/hostile.py                        # SQLite, both datasets; exit 1 if a target fails
    python3 bench/hostile.py --dataset bundled --binary target/debug/coopgraph
    python3 bench/hostile.py --postgres postgres://postgres@127.0.0.1:5432   # scratch database
    python3 bench/hostile.py --rate-limit --json    # rate limiting on; results as JSON

Columns: `status` is the HTTP status, or `reset` (the connection closed or was reset before an
answer) or `timeout` (no answer in 30 s). `code` is `errors[0].extensions.code` of a JSON body,
else `-`. `cpu ms` is the server's utime + stime (/proc/PID/stat, in ticks of 10 ms) from just
before the request until the server is idle again. `rss MB` is VmRSS before → after. `peak
+MB` is VmHWM after the request minus VmRSS before it: VmHWM is reset to the current RSS
through /proc/PID/clear_refs before each request; where that is not allowed it is a lifetime
peak, the column only shows growth above the earlier peak and is marked `~`. Memory that an
earlier request freed but the allocator kept is reused without growing RSS, so after a big
request the column understates (on a server whose RSS stays flat, it is exact). `bytes` is the
response body (for an export: until it ended, the server cut it, or the client gave up after
10 s), `wall ms` the client's time. `ok` says whether the row meets the targets (`base`: an ordinary request,
for comparison, not judged); `note` says why not, or what else was seen.

Targets, from the issue: every hostile request refused or bounded, with server CPU < 50 ms and
peak RSS growth < 20 MB; resident memory after the corpus within 20 MB of before (judged after a
2 s pause). "Refused or bounded" means an answer that ends, no 5xx, and where the request names
one, the refusal expected: an HTTP status (415, 400, 413), or `refuse` (a 4xx, or an error code
other than INTERNAL). The rate burst's CPU is judged per request; with `--rate-limit` it must
meet 429s. The slow readers are reported, not judged. Server logs are kept (the path is printed
at the end). Only Python's standard library is used; Linux only (/proc).
"""

import argparse
import base64
import json
import math
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "coopgraph")
CLK_TCK = os.sysconf("SC_CLK_TCK")
TIMEOUT = 30  # seconds per request
EXPORT_WINDOW = 10  # seconds an export is read before the client gives up
SETTLE_LIMIT = 180  # seconds to wait for the server to be idle again
CPU_BUDGET_MS, RSS_BUDGET_MB = 50, 20
RATE_LIMIT_ENV = {"COOPGRAPH_RATE_LIMIT_PER_SECOND": "50", "COOPGRAPH_RATE_LIMIT_BURST": "100"}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(cmd, env=None):
    return subprocess.run(cmd, env=env, check=True, text=True, capture_output=True, timeout=600)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the server process, seen through /proc -------------------------------------------------

def cpu_ms(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
    except OSError:  # the server is gone
        return math.nan
    return (int(fields[11]) + int(fields[12])) * 1000 / CLK_TCK  # utime + stime


def mem_mb(pid, key):
    """VmRSS or VmHWM of the process in MiB; NaN once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def reset_peak(pid):
    """Resets VmHWM to the current RSS; False where that is not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def settle(pid, quiet=0.3, limit=SETTLE_LIMIT):
    """Waits until the server's CPU time has not moved for `quiet` s; False if still busy at `limit`."""
    end, last, still = time.monotonic() + limit, cpu_ms(pid), time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.1)
        now = cpu_ms(pid)
        if math.isnan(now):
            return True
        if now != last:
            last, still = now, time.monotonic()
        elif time.monotonic() - still >= quiet:
            return True
    return False


class Server:
    """The server binary on a free port; its output in `log_path`."""

    def __init__(self, binary, database_url, log_path, extra_env):
        self.port, self.log_path = free_port(), log_path
        env = dict(os.environ, DATABASE_URL=database_url, COOPGRAPH_PORT=str(self.port),
                   RUST_LOG=os.environ.get("HOSTILE_RUST_LOG", "info,sqlx=warn"),
                   RUST_BACKTRACE="0", **extra_env)  # printing a backtrace costs 100+ MB of RSS
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([binary, "serve"], env=env, stdout=self.log, stderr=self.log)
        self.pid, deadline = self.proc.pid, time.monotonic() + 120
        while exchange(self.port, http("GET", "/health"), timeout=2)["status"] != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"the server did not start; see {log_path}")
            time.sleep(0.1)

    def log_size(self):
        return os.path.getsize(self.log_path)

    def log_since(self, offset):
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            return re.sub(r"\x1b\[[0-9;]*m", "", f.read().decode("utf-8", "replace"))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


# --- HTTP over a raw socket: any header, any byte, and a verdict when the connection dies ---

def http(method, path, body=b"", content_type="application/json"):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if method == "POST":
        head += f"Content-Type: {content_type}\r\n" if content_type else ""
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def dechunk(data):
    """The body of a chunked response, and whether its last chunk arrived."""
    out, i = bytearray(), 0
    while (j := data.find(b"\r\n", i)) >= 0:
        try:
            size = int(data[i:j].split(b";")[0], 16)
        except ValueError:
            break
        if size == 0:
            return bytes(out), True
        out += data[j + 2 : j + 2 + size]
        i = j + 4 + size
    return bytes(out), False


def parse(buf, eof):
    """(status or None before the headers, body, whether the body is complete)."""
    head, sep, body = bytes(buf).partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"HTTP/"):
        return None, b"", False
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    status = int(lines[0].split()[1])
    if "chunked" in headers.get("transfer-encoding", ""):
        return (status,) + dechunk(body)
    if "content-length" in headers:
        return status, body, len(body) >= int(headers["content-length"])
    return status, body, eof


def exchange(port, raw, timeout=TIMEOUT):
    """Sends `raw`, reads the answer until it is complete or the server closes, for at most
    `timeout` s. Sending and reading interleave, so an early answer (413) is read even when the
    server stops reading the upload."""
    start, buf, sent, how, need = time.monotonic(), bytearray(), 0, "eof", None
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return {"status": "reset", "body": b"", "ended": False, "how": "reset", "wall_ms": 0.0}
    with s:
        s.setblocking(False)
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                how = "timeout"
                break
            readable, writable, _ = select.select([s], [s] if sent < len(raw) else [], [], min(left, 0.5))
            if writable:
                try:
                    sent += s.send(raw[sent : sent + 65536])
                except OSError:
                    sent = len(raw)  # the server stopped reading; its answer may be waiting
            if readable:
                try:
                    chunk = s.recv(1 << 20)
                except OSError:
                    how = "reset"
                    break
                if not chunk:
                    break
                buf += chunk
                if need is None and (end := buf.find(b"\r\n\r\n")) >= 0:
                    m = re.search(rb"(?im)^content-length:\s*(\d+)", buf[:end])
                    need = end + 4 + int(m.group(1)) if m else -1
                if need is not None and (0 <= need <= len(buf) or buf.endswith(b"\r\n0\r\n\r\n")):
                    how = "complete"  # a whole body (or last chunk), whether or not the server closes
                    break
    status, body, ended = parse(buf, how in ("eof", "complete"))
    if status is None:
        status = "timeout" if how == "timeout" else "reset"
    return {"status": status, "body": body, "ended": ended and how != "reset", "how": how,
            "wall_ms": (time.monotonic() - start) * 1000}


def error_code(body):
    """`errors[0].extensions.code` of a JSON body, else `-`."""
    if body[:1] not in (b"{", b"["):
        return "-"
    if len(body) < 16 << 20:
        try:
            errors = json.loads(body).get("errors") or [{}]
            return str((errors[0].get("extensions") or {}).get("code") or "-")
        except (ValueError, AttributeError):
            pass
    m = re.search(rb'"errors"\s*:\s*\[', body)  # a big or broken body: the first code after it
    m = m and re.search(rb'"code"\s*:\s*"([^"]*)"', body[m.end() : m.end() + 100000])
    return m.group(1).decode() if m else "-"


def gql(query, variables=None, operation=None):
    body = {"query": query}
    if variables is not None:
        body["variables"] = variables
    if operation is not None:
        body["operationName"] = operation
    return json.dumps(body).encode()


def post(body, content_type="application/json"):
    return http("POST", "/graphql", body, content_type)


# --- the corpus -----------------------------------------------------------------------------

def aliases(n, field):
    return "{ " + " ".join(f"a{i}: {field}" for i in range(n)) + " }"


LONG_TEXT = aliases(100, "citations(first: 100) { nodes { quote note document { fileName text } } }")
NESTED_TEXT = ("{ citations(first: 100) { nodes { document { text "
               "quotations(first: 100) { nodes { quote document { text } } } } } } }")
INTROSPECTION = ("fragment S on __Schema { types { name fields { name type { name kind "
                 "ofType { name kind } } } } } " + aliases(200, "__schema { ...S }"))
STATS = ("query($c: String) { eventStats(groupBy: [DECADE], first: 5, after: $c) "
         "{ nodes { count key { decade } } } }")
# `$after` must be used (validation refuses an unused variable): here by an alias, not by the root
EXPORT_STUCK = ("query($after: String) { events(first: 2) { nodes { slug title } pageInfo { hasNextPage "
                "endCursor } } other: events(first: 1, after: $after) { nodes { slug } } }")
EXPORT_NORMAL = ("query($after: String) { events(first: 100, after: $after) { nodes { slug title } "
                 "pageInfo { hasNextPage endCursor } } }")
# the slow readers' requests, in this order: one of a few MB that a budget may allow, the hostile one
SLOW_BODIES = {"2 × citations(first: 100) with text":
               aliases(2, "citations(first: 100) { nodes { quote document { text } } }"),
               "aliased-long-text": LONG_TEXT}


def doubling(levels):
    frags = ["fragment F0 on Query { datasetCounts { table count } }"]
    frags += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"query {{ ...F{levels} }} " + " ".join(frags)


def forged_cursor(real, value):
    """`real` with every JSON number inside replaced by the literal `value`, encoded as `real`
    was (alphabet and padding); None if it holds no number."""
    alt = None if "+" in real or "/" in real else b"-_"
    text = base64.b64decode(real + "=" * (-len(real) % 4), altchars=alt).decode("utf-8", "replace")
    token = r'"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)'  # a JSON string, or a number
    if not any(m.group(1) for m in re.finditer(token, text)):
        return None
    text = re.sub(token, lambda m: value if m.group(1) else m.group(0), text)
    enc = base64.b64encode(text.encode(), altchars=alt).decode()
    return enc if real.endswith("=") else enc.rstrip("=")


def stats_cursor(port):
    reply = exchange(port, post(gql("{ eventStats(groupBy: [DECADE], first: 5) { pageInfo { endCursor } } }")))
    try:
        return json.loads(reply["body"])["data"]["eventStats"]["pageInfo"]["endCursor"]
    except (ValueError, KeyError, TypeError):
        return None


def corpus(port):
    """(name, request, expectation, extra) for every hostile request. Expectations: `bounded`
    (the default), `refuse`, an HTTP status, or `export`, `log`, `burst` (see `judge`)."""
    cases = []
    add = lambda name, raw, expect="bounded", **extra: cases.append((name, raw, expect, extra))
    q = lambda query, variables=None, op=None: post(gql(query, variables, op))

    add("introspection-200-aliases", q(INTROSPECTION))
    add("aliased-long-text", q(LONG_TEXT))
    add("nested-long-text", q(NESTED_TEXT))
    add("aliased-org-text", q(aliases(100, "organizations(first: 100) { nodes { description purpose note } }")))
    add("fragment-doubling-24", q(doubling(24)))
    add("fragment-doubling-40", q(doubling(40)))
    fragments = " ".join(f"fragment F{i} on Query {{ datasetCounts {{ table }} }}" for i in range(500))
    add("many-fragments", q("query { " + " ".join(f"...F{i}" for i in range(500)) + " } " + fragments))
    add("many-aliases", q(aliases(1000, "__typename")))
    add("repeated-fields", q("{ " + 'organization(slug: "auscr") { name } ' * 5000 + "}"))
    add("many-root-fields", q(aliases(200, 'organization(slug: "auscr") { name }')))
    add("long-document", q(("#" + " " * 98 + "\n") * 2000 + "{ __typename }"))  # 200 KB of comments
    add("many-tokens", q("{ events(filter: {dateYearFrom: {in: [" + "0 " * 50000 + "]}}) { nodes { slug } } }"))
    add("deep-nesting", q("{ " + "a { " * 1000 + "__typename" + " }" * 1001), "refuse")
    deep = '{"not": ' * 1000 + '{"slug": {"eq": "x"}}' + "}" * 1000  # too deep for json.dumps
    add("deep-variables", post(b'{"query": "query($f: OrganizationFilter) { organizations(filter: $f) '
                               b'{ nodes { slug } } }", "variables": {"f": ' + deep.encode() + b"}}"), "refuse")
    add("complex", q("{ organizations(first: 100) { nodes { children(first: 100) { nodes { "
                     "memberships(first: 100) { nodes { role } } } } } } }"), "refuse")

    real = stats_cursor(port)
    for label, value in (("max", "9223372036854775807"), ("min", "-9223372036854775808"), ("1e400", "1e400")):
        forged = real and forged_cursor(real, value)
        if not forged:
            why = f"no number in its cursor {real}" if real else "no cursor from its first page"
            log(f"stats-cursor-overflow-{label} skipped: {why}")
            continue
        shown = base64.urlsafe_b64decode(forged + "=" * (-len(forged) % 4)).decode(errors="replace")
        add(f"stats-cursor-overflow-{label}", q(STATS, {"c": forged}), "refuse", shown=shown)
    bad = {"garbage": "%%% not a cursor %%%",
           "overlong": base64.urlsafe_b64encode(b'{"o":"' + b"A" * 75000 + b'","k":[1]}').decode().rstrip("="),
           "non-utf8": base64.urlsafe_b64encode(b"\xff\xfe\xfd\xc3\x28" * 12).decode().rstrip("=")}
    for label, text in bad.items():
        add(f"forged-cursor-{label}",
            q("query($c: String) { events(first: 5, after: $c) { nodes { slug } } }", {"c": text}), "refuse")
    for label, text in bad.items():
        add(f"forged-id-{label}", q("query($i: ID!) { node(id: $i) { id slug } }", {"i": text}), "refuse")

    export = lambda query: http("GET", "/export/events.csv?" + urllib.parse.urlencode({"query": query}))
    add("export-stuck-cursor", export(EXPORT_STUCK), "export", window=EXPORT_WINDOW)
    add("export-normal", export(EXPORT_NORMAL), "baseline", window=EXPORT_WINDOW)

    valid = gql('{ organization(slug: "auscr") { name } }')
    for label, ctype in (("text-plain", "text/plain"), ("xml", "application/xml"), ("none", None),
                         ("form", "application/x-www-form-urlencoded")):
        add(f"content-type-{label}", post(valid, ctype), 415)
    add("batch-array", post(b'[{"query": "{ __typename }"}, {"query": "{ datasetCounts { table } }"}]'), 400)
    # an array is read as the request's fields in order: this one is a query
    add("batch-array-positional", post(b'["{ organization(slug: \\"auscr\\") { name } }"]'), 400)
    by_slug = "query($s: String!) { organization(slug: $s) { name } }"
    add("nul-byte-literal", q('{ organization(slug: "a\\u0000b") { name } }'), "refuse")  # a GraphQL escape
    add("nul-byte-variable", q(by_slug, {"s": "a\x00b"}), "refuse")
    add("lone-surrogate", post(b'{"query": "' + by_slug.encode()
                               + b'", "variables": {"s": "\\ud800"}}'), "refuse")
    marker = f"FORGED-{os.getpid()}"
    fake = f"\n{marker} 2026-01-01T00:00:00Z  INFO coopgraph::auth: admin login accepted user=root\n"
    forging = 'organization(slug: """' + fake + '""") { name }'
    add("log-forging", q("{ " + forging + " }"), "log", marker=marker)
    add("log-forging-opname", q("query Q { __typename }", None, "Q" + fake), "log", marker=marker)
    # a NUL makes PostgreSQL fail, and an internal error is logged with the request's query
    add("log-forging-nul", q("query($s: String!) { a: organization(slug: $s) { name } b: " + forging + " }",
                             {"s": "a\x00b"}), "log", marker=marker)
    add("body-too-large", q(" " * 300_000 + "{ __typename }"), 413)
    add("rate-burst", q("{ __typename }"), "burst", count=200)
    return cases


# --- measuring ------------------------------------------------------------------------------

def measure(server, name, raw, expect, extra, rate_limited):
    """Sends one corpus entry (`count` times for the burst) and measures what it cost."""
    pid = server.pid
    settle(pid)
    exact = reset_peak(pid)
    rss0, hwm0, cpu0, log0 = mem_mb(pid, "VmRSS"), mem_mb(pid, "VmHWM"), cpu_ms(pid), server.log_size()
    count, statuses, start = extra.get("count", 1), [], time.monotonic()
    for _ in range(count):
        reply = exchange(server.port, raw, timeout=extra.get("window", TIMEOUT))
        statuses.append(reply["status"])
    wall = (time.monotonic() - start) * 1000
    idle = settle(pid)
    cpu, rss1, hwm = cpu_ms(pid) - cpu0, mem_mb(pid, "VmRSS"), mem_mb(pid, "VmHWM")  # NaN if it died
    peak = hwm - rss0 if exact else max(0.0, hwm - max(hwm0, rss0))
    code = error_code(reply["body"])
    answered, notes = judge(server, log0, expect, extra, reply, statuses, rate_limited, code)
    if server.proc.poll() is not None:
        answered = False
        notes.insert(0, f"SERVER EXITED ({server.proc.returncode})")
    if "panicked" in server.log_since(log0):
        notes.append("the server logged a panic")
    if not idle:
        notes.append(f"server still busy {SETTLE_LIMIT} s after the request")
    if "shown" in extra:
        notes.append(f"cursor {extra['shown']}")
    if count > 1:
        notes.append(f"{cpu / count:.2f} ms CPU per request")
    within = cpu / count < CPU_BUDGET_MS and peak < RSS_BUDGET_MB
    return {"name": name, "status": reply["status"], "code": code, "cpu_ms": cpu,
            "cpu_ms_per_request": cpu / count, "rss_before_mb": rss0, "rss_after_mb": rss1,
            "peak_growth_mb": peak, "peak_exact": exact, "bytes": len(reply["body"]),
            "request_bytes": len(raw), "wall_ms": wall, "expect": str(expect),
            "judged": expect != "baseline", "refused_or_bounded": answered, "within_budget": within,
            "ok": answered and within, "note": "; ".join(notes)}


def judge(server, log0, expect, extra, reply, statuses, rate_limited, code):
    """Whether the answer is the one `expect` asks for: `bounded` any answer that ends and is
    not 5xx; `refuse` that and a 4xx or an error code other than INTERNAL; a number that status;
    `export` an answer that ends, or that the server cuts short, before the client gives up;
    `log` no line of the server's log starting with the forged marker; `burst` 429s when rate
    limiting is on. And notes on what was seen."""
    status, notes = reply["status"], []
    if expect == "burst":
        n429 = statuses.count(429)
        others = ",".join(sorted(set(map(str, statuses)) - {"429"}))
        notes.append(f"{n429}/{len(statuses)} got 429, the others {others or '-'}")
        return (n429 > 0 or not rate_limited) and all(isinstance(s, int) and s < 500 for s in statuses), notes
    if expect in ("export", "baseline"):  # bounded: it ends, or the server cuts it short, in time
        end = ("ended" if reply["ended"] else "cut by the server" if reply["how"] != "timeout"
               else f"NOT ended (the client gave up after {extra['window']} s)")
        notes.append(f"{len(reply['body']):,} bytes in {reply['wall_ms'] / 1000:.1f} s, {end}")
        return (reply["ended"] or reply["how"] != "timeout") and isinstance(status, int) and status < 500, notes
    if not isinstance(status, int) or not reply["ended"] or status >= 500:
        why = {"reset": "connection died", "timeout": "no answer in time"}
        notes.append(why.get(status, "answer cut short"))
        return False, notes
    if isinstance(expect, int):
        if status != expect:
            notes.append(f"expected {expect}")
        return status == expect, notes
    if expect == "refuse":
        refused = 400 <= status < 500 or code not in ("-", "INTERNAL")
        if not refused:
            notes.append("not refused")
        return refused, notes
    if expect == "log":
        lines = server.log_since(log0).splitlines()
        forged = any(line.startswith(extra["marker"]) for line in lines)
        notes.append(f"forged log line: {'YES' if forged else 'no'} ({len(lines)} log lines)")
        return not forged, notes
    return True, notes


def slow_readers(server, label, body, n, hang):
    """`n` clients with small receive windows ask for a big answer, read nothing for `hang` s,
    then read the status line and close: the server's RSS meanwhile and after."""
    pid, socks, statuses = server.pid, [], []
    settle(pid)
    reset_peak(pid)
    rss0, cpu0, peak = mem_mb(pid, "VmRSS"), cpu_ms(pid), 0.0
    try:
        for _ in range(n):
            s = socket.socket()
            socks.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(5)
            s.connect(("127.0.0.1", server.port))
            s.sendall(post(gql(body)))
        end = time.monotonic() + hang
        while time.monotonic() < end:
            peak = max(peak, mem_mb(pid, "VmRSS"))
            time.sleep(0.1)
    except OSError as e:
        log(f"slow readers: {e}")
    hanging = mem_mb(pid, "VmRSS")
    for s in socks:
        try:
            statuses.append(s.recv(4096).split(b"\r\n")[0].decode("latin-1")[9:12] or "closed")
        except OSError:
            statuses.append("none")  # no answer yet, or reset
        s.close()
    settle(pid)
    closed = mem_mb(pid, "VmRSS")
    time.sleep(2)
    return {"request": label, "clients": n, "hang_s": hang, "statuses": statuses, "rss_before_mb": rss0,
            "rss_peak_while_hanging_mb": peak, "rss_end_of_hang_mb": hanging,
            "peak_growth_mb": mem_mb(pid, "VmHWM") - rss0, "rss_after_close_mb": closed,
            "rss_after_close_2s_mb": mem_mb(pid, "VmRSS"), "cpu_ms": cpu_ms(pid) - cpu0,
            "server_alive": server.proc.poll() is None}


def prepare_db(args, dataset, logs):
    """A fresh database for `dataset`: its URL and a function that removes it."""
    if args.postgres:
        name = f"coopgraph_hostile_{os.getpid()}_{dataset.replace('.', '')}"
        admin, url = args.postgres.rstrip("/") + "/postgres", args.postgres.rstrip("/") + "/" + name
        sql = lambda statement: run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement, admin])
        sql(f'DROP DATABASE IF EXISTS "{name}"')
        sql(f'CREATE DATABASE "{name}"')
        drop = lambda: sql(f'DROP DATABASE IF EXISTS "{name}"')
    else:
        path = os.path.join(logs, dataset + ".db")
        url = f"sqlite://{path}?mode=rwc"
        drop = lambda: [os.remove(path + s) for s in ("", "-wal", "-shm") if os.path.exists(path + s)]
    if dataset == "scale0.1":
        log(f"{dataset}: generating (scale 0.1, seed 1)")
        env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn", COOPGRAPH_LOAD_BUNDLED_DATA="false")
        run([args.binary, "migrate", "up"], env=env)
        out = run([args.binary, "generate", "--scale", "0.1", "--seed", "1"], env=env)
        log("  " + ((out.stdout.strip() or out.stderr.strip()).splitlines() or [""])[-1])
    return url, drop


def run_dataset(args, dataset, logs):
    """Prepares the database, starts the server, runs the corpus and the slow readers."""
    url, drop = prepare_db(args, dataset, logs)
    env = dict(RATE_LIMIT_ENV if args.rate_limit else {},
               COOPGRAPH_LOAD_BUNDLED_DATA="true" if dataset == "bundled" else "false")
    server, restarts, rows = None, 0, []

    def start(n):
        server = Server(args.binary, url, os.path.join(logs, f"server-{dataset}-{n}.log"), env)
        for query in ("{ datasetCounts { table count } }", "{ events(first: 20) { nodes { slug title } } }",
                      "{ organizations(first: 20) { nodes { name country { name } } } }"):
            exchange(server.port, post(gql(query)))  # warm-up: pools, caches, first allocations
        settle(server.pid)
        return server

    try:
        log(f"{dataset}: starting {args.binary}")
        server = start(restarts)
        before = mem_mb(server.pid, "VmRSS")
        for name, raw, expect, extra in corpus(server.port):
            rows.append(measure(server, name, raw, expect, extra, args.rate_limit))
            if not args.json:
                print_row(rows[-1])
            if server.proc.poll() is not None:  # it crashed: on with a new one
                server.stop()
                restarts += 1
                server = start(restarts)
        settle(server.pid)
        after = mem_mb(server.pid, "VmRSS")
        time.sleep(2)
        after_pause = mem_mb(server.pid, "VmRSS")
        server.stop()  # the slow readers get a fresh server, whose RSS the corpus has not grown
        server = start("slow")
        slow = [slow_readers(server, label, body, args.slow_clients, args.slow_seconds)
                for label, body in SLOW_BODIES.items()]
        return {"dataset": dataset, "backend": "postgres" if args.postgres else "sqlite", "rows": rows,
                "rss_before_corpus_mb": before, "rss_after_corpus_mb": after, "rss_after_pause_mb": after_pause,
                "server_restarts": restarts, "slow_readers": slow}
    finally:
        if server:
            server.stop()
        drop()


# --- reporting ------------------------------------------------------------------------------

HEAD = (f"{'request':<28} {'status':>7} {'code':<16} {'cpu ms':>7} {'rss MB':>13} {'peak +MB':>8} "
        f"{'bytes':>11} {'wall ms':>7}  ok    note")


def print_row(r):
    rss = f"{r['rss_before_mb']:.0f}→{r['rss_after_mb']:.0f}"
    peak = f"{'' if r['peak_exact'] else '~'}{r['peak_growth_mb']:.1f}"
    ok = "base" if not r["judged"] else "ok" if r["ok"] else "FAIL"
    print(f"{r['name']:<28} {str(r['status']):>7} {r['code'][:16]:<16} {r['cpu_ms']:>7.0f} {rss:>13} {peak:>8} "
          f"{r['bytes']:>11,} {r['wall_ms']:>7.0f}  {ok:<5} {r['note']}", flush=True)


def targets(result):
    rows = [r for r in result["rows"] if r["judged"]]
    failing = lambda pred: ", ".join(r["name"] for r in rows if pred(r))
    growth = result["rss_after_pause_mb"] - result["rss_before_corpus_mb"]
    restarts = result["server_restarts"]
    restarted = f"; the server crashed and was restarted {restarts}×" if restarts else ""
    return [
        ("every hostile request refused or bounded", failing(lambda r: not r["refused_or_bounded"])),
        (f"server CPU < {CPU_BUDGET_MS} ms per request",
         failing(lambda r: not r["cpu_ms_per_request"] < CPU_BUDGET_MS)),
        (f"peak RSS growth < {RSS_BUDGET_MB} MB per request",
         failing(lambda r: not r["peak_growth_mb"] < RSS_BUDGET_MB)),
        (f"RSS after the corpus within {RSS_BUDGET_MB} MB of before",
         "" if abs(growth) < RSS_BUDGET_MB and not restarted else
         f"{result['rss_before_corpus_mb']:.1f} → {result['rss_after_pause_mb']:.1f} MB{restarted}"),
    ]


def print_summary(result):
    print(f"\nRSS before the corpus {result['rss_before_corpus_mb']:.1f} MB, after "
          f"{result['rss_after_corpus_mb']:.1f} MB, after a 2 s pause {result['rss_after_pause_mb']:.1f} MB")
    for s in result["slow_readers"]:
        print(f"slow readers ({s['clients']} × {s['request']}, unread for {s['hang_s']:g} s, status "
              f"{','.join(s['statuses'])}): RSS {s['rss_before_mb']:.1f} MB → peak "
              f"{s['rss_peak_while_hanging_mb']:.1f} MB while they hang ({s['rss_end_of_hang_mb']:.1f} MB "
              f"at the end), {s['rss_after_close_mb']:.1f} MB after they close, "
              f"{s['rss_after_close_2s_mb']:.1f} MB 2 s later; server CPU {s['cpu_ms']:.0f} ms"
              + ("" if s["server_alive"] else "; THE SERVER EXITED"))
    for target in result["targets"]:
        print(f"{'PASS' if target['pass'] else 'FAIL'}: {target['target']}"
              + (f" ({target['failing']})" if target["failing"] else ""))


def finite(value):
    """`value` with NaN (a measure of a dead server) as null, for strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=BINARY, help="server binary (default: target/release/coopgraph)")
    p.add_argument("--dataset", choices=("bundled", "scale0.1", "both"), default="both")
    p.add_argument("--postgres", metavar="URL", help="PostgreSQL URL without a database (default: SQLite)")
    p.add_argument("--rate-limit", action="store_true",
                   help="start the server with " + " ".join(f"{k}={v}" for k, v in RATE_LIMIT_ENV.items()))
    p.add_argument("--slow-clients", type=int, default=4, help="concurrent slow readers (default 4)")
    p.add_argument("--slow-seconds", type=float, default=5, help="how long they read nothing (default 5)")
    p.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    args = p.parse_args()
    args.binary = os.path.abspath(args.binary)
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"{args.binary} is missing: run `cargo build --release` first")
    if args.postgres and not shutil.which("psql"):
        raise SystemExit("psql is not on PATH (Debian: apt-get install postgresql-client)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    logs = tempfile.mkdtemp(prefix="coopgraph-hostile-")
    results = []
    for dataset in ["bundled", "scale0.1"] if args.dataset == "both" else [args.dataset]:
        if not args.json:
            backend = "PostgreSQL" if args.postgres else "SQLite"
            print(f"\n## {dataset} ({backend}, {args.binary})\n\n{HEAD}", flush=True)
        result = run_dataset(args, dataset, logs)
        result["targets"] = [{"target": what, "pass": not failing, "failing": failing}
                             for what, failing in targets(result)]
        results.append(result)
        if not args.json:
            print_summary(result)
    passed = all(t["pass"] for r in results for t in r["targets"])
    if args.json:
        out = {"binary": args.binary, "rate_limit": args.rate_limit, "pass": passed, "datasets": results}
        print(json.dumps(finite(out), indent=1))
    log(f"server logs: {logs}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
