//! Actor resolution: the words of a noun phrase → a CAMEO-style actor code.
//!
//! [`ActorDictionary`] indexes every name of the dictionaries as a token
//! sequence (tokenised like the text, so "U.S." and "Armenia's" match). A
//! phrase is resolved by its longest matches: an office-holder in office on
//! the event's date, else an organisation, else a country (by name, adjective
//! or capital), with the sector from a role word ("Armenian *Prime Minister*"
//! → `ARMGOV`). A capital alone stands for the government ("Moscow said").

use std::collections::HashMap;

use chronicle_model::{EventActor, Token};

use crate::dictionary::Dictionaries;

/// What a dictionary name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Meaning {
    /// A country's name.
    Country(String),
    /// A country's adjective or people.
    Adjective(String),
    /// A capital or seat of government: the government.
    Capital(String),
    /// An organisation's code.
    Organization(String),
    /// An office-holder: index into the people list.
    Person(usize),
}

/// One dictionary hit in a phrase.
#[derive(Debug, Clone)]
struct Hit {
    meaning: Meaning,
    /// Token indices (into the sentence) covered.
    start: usize,
    end: usize,
}

/// All actor names and role words, indexed for matching on tokens.
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    names: HashMap<Vec<String>, Vec<Meaning>>,
    roles: HashMap<Vec<String>, String>,
    people: Vec<crate::dictionary::Person>,
    /// Surnames of office-holders ("Bush") → the one state all who bear it
    /// served; surnames shared across states are left out.
    surnames: HashMap<String, Option<String>>,
    longest: usize,
}

/// Normalises a token for matching: curly apostrophes to straight ones.
fn norm(form: &str) -> String {
    form.replace('’', "'")
}

fn tokens_of(phrase: &str) -> Vec<String> {
    chronicle_text::segment::tokenize(phrase)
        .into_iter()
        .map(|(s, e)| norm(&phrase.chars().skip(s).take(e - s).collect::<String>()))
        .collect()
}

impl ActorDictionary {
    /// Indexes the actor dictionaries.
    pub fn new(d: &Dictionaries) -> ActorDictionary {
        let mut a = ActorDictionary {
            people: d.people.clone(),
            ..Default::default()
        };
        let add = |a: &mut ActorDictionary, name: &str, m: Meaning| {
            let key = tokens_of(name);
            if key.is_empty() {
                return;
            }
            a.longest = a.longest.max(key.len());
            let list = a.names.entry(key).or_default();
            if !list.contains(&m) {
                list.push(m);
            }
        };
        for c in &d.countries {
            for n in &c.names {
                add(&mut a, n, Meaning::Country(c.code.clone()));
            }
            for n in &c.adjectives {
                add(&mut a, n, Meaning::Adjective(c.code.clone()));
            }
            for n in &c.capitals {
                add(&mut a, n, Meaning::Capital(c.code.clone()));
            }
        }
        for o in &d.organizations {
            for n in &o.names {
                add(&mut a, n, Meaning::Organization(o.code.clone()));
            }
        }
        for (i, p) in d.people.iter().enumerate() {
            for n in &p.names {
                add(&mut a, n, Meaning::Person(i));
            }
            let state: String = p.code.chars().take(3).collect();
            let Some(surname) = p.names.first().and_then(|n| tokens_of(n).pop()) else {
                continue;
            };
            a.surnames
                .entry(surname)
                .and_modify(|s| {
                    if s.as_deref() != Some(state.as_str()) {
                        *s = None
                    }
                })
                .or_insert(is_state(&state).then_some(state));
        }
        for r in &d.roles {
            let key = tokens_of(&r.phrase);
            a.longest = a.longest.max(key.len());
            a.roles.entry(key).or_insert_with(|| r.sector.clone());
        }
        a
    }

    /// Is `text` (as written) a capital or seat of government in the dictionaries?
    pub fn is_capital(&self, text: &str) -> bool {
        self.names
            .get(&tokens_of(text))
            .is_some_and(|ms| ms.iter().any(|m| matches!(m, Meaning::Capital(_))))
    }

