//! Dictionaries: plain-text data files parsed into typed entries.
//!
//! The formats are in `dictionaries/README.md`. Parsing never panics: a
//! malformed line is a [`DictionaryError`] naming the file and line. The
//! built-in files are embedded at compile time; users add their own with
//! [`Dictionaries::add_file`].

use thiserror::Error;

/// The PLOVER 2.0 event types.
pub use chronicle_model::PLOVER_TYPES;

/// A line of a dictionary file that could not be read.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct DictionaryError {
    /// The file's name (`countries.txt`) or path.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

/// A state or territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub code: String,
    /// Names ("Armenia", "Republic of Armenia").
    pub names: Vec<String>,
    /// Adjectives and peoples ("Armenian", "Armenians").
    pub adjectives: Vec<String>,
    /// Capitals and seats of government, standing for the government ("Yerevan").
    pub capitals: Vec<String>,
}

/// An inter-governmental body, NGO, armed group or company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// CAMEO-style code (`IGOUNO`, `AFGREB`).
    pub code: String,
    /// Names and abbreviations.
    pub names: Vec<String>,
}

/// A role word or phrase and the sector it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Sector code (`GOV`, `MIL`…).
    pub sector: String,
    /// Lowercase word or phrase ("foreign minister").
    pub phrase: String,
}

/// A holder of an office during a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// CAMEO-style code of the office (`ARMGOV`).
    pub code: String,
    /// Full name first, then other names ("Nikol Pashinyan", "Pashinyan").
    pub names: Vec<String>,
    /// First day in office, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day in office, `YYYY-MM-DD`; `None` while in office.
    pub to: Option<String>,
}

impl Person {
    /// Was the person in this office on `date` (`YYYY-MM-DD`)? Undated events
    /// match any term.
    pub fn in_office(&self, date: Option<&str>) -> bool {
        let Some(date) = date else { return true };
        self.from.as_deref().is_none_or(|f| f <= date) && self.to.as_deref().is_none_or(|t| date <= t)
    }
}

/// Where a trigger's recipient stands in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientSlot {
    /// The direct object.
    Object,
    /// The indirect object.
    IndirectObject,
    /// The object of this preposition ("with", "on", "against").
    Preposition(String),
}

/// An event trigger from `verbs.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// Lowercase lemma of the verb or noun.
    pub lemma: String,
    /// A particle or preposition that must come with it ("call *for*").
    pub particle: Option<String>,
    /// The lemma of the object it must have, written `+noun` ("lift +ban",
    /// "violate +ceasefire"): what is acted on decides the reading.
    pub object: Option<String>,
    /// A noun trigger ("talks"), rather than a verb.
    pub nominal: bool,
    /// PLOVER type.
    pub event_type: String,
    /// PLOVER mode, if any.
    pub mode: Option<String>,
    /// CAMEO code, if any.
    pub cameo: Option<String>,
    /// Where the recipient stands.
    pub recipient: Vec<RecipientSlot>,
}

/// All the dictionaries the coder uses.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// States and territories.
    pub countries: Vec<Country>,
    /// Bodies, groups and companies.
    pub organizations: Vec<Organization>,
    /// Role words.
    pub roles: Vec<Role>,
    /// Office-holders.
    pub people: Vec<Person>,
    /// Event triggers.
    pub triggers: Vec<Trigger>,
}

/// The dictionary files Chronicle knows, by name.
pub const FILE_NAMES: [&str; 5] = [
    "countries.txt",
    "organizations.txt",
    "roles.txt",
    "people.txt",
    "verbs.txt",
];

const BUILTIN: [(&str, &str); 5] = [
    (
        "countries.txt",
        include_str!("../../../dictionaries/countries.txt"),
    ),
    (
        "organizations.txt",
        include_str!("../../../dictionaries/organizations.txt"),
    ),
    ("roles.txt", include_str!("../../../dictionaries/roles.txt")),
    ("people.txt", include_str!("../../../dictionaries/people.txt")),
    ("verbs.txt", include_str!("../../../dictionaries/verbs.txt")),
];

impl Dictionaries {
    /// The dictionaries built into the binary.
    pub fn builtin() -> Result<Dictionaries, DictionaryError> {
        let mut d = Dictionaries::default();
        for (name, content) in BUILTIN {
            d.add_file(name, name, content)?;
        }
        Ok(d)
    }

