#!/usr/bin/env bash
# Rebuilds the models embedded in chronicle-nlp from the UD English Web Treebank.
#
#   crates/chronicle-nlp/models/rebuild.sh [UD_EWT_DIR]
#
# Deterministic: the same treebank, seed and code give byte-identical models.
# The built-in models are trained on EWT train + dev together, with the epoch
# counts chosen on dev when training on train alone (see the README): their dev
# scores are not held out; report test. After it, `cargo build --release -p
# chronicle` embeds the new files and `chronicle eval ud
# UD_EWT_DIR/en_ewt-ud-test.conllu` reports the scores.
set -euo pipefail
cd "$(dirname "$0")/../../.."
UD="${1:-../shared/data/ud-english-ewt}"
MODELS=crates/chronicle-nlp/models
SEED="${SEED:-1}"

cargo build --release -p chronicle
BIN=target/release/chronicle
TRAIN="$(mktemp --suffix=.conllu)"
trap 'rm -f "$TRAIN"' EXIT
cat "$UD/en_ewt-ud-train.conllu" "$UD/en_ewt-ud-dev.conllu" > "$TRAIN"

$BIN train lemmatizer --train "$TRAIN" --output "$MODELS/lemmas.bin"
$BIN train tagger --train "$TRAIN" --epochs 8 --ensemble 4 --seed "$SEED" --output "$MODELS/tagger.bin"
$BIN train parser --train "$TRAIN" --epochs 15 --ensemble 3 --seed "$SEED" --jackknife 10 --tagger-epochs 6 \
    --non-monotonic --output "$MODELS/parser.bin"
# The punctuation ranker, on 5-fold jackknifed trees (parsed by non-monotonic
# fold parsers, like the parser itself), stored inside parser.bin;
# then the root ranker, on the same trees (epochs and margin chosen on dev).
TREES="$(mktemp --suffix=.conllu)"
trap 'rm -f "$TRAIN" "$TREES"' EXIT
$BIN train punct --parser "$MODELS/parser.bin" --train "$TRAIN" --punct-folds 5 --fold-epochs 8 \
    --jackknife 5 --tagger-epochs 5 --epochs 5 --seed "$SEED" --non-monotonic --trees-out "$TREES" --output "$MODELS/parser.bin"
$BIN train root --parser "$MODELS/parser.bin" --train "$TRAIN" --trees-in "$TREES" --epochs 3 --root-margin 20000 \
    --seed "$SEED" --output "$MODELS/parser.bin"

cargo build --release -p chronicle
$BIN eval ud "$UD/en_ewt-ud-test.conllu"
