#!/usr/bin/env python3
"""The soak test's reader (bench/soak.sh): what a client may never see while the index
is written.

Each reader is one keep-alive connection that loops, for --seconds:
  GET /healthz                      the document count;
  GET /api/search?q=soakall         the soak documents' total and one page of hits;
  GET /api/doc/{id} for each hit    the document itself.
and counts:
  5xx         any answer with a status of 500 or more (or no answer at all);
  backward    the document count or the soak total lower than this connection saw
              before while the writer only adds, or higher while it only deletes
              (the writer's phase, "add N" or "delete N" for cycle N, is read from the
              file --phase names);
  dangling    a hit that /api/doc then answers 404 while the writer only adds (the
              phase is read again after the hits are checked: a delete run that began
              meanwhile may remove them).
Prints one line of key=value pairs, and exits 1 when any count is not zero.
"""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse


def phase(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


class Reader(threading.Thread):
    def __init__(self, host, port, seconds, phase_file):
        super().__init__(daemon=True)
        self.host, self.port, self.seconds, self.phase_file = host, port, seconds, phase_file
        self.counts = {"requests": 0, "5xx": 0, "backward": 0, "dangling": 0, "hits_checked": 0}
        self.examples = []

    def get(self, conn, path):
        self.counts["requests"] += 1
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
        except (OSError, http.client.HTTPException) as e:
            self.counts["5xx"] += 1
            self.note("no answer to %s: %s" % (path, e))
            return None, None
        if r.status >= 500:
            self.counts["5xx"] += 1
            self.note("%d on %s: %s" % (r.status, path, body[:200]))
        try:
            return r.status, json.loads(body)
        except ValueError:
            return r.status, None

    def note(self, s):
        if len(self.examples) < 5:
            self.examples.append(s)

    def monotonic(self, name, last, now, ph):
        if last is None or now is None or not ph:
            return
        adding = ph.startswith("add")
        if (adding and now < last) or (not adding and now > last):
            self.counts["backward"] += 1
            self.note("%s went from %d to %d while the writer did %s" % (name, last, now, ph))

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        end = time.monotonic() + self.seconds
        last_docs = last_total = None
        last_phase = ""
        while time.monotonic() < end:
            ph = phase(self.phase_file)
            if ph != last_phase:  # a new phase: what was seen before may go either way
                last_docs = last_total = None
                last_phase = ph
            st, doc = self.get(conn, "/healthz")
            docs = doc.get("documents") if st == 200 and doc else None
            self.monotonic("/healthz documents", last_docs, docs, ph)
            last_docs = docs if docs is not None else last_docs
            st, doc = self.get(conn, "/api/search?q=soakall&per_page=20&facets=0")
            if st != 200 or not doc:
                continue
            total = doc.get("total")
            self.monotonic("total of soakall", last_total, total, ph)
            last_total = total if total is not None else last_total
            missing = []
            for hit in doc.get("hits", []):
                hid = urllib.parse.quote(hit["id"], safe="")
                st, _ = self.get(conn, "/api/doc/" + hid)
                self.counts["hits_checked"] += 1
                if st == 404:
                    missing.append(hit["id"])
            # Judged only when the writer was adding all along: the phase names its
            # cycle, so a delete run that began meanwhile is seen.
            if missing and ph.startswith("add") and phase(self.phase_file) == ph:
                self.counts["dangling"] += len(missing)
                for m in missing:
                    self.note("hit %s is 404 at /api/doc while the writer only adds" % m)
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--phase", required=True,
                    help="file where the writer says add or delete, and which cycle")
    a = ap.parse_args()
    readers = [Reader("127.0.0.1", a.port, a.seconds, a.phase) for _ in range(a.readers)]
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    total = {k: sum(r.counts[k] for r in readers) for k in readers[0].counts}
    print("SOAK " + " ".join("%s=%d" % kv for kv in total.items()))
    for r in readers:
        for e in r.examples:
            print("  " + e)
    bad = total["5xx"] + total["backward"] + total["dangling"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
