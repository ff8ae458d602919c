//! End-to-end: `chronicle parse` on CoNLL-U, through the real binary.

mod common;

use assert_cmd::Command;
use common::{shared, stdout_of};
use predicates::prelude::*;

/// Two sentences, the second with a multiword token; tags and trees blank.
const FIXTURE: &str = "\
# sent_id = 1
# text = Protesters marched on the parliament in Kyiv.
1\tProtesters\t_\t_\t_\t_\t_\t_\t_\t_
2\tmarched\t_\t_\t_\t_\t_\t_\t_\t_
3\ton\t_\t_\t_\t_\t_\t_\t_\t_
4\tthe\t_\t_\t_\t_\t_\t_\t_\t_
5\tparliament\t_\t_\t_\t_\t_\t_\t_\t_
6\tin\t_\t_\t_\t_\t_\t_\t_\t_
7\tKyiv\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
8\t.\t_\t_\t_\t_\t_\t_\t_\t_

# sent_id = 2
# text = The minister won't resign.
1\tThe\t_\t_\t_\t_\t_\t_\t_\t_
2\tminister\t_\t_\t_\t_\t_\t_\t_\t_
3-4\twon't\t_\t_\t_\t_\t_\t_\t_\t_
3\two\t_\t_\t_\t_\t_\t_\t_\t_
4\tn't\t_\t_\t_\t_\t_\t_\t_\t_
5\tresign\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
6\t.\t_\t_\t_\t_\t_\t_\t_\t_

";

/// Checks that `out` is valid CoNLL-U with complete, single-rooted trees.
fn assert_valid_conllu(out: &str, sentences: usize) {
    let blocks: Vec<&str> = out.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
    assert_eq!(blocks.len(), sentences, "{out}");
    for block in blocks {
        let words: Vec<Vec<&str>> = block
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|cols| !cols[0].contains('-'))
            .collect();
        let n = words.len();
        let mut roots = 0;
        for (i, cols) in words.iter().enumerate() {
            assert_eq!(cols.len(), 10, "{block}");
            assert_eq!(cols[0], (i + 1).to_string());
            assert!(
                cols[2..5].iter().all(|c| !c.is_empty() && *c != "_"),
                "lemma/UPOS/XPOS missing: {block}"
            );
            let head: usize = cols[6].parse().expect("numeric head");
            assert!(head <= n && head != i + 1, "{block}");
            assert_ne!(cols[7], "_");
            roots += usize::from(head == 0);
            assert_eq!(head == 0, cols[7] == "root", "{block}");
        }
        assert_eq!(roots, 1, "exactly one root: {block}");
    }
}

#[test]
fn parse_conllu_fills_tags_lemmas_and_trees() {
    let out = Command::cargo_bin("chronicle")
        .unwrap()
        .args(["parse", "--from", "conllu", "--to", "conllu"])
        .write_stdin(FIXTURE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_valid_conllu(&out, 2);
    assert!(out.contains("# text = The minister won't resign."));
    assert!(out.contains("3-4\twon't\t"), "multiword token kept: {out}");
    assert!(out.contains("\tmarched\tmarch\tVERB\tVBD\t"), "{out}");
    assert!(out.contains("\tKyiv\tKyiv\tPROPN\tNNP\t"), "{out}");
}

#[test]
fn parse_conllu_to_json_gives_one_sentence_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.conllu");
    std::fs::write(&input, FIXTURE).unwrap();
    let out = Command::cargo_bin("chronicle")
        .unwrap()
        .args(["parse", "--from", "conllu", "--to", "json"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    assert_eq!(lines.len(), 2);
    let s: chronicle_model::Sentence = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(s.tokens.len(), 8);
    assert_eq!(s.tokens[6].form, "Kyiv");
    assert_eq!(s.tokens[6].span, (40, 44));
    assert_eq!(s.tokens.iter().filter(|t| t.head == 0).count(), 1);
}

#[test]
fn malformed_conllu_line_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.conllu");
    // Line 6 has only three columns; the first sentence is skipped, the second parsed.
    let bad = FIXTURE.replacen("4\tthe\t_\t_\t_\t_\t_\t_\t_\t_", "4\tthe\t_", 1);
    std::fs::write(&input, bad).unwrap();
    let assert = Command::cargo_bin("chronicle")
        .unwrap()
        .args(["parse", "--from", "conllu"])
        .arg(&input)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "bad.conllu:6: expected 10 tab-separated columns, found 3",
        ));
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_valid_conllu(&out, 1);

    Command::cargo_bin("chronicle")
        .unwrap()
        .args(["parse", "--strict", "--from", "conllu"])
        .arg(&input)
        .assert()
        .code(1);
}

/// Issue 3's first targets, on the held-out EWT test file with gold tokens:
/// the built-in models must keep them.
#[test]
fn eval_ud_on_ewt_test_meets_the_language_layer_targets() {
    let test = shared("ud-english-ewt/en_ewt-ud-test.conllu");
    let out = stdout_of(&["eval", "ud"], &test);
    let score = |name: &str| -> f64 {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} line in {out}"));
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    for (name, floor) in [("UPOS", 95.0), ("lemma", 97.0), ("UAS", 87.0), ("LAS", 84.0)] {
        assert!(
            score(name) >= floor,
            "{name} {} below {floor}:\n{out}",
            score(name)
        );
    }
}
