#!/usr/bin/env bash
# Rebuilds the models embedded in chronicle-nlp from the UD English Web Treebank.
#
#   crates/chronicle-nlp/models/rebuild.sh [UD_EWT_DIR]
#
# Deterministic: the same treebank, seed and code give byte-identical models.
# Order matters: the parser's dev scores use the tagger just trained. After it,
# `cargo build --release -p chronicle` embeds the new files and
# `chronicle eval ud UD_EWT_DIR/en_ewt-ud-test.conllu` reports the scores.
set -euo pipefail
cd "$(dirname "$0")/../../.."
UD="${1:-../shared/data/ud-english-ewt}"
MODELS=crates/chronicle-nlp/models
SEED="${SEED:-1}"

cargo build --release -p chronicle
BIN=target/release/chronicle

$BIN train lemmatizer --train "$UD/en_ewt-ud-train.conllu" --output "$MODELS/lemmas.bin"
$BIN train tagger --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
    --epochs 8 --ensemble 4 --seed "$SEED" --output "$MODELS/tagger.bin"
$BIN train parser --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
    --epochs 15 --ensemble 3 --seed "$SEED" --jackknife 10 --tagger-epochs 6 --tagger "$MODELS/tagger.bin" \
    --output "$MODELS/parser.bin"

cargo build --release -p chronicle
$BIN eval ud "$UD/en_ewt-ud-dev.conllu"
