#!/usr/bin/env python3
"""A small HTTP load generator for Voix's fault scripts (standard library only).

Runs CLIENTS threads for SECONDS, each cycling over the given paths (GET) and, when
--login EMAIL:PASSWORD is given, a login (POST /api/v1/auth/login) every tenth request.
Writes one line per request to --out: `<unix time> <status> <milliseconds> <path>`, status 0
for a transport error (connection refused or reset, timeout).
"""

import argparse
import json
import threading
import time
import urllib.error
import urllib.request


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", required=True)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--login")
    p.add_argument("--out", required=True)
    p.add_argument("paths", nargs="+")
    args = p.parse_args()
    lock = threading.Lock()
    lines = []
    stop_at = time.time() + args.seconds

    def one(method, path, body=None):
        req = urllib.request.Request(args.base + path, method=method, data=body)
        req.add_header("Origin", args.base)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        start = time.time()
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        except Exception:  # connection refused/reset, timeout
            status = 0
        ms = (time.time() - start) * 1000
        with lock:
            lines.append(f"{start:.3f} {status} {ms:.1f} {method}:{path}")

    def client(n):
        i = n
        while time.time() < stop_at:
            if args.login and i % 10 == 0:
                email, password = args.login.split(":", 1)
                body = json.dumps({"email": email, "password": password}).encode()
                one("POST", "/api/v1/auth/login", body)
            else:
                one("GET", args.paths[i % len(args.paths)])
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(args.out, "w") as f:
        f.write("\n".join(sorted(lines)) + "\n")


if __name__ == "__main__":
    main()
