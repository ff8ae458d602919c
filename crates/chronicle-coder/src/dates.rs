//! When: date expressions of an event's clause, resolved against the
//! article's publication date.
//!
//! Forms: weekdays ("on Saturday" → the Saturday on or before publication;
//! "next Saturday", or a weekday in a clause in the future tense, "will meet
//! on Saturday" → on or after it), "today", "tomorrow", "yesterday",
//! "overnight", "last night", "last week", "next week", "earlier this month", explicit dates ("Nov. 3", "3 November 2020", "November 3, 2020",
//! "2020-11-03") and datelines ("BAKU, Nov 1 (Reuters) -"). A date without a
//! year takes the year that puts it nearest the publication date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// How exact a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// The day is known.
    Day,
    /// Only the week ("last week"): the date is the week's first day.
    Week,
    /// Only the month ("earlier this month"): the date is the month's first day.
    Month,
}

impl DatePrecision {
    /// The name used in event records.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
        }
    }
}

/// A date found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The resolved date.
    pub date: NaiveDate,
    /// How exact it is.
    pub precision: DatePrecision,
    /// Index of the first and one past the last word it came from.
    pub words: (usize, usize),
}

const MONTHS: [(&str, u32); 24] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Whether a word names a day of the week ("Wednesday").
pub(crate) fn is_weekday(word: &str) -> bool {
    let w = word.to_lowercase();
    WEEKDAYS.iter().any(|(name, _)| *name == w)
}

/// Whether a word names a month or a day of the week ("March", "Friday"): a
/// date, never a place, even where a town shares the name.
pub(crate) fn is_calendar_word(word: &str) -> bool {
    month_of(word).is_some() || is_weekday(word)
}

/// Parses `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The month of a word ("Nov.", "November"), if it is one. "May" and "March"
/// count only when capitalised (they are also verbs).
fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if !w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let lower = w.to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == lower).map(|&(_, n)| n)
}

fn day_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // "3rd" → 3
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_of(word: &str) -> Option<i32> {
    let y: i32 = word.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// The date with this month and day nearest `published` (a year either side).
fn nearest(month: u32, day: u32, published: NaiveDate) -> Option<NaiveDate> {
    [published.year() - 1, published.year(), published.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - published).num_days().abs())
}

/// The most recent `weekday` on or before `published`.
fn last_weekday(weekday: Weekday, published: NaiveDate) -> NaiveDate {
    let back = (7 + published.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    published - Duration::days(i64::from(back))
}

/// The first `weekday` on or after `published`.
fn next_weekday(weekday: Weekday, published: NaiveDate) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - published.weekday().num_days_from_monday()) % 7;
    published + Duration::days(i64::from(ahead))
}

/// Finds the first date expression among `words` (lowercase comparisons are
/// done here; pass the words as written) and resolves it against `published`.
pub fn find_date(words: &[&str], published: NaiveDate) -> Option<FoundDate> {
    find_date_in(words, published, false)
}

