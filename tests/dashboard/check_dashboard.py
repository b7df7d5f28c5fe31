#!/usr/bin/env python3
"""Headless-Chromium check of the arx receivables dashboard (stdlib only).

    check_dashboard.py --page PATH/index.html --out DIR [--chromium /usr/bin/chromium]
                       [--expect-charts 6]
    check_dashboard.py --data sample.json --template plugin/analytics/dashboard.html --out DIR

With --data/--template the page is built first (DIR/index.html), substituting
the JSON for {{ARX_DATA}} with every "<" escaped as \\u003c, as the plugin does.

The check renders the page twice (--dump-dom, --screenshot), fails on any page
console message, uncaught exception or CSP violation reported on Chromium's
stderr, verifies the readiness markers on <body>, decodes the PNG and counts
pixels of the exact chart colours. Pixel requirements follow the embedded data,
so documents with empty sections are checked too. Exit 0 = pass, 1 = fail.
"""
import argparse
import html
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from array import array
from collections import Counter

PLACEHOLDER = "{{ARX_DATA}}"

# Chromium (>= ~120) logs every page console message, whatever its level, as
#   [pid:tid:MMDD/HHMMSS.micros:INFO:CONSOLE:LINE] "message", source: URL (LINE)
# older builds wrote CONSOLE(LINE). Uncaught exceptions ("Uncaught Error: x"),
# unhandled rejections and CSP violations arrive the same way. The message may
# span several lines. The level is not in the line, so every page console
# message fails the check: the dashboard never logs in normal operation.
CONSOLE_RE = re.compile(
    r'\[\d+:\d+:\d{4}/\d{6}\.\d+:[A-Z]+:CONSOLE(?::(\d+)|\((\d+)\))\] "(.*?)", source: (.*?) \((\d+)\)',
    re.S)
# Resource / renderer failures that do not come through the console.
FAILURE_RE = re.compile(r'net::ERR_[A-Z_]+|Renderer process crashed|Aw, Snap|RESULT_CODE_KILLED|'
                        r'Refused to (?:load|apply|execute|connect)', re.I)

# Exact chart colours.
COLOURS = {
    "aging bars": "#2f6db5",          # also DSO line (same colour by design)
    "aging over-90": "#c0392b",
    "ADD line": "#e67e22",
    "CEI line": "#27ae60",
    "forecast bars": "#16a085",
    "forecast band": "#a3e4d7",
    "STP line": "#8e44ad",
    "top overdue": "#d35400",
    "delivery electronic": "#2980b9",
    "delivery paper": "#7f8c8d",
}
BAR_MIN = 500      # a clearly visible bar series
SMALL_MIN = 60     # a series that is small relative to its chart's maximum
LINE_MIN = 150     # a line series (stroke 3 px plus 4 px point markers)
MIN_DISTINCT_COLOURS = 200  # anti-aliased text and shapes give thousands; blank gives 1


def build_page(data_path, template_path, out_dir):
    with open(data_path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(template_path, encoding="utf-8") as f:
        tpl = f.read()
    if tpl.count(PLACEHOLDER) != 1:
        raise SystemExit("FAIL: template must contain %s exactly once" % PLACEHOLDER)
    payload = json.dumps(doc, ensure_ascii=False).replace("<", "\\u003c")
    page = os.path.join(out_dir, "index.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(tpl.replace(PLACEHOLDER, payload))
    return page


def embedded_data(page_text):
    m = re.search(r'<script id="arx-data" type="application/json">(.*?)</script>', page_text, re.S)
    if not m:
        raise SystemExit("FAIL: page has no <script id=\"arx-data\"> element")
    try:
        return json.loads(m.group(1))
    except ValueError as e:
        raise SystemExit("FAIL: embedded arx-data is not valid JSON (%s)%s" % (
            e, "; the %s placeholder was not substituted" % PLACEHOLDER if PLACEHOLDER in m.group(1) else ""))


def run_chromium(chromium, url, extra, timeout):
    """Runs one headless Chromium; returns (stdout, stderr, seconds)."""
    profile = tempfile.mkdtemp(prefix="arx-chromium-")
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--user-data-dir=" + profile, "--no-first-run", "--disable-extensions",
           "--enable-logging=stderr", "--v=0", "--window-size=1280,2600",
           "--force-device-scale-factor=1", "--virtual-time-budget=5000"] + extra + [url]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)   # our own process group only
        proc.communicate()
        raise SystemExit("FAIL: chromium did not finish within %d s (%s)" % (timeout, " ".join(extra)))
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    secs = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit("FAIL: chromium exited with %d:\n%s" % (proc.returncode, err.decode("utf-8", "replace")[-3000:]))
    return out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), secs