    /// Adds the entries of one file. `kind` is one of [`FILE_NAMES`]; `label`
    /// names the file in errors. Later entries win over earlier ones.
    pub fn add_file(&mut self, kind: &str, label: &str, content: &str) -> Result<(), DictionaryError> {
        for (i, raw) in content.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: String| DictionaryError {
                file: label.to_string(),
                line: i + 1,
                message,
            };
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let want = match kind {
                "countries.txt" => 4,
                "organizations.txt" | "roles.txt" => 2,
                "people.txt" => 4,
                "verbs.txt" => 5,
                other => {
                    return Err(err(format!(
                        "unknown dictionary {other:?}; expected one of {}",
                        FILE_NAMES.join(", ")
                    )))
                }
            };
            if fields.len() != want {
                return Err(err(format!(
                    "expected {want} fields separated by ' | ', found {}",
                    fields.len()
                )));
            }
            match kind {
                "countries.txt" => {
                    let code = country_code(fields[0]).map_err(&err)?;
                    self.countries.push(Country {
                        code,
                        names: alternatives(fields[1]),
                        adjectives: alternatives(fields[2]),
                        capitals: alternatives(fields[3]),
                    });
                }
                "organizations.txt" => {
                    let code = actor_code(fields[0]).map_err(&err)?;
                    self.organizations.push(Organization {
                        code,
                        names: non_empty(alternatives(fields[1]), "names").map_err(&err)?,
                    });
                }
                "roles.txt" => {
                    let sector = fields[0].to_string();
                    if sector.len() != 3 || !sector.chars().all(|c| c.is_ascii_uppercase()) {
                        return Err(err(format!(
                            "sector {sector:?} is not a three-letter code like GOV"
                        )));
                    }
                    for phrase in non_empty(alternatives(fields[1]), "role words").map_err(&err)? {
                        self.roles.push(Role {
                            sector: sector.clone(),
                            phrase: phrase.to_lowercase(),
                        });
                    }
                }
                "people.txt" => {
                    let code = actor_code(fields[0]).map_err(&err)?;
                    let from = optional_date(fields[2]).map_err(&err)?;
                    let to = optional_date(fields[3]).map_err(&err)?;
                    self.people.push(Person {
                        code,
                        names: non_empty(alternatives(fields[1]), "names").map_err(&err)?,
                        from,
                        to,
                    });
                }
                _ => self.triggers.push(parse_trigger(&fields).map_err(&err)?),
            }
        }
        Ok(())
    }
}

fn alternatives(field: &str) -> Vec<String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn non_empty(v: Vec<String>, what: &str) -> Result<Vec<String>, String> {
    if v.is_empty() {
        Err(format!("no {what} given"))
    } else {
        Ok(v)
    }
}

fn country_code(s: &str) -> Result<String, String> {
    if s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "{s:?} is not an ISO 3166-1 alpha-3 code (three capital letters)"
        ))
    }
}

fn actor_code(s: &str) -> Result<String, String> {
    if (3..=12).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "{s:?} is not a CAMEO-style code (3 to 12 capital letters, e.g. IGOUNO, ARMGOV)"
        ))
    }
}

fn optional_date(s: &str) -> Result<Option<String>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    chronicle_text::dates::iso_day(s)
        .filter(|d| d.len() == s.len())
        .map(Some)
        .ok_or_else(|| format!("{s:?} is not a date in the form YYYY-MM-DD"))
}

