"""The receiving ends of delivery, read as their owners would read them: the
loopback SMTP server's mail folder (tests/support/smtp_sink.py, one .eml per
accepted message), the access point's outbound folder (each e-invoice beside
its <file>.manifest.json), the portal folder (one subfolder per customer) and
the print room's folder (one merged PDF per batch with a JSON manifest naming
each letter's delivery key).

Each reader returns what arrived keyed by arx's delivery key, so the checks can
count arrivals per job: a key seen twice is a duplicate, a sent job whose key
never arrived is lost.
"""

import email.parser
import email.policy
import hashlib
import json
import os
import signal
import subprocess
import time


class SmtpSink:
    """The loopback SMTP server, started and stopped by the harness (by pid)."""

    def __init__(self, root, maildir):
        self.root = root
        self.maildir = maildir
        self.proc = None
        self.port = None

    def start(self):
        os.makedirs(self.maildir, exist_ok=True)
        port_file = self.maildir.rstrip("/") + ".port"
        if os.path.exists(port_file):
            os.unlink(port_file)
        self.log = open(self.maildir.rstrip("/") + ".log", "w")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(self.root, "tests/support/smtp_sink.py"), "0",
             "--maildir", self.maildir, "--port-file", port_file],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                self.port = int(open(port_file).read().strip())
                return self.port
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("the SMTP sink did not start (see %s.log)" % self.maildir.rstrip("/"))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None


def mails(maildir):
    """{delivery key: [(file, Message-ID), ...]} for every message received,
    and the files that carry no delivery key."""
    by_key, unkeyed = {}, []
    if not os.path.isdir(maildir):
        return by_key, unkeyed
    parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
    for name in sorted(os.listdir(maildir)):
        if not name.endswith(".eml") or name.startswith("."):
            continue
        with open(os.path.join(maildir, name), "rb") as f:
            msg = parser.parse(f)
        key = msg.get("X-Arx-Delivery-Key")
        if key is None:
            unkeyed.append(name)
            continue
        key = " ".join(str(key).split())  # unfold a folded header
        by_key.setdefault(key, []).append((name, str(msg.get("Message-ID", "")).strip()))
    return by_key, unkeyed


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def access_point(outbound_dir, picked_dir=None):
    """{delivery key: [(arrival, document, sha256 of the file, sha256 the manifest names), ...]}
    by each e-invoice's manifest: those still in the outbound folder (arrival
    'outbound') and those the access point picked up (arrival: the pickup's
    number)."""
    out = {}
    for top, picked in ((outbound_dir, False), (picked_dir, True)):
        if not top or not os.path.isdir(top):
            continue
        for name in sorted(os.listdir(top)):
            if not name.endswith(".manifest.json") or name.startswith("."):
                continue
            with open(os.path.join(top, name)) as f:
                m = json.load(f)
            prefix = name.split("-", 1)[0] + "-" if picked else ""
            doc = os.path.join(top, prefix + m["document"])
            actual = sha256_file(doc) if os.path.exists(doc) else None
            arrival = ("picked", prefix) if picked else ("outbound", "")
            out.setdefault(m["delivery_key"], []).append((arrival, m["document"], actual, m["sha256"]))
    return out


def pickup(outbound_dir, print_dir, picked_outbound, picked_print, counter):
    """What a consuming access point and print room do: every complete
    e-invoice (its manifest and its file) and every complete print batch (its
    manifest and its PDF) is taken out of arx's folders. Returns the next
    pickup number."""
    os.makedirs(picked_outbound, exist_ok=True)
    os.makedirs(picked_print, exist_ok=True)
    if os.path.isdir(outbound_dir):
        for name in sorted(os.listdir(outbound_dir)):
            if not name.endswith(".manifest.json") or name.startswith("."):
                continue
            doc = name[:-len(".manifest.json")]
            if not os.path.exists(os.path.join(outbound_dir, doc)):
                continue  # the manifest comes first; the access point waits for its file
            counter += 1
            os.rename(os.path.join(outbound_dir, doc), os.path.join(picked_outbound, "%06d-%s" % (counter, doc)))
            os.rename(os.path.join(outbound_dir, name), os.path.join(picked_outbound, "%06d-%s" % (counter, name)))
    if os.path.isdir(print_dir):
        for name in sorted(os.listdir(print_dir)):
            if not name.endswith(".json") or name.startswith("."):
                continue
            pdf = name[:-5] + ".pdf"
            if not os.path.exists(os.path.join(print_dir, pdf)):
                continue
            counter += 1
            os.rename(os.path.join(print_dir, pdf), os.path.join(picked_print, "%06d-%s" % (counter, pdf)))
            os.rename(os.path.join(print_dir, name), os.path.join(picked_print, "%06d-%s" % (counter, name)))
    return counter


def print_room(print_dir, picked_dir=None):
    """{delivery key: [batch pdf, ...]}: the letters of every complete batch
    (its manifest and its PDF both in place), in the print folder and among the
    batches the print room picked up, and the manifests whose PDF is missing (a
    batch the printer would never print)."""
    out, incomplete = {}, []
    for top in (print_dir, picked_dir):
        if not top or not os.path.isdir(top):
            continue
        for name in sorted(os.listdir(top)):
            if not name.endswith(".json") or name.startswith("."):
                continue
            pdf = name[:-5] + ".pdf"
            if not os.path.exists(os.path.join(top, pdf)):
                incomplete.append(name)
                continue
            with open(os.path.join(top, name)) as f:
                m = json.load(f)
            # One entry per document of a letter (the notice and its invoice
            # copies): a letter is in a batch once, however many pages it has.
            for key in {letter["delivery_key"] for letter in m.get("letters", [])}:
                out.setdefault(key, []).append(os.path.join(top, pdf))
    return out, incomplete


def portal_files(portal_dir):
    """{(customer number, file name): sha256} of everything in the portal."""
    out = {}
    if not os.path.isdir(portal_dir):
        return out
    for customer in sorted(os.listdir(portal_dir)):
        d = os.path.join(portal_dir, customer)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.startswith("."):
                continue
            out[(customer, name)] = sha256_file(os.path.join(d, name))
    return out


def stray_temporaries(*dirs):
    """Temporary files a killed writer left behind (names starting with '.')."""
    out = []
    for top in dirs:
        if not os.path.isdir(top):
            continue
        for base, _, files in os.walk(top):
            out += [os.path.join(base, f) for f in files if f.startswith(".")]
    return out
