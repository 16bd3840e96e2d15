#!/usr/bin/env python3
"""Check every number in examples/rapport.md (+ SVG, CSV) against the raw
excerpt list `thema excerpts --json` wrote (rapport-excerpts.json) and the
themes (rapport-themes.json), recounting independently of thema's code:
a theme counts an excerpt once and includes its subthemes' excerpts."""
import csv, json, re, sys
from pathlib import Path

here = Path(__file__).parent
ex = json.loads((here / "rapport-excerpts.json").read_text())
themes = json.loads((here / "rapport-themes.json").read_text())
md = (here / "rapport.md").read_text()
svg = (here / "rapport-matrix.svg").read_text()
rows = list(csv.DictReader((here / "rapport-frequenties.csv").open(newline="")))
units = sorted({e["attributes"]["unit"] for e in ex if "unit" in e["attributes"]})
ex = [e for e in ex if not e.get("orphan")]
problems = []

def check(what, got, want):
    if str(got) != str(want):
        problems.append(f"{what}: report says {got}, excerpts say {want}")

def counts(ids):
    sel = [e for e in ex if e["id"] in ids]
    per = {u: sum(1 for e in sel if e["attributes"].get("unit") == u) for u in units}
    return len(sel), len({e["doc"] for e in sel}), sum(1 for n in per.values() if n), per

def code_ids(name):
    return {e["id"] for e in ex if name in e["codes"]}

def theme_ids(name):
    t = next(t for t in themes if t["name"] == name)
    ids = set().union(*[code_ids(c) for c in t["codes"]]) if t["codes"] else set()
    for s in themes:
        if s["parent"] == name:
            ids |= theme_ids(s["name"])
    return ids

for r in rows:
    ids = theme_ids(r["name"]) if r["kind"] == "theme" else code_ids(r["name"])
    n, d, g, per = counts(ids)
    tag = f'{r["kind"]} {r["name"]!r}'
    check(f"{tag} excerpts", r["excerpts"], n)
    check(f"{tag} documents", r["documents"], d)
    check(f"{tag} groups", r["groups_present"], g)
    for u in units:
        check(f"{tag} {u}", r[u], per[u])
    # The row of the Markdown matrix: "5/6", excerpts, documents, then ✓/– per unit.
    row = next((l for l in md.split("\n") if re.match(rf"\| (?:[\u2003]*↳ )?{re.escape(r['name'])} +\|", l)), None)
    if row is None:
        problems.append(f"{tag}: no row in the Markdown matrix")
    else:
        cells = [c.strip() for c in row.strip("|").split("|")]
        check(f"{tag} md presence", cells[2], f"{g}/{len(units)}")
        check(f"{tag} md excerpts", cells[3], n)
        check(f"{tag} md documents", cells[4], d)
        check(f"{tag} md cells", " ".join(cells[5:5 + len(units)]), " ".join("✓" if per[u] else "–" for u in units))
    if r["kind"] == "theme":
        # The prevalence sentence in the Markdown, and the SVG cells.
        docs_in = lambda u: len({e["doc"] for e in ex if e["id"] in ids and e["attributes"].get("unit") == u})
        want = f"enoemd in {g} van de {len(units)} eenheden ({n} fragment{'' if n == 1 else 'en'}, {d} document{'' if d == 1 else 'en'})"
        sentence = re.search(rf"#+ [\d.]+ {re.escape(r['name'])}\n.*?enoemd in \d+ van de \d+ eenheden \(\d+ fragment(?:en)?, \d+ document(?:en)?\)", md, re.S)
        check(f"{tag} sentence", sentence and sentence.group(0)[-len(want):], want)
        for u in units:
            m = re.search(rf"<title>{re.escape(r['name'])}: {re.escape(u)} = (\d+) fragment(?:en)?, (\d+) document(?:en)?</title>", svg.replace("&apos;", "'"))
            check(f"{tag} svg {u}", m and m.groups(), (str(per[u]), str(docs_in(u))))

# Code counts listed under each theme: "Codes: A (n), B (m)."
for t in themes:
    m = re.search(rf"#+ [\d.]+ {re.escape(t['name'])}\n.*?\nCodes: (.*?)\.\n", md, re.S)
    for name, n in re.findall(r"([^,(]+?) \((\d+)\)", m.group(1) if m else ""):
        check(f"code {name.strip()!r} under {t['name']!r}", n, len(code_ids(name.strip())))

# Every quote is an excerpt of its theme from the unit named in the bold line
# above it, not one of a subtheme's (those are quoted under the subtheme),
# and appears once per section. A trimmed or redacted quote ([…], [leeftijd])
# must be the excerpt's text in order with parts left out.
def pieces(display):
    return [p.strip() for p in re.split(r"\[[^\]]*\]", display) if p.strip()]

def in_order(text, parts):
    at = 0
    for p in parts:
        i = text.find(p, at)
        if i < 0:
            return False
        at = i + len(p)
    return True