    /// Is `text` (as written, after a leading "the") a country's name in the
    /// dictionaries ("Russia", "the United States"), not its adjective or capital?
    pub fn is_country_name(&self, text: &str) -> bool {
        self.whole_name_means(text, |m| matches!(m, Meaning::Country(_)))
    }

    /// Is `text` (as written, after a leading "the") a country's people or
    /// adjective in the dictionaries ("the Albanians", "Kurds")?
    pub fn is_people_name(&self, text: &str) -> bool {
        self.whole_name_means(text, |m| matches!(m, Meaning::Adjective(_)))
    }

    /// Whether `text`, after a leading "the", is a whole name with a meaning
    /// that `kind` accepts.
    fn whole_name_means(&self, text: &str, kind: impl Fn(&Meaning) -> bool) -> bool {
        let text = text
            .strip_prefix("the ")
            .or_else(|| text.strip_prefix("The "))
            .unwrap_or(text);
        self.names
            .get(&tokens_of(text))
            .is_some_and(|ms| ms.iter().any(&kind))
    }

    /// Finds the longest name matches among the tokens `tokens[lo..hi]` whose
    /// indices are all in `allowed` (sorted).
    fn hits(&self, tokens: &[Token], allowed: &[usize]) -> (Vec<Hit>, Vec<(usize, usize, String)>) {
        let mut hits = Vec::new();
        let mut roles = Vec::new();
        let ok = |i: usize| allowed.binary_search(&i).is_ok();
        let Some((&lo, &hi)) = allowed.first().zip(allowed.last()) else {
            return (hits, roles);
        };
        let mut i = lo;
        while i <= hi {
            let mut advanced = false;
            for len in (1..=self.longest.min(hi + 1 - i)).rev() {
                if !(i..i + len).all(ok) {
                    continue;
                }
                let key: Vec<String> = tokens[i..i + len].iter().map(|t| norm(&t.form)).collect();
                if let Some(ms) = self.names.get(&key) {
                    for m in ms {
                        hits.push(Hit {
                            meaning: m.clone(),
                            start: i,
                            end: i + len,
                        });
                    }
                    i += len;
                    advanced = true;
                    break;
                }
                let lower: Vec<String> = key.iter().map(|k| k.to_lowercase()).collect();
                let lemma_key: Vec<String> = tokens[i..i + len]
                    .iter()
                    .enumerate()
                    .map(|(j, t)| {
                        if j + 1 == len && !t.lemma.is_empty() {
                            t.lemma.to_lowercase()
                        } else {
                            lower[j].clone()
                        }
                    })
                    .collect();
                if let Some(sector) = self.roles.get(&lower).or_else(|| self.roles.get(&lemma_key)) {
                    roles.push((i, i + len, sector.clone()));
                    i += len;
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                i += 1;
            }
        }
        (hits, roles)
    }

    /// Resolves the phrase made of `tokens[i]` for `i` in `phrase` (sorted
    /// indices) to an actor, on the event's `date`. `known` holds names
    /// learned earlier in the article ("Pashinyan" → `ARMGOV`).
    pub fn resolve(
        &self,
        sentence: &str,
        tokens: &[Token],
        phrase: &[usize],
        date: Option<&str>,
        known: &KnownNames,
    ) -> Option<EventActor> {
        if phrase.is_empty() {
            return None;
        }
        let (mut hits, roles) = self.hits(tokens, phrase);
        // "Leaders of the opposition coalition": a word that says only "the head
        // of" gives way to the role of what they lead.
        let generic = |r: &(usize, usize, String)| r.1 == r.0 + 1 && is_generic_head(&tokens[r.0].form);
        let mut role_sector = match roles.as_slice() {
            [first, rest @ ..] if generic(first) => rest.iter().find(|r| !generic(r)).or(Some(first)),
            _ => roles.first(),
        }
        .map(|(_, _, s)| s.clone());
        // "ethnic Albanians" in Macedonia are a people, not Albania: civilians of
        // wherever they are (the coder fills in the place's country).
        let ethnic = |h: &Hit| {
            matches!(h.meaning, Meaning::Adjective(_))
                && h.start > 0
                && tokens[h.start - 1].form.eq_ignore_ascii_case("ethnic")
        };
        if hits.iter().any(ethnic) {
            hits.retain(|h| !ethnic(h));
            role_sector = role_sector.or(Some("CVL".to_string()));
        }
        let text_of = |s: usize, e: usize| -> String {
            let (a, b) = (tokens[s].span.0, tokens[e - 1].span.1);
            sentence.chars().skip(a).take(b - a).collect()
        };
        let first = *phrase.first()?;
        let last = *phrase.last()?;
        let mut actor = EventActor {
            text: text_of(first, last + 1),
            span: (tokens[first].span.0, tokens[last].span.1),
            ..Default::default()
        };

        let person = hits.iter().find_map(|h| match h.meaning {
            Meaning::Person(p) if self.people[p].in_office(date) => Some((p, h)),
            _ => None,
        });
        let org = hits.iter().find_map(|h| match &h.meaning {
            Meaning::Organization(code) => Some((code.clone(), h)),
            _ => None,
        });
        let country = hits.iter().find_map(|h| match &h.meaning {
            Meaning::Country(c) | Meaning::Adjective(c) | Meaning::Capital(c) => Some((c.clone(), h)),
            _ => None,
        });
        let (code, name) = if let Some((p, h)) = person {
            (
                self.people[p].code.clone(),
                Some(self.people[p].names[0].clone()).filter(|_| h.end > h.start),
            )
        } else if let Some((code, h)) = org {
            (code, Some(text_of(h.start, h.end)))
        } else if let Some((c, h)) = country {
            let alone = phrase
                .iter()
                .all(|&i| (h.start..h.end).contains(&i) || is_function_word(&tokens[i]));
            let sector = match (&h.meaning, role_sector.as_deref()) {
                (_, Some(s)) => s.to_string(),
                (Meaning::Capital(_), None) if alone => "GOV".to_string(),
                _ => String::new(),
            };
            (format!("{c}{sector}"), person_name(tokens, phrase, &hits, &roles))
        } else if let Some((code, name)) = known.lookup(tokens, phrase) {
            (code, Some(name))
        } else if let Some((state, name)) = role_sector
            .as_ref()
            .and_then(|_| self.titled_surname(tokens, phrase, &hits, &roles))
        {
            // "President Bush": a title and the surname of office-holders who all
            // served one state, though the full name is not given.
            (
                format!("{state}{}", role_sector.as_deref().unwrap_or("")),
                Some(name),
            )
        } else if let Some(p) = hits.iter().find_map(|h| match h.meaning {
            Meaning::Person(p) => Some(p),
            _ => None,
        }) {
            // An office-holder named outside the term ("former President X", or a
            // story from before it) is still of the country, not of its government;
            // the head of an international body out of office stands for no body.
            let person = &self.people[p];
            let country: String = person.code.chars().take(3).collect();
            if !is_state(&country) {
                actor.sector = role_sector;
                return actor.sector.is_some().then_some(actor);
            }
            (country, Some(person.names[0].clone()))
        } else {
            // A role word alone ("the army"): sector without a country.
            actor.sector = role_sector;
            return actor.sector.is_some().then_some(actor);
        };
        actor.country = Some(code.chars().take(3).collect());
        let sector: String = code.chars().skip(3).take(3).collect();
        actor.sector = Some(sector).filter(|s| is_sector(s));
        actor.code = Some(code);
        actor.name = name;
        Some(actor)
    }
}

impl ActorDictionary {
    /// The state and surname of a phrase with a title whose last bare proper
    /// name is the surname of office-holders of one state only.
    fn titled_surname(
        &self,
        tokens: &[Token],
        phrase: &[usize],
        hits: &[Hit],
        roles: &[(usize, usize, String)],
    ) -> Option<(String, String)> {
        let covered = |i: usize| {
            hits.iter().any(|h| (h.start..h.end).contains(&i))
                || roles.iter().any(|r| (r.0..r.1).contains(&i))
        };
        let last = phrase
            .iter()
            .rev()
            .find(|&&i| tokens[i].upos == "PROPN" && !covered(i))?;
        let surname = norm(&tokens[*last].form);
        if let Some(known) = self.surnames.get(&surname) {
            return Some((known.clone()?, surname));
        }
        // News spells foreign names many ways ("Bouteflicka"): a long surname one
        // letter off a known one inside the word (Martins is no Martin), when
        // only one state's office-holders come close.
        if surname.chars().count() < 8 {
            return None;
        }
        let mut states = self
            .surnames
            .iter()
            .filter(|(known, _)| one_edit_apart(known, &surname))
            .map(|(_, state)| state.clone());
        let state = states.next()??;
        states
            .all(|s| s.as_ref() == Some(&state))
            .then_some((state, surname))
    }
}

/// Whether two words differ by one letter inserted, deleted or replaced
/// before their last letter.
fn one_edit_apart(a: &str, b: &str) -> bool {
    // One letter is at most four bytes: most pairs are told apart by length.
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if prefix + 1 >= long.len() {
        return false;
    }
    if short.len() == long.len() {
        prefix < short.len() && short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Role words that say only that someone heads or belongs to something.
const GENERIC_HEADS: &[&str] = &[
    "leader",
    "leaders",
    "leadership",
    "head",
    "heads",
    "chief",
    "member",
    "members",
];

/// Whether `word` is one of [`GENERIC_HEADS`], in any case.
pub(crate) fn is_generic_head(word: &str) -> bool {
    GENERIC_HEADS.iter().any(|g| word.eq_ignore_ascii_case(g))
}

/// Whether a party's country field names a state, not a kind of
/// organisation (`IGO`, `NGO`, `IMG`, `MNC`).
pub(crate) fn is_state(country: &str) -> bool {
    country.len() == 3 && !matches!(country, "IGO" | "NGO" | "IMG" | "MNC")
}

/// Sector codes that may follow a country in a CAMEO-style code.
fn is_sector(s: &str) -> bool {
    matches!(
        s,
        "GOV"
            | "MIL"
            | "REB"
            | "OPP"
            | "COP"
            | "JUD"
            | "LEG"
            | "CVL"
            | "MED"
            | "BUS"
            | "REF"
            | "HLH"
            | "EDU"
            | "ELI"
            | "LAB"
            | "SPY"
            | "UAF"
            | "IRG"
            | "CRM"
            | "AGR"
            | "NGO"
            | "IGO"
            | "MNC"
            | "PTY"
            | "RAD"
    )
}

fn is_function_word(t: &Token) -> bool {
    matches!(t.upos.as_str(), "DET" | "PUNCT" | "ADP" | "PART" | "CCONJ")
}

/// The proper name in a phrase that no dictionary covered: the run of PROPN
/// tokens outside any hit ("Nikol Pashinyan" in "Armenian Prime Minister Nikol Pashinyan").
fn person_name(
    tokens: &[Token],
    phrase: &[usize],
    hits: &[Hit],
    roles: &[(usize, usize, String)],
) -> Option<String> {
    let covered = |i: usize| {
        hits.iter().any(|h| (h.start..h.end).contains(&i)) || roles.iter().any(|r| (r.0..r.1).contains(&i))
    };
    let names: Vec<&str> = phrase
        .iter()
        .filter(|&&i| {
            tokens[i].upos == "PROPN"
                && !covered(i)
                && tokens[i].form.chars().next().is_some_and(char::is_uppercase)
        })
        .map(|&i| tokens[i].form.as_str())
        .collect();
    (names.len() >= 2).then(|| names.join(" "))
}

/// People named in an article with their code, learned from their first
/// mention with a title, so that later mentions by name alone keep the code.
#[derive(Debug, Clone, Default)]
pub struct KnownNames {
    names: HashMap<String, (String, String)>,
}

impl KnownNames {
    /// Remembers a resolved actor's person name (full and surname).
    pub fn learn(&mut self, actor: &EventActor) {
        let (Some(name), Some(code)) = (&actor.name, &actor.code) else {
            return;
        };
        let full = (code.clone(), name.clone());
        self.names.entry(name.clone()).or_insert_with(|| full.clone());
        if let Some(surname) = name.split_whitespace().last() {
            self.names.entry(surname.to_string()).or_insert(full);
        }
    }

    /// A learned name among the PROPN tokens of the phrase.
    fn lookup(&self, tokens: &[Token], phrase: &[usize]) -> Option<(String, String)> {
        let propn: Vec<&str> = phrase
            .iter()
            .filter(|&&i| tokens[i].upos == "PROPN")
            .map(|&i| tokens[i].form.as_str())
            .collect();
        if propn.is_empty() {
            return None;
        }
        self.names
            .get(&propn.join(" "))
            .or_else(|| self.names.get(*propn.last()?))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> ActorDictionary {
        let mut d = Dictionaries::default();
        d.add_file(
            "countries.txt",
            "c",
            "ARM | Armenia | Armenian; Armenians | Yerevan\nRUS | Russia | Russian | Moscow; Kremlin\n",
        )
        .unwrap();
        d.add_file(
            "roles.txt",
            "r",
            "GOV | prime minister; government; president\nMIL | troops; army; forces\n",
        )
        .unwrap();
        d.add_file("organizations.txt", "o", "IGOUNO | United Nations; UN\n")
            .unwrap();
        d.add_file(
            "people.txt",
            "p",
            "RUSGOV | Vladimir Putin; Putin | 2012-05-07 |\nIGOUNO | Kofi Annan; Annan | 1997-01-01 | 2006-12-31\n\
             USAGOV | George Bush | 1989-01-20 | 1993-01-20\nUSAGOV | George W. Bush | 2001-01-20 | 2009-01-20\n\
             ARMGOV | Serzh Sargsyan | 2008-04-09 | 2018-04-23\nRUSGOV | Ivan Sargsyan | 2001-01-01 | 2002-01-01\n",
        )
        .unwrap();
        ActorDictionary::new(&d)
    }

    /// Tokens with simple tags: capitalised words are PROPN.
    fn toks(text: &str) -> Vec<Token> {
        chronicle_text::split_sentences(text)
            .into_iter()
            .flat_map(|s| s.tokens)
            .map(|mut t| {
                t.upos = if t.form.chars().next().unwrap().is_uppercase() {
                    "PROPN".into()
                } else {
                    "NOUN".into()
                };
                t.lemma = t.form.to_lowercase();
                t
            })
            .collect()
    }

    fn resolve(text: &str, date: Option<&str>) -> Option<EventActor> {
        let t = toks(text);
        let all: Vec<usize> = (0..t.len()).collect();
        dictionary().resolve(text, &t, &all, date, &KnownNames::default())
    }

    #[test]
    fn one_edit_apart_is_one_letter_inserted_deleted_or_replaced() {
        assert!(one_edit_apart("bouteflika", "bouteflicka"));
        assert!(one_edit_apart("bouteflicka", "bouteflika"));
        assert!(one_edit_apart("erdogan", "erdoğan"));
        assert!(!one_edit_apart("erdogan", "erdogan"));
        assert!(!one_edit_apart("gaddafi", "qadhafi"));
        assert!(!one_edit_apart("abc", "abcde"));
        assert!(
            !one_edit_apart("martin", "martins"),
            "a different last letter is another name"
        );
    }

    #[test]
    fn adjective_and_role_give_country_and_sector() {
        let a = resolve("Armenian Prime Minister Nikol Pashinyan", None).unwrap();
        assert_eq!(a.code.as_deref(), Some("ARMGOV"));
        assert_eq!(a.name.as_deref(), Some("Nikol Pashinyan"));
        assert_eq!(
            resolve("Russian troops", None).unwrap().code.as_deref(),
            Some("RUSMIL")
        );
    }

    #[test]
    fn capital_alone_is_the_government_country_alone_is_bare() {
        assert_eq!(resolve("Moscow", None).unwrap().code.as_deref(), Some("RUSGOV"));
        assert_eq!(resolve("Armenia", None).unwrap().code.as_deref(), Some("ARM"));
        assert_eq!(resolve("Armenia", None).unwrap().sector, None);
    }

    #[test]
    fn office_holders_only_inside_their_term() {
        assert_eq!(
            resolve("Putin", Some("2020-10-31")).unwrap().code.as_deref(),
            Some("RUSGOV")
        );
        // Outside the term: the person's country, not its government.
        let before = resolve("Putin", Some("2010-01-01")).unwrap();
        assert_eq!((before.code.as_deref(), before.sector), (Some("RUS"), None));
        // The former head of a body no longer stands for it.
        assert!(resolve("Annan", Some("2010-01-01")).is_none());
        assert_eq!(
            resolve("Annan", Some("2000-01-01")).unwrap().code.as_deref(),
            Some("IGOUNO")
        );
    }

    #[test]
    fn organisations_and_roles_alone() {
        assert_eq!(resolve("the UN", None).unwrap().country.as_deref(), Some("IGO"));
        let army = resolve("the army", None).unwrap();
        assert_eq!((army.code, army.sector.as_deref()), (None, Some("MIL")));
        assert!(resolve("the weather", None).is_none());
    }

    #[test]
    fn names_learned_in_an_article_resolve_later() {
        let d = dictionary();
        let mut known = KnownNames::default();
        let text = "Armenian Prime Minister Nikol Pashinyan";
        let t = toks(text);
        let all: Vec<usize> = (0..t.len()).collect();
        known.learn(&d.resolve(text, &t, &all, None, &known).unwrap());
        let t2 = toks("Pashinyan");
        let a = d.resolve("Pashinyan", &t2, &[0], None, &known).unwrap();
        assert_eq!(a.code.as_deref(), Some("ARMGOV"));
        assert_eq!(a.name.as_deref(), Some("Nikol Pashinyan"));
    }

    #[test]
    fn a_title_and_the_surname_of_one_state_s_office_holders_give_that_state() {
        // Neither Bush was in office on this date, but both served one state.
        let a = resolve("President Bush", Some("2000-01-01")).unwrap();
        assert_eq!(
            (a.code.as_deref(), a.name.as_deref()),
            (Some("USAGOV"), Some("Bush"))
        );
        // Without a title the surname is too weak a clue.
        assert_eq!(resolve("Bush", Some("2000-01-01")), None);
        // A surname borne by office-holders of two states tells neither.
        let b = resolve("President Sargsyan", Some("2000-01-01")).unwrap();
        assert_eq!((b.code, b.sector.as_deref()), (None, Some("GOV")));
        // A long surname misspelled by one letter still names its state.
        let c = resolve("Prime Minister Vladimirr Putinov", Some("2020-01-01")).unwrap();
        assert_eq!(c.code, None, "a short or distant surname is not guessed");
        let d = resolve("President Sargsyann", Some("2000-01-01")).unwrap();
        assert_eq!(d.code, None, "two states' surnames one letter off tell neither");
    }

    #[test]
    fn a_long_surname_one_letter_off_a_known_one_is_read_as_it() {
        let d = {
            let mut d = Dictionaries::default();
            d.add_file(
                "roles.txt",
                "r",
                "GOV | president
",
            )
            .unwrap();
            d.add_file(
                "people.txt",
                "p",
                "DZAGOV | Abdelaziz Bouteflika; Bouteflika | 1999-04-27 | 2019-04-02
",
            )
            .unwrap();
            ActorDictionary::new(&d)
        };
        let t = toks("President Abdelaziz Bouteflicka");
        let all: Vec<usize> = (0..t.len()).collect();
        let a = d
            .resolve(
                "President Abdelaziz Bouteflicka",
                &t,
                &all,
                Some("2000-01-01"),
                &KnownNames::default(),
            )
            .unwrap();
        assert_eq!(a.code.as_deref(), Some("DZAGOV"));
    }

    #[test]
    fn an_ethnic_people_is_not_its_namesake_state() {
        let a = resolve("ethnic Armenians", None).unwrap();
        assert_eq!((a.code, a.sector.as_deref()), (None, Some("CVL")));
        let b = resolve("ethnic Armenian troops", None).unwrap();
        assert_eq!((b.code, b.sector.as_deref()), (None, Some("MIL")));
        assert_eq!(resolve("Armenians", None).unwrap().code.as_deref(), Some("ARM"));
    }
}
