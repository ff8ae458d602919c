//! How many: the dead and wounded a sentence reports, from digits and words.
//!
//! Read from the tree: a verb of killing or wounding ("killed", "died",
//! "wounded") and the phrase that counts its victims ("at least 12 people
//! were killed", "killing 156", "dozens of civilians were wounded"). The
//! qualifier comes from the words before the number ("at least", "more
//! than", "about"); a toll for a whole war or a period ("have been killed in
//! the fighting", "so far", "since") is marked cumulative, not one day's count.

use chronicle_model::Token;

/// Dead or wounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Harm {
    /// Killed, dead, died.
    Fatal,
    /// Wounded, injured, hurt.
    Injury,
}

/// How exact a count is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// "12 people".
    Exact,
    /// "at least 12", "more than 1,200", "dozens" (at least 24).
    AtLeast,
    /// "about 12", "nearly 2,000", "some 500".
    Approximate,
}

impl Qualifier {
    /// The name used in event records.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::Approximate => "approximate",
        }
    }
}

/// One count of victims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Casualties {
    /// Dead or wounded.
    pub harm: Harm,
    /// How many.
    pub count: u32,
    /// How exact.
    pub qualifier: Qualifier,
    /// A running or war-long toll rather than the event's own count.
    pub cumulative: bool,
    /// The verb of killing or wounding the count belongs to.
    pub verb: usize,
}

fn harm_of(lemma: &str) -> Option<Harm> {
    match lemma {
        "kill" | "die" | "dead" | "slay" | "massacre" | "murder" | "execute" | "behead" => Some(Harm::Fatal),
        "wound" | "injure" | "hurt" | "maim" | "injured" | "wounded" => Some(Harm::Injury),
        _ => None,
    }
}

/// The value of a number word or numeral ("1,200", "twelve", "dozens").
fn number_value(word: &str) -> Option<(u32, Qualifier)> {
    let w = word.to_lowercase();
    let digits: String = w.chars().filter(|c| *c != ',').collect();
    if let Ok(n) = digits.parse::<u32>() {
        return Some((n, Qualifier::Exact));
    }
    let small = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(n) = small.iter().position(|s| *s == w) {
        return Some((n as u32, Qualifier::Exact));
    }
    match w.as_str() {
        "thirty" => Some((30, Qualifier::Exact)),
        "forty" => Some((40, Qualifier::Exact)),
        "fifty" => Some((50, Qualifier::Exact)),
        "hundred" => Some((100, Qualifier::Exact)),
        "thousand" => Some((1000, Qualifier::Exact)),
        "dozen" => Some((12, Qualifier::Exact)),
        "dozens" => Some((24, Qualifier::AtLeast)),
        "scores" => Some((40, Qualifier::AtLeast)),
        "hundreds" => Some((200, Qualifier::AtLeast)),
        "thousands" => Some((2000, Qualifier::AtLeast)),
        _ => None,
    }
}

/// The qualifier the words before a number give.
fn qualifier_before(tokens: &[Token], number: usize) -> Option<Qualifier> {
    let w = |k: usize| number.checked_sub(k).map(|i| tokens[i].form.to_lowercase());
    match (w(2).as_deref(), w(1).as_deref()) {
        (Some("at"), Some("least")) | (Some("more" | "upwards"), Some("than" | "of")) => {
            Some(Qualifier::AtLeast)
        }
        (_, Some("over")) => Some(Qualifier::AtLeast),
        (
            _,
            Some(
                "about" | "around" | "nearly" | "almost" | "some" | "approximately" | "roughly" | "estimated",
            ),
        )
        | (Some("up"), Some("to")) => Some(Qualifier::Approximate),
        _ => None,
    }
}