/// [`find_date`] for a clause that may speak of the future ("will meet on
/// Friday"): with `future`, a bare weekday is the first such day on or after
/// publication, not before.
pub fn find_date_in(words: &[&str], published: NaiveDate, future: bool) -> Option<FoundDate> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let day = |date: NaiveDate, a: usize, b: usize| FoundDate {
        date,
        precision: DatePrecision::Day,
        words: (a, b),
    };
    for i in 0..words.len() {
        let next = lower.get(i + 1).map(String::as_str);
        let prev = if i > 0 { Some(lower[i - 1].as_str()) } else { None };
        // 2020-11-03
        if let Some(d) = parse_iso(words[i]).filter(|_| words[i].len() == 10) {
            return Some(day(d, i, i + 1));
        }
        // Nov. 3 [, 2020]  ·  November 3rd
        if let Some(m) = month_of(words[i]) {
            if let Some(dd) = words.get(i + 1).and_then(|w| day_of(w)) {
                let (year, end) = match (words.get(i + 2), words.get(i + 3)) {
                    (Some(&","), Some(y)) if year_of(y).is_some() => (year_of(y), i + 4),
                    (Some(y), _) if year_of(y).is_some() => (year_of(y), i + 3),
                    _ => (None, i + 2),
                };
                let date = match year {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, dd),
                    None => nearest(m, dd, published),
                };
                if let Some(d) = date {
                    return Some(day(d, i, end));
                }
            }
        }
        // 3 November [2020]
        if let (Some(dd), Some(m)) = (day_of(words[i]), words.get(i + 1).and_then(|w| month_of(w))) {
            let (year, end) = match words.get(i + 2).and_then(|w| year_of(w)) {
                Some(y) => (Some(y), i + 3),
                None => (None, i + 2),
            };
            let date = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, m, dd),
                None => nearest(m, dd, published),
            };
            if let Some(d) = date {
                return Some(day(d, i, end));
            }
        }
        match lower[i].as_str() {
            "today" | "tonight" => return Some(day(published, i, i + 1)),
            "yesterday" => return Some(day(published - Duration::days(1), i, i + 1)),
            "tomorrow" => return Some(day(published + Duration::days(1), i, i + 1)),
            "week" if prev == Some("next") => {
                let monday = last_weekday(Weekday::Mon, published) + Duration::days(7);
                return Some(FoundDate {
                    date: monday,
                    precision: DatePrecision::Week,
                    words: (i - 1, i + 1),
                });
            }
            "overnight" => return Some(day(published - Duration::days(1), i, i + 1)),
            "night" if prev == Some("last") => return Some(day(published - Duration::days(1), i - 1, i + 1)),
            "morning" | "afternoon" | "evening" if prev == Some("this") => {
                return Some(day(published, i - 1, i + 1))
            }
            "week" if prev == Some("last") => {
                let monday = last_weekday(Weekday::Mon, published) - Duration::days(7);
                return Some(FoundDate {
                    date: monday,
                    precision: DatePrecision::Week,
                    words: (i - 1, i + 1),
                });
            }
            "week" if prev == Some("this") && i >= 2 && lower[i - 2] == "earlier" => {
                let monday = last_weekday(Weekday::Mon, published);
                return Some(FoundDate {
                    date: monday,
                    precision: DatePrecision::Week,
                    words: (i - 2, i + 1),
                });
            }
            "month" if prev == Some("this") && i >= 2 && lower[i - 2] == "earlier" => {
                let first = published.with_day(1)?;
                return Some(FoundDate {
                    date: first,
                    precision: DatePrecision::Month,
                    words: (i - 2, i + 1),
                });
            }
            "month" if prev == Some("last") => {
                let first = (published.with_day(1)? - Duration::days(1)).with_day(1)?;
                return Some(FoundDate {
                    date: first,
                    precision: DatePrecision::Month,
                    words: (i - 1, i + 1),
                });
            }
            w => {
                if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(name, _)| *name == w) {
                    // "last Sunday" is a week before when publication is a Sunday too.
                    let mut d = last_weekday(wd, published);
                    if prev == Some("last") && d == published {
                        d -= Duration::days(7);
                    }
                    // "next Friday" is after publication; so is "will meet on Friday".
                    if prev == Some("next") || (future && prev != Some("last")) {
                        d = next_weekday(wd, published);
                        if prev == Some("next") && d == published {
                            d += Duration::days(7);
                        }
                    }
                    let start = if matches!(prev, Some("on" | "last" | "next")) {
                        i - 1
                    } else {
                        i
                    };
                    let end = if matches!(next, Some("morning" | "night" | "evening" | "afternoon")) {
                        i + 2
                    } else {
                        i + 1
                    };
                    return Some(day(d, start, end));
                }
            }
        }
    }
    None
}