quotes_checked = trimmed_checked = 0
sections = re.split(r"\n#{3,6} [\d.]+ ", md)
for sec in sections[1:]:
    name = sec.split("\n", 1)[0]
    if not any(t["name"] == name for t in themes):
        continue
    ids = theme_ids(name)
    below = set().union(*[theme_ids(s["name"]) for s in themes if s["parent"] == name])
    unit, seen, lines = None, set(), sec.split("\n")
    i = 0
    while i < len(lines):
        m = re.fullmatch(r"\*\*(Politie-eenheid [IVX]+)\*\*", lines[i])
        if m:
            unit = m.group(1)
        if lines[i].startswith("> "):
            block = []
            while i < len(lines) and lines[i].startswith("> "):
                block.append(lines[i][2:])
                i += 1
            text = " ".join(block).replace("\\", "")
            quotes_checked += 1
            trimmed = re.search(r"\[[^\]]*\]", text) is not None
            trimmed_checked += trimmed
            match = [e for e in ex if e["id"] in ids and e["id"] not in below and e["attributes"]["unit"] == unit
                     and (e["text"].replace("\n", " ") == text or (trimmed and in_order(e["text"].replace("\n", " "), pieces(text))))]
            if not match:
                problems.append(f"quote under {name!r} not an excerpt of {unit} (or a subtheme's): {text[:60]}")
            elif match[0]["id"] in seen:
                problems.append(f"quote repeated under {name!r}: {text[:60]}")
            else:
                seen.add(match[0]["id"])
            continue
        i += 1

check("method: documents", re.search(r"- Documenten: (\d+)", md).group(1), len({e["doc"] for e in ex}))
check("method: excerpts", re.search(r"- Gecodeerde fragmenten: (\d+)", md).group(1), len(ex))
check("method: themes", re.search(r"- Thema's \(incl. subthema's\): (\d+)", md).group(1), len(themes))
# Method: the coders by name and the documents per unit, from the excerpts.
coders = sorted({e["coder"] for e in ex})
check("method: coders", re.search(r"- Codeurs: (.*)", md).group(1), f"{len(coders)} ({', '.join(coders)})")
per_unit = ", ".join(f"{u} ({len({e['doc'] for e in ex if e['attributes'].get('unit') == u})})" for u in units)
check("method: documents per unit", re.search(r"- Documenten per eenheid: (.*)", md).group(1), per_unit)

# Saturation: thema's coding order (rapport-saturatie.csv) recounted from
# the codes of each document's excerpts, against the table, sentence and SVG.
sat = list(csv.DictReader((here / "rapport-saturatie.csv").open(newline="")))
sat_svg = (here / "rapport-saturation.svg").read_text()
check("saturation: coded documents", sorted(r["doc"] for r in sat), sorted({e["doc"] for e in ex}))
seen, reached = set(), 0
section = md.split("## Verzadiging\n", 1)[1].split("\n## ", 1)[0]
for r in sat:
    here_codes = {c for e in ex if e["doc"] == r["doc"] for c in e["codes"]}
    new = here_codes - seen
    seen |= here_codes
    if new:
        reached = int(r["position"])
    tag = f"saturation #{r['position']} ({r['doc']})"
    check(f"{tag} new codes", r["new_codes"], len(new))
    check(f"{tag} which", sorted(filter(None, r["codes"].split("; "))), sorted(new))
    check(f"{tag} cumulative", r["cumulative"], len(seen))
    row = re.search(rf"^\| +{r['position']} \| [\d-]+ [\d:]+ \| +(\d+) \| +(\d+) \|$", section, re.M)
    check(f"{tag} md row", row and row.groups(), (str(len(new)), str(len(seen))))
    word = "nieuwe code" if len(new) == 1 else "nieuwe codes"
    check(f"{tag} svg", f"<title>#{r['position']}: {len(new)} {word}, {len(seen)} in totaal</title>" in sat_svg, True)
want = f"Na {reached} van de {len(sat)} gecodeerde documenten waren alle codes gevonden ({len(seen)} codes)"
check("saturation sentence", want in section, True)
check("saturation figure", "](rapport-saturation.svg)" in section, True)

# Theme memos: under the theme's own number.
if "## Memo's bij de thema's" in md:
    memos = md.split("## Memo's bij de thema's\n", 1)[1]
    for num, name in re.findall(r"^### ([\d.]+) (.+)$", memos, re.M):
        body = re.search(rf"^#+ ([\d.]+) {re.escape(name)}$", md, re.M)
        check(f"memo under {name!r}", num, body and body.group(1))

# Nothing from the front matter but the unit: roles, interviewers, dates.
for secret in ["korpsexpert mensenhandel", "rechercheur mensenhandel", "interviewer: ", "R1)", "R2)"]:
    if secret in md:
        problems.append(f"front matter value {secret!r} appears in the report")
if re.search(r"\b2020-0[89]-\d\d\b", md):
    problems.append("an interview date appears in the report")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"checked {len(rows)} table rows, {len(themes)} themes, {quotes_checked} quotes ({trimmed_checked} trimmed), {len(sat)} saturation rows and method figures: all match", file=sys.stderr)
