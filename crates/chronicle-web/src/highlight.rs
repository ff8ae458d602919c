//! An article body cut into runs of text, each marked with the part it plays
//! in a coded event (actor, trigger, recipient, or just the event's sentence),
//! so that the page can highlight it with text nodes only, never markup.

use chronicle_model::EventRecord;
use serde::Serialize;

/// A run of the body with one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text of the run, verbatim.
    pub text: String,
    /// `actor`, `trigger`, `recipient`, `sentence` (a coded sentence's other
    /// words) or absent (text no event comes from).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    /// The index in the article's event list of the event the run belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
}

/// Roles by precedence where two events' parts overlap: the lowest wins.
const ROLES: [&str; 4] = ["trigger", "actor", "recipient", "sentence"];
const NONE: u8 = u8::MAX;

/// Cuts `body` into runs by the parts of `events` (which must come in sentence
/// order, as [`chronicle_store::Store::article_events`] gives them). A sentence
/// is found in the body by its text, searching on from the previous one; an
/// event whose sentence is not in the body (an edited article) marks nothing.
pub fn segments(body: &str, events: &[EventRecord]) -> Vec<Segment> {
    let mut role = vec![NONE; body.len()];
    let mut owner = vec![usize::MAX; body.len()];
    let mut cursor = 0;
    let mut last_sentence: Option<(usize, usize)> = None;
    for (i, event) in events.iter().enumerate() {
        let start = match last_sentence {
            // Several events of one sentence: the same place.
            Some((index, start)) if index == event.sentence_index => Some(start),
            _ => body[cursor..].find(&event.sentence).map(|at| cursor + at),
        };
        let Some(start) = start.filter(|_| !event.sentence.is_empty()) else {
            continue;
        };
        last_sentence = Some((event.sentence_index, start));
        cursor = start + event.sentence.len();
        let mut mark = |from: usize, to: usize, rank: u8| {
            for b in from..to.min(body.len()) {
                if rank < role[b] {
                    role[b] = rank;
                    owner[b] = i;
                }
            }
        };
        mark(start, cursor, 3);
        let byte = |chars: usize| byte_offset(&event.sentence, chars).map(|b| start + b);
        let mut mark_span = |span: (usize, usize), rank: u8| {
            if let (Some(from), Some(to)) = (byte(span.0), byte(span.1)) {
                mark(from, to, rank);
            }
        };
        mark_span(event.trigger.span, 0);
        if let Some(actor) = &event.actor {
            mark_span(actor.span, 1);
        }
        if let Some(recipient) = &event.recipient {
            mark_span(recipient.span, 2);
        }
    }
    let mut out: Vec<Segment> = Vec::new();
    let mut run_start = 0;
    for b in 1..=body.len() {
        let boundary = b == body.len()
            || (body.is_char_boundary(b) && (role[b], owner[b]) != (role[run_start], owner[run_start]));
        if boundary {
            let r = role[run_start];
            out.push(Segment {
                text: body[run_start..b].to_string(),
                role: ROLES.get(usize::from(r)).copied(),
                event: (r != NONE).then_some(owner[run_start]),
            });
            run_start = b;
        }
    }
    out
}

/// The byte offset of the `chars`-th character of `s` (`s.len()` at the end).
fn byte_offset(s: &str, chars: usize) -> Option<usize> {
    s.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()))
        .nth(chars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_model::{EventActor, Trigger};

    fn event(
        sentence_index: usize,
        sentence: &str,
        actor: (usize, usize),
        trigger: (usize, usize),
    ) -> EventRecord {
        EventRecord {
            sentence_index,
            sentence: sentence.into(),
            trigger: Trigger {
                text: sentence
                    .chars()
                    .skip(trigger.0)
                    .take(trigger.1 - trigger.0)
                    .collect(),
                span: trigger,
            },
            actor: Some(EventActor {
                span: actor,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn roles(segments: &[Segment]) -> Vec<(&str, Option<&str>)> {
        segments.iter().map(|s| (s.text.as_str(), s.role)).collect()
    }

    #[test]
    fn parts_of_an_event_are_marked_and_nothing_is_lost() {
        let body = "Intro line.\n\nArmenia asked Russia for help. Then nothing.";
        let mut e = event(1, "Armenia asked Russia for help.", (0, 7), (8, 13));
        e.recipient = Some(EventActor {
            span: (14, 20),
            ..Default::default()
        });
        let segs = segments(body, &[e]);
        assert_eq!(
            roles(&segs),
            [
                ("Intro line.\n\n", None),
                ("Armenia", Some("actor")),
                (" ", Some("sentence")),
                ("asked", Some("trigger")),
                (" ", Some("sentence")),
                ("Russia", Some("recipient")),
                (" for help.", Some("sentence")),
                (" Then nothing.", None),
            ]
        );
        assert_eq!(segs.iter().map(|s| s.text.as_str()).collect::<String>(), body);
        assert_eq!(segs[1].event, Some(0));
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let body = "Erdoğan backed Baku.";
        let segs = segments(body, &[event(0, body, (0, 7), (8, 14))]);
        assert_eq!(segs[0].text, "Erdoğan");
        assert_eq!(segs[2].text, "backed");
    }

    #[test]
    fn two_events_of_one_sentence_and_a_missing_sentence() {
        let body = "A hit B. A hit B.";
        let first = event(0, "A hit B.", (0, 1), (2, 5));
        let second = event(0, "A hit B.", (6, 7), (2, 5));
        let gone = event(3, "Not in the body.", (0, 3), (4, 6));
        let later = event(4, "A hit B.", (0, 1), (2, 5));
        let segs = segments(body, &[first, second, gone, later]);
        assert_eq!(segs.iter().map(|s| s.text.as_str()).collect::<String>(), body);
        // The second event's actor is "B" in the first sentence.
        assert!(segs
            .iter()
            .any(|s| s.text == "B" && s.role == Some("actor") && s.event == Some(1)));
        // The later event is found after the first sentence.
        assert!(segs.iter().any(|s| s.event == Some(3)));
        assert!(!segs.iter().any(|s| s.event == Some(2)));
    }

    #[test]
    fn an_empty_body_has_no_segments() {
        assert!(segments("", &[]).is_empty());
    }
}