/// Finds the count in the phrase headed by `head`: the head itself when it
/// is a number ("killing 156"), or its numeric modifier ("12 people").
fn count_in(tokens: &[Token], children: &[Vec<usize>], head: usize) -> Option<(u32, Qualifier, usize)> {
    let candidates = std::iter::once(head).chain(children[head].iter().copied().filter(|&c| {
        matches!(tokens[c].deprel.as_str(), "nummod" | "det" | "amod") || tokens[c].upos == "NUM"
    }));
    for n in candidates {
        if let Some((mut value, mut q)) = number_value(&tokens[n].form) {
            // "15 thousand", "two hundred"
            if let Some(&m) = children[n].iter().find(|&&c| {
                matches!(
                    tokens[c].form.to_lowercase().as_str(),
                    "hundred" | "thousand" | "million"
                )
            }) {
                value = value.saturating_mul(number_value(&tokens[m].form).map_or(1, |v| v.0));
            }
            // "dozens of civilians": the count is the head, the victims its nmod.
            if let Some(before) = qualifier_before(tokens, n) {
                q = before;
            }
            return Some((value, q, n));
        }
    }
    // "dozens of civilians" parsed with "civilians" as head and "dozens" below it.
    children[head].iter().find_map(|&c| {
        number_value(&tokens[c].form).map(|(v, q)| (v, qualifier_before(tokens, c).unwrap_or(q), c))
    })
}

/// When the parse lost the victims: a number shortly before the verb in the
/// same clause ("1,200 people from both sides have been reported killed").
fn count_before(tokens: &[Token], verb: usize) -> Option<(u32, Qualifier, usize)> {
    let reporting = [
        "report", "say", "believe", "confirm", "fear", "feared", "be", "have",
    ];
    for i in (verb.saturating_sub(12)..verb).rev() {
        let t = &tokens[i];
        if matches!(t.form.as_str(), "," | ";" | ":")
            || t.upos == "VERB" && !reporting.contains(&t.lemma.to_lowercase().as_str())
        {
            return None;
        }
        if t.upos == "NUM" {
            let (value, q) = number_value(&t.form)?;
            return Some((value, qualifier_before(tokens, i).unwrap_or(q), i));
        }
    }
    None
}

/// Is this a running toll ("have been killed in the fighting", "so far")?
fn cumulative(tokens: &[Token], children: &[Vec<usize>], verb: usize) -> bool {
    // "have been (reported) killed": a perfect auxiliary on the verb or just before it.
    let perfect = children[verb]
        .iter()
        .any(|&c| tokens[c].deprel == "aux" && tokens[c].lemma.eq_ignore_ascii_case("have"))
        || tokens[verb.saturating_sub(4)..verb]
            .iter()
            .any(|t| t.deprel.starts_with("aux") && t.lemma.eq_ignore_ascii_case("have"));
    let words: Vec<String> = tokens.iter().map(|t| t.form.to_lowercase()).collect();
    let has = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    let period = words
        .iter()
        .any(|w| matches!(w.as_str(), "since" | "toll" | "total" | "overall" | "cumulative"))
        || has("so", "far")
        || has("to", "date");
    let whole_conflict = children[verb].iter().any(|&c| {
        tokens[c].deprel.starts_with("obl")
            && matches!(
                tokens[c].lemma.to_lowercase().as_str(),
                "fighting" | "war" | "conflict" | "clash" | "violence" | "offensive" | "hostility" | "unrest"
            )
    });
    period || (perfect && whole_conflict) || (perfect && has("more", "than"))
}

