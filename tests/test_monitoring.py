#!/usr/bin/env python3
"""What an operator watches and does to a running tracuu-searchd (docs/monitoring.md):
--version, /healthz, the access log, /metrics, SIGHUP's reload, SIGTERM's stop, and
the answers an operator meets (404, 405 with Allow, the HTML 404 page, robots.txt,
rounded numbers). Black-box: the built programs over HTTP, as CTest runs them."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from decimal import Decimal
import urllib.error
import urllib.request

SRC = os.environ.get("TRACUU_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
BIN = os.environ.get("TRACUU_BINARY_DIR", os.path.join(SRC, "build-dev"))
SEARCHD = os.path.join(BIN, "searchd", "tracuu-searchd")
INDEX = os.path.join(BIN, "indexer", "tracuu-index")

# One access-log line (accesslog.h): client, time, request line, status, bytes, ms.
LOG_LINE = re.compile(
    r'^(?P<client>[0-9a-fA-F.:]+|-) - - \[(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\] '
    r'"(?P<method>[A-Z]+) (?P<target>\S+) (?P<protocol>HTTP/1\.[01])" '
    r'(?P<status>\d{3}) (?P<bytes>\d+) (?P<ms>\d+\.\d{3})$')
# A sample of the Prometheus text format 0.0.4: name, optional labels, value.
SAMPLE = re.compile(r'^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>[^}]*)\})? '
                    r'(?P<value>-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|\+Inf|NaN))$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def request(port, path, method="GET", body=None, headers=None):
    """(status, headers, body bytes) of one request; errors are answers too."""
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=body,
                                 method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def parse_metrics(text):
    """{(name, frozenset(labels)): value}; fails on a line that is not a comment or
    a sample."""
    out = {}
    for line in text.splitlines():
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError("not a metrics line: %r" % line)
        labels = frozenset(LABEL.findall(m.group("labels") or ""))
        out[(m.group("name"), labels)] = float(m.group("value"))
    return out


def wait_for(ready, seconds=10):
    end = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > end:
            raise AssertionError("not so after %d s" % seconds)
        time.sleep(0.02)


def metric(ms, name, **labels):
    return ms.get((name, frozenset(labels.items())), 0.0)


class Daemon:
    """tracuu-searchd on a free port, its standard error in a file."""

    def __init__(self, tmp, db, *args):
        self.err_path = os.path.join(tmp, "stderr-%d.log" % time.monotonic_ns())
        self.err = open(self.err_path, "wb")
        self.p = subprocess.Popen([SEARCHD, "--db", db, "--port", "0", *args],
                                  stdout=subprocess.PIPE, stderr=self.err)
        line = self.p.stdout.readline().decode()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.stop()
            raise AssertionError("tracuu-searchd did not start: %r %s" % (line, self.stderr()))
        self.port = int(m.group(1))

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_stderr(self, words, seconds=10):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if words in self.stderr():
                return
            time.sleep(0.05)
        raise AssertionError("%r never in searchd's log:\n%s" % (words, self.stderr()))

    def signal(self, sig):
        self.p.send_signal(sig)

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(timeout=30)
        self.p.stdout.close()
        self.err.close()
        return rc


class Monitoring(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tracuu-monitoring-")
        cls.db = os.path.join(cls.tmp, "db")
        subprocess.run([INDEX, "--db", cls.db, "--quiet", os.path.join(SRC, "corpus", "sample.jsonl")],
                       check=True, stdout=subprocess.DEVNULL)
        cls.data = os.path.join(SRC, "data")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def start(self, *args):
        d = Daemon(self.tmp, self.db, "--data", self.data, *args)
        self.addCleanup(d.stop)
        return d

    # ---- Versions and health ---------------------------------------------------

    def test_version_of_every_program(self):
        for rel, name in [("searchd", "tracuu-searchd"), ("indexer", "tracuu-index"),
                          ("dupcheck", "tracuu-dupcheck")]:
            out = subprocess.run([os.path.join(BIN, rel, name), "--version"], check=True,
                                 capture_output=True, text=True).stdout
            self.assertRegex(out, r"^%s \S+ \(index schema \d+\)\n$" % name)

    def test_healthz(self):
        d = self.start("--quiet")
        status, _, body = request(d.port, "/healthz")
        self.assertEqual(status, 200)
        h = json.loads(body)
        version = subprocess.run([SEARCHD, "--version"], capture_output=True, text=True).stdout
        self.assertEqual(h["status"], "ok")
        self.assertIn(" %s " % h["version"], version)
        self.assertIn("(index schema %d)" % h["schema"], version)
        self.assertEqual(h["index_schema"], h["schema"])
        self.assertGreaterEqual(h["revision"], 1)
        self.assertEqual(h["documents"], 48)
        self.assertIsInstance(h["uptime_seconds"], int)
        self.assertGreaterEqual(h["uptime_seconds"], 0)

    # ---- The answers an operator meets ---------------------------------------------

    def test_unknown_paths_and_methods(self):
        d = self.start("--quiet")
        status, headers, body = request(d.port, "/api/nosuch")
        self.assertEqual((status, json.loads(body)["error"]), (404, "no such API endpoint"))
        status, headers, body = request(d.port, "/nosuch/page")
        self.assertEqual(status, 404)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn("Không tìm thấy trang", body.decode())
        status, headers, _ = request(d.port, "/api/search", method="DELETE")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD, OPTIONS"))
        status, headers, _ = request(d.port, "/healthz", method="POST", body=b"")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD"))
        status, headers, _ = request(d.port, "/similar", method="PUT", body=b"")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD, POST"))

    def test_robots(self):
        d = self.start("--quiet")
        status, headers, body = request(d.port, "/robots.txt")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/plain"))
        rules = [l.split(":", 1) for l in body.decode().splitlines() if ":" in l]
        disallow = [v.strip() for k, v in rules if k == "Disallow"]
        # The facet and paging links the pages make all have a query string.
        self.assertIn("/*?", disallow)
        self.assertIn("/api/", disallow)
        self.assertNotIn("/doc/", disallow)
        self.assertNotIn("/", disallow)

    def test_numbers_rounded(self):
        d = self.start("--quiet")
        for path in ["/api/search?q=khoa+h%E1%BB%8Dc", "/api/search?q=ubnd&per_page=20",
                     "/api/tasks?q=n%C3%B4ng+nghi%E1%BB%87p", "/api/suggest?q=kh"]:
            status, _, body = request(d.port, path)
            self.assertEqual(status, 200, path)
            text = body.decode()
            took = re.findall(r'"took_ms":(-?[0-9.eE+-]+)', text)
            self.assertTrue(took, path)
            for t in took:
                self.assertRegex(t, r"^\d+(\.\d{1,2})?$", path)
            for s in re.findall(r'"score":(-?[0-9.eE+-]+)', text):
                digits = Decimal(s).normalize().as_tuple().digits
                self.assertLessEqual(len(digits), 4, "%s: score %s" % (path, s))

    # ---- The access log ------------------------------------------------------------

    def test_access_log_lines(self):
        log = os.path.join(self.tmp, "access-lines.log")
        d = self.start("--quiet", "--access-log", log)
        cookie = {"Cookie": "tracuu_session=SECRETCOOKIE"}  # no such session: public
        asked = [
            ("GET", "/api/search?q=ubnd&key=SECRETKEY&per_page=2", None, cookie),
            ("GET", "/api/nosuch", None, cookie),
            ("HEAD", "/healthz", None, cookie),
            ("POST", "/api/similar", b"x" * (1024 * 1024 + 10), cookie),
            ("DELETE", "/api/search", None, cookie),
            ("GET", "/api/search?q=bearer", None, {"Authorization": "Bearer SECRETTOKEN"}),
        ]
        answers = []
        for method, path, body, headers in asked:
            status, _, got = request(d.port, path, method=method, body=body, headers=headers)
            answers.append((status, len(got)))
        self.assertEqual([a[0] for a in answers], [200, 404, 200, 413, 405, 401])
        deadline = time.monotonic() + 10
        while True:
            with open(log, encoding="utf-8") as f:
                lines = f.read().splitlines()
            if len(lines) >= len(asked) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(len(lines), len(asked), lines)
        for line in lines:
            self.assertNotIn("SECRET", line)
        # A line is written when libmicrohttpd says its request is over, which may come
        # after the client has read the answer and sent the next request.
        parsed = {}
        for line in lines:
            m = LOG_LINE.match(line)
            self.assertIsNotNone(m, line)
            parsed[(m.group("method"), m.group("target"))] = (m, line)
        for (method, path, _, _), (status, nbytes) in zip(asked, answers):
            m, line = parsed[(method, path.replace("SECRETKEY", "-"))]
            self.assertEqual(m.group("client"), "127.0.0.1")
            self.assertEqual(int(m.group("status")), status, line)
            self.assertEqual(int(m.group("bytes")), nbytes, line)
            self.assertLess(float(m.group("ms")), 30000)
        # The time is now, in UTC.
        t = time.strptime(LOG_LINE.match(lines[0]).group("time")[:19], "%Y-%m-%dT%H:%M:%S")
        self.assertLess(abs(time.mktime(t) - time.mktime(time.gmtime())), 300)

    def test_log_names_the_client_a_trusted_proxy_names(self):
        log = os.path.join(self.tmp, "access-proxy.log")
        d = self.start("--quiet", "--access-log", log, "--trusted-proxy", "127.0.0.1")
        request(d.port, "/healthz?via-proxy", headers={"X-Forwarded-For": "203.0.113.9"})
        wait_for(lambda: "via-proxy" in open(log).read())
        m = LOG_LINE.match(open(log).read().splitlines()[0])
        self.assertEqual(m.group("client"), "203.0.113.9")

    def test_quiet_without_log_writes_none(self):
        d = self.start("--quiet")
        request(d.port, "/healthz")
        d.stop()
        self.assertEqual(d.stderr(), "")

    def test_log_reopened_on_sighup(self):
        log = os.path.join(self.tmp, "access-rotate.log")
        d = self.start("--quiet", "--access-log", log)
        request(d.port, "/healthz?before")
        wait_for(lambda: "/healthz?before" in open(log).read())
        os.rename(log, log + ".1")  # what logrotate does
        d.signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while not os.path.exists(log) and time.monotonic() < deadline:
            time.sleep(0.05)
        request(d.port, "/healthz?after")
        d.stop()
        with open(log + ".1") as f:
            self.assertIn("/healthz?before", f.read())
        with open(log) as f:
            after = f.read()
        self.assertIn("/healthz?after", after)
        self.assertNotIn("/healthz?before", after)

    def test_start_and_stop_logged(self):
        d = self.start()
        d.wait_stderr("started: version")
        self.assertEqual(d.stop(), 0)
        err = d.stderr()
        stamp = r"tracuu-searchd: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: "
        self.assertRegex(err, stamp + r"stopping on SIGTERM")
        self.assertRegex(err, stamp + r"stopped\n$")

    # ---- /metrics ---------------------------------------------------------------------

    def test_metrics(self):
        d = self.start("--quiet", "--cache", "1")
        status, headers, body = request(d.port, "/metrics")
        self.assertEqual(status, 200)
        self.assertIn("version=0.0.4", headers["Content-Type"])
        before = parse_metrics(body.decode())
        for path in ["/api/search?q=ubnd", "/api/search?q=ubnd", "/api/doc/a", "/api/doc/b",
                     "/nosuch"]:
            request(d.port, path)
        # A request is counted when libmicrohttpd says it is over, which may come just
        # after its client has read the answer.
        def scrape():
            return request(d.port, "/metrics")[2].decode()
        wait_for(lambda: 'route="none",status="404"} 1' in scrape())
        text = scrape()
        after = parse_metrics(text)
        s200 = dict(route="/api/search", status="200")
        self.assertEqual(metric(after, "tracuu_http_requests_total", **s200)
                         - metric(before, "tracuu_http_requests_total", **s200), 2)
        # A prefix route is one series, whatever the paths asked.
        self.assertEqual(metric(after, "tracuu_http_requests_total", route="/api/doc/*",
                                status="404"), 2)
        self.assertNotIn('route="/api/doc/a"', text)
        self.assertEqual(metric(after, "tracuu_http_requests_total", route="none",
                                status="404"), 1)
        self.assertEqual(metric(after, "tracuu_cache_hits_total"), 1)
        self.assertEqual(metric(after, "tracuu_cache_misses_total"), 1)
        self.assertEqual(metric(after, "tracuu_index_documents"), 48)
        self.assertGreaterEqual(metric(after, "tracuu_index_revision"), 1)
        # This scrape, and perhaps the one before it, not yet said to be over.
        self.assertIn(metric(after, "tracuu_http_requests_in_flight"), (1, 2))
        self.assertGreater(metric(after, "process_start_time_seconds"), 1.6e9)
        self.assertTrue(any(n == "tracuu_build_info" for n, _ in after))
        # The histogram: cumulative buckets, +Inf equal to the count.
        buckets = sorted(((float(dict(l)["le"]), v) for (n, l), v in after.items()
                          if n == "tracuu_http_request_duration_seconds_bucket"
                          and dict(l)["route"] == "/api/search"))
        counts = [v for _, v in buckets]
        self.assertEqual(counts, sorted(counts))
        self.assertEqual(buckets[-1][0], float("inf"))
        self.assertEqual(buckets[-1][1], metric(after, "tracuu_http_request_duration_seconds_count",
                                                route="/api/search"))
        self.assertEqual(buckets[-1][1], 2)

    # ---- Reload ---------------------------------------------------------------------

    def synonyms(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def total(self, d, q):
        status, _, body = request(d.port, "/api/search?q=" + q)
        self.assertEqual(status, 200)
        return json.loads(body)["total"]

    def test_reload_synonyms(self):
        syn = self.synonyms("syn-reload.tsv", "ZQXA\tủy ban nhân dân\n")
        d = self.start("--synonyms", syn, "--cache", "1")
        self.assertEqual(self.total(d, "zqxw"), 0)
        self.synonyms("syn-reload.tsv", "ZQXW\tủy ban nhân dân\n")
        d.signal(signal.SIGHUP)
        d.wait_stderr("reloaded:")
        # The cached answer of before is gone with the old table.
        self.assertGreater(self.total(d, "zqxw"), 0)
        self.synonyms("syn-reload.tsv", "ZQXW has no tab\n")
        d.signal(signal.SIGHUP)
        d.wait_stderr("reload failed")
        self.assertIn("syn-reload.tsv:1:", d.stderr())
        self.assertGreater(self.total(d, "zqxw"), 0)
        ms = parse_metrics(request(d.port, "/metrics")[2].decode())
        self.assertEqual(metric(ms, "tracuu_reloads_total", result="ok"), 1)
        self.assertEqual(metric(ms, "tracuu_reloads_total", result="failed"), 1)

    def test_reload_under_load(self):
        syn = self.synonyms("syn-load.tsv", "ZQXW\tủy ban nhân dân\n")
        log = os.path.join(self.tmp, "access-load.log")
        d = self.start("--quiet", "--synonyms", syn, "--access-log", log, "--threads", "4")
        stop = threading.Event()
        results = []

        def ask():
            while not stop.is_set():
                try:
                    status, _, body = request(d.port, "/api/search?q=zqxw")
                    ok = status == 200 and json.loads(body)["total"] > 0
                except Exception as e:  # a dropped connection is a failure too
                    ok = False
                    print("request failed:", e, file=sys.stderr)
                results.append(ok)

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for _ in range(10):
            time.sleep(0.1)
            d.signal(signal.SIGHUP)
        # On a loaded machine a search may take longer than the SIGHUPs: go on until
        # enough have been answered across them.
        wait_for(lambda: len(results) > 20, seconds=60)
        stop.set()
        for t in threads:
            t.join()
        self.assertGreater(len(results), 20)
        self.assertEqual(results.count(False), 0)
        self.assertEqual(d.p.poll(), None)  # still serving


if __name__ == "__main__":
    unittest.main(verbosity=2)
