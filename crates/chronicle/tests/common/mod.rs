//! Helpers shared by the end-to-end tests: the real binary and the real fixtures.

#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// A path inside `../shared/data`, the labelled data beside the repository.
pub fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path)
}

/// The `chronicle` binary built for these tests.
pub fn chronicle() -> Command {
    Command::cargo_bin("chronicle").unwrap()
}

/// Runs `chronicle ARGS PATH`, checks it succeeds, and returns its stdout.
pub fn stdout_of(args: &[&str], path: impl AsRef<std::path::Path>) -> String {
    let out = chronicle()
        .args(args)
        .arg(path.as_ref())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON objects of JSON Lines output.
pub fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