/// The counts of dead and wounded in a parsed sentence.
pub fn find_casualties(tokens: &[Token]) -> Vec<Casualties> {
    let mut children = vec![Vec::new(); tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        if t.head > 0 && t.head <= tokens.len() && t.head - 1 != i {
            children[t.head - 1].push(i);
        }
    }
    let mut out: Vec<Casualties> = Vec::new();
    for (v, t) in tokens.iter().enumerate() {
        let Some(harm) = harm_of(&t.lemma.to_lowercase()).or_else(|| harm_of(&t.form.to_lowercase())) else {
            continue;
        };
        // Victims: passive subject ("12 were killed"), object ("killing 156"),
        // subject of an intransitive ("200 died"), or the noun "dead" modifies.
        let victims: Vec<usize> = children[v]
            .iter()
            .copied()
            .filter(|&c| match tokens[c].deprel.as_str() {
                "nsubj:pass" | "obj" => true,
                "nsubj" => matches!(t.lemma.to_lowercase().as_str(), "die" | "dead"),
                _ => false,
            })
            .chain((t.deprel == "amod" && t.head > 0).then(|| t.head - 1))
            .collect();
        let found = victims
            .iter()
            .find_map(|&h| count_in(tokens, &children, h))
            .or_else(|| count_before(tokens, v));
        if let Some((count, qualifier, _)) = found {
            if !out.iter().any(|c| c.verb == v) {
                out.push(Casualties {
                    harm,
                    count,
                    qualifier,
                    cumulative: cumulative(tokens, &children, v),
                    verb: v,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens from `form lemma head deprel` rows.
    fn toks(rows: &str) -> Vec<Token> {
        rows.lines()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| {
                let f: Vec<&str> = r.split_whitespace().collect();
                Token {
                    form: f[0].into(),
                    lemma: f[1].into(),
                    upos: if f[0].chars().next().unwrap().is_ascii_digit() {
                        "NUM".into()
                    } else {
                        "X".into()
                    },
                    head: f[2].parse().unwrap(),
                    deprel: f[3].into(),
                    ..Default::default()
                }
            })
            .collect()
    }

    fn one(rows: &str) -> (Harm, u32, &'static str, bool) {
        let c = find_casualties(&toks(rows));
        assert_eq!(c.len(), 1, "{c:?}");
        (c[0].harm, c[0].count, c[0].qualifier.as_str(), c[0].cumulative)
    }

    #[test]
    fn words_and_digits_with_qualifiers() {
        assert_eq!(
            one("three three 2 nummod
                 soldiers soldier 4 nsubj:pass
                 were be 4 aux:pass
                 killed kill 0 root"),
            (Harm::Fatal, 3, "exact", false)
        );
        assert_eq!(
            one("at at 2 advmod
                 least least 3 fixed
                 12 12 4 nummod
                 people person 6 nsubj:pass
                 were be 6 aux:pass
                 wounded wound 0 root"),
            (Harm::Injury, 12, "at_least", false)
        );
        assert_eq!(
            one("dozens dozen 5 nsubj:pass
                 of of 3 case
                 civilians civilian 1 nmod
                 were be 5 aux:pass
                 injured injure 0 root"),
            (Harm::Injury, 24, "at_least", false)
        );
        assert_eq!(
            one("attack attack 0 root
                 killing kill 1 acl
                 about about 4 advmod
                 156 156 2 obj"),
            (Harm::Fatal, 156, "approximate", false)
        );
    }

    #[test]
    fn war_long_tolls_are_cumulative() {
        assert_eq!(
            one("More more 3 advmod
                 than than 1 fixed
                 1,200 1,200 4 nummod
                 people person 8 nsubj:pass
                 have have 8 aux
                 been be 8 aux:pass
                 reported report 8 dep
                 killed kill 0 root
                 in in 11 case
                 the the 11 det
                 fighting fighting 8 obl"),
            (Harm::Fatal, 1200, "at_least", true)
        );
    }

    #[test]
    fn a_count_the_parse_lost_is_found_before_the_verb() {
        // "killed" hangs on the wrong word; the number still precedes it.
        let c = find_casualties(&toks(
            "More more 3 advmod
             than than 1 fixed
             1,200 1,200 4 nummod
             people person 7 nsubj:pass
             have have 7 aux
             been be 7 aux:pass
             reported report 0 root
             killed kill 12 advcl
             in in 10 case
             the the 10 det
             fighting fighting 8 obl
             . . 0 root",
        ));
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].count, c[0].qualifier, c[0].cumulative),
            (1200, Qualifier::AtLeast, true)
        );
    }

    #[test]
    fn no_count_no_casualties() {
        assert!(find_casualties(&toks(
            "soldiers soldier 3 nsubj:pass
             were be 3 aux:pass
             killed kill 0 root"
        ))
        .is_empty());
    }
}
