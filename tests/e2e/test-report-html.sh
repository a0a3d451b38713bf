#!/bin/sh
# budge report --html rendered in headless Chromium: the charts are in the
# DOM after rendering, the page loads nothing from the network, and a
# screenshot is a real picture (right size, many colours, not blank).
set -eu

: "${BUDGE:?BUDGE must point at the budge binary}"
CHROME=""
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then CHROME=$c; break; fi
done
[ -n "$CHROME" ] || { echo "chromium not installed"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$BUDGE" walk 5 >/dev/null
. "$BUDGE_SOURCE_ROOT/tests/integration/report-fixture.sh"
report_fixture "$XDG_DATA_HOME/budge/budge.db" "$T"
"$BUDGE" report week --date 2025-03-10 --html "$T/report.html" || fail "report --html failed"

chrome() {
	# --headless=new may print harmless warnings; only the files matter
	"$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" 2>"$T/chrome.err"
}

# --- the DOM after rendering has every chart, with drawn marks
chrome --dump-dom "file://$T/report.html" >"$T/dom.html" || fail "chromium --dump-dom failed: $(tail -3 "$T/chrome.err")"
for id in timeline sitting-breaks regions pain-adherence wearable; do
	grep -q "<svg[^>]*id=\"$id\"" "$T/dom.html" || fail "chart '$id' missing from the rendered DOM"
done
python3 - "$T/dom.html" <<'EOF' || fail "rendered charts have too few marks"
import re, sys
dom = open(sys.argv[1]).read()
sit = len(re.findall(r'<rect class="sit"', dom))
prompts = len(re.findall(r'<circle class="prompt"', dom))
bars = len(re.findall(r'<rect class="bar"', dom))
print(f"sitting segments {sit}, prompt marks {prompts}, bars {bars}")
sys.exit(0 if sit >= 3 and prompts == 4 and bars >= 4 else 1)
EOF
if grep -Eiq '<(script|link|img|iframe)[ >]' "$T/report.html"; then fail "the page is not self-contained"; fi

# --- a screenshot: PNG of the window size, many colours, not blank
chrome --screenshot="$T/shot.png" --window-size=1200,1600 --hide-scrollbars \
	"file://$T/report.html" >/dev/null || fail "chromium --screenshot failed: $(tail -3 "$T/chrome.err")"
[ -s "$T/shot.png" ] || fail "no screenshot written"
python3 - "$T/shot.png" <<'EOF' || fail "the screenshot looks wrong"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w, h, ct, bd = 8, b"", 0, 0, 0, 0
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        w, h, bd, ct = struct.unpack(">IIBB", chunk[:10])
    elif typ == b"IDAT":
        idat += chunk
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ct]
stride = w * bpp
colours, prev = set(), bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            colours.add(bytes(line[x:x + 3]))
    prev = line
print(f"screenshot {w}x{h}, {len(colours)} distinct colours")
assert (w, h) == (1200, 1600), "wrong size"
assert len(colours) >= 20, "looks blank"
EOF

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
