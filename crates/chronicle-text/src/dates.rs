//! Publication dates as they come from metadata and input records.

/// The `YYYY-MM-DD` day of a date written as `YYYY-MM-DD` or RFC 3339
/// (`2020-11-01T08:30:00Z`), or `None` when it is neither.
pub fn iso_day(s: &str) -> Option<String> {
    let s = s.trim();
    let day = s.get(..10)?;
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let rest_ok = s.len() == 10 || matches!(s.as_bytes()[10], b'T' | b't' | b' ');
    let month: u32 = day[5..7].parse().ok()?;
    let dom: u32 = day[8..10].parse().ok()?;
    (ok && rest_ok && (1..=12).contains(&month) && (1..=31).contains(&dom)).then(|| day.to_string())
}

/// The first `YYYY-MM-DD` date inside a file name or path
/// (`karabakh-2020-11-01.txt` → `2020-11-01`), as scrapers often name pages.
pub fn date_in_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        let boundary_after = b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        if boundary_before && boundary_after {
            name.get(i..i + 10).and_then(iso_day)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_in_file_names() {
        assert_eq!(
            date_in_name("data/karabakh-2020-11-01.txt").as_deref(),
            Some("2020-11-01")
        );
        assert_eq!(date_in_name("id-12020-11-01"), None);
        assert_eq!(date_in_name("report.txt"), None);
    }

    #[test]
    fn reads_plain_and_rfc3339_dates() {
        assert_eq!(iso_day("2020-11-01").as_deref(), Some("2020-11-01"));
        assert_eq!(
            iso_day("2020-11-01T08:30:00+03:00").as_deref(),
            Some("2020-11-01")
        );
        assert_eq!(iso_day("2020-13-01"), None);
        assert_eq!(iso_day("Nov 1, 2020"), None);
        assert_eq!(iso_day("2020-11-01junk"), None);
    }
}
