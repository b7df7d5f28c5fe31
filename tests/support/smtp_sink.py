#!/usr/bin/python3
"""A real SMTP server on loopback for arx's delivery tests.

Every accepted message is stored as one file NNNNNN.eml in --maildir (written
to a temporary name and renamed, so a reader never sees half a message). The
file is the message as received (dot-unstuffed, line endings untouched),
preceded by the envelope as trace headers, the way an MTA records it:

    Return-Path: <sender>
    X-Envelope-To: <rcpt1>
    X-Envelope-To: <rcpt2>

The file is written before the server answers the end of DATA, so a client
that got 250 finds it on disk.

Faults on demand:
  --reject-rcpt REGEX   550 for RCPT TO addresses matching REGEX (re.search)
  --tempfail-first N    answer the end of DATA of the first N messages with
                        --tempfail-code (451, or 421 which also closes the
                        connection)
  --delay-ms MS         wait MS milliseconds before answering the end of DATA
  --permfail-first N    answer the end of DATA of the first N messages with
                        554 (a permanent refusal); nothing is stored
  --drop-in-data N      for the first N messages, answer DATA with 354, read
                        the first 4 KiB of the message and reset the
                        connection: the server dies in the middle of it
                        (nothing stored, no reply). A client sees that before
                        it has sent the end of the message only when the
                        message is larger than what the connection buffers
                        (a few MiB on loopback); a smaller one is all sent
                        before the reset arrives
  --drop-after-data N   for the first N messages, read the whole message
                        (final "." included), store it, then reset the
                        connection without answering: the server accepted the
                        message but the client never hears so

Faults apply in the order a message meets them: --drop-in-data at DATA, then
at the end of DATA --drop-after-data, --tempfail-first, --permfail-first.

Run with Debian's /usr/bin/python3 (python3-aiosmtpd). Exits cleanly (status
0) on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import os
import re
import signal
import socket
import struct
import sys

from aiosmtpd.smtp import SMTP, syntax


def reset(transport):
    """Closes the connection with a TCP reset (SO_LINGER 0), as a server that
    dies does, instead of an orderly FIN."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class FaultySMTP(SMTP):
    """aiosmtpd's server with one more fault: dying right after DATA's 354."""

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        h = self.event_handler
        if h.drop_in_data_left > 0 and self.envelope.rcpt_tos and not arg:
            h.drop_in_data_left -= 1
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.read(4096)
            reset(self.transport)
            return
        await super().smtp_DATA(arg)


class SinkHandler:
    def __init__(self, args):
        self.maildir = args.maildir
        self.reject = re.compile(args.reject_rcpt) if args.reject_rcpt else None
        self.tempfail_left = args.tempfail_first
        self.tempfail_code = args.tempfail_code
        self.delay = args.delay_ms / 1000.0
        self.permfail_left = args.permfail_first
        self.drop_in_data_left = args.drop_in_data
        self.drop_after_data_left = args.drop_after_data
        # Continue the numbering of messages already in the directory, so a
        # restarted server appends after what its predecessor stored.
        self.counter = 0
        for name in os.listdir(self.maildir):
            m = re.fullmatch(r"(\d+)\.eml", name)
            if m:
                self.counter = max(self.counter, int(m.group(1)))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject is not None and self.reject.search(address):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        if self.drop_after_data_left > 0:
            self.drop_after_data_left -= 1
            self.store(envelope)
            # Accepted and stored, but the reply never leaves: the connection
            # is reset before anything more is written.
            reset(server.transport)
            return "250 2.0.0 Ok: (never sent, the connection is gone)"
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            if self.tempfail_code == 421:
                # 421 means the server closes the channel: close right after
                # the reply has been written.
                asyncio.get_running_loop().call_soon(server.transport.close)
                return "421 4.3.2 Service not available, closing transmission channel"
            return "451 4.3.0 Temporary failure, try again later"
        if self.permfail_left > 0:
            self.permfail_left -= 1
            return "554 5.7.1 Message refused: policy violation"
        return "250 2.0.0 Ok: queued as %s" % self.store(envelope)

    def store(self, envelope):
        """Writes the message as the next NNNNNN.eml (atomically); returns its name."""
        self.counter += 1
        trace = "Return-Path: <%s>\r\n" % envelope.mail_from
        for rcpt in envelope.rcpt_tos:
            trace += "X-Envelope-To: <%s>\r\n" % rcpt
        name = "%06d.eml" % self.counter
        tmp = os.path.join(self.maildir, ".tmp-" + name)
        with open(tmp, "wb") as f:
            f.write(trace.encode("utf-8", errors="surrogateescape"))
            f.write(envelope.original_content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(self.maildir, name))
        return name


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("port", type=int, help="TCP port on 127.0.0.1, 0 = pick a free one")
    p.add_argument("--maildir", required=True)
    p.add_argument("--port-file", help="write the port here (atomically) once listening")
    p.add_argument("--reject-rcpt", default=None)
    p.add_argument("--tempfail-first", type=int, default=0)
    p.add_argument("--tempfail-code", type=int, choices=(421, 451), default=451)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--permfail-first", type=int, default=0)
    p.add_argument("--drop-in-data", type=int, default=0)
    p.add_argument("--drop-after-data", type=int, default=0)
    args = p.parse_args()
    os.makedirs(args.maildir, exist_ok=True)

    handler = SinkHandler(args)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # A fixed hostname: the default asks DNS for the FQDN, which can be slow.
    server = loop.run_until_complete(
        loop.create_server(
            lambda: FaultySMTP(handler, hostname="smtp-sink.test", ident="arx smtp_sink", loop=loop),
            host="127.0.0.1",
            port=args.port,
            reuse_address=True,
        )
    )
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)

    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    try:
        loop.run_until_complete(stop)
    finally:
        server.close()
        # Connections still open (a client in the middle of a message) end
        # here too, so nothing is left pending when the loop closes.
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for t in pending:
            t.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(server.wait_closed())
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
