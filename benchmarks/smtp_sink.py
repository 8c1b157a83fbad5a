"""An SMTP server on loopback that accepts mail up to a size limit and counts what it receives.

aiosmtpd with `data_size_limit` (advertised as ESMTP SIZE, enforced after DATA, as Postfix's
message_size_limit is). It keeps no message, only one line per accepted email (recipients and
size) in the log file, so a run of a hundred thousand emails stays small in memory.

    python benchmarks/smtp_sink.py --port 2525 --limit 10485760 --log var/bench/smtp-received.tsv
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self, log: Path):
        self.out = log.open("w", encoding="utf-8", buffering=1)

    async def handle_DATA(self, server, session, envelope):
        size = len(envelope.original_content or envelope.content)
        self.out.write(f"{size}\t{','.join(envelope.rcpt_tos)}\n")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--limit", type=int, default=10 * 1024 * 1024, help="data_size_limit in bytes (10 MB)")
    parser.add_argument("--log", type=Path, required=True)
    args = parser.parse_args()
    args.log.parent.mkdir(parents=True, exist_ok=True)
    controller = Controller(
        Counter(args.log), hostname="127.0.0.1", port=args.port, data_size_limit=args.limit, ready_timeout=30
    )
    controller.start()
    print(f"smtp on 127.0.0.1:{args.port}, data_size_limit={args.limit}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
