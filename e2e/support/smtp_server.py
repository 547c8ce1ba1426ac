#!/usr/bin/env python3
"""A real SMTP server on loopback for Voix's tests (Rust integration tests and e2e).

aiosmtpd with STARTTLS required when --cert/--key are given, optional AUTH (--user/--password,
only after TLS), and every accepted message written atomically as one `.eml` file in --out.
Prints "READY <port>" on stdout once it accepts connections; stops on SIGTERM/SIGINT.
"""
import argparse
import os
import signal
import ssl
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    """Writes each message to its own file; the temporary name makes the write atomic."""

    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{uuid.uuid4().hex}"
        tmp = os.path.join(self.out, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(tmp, os.path.join(self.out, f"{name}.eml"))
        return "250 OK: queued"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True, help="folder that receives one .eml per message")
    p.add_argument("--cert", help="PEM certificate: enables and requires STARTTLS")
    p.add_argument("--key", help="PEM private key of --cert")
    p.add_argument("--user")
    p.add_argument("--password")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)

    kwargs = {}
    if args.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        kwargs.update(tls_context=ctx, require_starttls=True)
    if args.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == args.user
                and auth_data.password.decode() == args.password
            )
            return AuthResult(success=ok)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.cert))

    controller = Controller(Sink(args.out), hostname=args.host, port=args.port, **kwargs)
    controller.start()
    print(f"READY {args.port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