fn parse_trigger(fields: &[&str]) -> Result<Trigger, String> {
    let (nominal, words) = match fields[0].strip_prefix("n:") {
        Some(rest) => (true, rest.trim()),
        None => (false, fields[0]),
    };
    let mut parts = words.split_whitespace();
    let lemma = parts.next().ok_or("the trigger is empty")?.to_lowercase();
    let (mut particle, mut object) = (None, None);
    for part in parts {
        let slot = match part.strip_prefix('+') {
            Some(noun) if !noun.is_empty() && !nominal => (&mut object, noun),
            Some(_) => return Err(format!("trigger {words:?}: `+` needs a noun after it, on a verb")),
            None => (&mut particle, part),
        };
        if slot.0.replace(slot.1.to_lowercase()).is_some() {
            return Err(format!(
                "trigger {words:?}: at most a lemma, one particle or preposition and one +object"
            ));
        }
    }
    let event_type = fields[1].to_string();
    if !PLOVER_TYPES.contains(&event_type.as_str()) {
        return Err(format!(
            "{event_type:?} is not a PLOVER type ({})",
            PLOVER_TYPES.join(", ")
        ));
    }
    let cameo = fields[3];
    let cameo_ok = (2..=4).contains(&cameo.len()) && cameo.chars().all(|c| c.is_ascii_digit());
    if !cameo.is_empty() && !cameo_ok {
        return Err(format!("CAMEO code {cameo:?} must be 2 to 4 digits"));
    }
    let mut recipient = Vec::new();
    for slot in alternatives(fields[4]) {
        match slot.as_str() {
            "-" => {}
            "obj" => recipient.push(RecipientSlot::Object),
            "iobj" => recipient.push(RecipientSlot::IndirectObject),
            p if p.chars().all(|c| c.is_ascii_lowercase() || c == ' ') => {
                recipient.push(RecipientSlot::Preposition(p.to_string()))
            }
            other => {
                return Err(format!(
                    "recipient {other:?}: expected obj, iobj, a preposition or -"
                ))
            }
        }
    }
    Ok(Trigger {
        lemma,
        particle,
        object,
        nominal,
        event_type,
        mode: Some(fields[2].to_string()).filter(|m| !m.is_empty()),
        cameo: Some(cameo.to_string()).filter(|c| !c.is_empty()),
        recipient,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_load() {
        let d = Dictionaries::builtin().unwrap();
        assert!(d.countries.len() > 190);
        assert!(d
            .countries
            .iter()
            .any(|c| c.code == "ARM" && c.adjectives.contains(&"Armenian".to_string())));
        assert!(d.people.iter().any(|p| p.names[0] == "Nikol Pashinyan"));
        for t in PLOVER_TYPES {
            assert!(
                d.triggers.iter().any(|tr| tr.event_type == t),
                "no trigger for {t}"
            );
        }
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut d = Dictionaries::default();
        let e = d
            .add_file(
                "countries.txt",
                "my/countries.txt",
                "# comment\nARM | Armenia | Armenian\n",
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "my/countries.txt:2: expected 4 fields separated by ' | ', found 3"
        );
        let e = d
            .add_file("verbs.txt", "v.txt", "\nattack | FIGHT | | 190 | obj\n")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("v.txt:2: \"FIGHT\" is not a PLOVER type"),
            "{e}"
        );
        let e = d
            .add_file("people.txt", "p.txt", "ARMGOV | X | 2018-5-8 |\n")
            .unwrap_err();
        assert!(e.to_string().contains("p.txt:1:"), "{e}");
        assert!(d.add_file("other.txt", "o.txt", "x | y").is_err());
    }

    #[test]
    fn triggers_parse_particles_nouns_and_slots() {
        let mut d = Dictionaries::default();
        d.add_file(
            "verbs.txt",
            "v",
            "call for | REQUEST | | 020 | obj\nn:talks | CONSULT | | 040 | with; between\n",
        )
        .unwrap();
        assert_eq!(d.triggers[0].particle.as_deref(), Some("for"));
        assert_eq!(d.triggers[0].object, None);
        assert!(d.triggers[1].nominal);
        assert_eq!(
            d.triggers[1].recipient,
            [
                RecipientSlot::Preposition("with".into()),
                RecipientSlot::Preposition("between".into())
            ]
        );
    }

    #[test]
    fn triggers_parse_objects() {
        let mut d = Dictionaries::default();
        d.add_file(
            "verbs.txt",
            "v",
            "lift +ban | CONCEDE | | 081 | -\nbreak off +Talk | SANCTION | | 164 | with\n",
        )
        .unwrap();
        assert_eq!(d.triggers[0].object.as_deref(), Some("ban"));
        assert_eq!(d.triggers[0].particle, None);
        assert_eq!(d.triggers[1].particle.as_deref(), Some("off"));
        assert_eq!(d.triggers[1].object.as_deref(), Some("talk"));
        for bad in [
            "lift +ban +curb | CONCEDE | | 081 | -",
            "n:talk +x | CONSULT | | 040 | -",
            "lift + | CONCEDE | | 081 | -",
        ] {
            let e = Dictionaries::default()
                .add_file("verbs.txt", "v", bad)
                .unwrap_err();
            assert!(e.to_string().contains("v:1:"), "{bad}: {e}");
        }
    }

    #[test]
    fn terms_bound_people_by_date() {
        let p = Person {
            code: "X".into(),
            names: vec!["A".into()],
            from: Some("2018-05-08".into()),
            to: Some("2020-01-01".into()),
        };
        assert!(p.in_office(Some("2019-01-01")) && p.in_office(None));
        assert!(!p.in_office(Some("2021-01-01")) && !p.in_office(Some("2017-12-31")));
    }
}
