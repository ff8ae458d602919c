//! Part-of-speech tagger, lemmatiser and dependency parser (work in progress).
