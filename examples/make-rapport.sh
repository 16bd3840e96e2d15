#!/bin/sh
# Rebuild examples/rapport.md (+ rapport-matrix.svg) from the six example
# interviews, from scratch, so every number in the report is reproducible:
#
#   sh examples/make-rapport.sh            # uses target/debug/thema (builds it)
#   THEMA=/path/to/thema sh examples/make-rapport.sh
#
# Steps: a fresh project; import the write-ups; import the starting codebook
# (codes + 10 candidate themes); autocode with phrases (whole sentences;
# phrases chosen so that no topic heading is coded);
# two quotes coded by hand with --span and curated as key quotes; refine the themes (definitions,
# phases, a subtheme, the order) with memos on two themes; write the report
# (with its matrix and saturation figures). The excerpt list the
# report was checked against is written to examples/rapport-excerpts.json.
set -eu
cd "$(dirname "$0")/.."
if [ -z "${THEMA:-}" ]; then
    cargo build --quiet --bin thema
    THEMA=target/debug/thema
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export THEMA_PROJECT="$WORK/rapport.db" THEMA_CODER=analist THEMA_LANG=nl
t() { "$THEMA" "$@" 2>/dev/null; }
show() { "$THEMA" "$@"; }

t init
t import examples/interviews/
t codebook import codebooks/webcam-politie.yaml

# code PHRASE… : autocode every sentence containing one of the phrases
code() {
    name=$1
    shift
    for phrase in "$@"; do
        t code apply "$name" --match "$phrase" --all --unit sentence
    done
}
code "Geen meldingen" "geen aparte code" "geen melding" "nooit een melding"
code "Melding van buitenaf" "zelf gevonden" "via het slachtoffer" "aan de bel"
code "Verstopt in andere aangifte" "aangifte van"
code "Melding door naaste" "vriendin" "moeder"
code "Topje van de ijsberg" "topje" "veel meer"
code "Geen zicht op de sector" "geen zicht" "geen beeld"
code "Geen contact met platforms" "aanspreekpunt" "vorderen"
code "Contrast met prostitutiecontroles" "advertentie"
code "Nederlandse platforms" "Nederlandse"
code "Capaciteitstekort" "schaarse capaciteit" "beperkte capaciteit"
code "Gebrek aan OSINT-kennis" "open bronnen" "digitale sporen"
code "Geen ervaring of werkwijze" "werkwijze"
code "Voorbeeldzaak als kantelpunt" "eerste zaak"
code "Juridische onduidelijkheid online" "stelselmatig" "juridisch"
code "Prioriteit fysieke uitbuiting" "fysieke uitbuiting" "voorrang"
code "Bewijsproblemen" "aan te tonen" "te bewijzen" "het bewijs" "meer bewijs"
code "Verklaring ingetrokken" "intrekken"
code "Vervolging voor andere feiten" "vervolgd voor" "veroordeeld voor"
code "Lage pakkans" "lage pakkans"
code "Webcam als bijverdienste" "bijbaantje" "bijverdienste"
code "Combinatie met fysieke uitbuiting" "flat" "escort"
code "Loverboymethode" "loverboy"
code "Kwetsbare slachtoffers" "verstandelijke beperking" "kwetsba"
code "Corona als aanjager" "coronacrisis" "lockdown"
code "Signalen via hulpverlening" "hulpverlening" "zorgcoördinator"

# Two verbatim quotes coded by hand (byte spans of the stored text), curated
# as key quotes; the second is shown trimmed with […] (the excerpt stays whole).
id_of() { sed -n 's/^ *"id": \([0-9]*\),$/\1/p' | head -1; }
q1=$(t code apply "Geen meldingen" --doc P03 --span 890:1013 --json | id_of)        # “Nul. En ik zeg er meteen bij: …”
q2=$(t code apply "Gebrek aan OSINT-kennis" --doc P05 --span 4521:4675 --json | id_of) # “Die mensen hebben we niet. …”
t quote "$q1" --key
t quote "$q2" --key --display "“Die mensen hebben we niet. […] We doen het met een paar collega's die zichzelf wat hebben aangeleerd.”"

# Phase 4–5: review and define.
t theme define "Blinde vlek" "De politie ziet gedwongen webcamseks vrijwel nooit zelf: zaken komen binnen via het slachtoffer of haar omgeving, en de eenheden vermoeden dat het bekende maar een klein deel is."
t theme phase "Blinde vlek" defined
t theme phase "Een wereld zonder aanspreekpunt" reviewed
t theme phase "Handen en kennis tekort" reviewed
t theme phase "Dwang die niet te zien is" defined
t theme move "Dwang die niet te zien is" --to 2
# Memos on themes (the report's memo appendix): the analyst's reasoning.
t memo --theme "Blinde vlek" "Alle zes eenheden beschrijven dezelfde route naar binnen: het slachtoffer of iemand uit haar omgeving meldt zich. Geen enkele zaak begon met eigen waarneming van de politie. Dat maakt 'topje van de ijsberg' meer dan een stijlfiguur: het is de verwachting van de respondenten zelf."
t memo --theme "Dwang die niet te zien is" "Dwang blijft in de verslagen onzichtbaar zolang het werk vanuit huis gebeurt; pas in combinatie met fysieke uitbuiting (flat, escort) wordt het als mensenhandel herkend. Nagaan of dit thema niet samenvalt met 'Blinde vlek'. Besloten: apart houden, omdat het hier om het herkennen van dwang gaat en niet om het binnenkomen van zaken."

# Privacy check (phase 6): the report refuses while a quote it would publish
# carries an unreviewed date or age. The one it finds here ("een vrouw van
# eind twintig") is redacted in the quote's display text.
id_with() { t excerpts --doc "$1" --json | awk -v w="$2" '/"id":/ { gsub(/[^0-9]/, ""); id = $0 } index($0, w) { print id; exit }'; }
t quote "$(id_with P06 'eind twintig')" --display "De eerste zaak kwam in 2017 binnen toen een vrouw [leeftijd] zich zelf bij de politie meldde, een paar dagen nadat ze was weggelopen uit een woning waar zij en twee andere vrouwen voor een man werkten."

show report full --by unit --quotes 1 --verbatim-first --title "Gedwongen webcamseks: zes politie-eenheden" -o examples/rapport.md
t report frequencies --level both --measure excerpts --format csv -o examples/rapport-frequenties.csv
t report saturation --format csv -o examples/rapport-saturatie.csv
t excerpts --json > examples/rapport-excerpts.json
t theme list --json > examples/rapport-themes.json
if command -v python3 >/dev/null; then python3 examples/check-rapport.py; fi
echo "wrote examples/rapport.md, examples/rapport-matrix.svg, examples/rapport-saturation.svg, examples/rapport-frequenties.csv, examples/rapport-saturatie.csv, examples/rapport-excerpts.json, examples/rapport-themes.json" >&2
