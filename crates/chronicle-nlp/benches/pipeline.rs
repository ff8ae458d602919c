//! Tag + parse speed on the words of the UD English EWT dev set.
//!
//! `cargo bench -p chronicle-nlp --bench pipeline`; the throughput is in
//! elements (words) per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use chronicle_nlp::{conllu, Models};

fn pipeline(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: {path} not found");
        return;
    };
    let sentences = conllu::read(&text).sentences;
    let forms: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let words: usize = forms.iter().map(Vec::len).sum();
    let models = Models::embedded();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(words as u64));
    group.sample_size(10);
    group.bench_function("tag+parse EWT dev", |b| {
        b.iter(|| {
            let mut heads = 0usize;
            for f in &forms {
                heads += models
                    .tag_and_parse(f)
                    .iter()
                    .map(|&(_, _, h, _)| h)
                    .sum::<usize>();
            }
            heads
        })
    });
    group.bench_function("tag+lemma+parse EWT dev", |b| {
        b.iter(|| forms.iter().map(|f| models.analyse(f).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
