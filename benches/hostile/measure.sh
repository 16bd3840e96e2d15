#!/usr/bin/env bash
# Hostile inputs of issue 7 part 11, at the sizes the issue reported, timed
# with their peak memory. Not run by CI (the old code needs minutes and
# gigabytes for these); run it by hand against any build:
#
#   benches/hostile/measure.sh target/release/thema [timeout-seconds]
#
# Each case prints: name, exit code, wall seconds, peak RSS in MB. A case
# that hits the timeout shows exit 124; memory is capped at 4 GB per case
# (ulimit -v), so a runaway read fails instead of taking the machine.
set -uo pipefail
bin=$(realpath "${1:?usage: measure.sh path/to/thema [timeout]}")
limit=${2:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

run() { # name, then the thema arguments
  local name=$1; shift
  rm -f p.db p.db-wal p.db-shm
  "$bin" -p p.db init >/dev/null 2>&1
  [ -n "${SETUP:-}" ] && eval "$SETUP"
  local t0 rc
  t0=$(date +%s.%N)
  ( ulimit -v 4000000; timeout "$limit" /usr/bin/time -f '%M' -o rss "$bin" -p p.db "$@" >out 2>err )
  rc=$?
  local secs rss
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
  rss=$(tail -1 rss 2>/dev/null | grep -E '^[0-9]+$' || echo 0)
  printf '%-44s exit %-3s %8.2f s %8d MB  %s\n' "$name" "$rc" "$secs" $((rss / 1024)) "$(head -c 100 err | tr '\n' ' ')"
}

# 1. A symlink to /dev/zero, as a write-up and as a codebook.
ln -sf /dev/zero zero.md
ln -sf /dev/zero zero.yaml
run "import symlink to /dev/zero" import zero.md
run "codebook import symlink to /dev/zero" codebook import zero.yaml

# 2. A .qdpx zip bomb: project.qde of 5 GB of spaces, about 5 MB zipped.
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("bomb.qdpx", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("project.qde", "w", force_zip64=True) as f:
        f.write(b"<Project name='bomb'>")
        chunk = b" " * (1 << 20)
        for _ in range(5 * 1024):
            f.write(chunk)
PY
run "codebook import 5 MB .qdpx zip bomb ($(du -h bomb.qdpx | cut -f1))" codebook import bomb.qdpx

# 3. Front matter with 40,000 keys.
{ echo '---'; echo 'id: P1'; seq 1 40000 | sed 's/.*/key&: value &/'; echo '---'; echo 'Tekst.'; } > keys.md
run "import front matter with 40,000 keys" import keys.md

# 4. 200 KB of '[' in front matter and in a YAML codebook.
{ echo '---'; printf 'x: '; head -c 200000 /dev/zero | tr '\0' '['; echo; echo '---'; echo 'Tekst.'; } > brackets.md
{ printf 'version: 1\ncodes: '; head -c 200000 /dev/zero | tr '\0' '['; echo; } > brackets.yaml
run "import 200 KB of [ in front matter" import brackets.md
run "codebook import 200 KB of [" codebook import brackets.yaml

# 5. A 10,000-deep code tree (listed children first), then a code-level report.
{ echo 'version: 1'; echo 'codes:'; for i in $(seq 9999 -1 0); do
    echo "  - name: c$i"; [ "$i" -gt 0 ] && echo "    parent: c$((i - 1))"; done; } > deep.yaml
# The same tree parents first, so the report case does not wait on the import.
{ echo 'version: 1'; echo 'codes:'; for i in $(seq 0 9999); do
    echo "  - name: c$i"; [ "$i" -gt 0 ] && echo "    parent: c$((i - 1))"; done; } > deep-pf.yaml
printf -- '---\nid: P1\nunit: A\n---\nDe kans dat je gepakt wordt is nul.\n' > p1.md
run "codebook import 10,000-deep code tree" codebook import deep.yaml
SETUP='"$bin" -p p.db import p1.md >/dev/null 2>&1; timeout "$limit" "$bin" -p p.db codebook import deep-pf.yaml >/dev/null 2>&1; "$bin" -p p.db code apply c9999 --match pakkans --all >/dev/null 2>&1' \
  run "report frequencies --level code (10,000 deep)" report frequencies --level code

# 6. Autocode in a 900 KB write-up without blank lines.
{ printf -- '---\nid: P1\n---\n'; for i in $(seq 1 17000); do
    echo "Zin $i gaat over de pakkans van daders in deze regio."; done; } > long.md
SETUP='"$bin" -p p.db import long.md >/dev/null 2>&1' \
  run "autocode 900 KB paragraph ($(du -k long.md | cut -f1) KB)" code apply Pakkans --match pakkans --all --unit sentence