def page_problems(stderr, page_url):
    problems = []
    for m in CONSOLE_RE.finditer(stderr):
        problems.append("console message: %s (source: %s:%s)" % (m.group(3), m.group(4), m.group(5)))
    # Any CONSOLE line the pattern did not parse still counts.
    parsed = len(problems)
    if stderr.count(":CONSOLE") > parsed:
        for line in stderr.splitlines():
            if ":CONSOLE" in line and not CONSOLE_RE.search(line):
                problems.append("console message (unparsed): " + line.strip())
    for m in FAILURE_RE.finditer(stderr):
        line = stderr[stderr.rfind("\n", 0, m.start()) + 1:stderr.find("\n", m.end()) if "\n" in stderr[m.end():] else None]
        if ":CONSOLE" not in line:
            problems.append("load/renderer failure: " + line.strip())
    return problems


# ------------------------------------------------------------------ PNG ----

def decode_png(path):
    """Returns (width, height, channels, rows) for 8-bit RGB/RGBA non-interlaced PNGs."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("FAIL: %s is not a PNG" % path)
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise SystemExit("FAIL: unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        base = y * (stride + 1)
        ftype, line = raw[base], bytearray(raw[base + 1:base + 1 + stride])
        if ftype == 1:      # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:    # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:    # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:    # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif ftype != 0:
            raise SystemExit("FAIL: bad PNG filter type %d in row %d" % (ftype, y))
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def colour_histogram(path):
    """Counter of 0xRRGGBB -> pixel count (alpha ignored)."""
    width, height, bpp, rows = decode_png(path)
    hist = Counter()
    for line in rows:
        if bpp == 4:
            px = array("I")
            px.frombytes(bytes(line))
            if sys.byteorder == "big":
                px.byteswap()
            hist.update(v & 0xFFFFFF for v in px)   # little-endian word = 0xAABBGGRR
        else:
            hist.update(zip(line[0::3], line[1::3], line[2::3]))
    out = Counter()
    for k, n in hist.items():
        if isinstance(k, tuple):
            out[(k[0] << 16) | (k[1] << 8) | k[2]] += n
        else:   # RGBA word 0x00BBGGRR -> 0xRRGGBB
            out[((k & 0xFF) << 16) | (k & 0xFF00) | ((k >> 16) & 0xFF)] += n
    return width, height, out


# ------------------------------------------------------- expectations ----

def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def requirements(doc):
    """Minimum pixel count per colour, derived from what the data should show."""
    req = {}

    def bar(name, value, maximum):
        if value > 0 and maximum > 0:
            req[name] = BAR_MIN if value >= 0.10 * maximum else SMALL_MIN

    aging = doc.get("aging") or []
    amounts = {a.get("bucket"): abs(_num(a.get("amount")) or 0) for a in aging}
    top = max(amounts.values() or [0])
    bar("aging over-90", max(amounts.get("91-120", 0), amounts.get("120+", 0)), top)
    bar("aging bars", max([v for k, v in amounts.items() if k not in ("91-120", "120+")] or [0]), top)

    trend = doc.get("trend") or []
    if len(trend) >= 2:
        for key, name in (("add", "ADD line"), ("cei", "CEI line"), ("dso", "aging bars")):
            if sum(1 for p in trend if _num(p.get(key)) is not None) >= 2:
                req[name] = max(req.get(name, 0), LINE_MIN)
    if sum(1 for p in trend if _num(p.get("stp_rate")) is not None) >= 1:
        req["STP line"] = LINE_MIN if sum(1 for p in trend if _num(p.get("stp_rate")) is not None) >= 2 else 30

    forecast = doc.get("forecast") or []
    if any((_num(w.get("expected")) or 0) > 0 for w in forecast):
        req["forecast bars"] = BAR_MIN
    if any((_num(w.get("high")) or 0) > (_num(w.get("low")) or 0) for w in forecast):
        req["forecast band"] = LINE_MIN

    if any((_num(r.get("overdue")) or 0) > 0 for r in doc.get("top_overdue") or []):
        req["top overdue"] = BAR_MIN

    delivery = doc.get("delivery") or []
    el = max([_num(d.get("share")) or 0 for d in delivery if d.get("electronic")] or [0])
    paper = max([_num(d.get("share")) or 0 for d in delivery if not d.get("electronic")] or [0])
    bar("delivery electronic", el, 100.0)
    bar("delivery paper", paper, 100.0)
    return req


# ------------------------------------------------------------------ main ---

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--page", help="built dashboard page (index.html)")
    ap.add_argument("--data", help="JSON document to build the page from (with --template)")
    ap.add_argument("--template", help="dashboard template (plugin/analytics/dashboard.html)")
    ap.add_argument("--out", required=True, help="output directory (screenshot, built page)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--expect-charts", type=int, default=6)
    ap.add_argument("--timeout", type=int, default=60, help="seconds per chromium run")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    if args.data or args.template:
        if not (args.data and args.template):
            ap.error("--data and --template go together")
        args.page = build_page(args.data, args.template, args.out)
    if not args.page:
        ap.error("--page or --data/--template is required")
    if not shutil.which(args.chromium):
        raise SystemExit("FAIL: chromium not found at %s (apt-get install -y chromium)" % args.chromium)

    page = os.path.abspath(args.page)
    with open(page, encoding="utf-8") as f:
        page_text = f.read()
    failures = []
    if PLACEHOLDER in page_text:
        failures.append("page still contains the %s placeholder" % PLACEHOLDER)
    if "Content-Security-Policy" not in page_text:
        failures.append("page has no Content-Security-Policy meta element")
    doc = embedded_data(page_text)
    url = "file://" + page

    t0 = time.monotonic()
    dom, err1, s1 = run_chromium(args.chromium, url, ["--dump-dom"], args.timeout)
    shot = os.path.join(os.path.abspath(args.out), "dashboard.png")
    if os.path.exists(shot):
        os.remove(shot)
    _, err2, s2 = run_chromium(args.chromium, url, ["--screenshot=" + shot], args.timeout)

    # 1. Console errors, exceptions, CSP violations, failed loads.
    seen = set()
    for p in page_problems(err1, url) + page_problems(err2, url):
        if p not in seen:
            seen.add(p)
            failures.append(p)

    # 2. Readiness markers.
    body = re.search(r"<body\b[^>]*>", dom)
    attrs = dict((k, html.unescape(v)) for k, v in re.findall(r'([\w-]+)="([^"]*)"', body.group(0))) if body else {}
    if attrs.get("data-arx-ready") != "1":
        failures.append('body lacks data-arx-ready="1" (script did not finish)')
    charts = attrs.get("data-arx-charts")
    if charts != str(args.expect_charts):
        failures.append("data-arx-charts is %r, expected %d" % (charts, args.expect_charts))

    # 3. Pixels.
    if not os.path.exists(shot):
        failures.append("no screenshot written")
        counts, width, height, distinct = {}, 0, 0, 0
    else:
        width, height, hist = colour_histogram(shot)
        distinct = len(hist)
        if distinct < MIN_DISTINCT_COLOURS:
            failures.append("screenshot looks blank: only %d distinct colours" % distinct)
        counts = {name: hist.get(int(hexv[1:], 16), 0) for name, hexv in COLOURS.items()}
    req = requirements(doc)
    total = time.monotonic() - t0

    print("arx dashboard check: %s" % page)
    print("  chromium runs: dump-dom %.1f s, screenshot %.1f s, total check %.1f s" % (s1, s2, total))
    print("  body: data-arx-ready=%s data-arx-charts=%s (expected %d)" % (attrs.get("data-arx-ready"), charts, args.expect_charts))
    print("  screenshot: %s (%dx%d, %d distinct colours)" % (shot, width, height, distinct))
    print("  %-22s %-8s %9s %9s" % ("chart colour", "hex", "pixels", "minimum"))
    for name, hexv in COLOURS.items():
        need = req.get(name, 0)
        ok = counts.get(name, 0) >= need
        print("  %-22s %-8s %9d %9s %s" % (name, hexv, counts.get(name, 0), need or "-", "" if ok else "<-- too few"))
        if not ok:
            failures.append("%s (%s): %d pixels, need >= %d" % (name, hexv, counts.get(name, 0), need))
    if failures:
        print("FAIL:")
        for f in failures:
            print("  - " + f)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