/// A dateline at the start of an article ("BAKU, Nov 1 (Reuters) -"): the
/// place as written and the date, when the first words have that shape.
pub fn dateline(words: &[&str], published: NaiveDate) -> Option<(String, FoundDate)> {
    // The place: one to three words in capitals, then a comma.
    let comma = words.iter().take(4).position(|w| *w == ",")?;
    if comma == 0
        || !words[..comma]
            .iter()
            .all(|w| w.chars().any(char::is_alphabetic) && *w == w.to_uppercase())
    {
        return None;
    }
    let found = find_date(&words[comma + 1..(comma + 5).min(words.len())], published)?;
    if found.words.0 != 0 {
        return None;
    }
    let place = words[..comma].join(" ");
    Some((
        place,
        FoundDate {
            words: (found.words.0 + comma + 1, found.words.1 + comma + 1),
            ..found
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    fn find(text: &str, published: &str) -> Option<(String, &'static str)> {
        let words: Vec<&str> = text.split_whitespace().collect();
        find_date(&words, d(published)).map(|f| (f.date.to_string(), f.precision.as_str()))
    }

    #[test]
    fn weekdays_are_the_last_such_day_on_or_before_publication() {
        // 2020-11-01 was a Sunday.
        assert_eq!(
            find("On Saturday , Armenia asked", "2020-11-01"),
            Some(("2020-10-31".into(), "day"))
        );
        assert_eq!(
            find("arrived on Sunday for talks", "2020-11-01"),
            Some(("2020-11-01".into(), "day"))
        );
        assert_eq!(
            find("said last Sunday", "2020-11-01"),
            Some(("2020-10-25".into(), "day"))
        );
        // Across a year boundary: Thursday before Saturday 2 January 2021.
        assert_eq!(
            find("met on Thursday", "2021-01-02"),
            Some(("2020-12-31".into(), "day"))
        );
    }

    #[test]
    fn the_future_looks_forward() {
        // Wednesday 2020-10-28.
        let future = |text: &str| {
            let words: Vec<&str> = text.split_whitespace().collect();
            find_date_in(&words, d("2020-10-28"), true).map(|f| f.date.to_string())
        };
        assert_eq!(
            future("will meet in Geneva on Friday").as_deref(),
            Some("2020-10-30")
        );
        assert_eq!(future("will vote on Wednesday").as_deref(), Some("2020-10-28"));
        assert_eq!(
            future("will report what happened last Monday").as_deref(),
            Some("2020-10-26")
        );
        assert_eq!(
            find("talks next Wednesday", "2020-10-28"),
            Some(("2020-11-04".into(), "day"))
        );
        assert_eq!(
            find("talks next Friday", "2020-10-28"),
            Some(("2020-10-30".into(), "day"))
        );
        assert_eq!(
            find("talks tomorrow", "2020-10-31"),
            Some(("2020-11-01".into(), "day"))
        );
        assert_eq!(
            find("talks next week", "2020-10-28"),
            Some(("2020-11-02".into(), "week"))
        );
        // Without a future clause a weekday stays in the past.
        assert_eq!(
            find("met on Friday", "2020-10-28"),
            Some(("2020-10-23".into(), "day"))
        );
    }

    #[test]
    fn relative_days_weeks_and_months() {
        assert_eq!(
            find("yesterday", "2021-03-01"),
            Some(("2021-02-28".into(), "day"))
        );
        assert_eq!(
            find("Fighting continued overnight", "2020-11-01"),
            Some(("2020-10-31".into(), "day"))
        );
        assert_eq!(
            find("last week", "2020-11-04"),
            Some(("2020-10-26".into(), "week"))
        );
        assert_eq!(
            find("earlier this month", "2020-11-20"),
            Some(("2020-11-01".into(), "month"))
        );
        assert_eq!(
            find("last month", "2021-01-15"),
            Some(("2020-12-01".into(), "month"))
        );
        assert_eq!(find("today", "2020-11-01"), Some(("2020-11-01".into(), "day")));
    }

    #[test]
    fn explicit_dates_in_news_forms() {
        assert_eq!(
            find("on Nov. 3", "2020-11-05"),
            Some(("2020-11-03".into(), "day"))
        );
        assert_eq!(
            find("on 3 November 2019", "2020-11-05"),
            Some(("2019-11-03".into(), "day"))
        );
        assert_eq!(
            find("on November 3 , 2019 ,", "2020-11-05"),
            Some(("2019-11-03".into(), "day"))
        );
        assert_eq!(
            find("on 2020-11-03", "2020-11-05"),
            Some(("2020-11-03".into(), "day"))
        );
        // No year: the nearest such date, across the year boundary.
        assert_eq!(
            find("on Dec. 30", "2021-01-02"),
            Some(("2020-12-30".into(), "day"))
        );
        assert_eq!(
            find("on Jan 3rd", "2020-12-30"),
            Some(("2021-01-03".into(), "day"))
        );
        // "may" the verb is no month.
        assert_eq!(find("they may 3 times", "2020-11-05"), None);
    }

    #[test]
    fn datelines_give_place_and_date() {
        let words = ["BAKU", ",", "Nov", "1", "(", "Reuters", ")", "-", "Turkey"];
        let (place, found) = dateline(&words, d("2020-11-02")).unwrap();
        assert_eq!(place, "BAKU");
        assert_eq!(found.date, d("2020-11-01"));
        assert_eq!(found.words, (2, 4));
        assert!(dateline(&["Baku", ",", "Nov", "1"], d("2020-11-02")).is_none());
        assert!(dateline(&["The", "army", "said"], d("2020-11-02")).is_none());
    }
}
