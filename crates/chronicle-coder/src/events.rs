//! Event coding over a dependency tree: for each trigger, its actor,
//! recipient, polarity, modality and speaker.
//!
//! Read [`Coder::code_sentence`] top to bottom: find triggers (verbs by lemma,
//! with their particle; nouns with `n:`), find the actor (subject, or
//! `obl:agent` in the passive; inherited through `xcomp`, `conj` and relative
//! clauses) and the recipient (the slots the trigger's frame names), then
//! decide negation, modality (intentions, threats, conditions) and reported
//! speech from the trigger's dependents and governors.

use std::collections::HashMap;

use chronicle_model::{EventActor, EventRecord, Location, Sentence, Token};

use crate::actors::{is_state, ActorDictionary, KnownNames};
use crate::cameo::{goldstein, quad_class};
use crate::casualties::{Casualties, Harm};
use crate::dates;
use crate::dictionary::{Dictionaries, DictionaryError, RecipientSlot, Trigger};

/// Verbs of saying: their clausal complements are reported speech.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "announce",
    "report",
    "state",
    "add",
    "claim",
    "insist",
    "declare",
    "write",
    "tweet",
    "note",
    "confirm",
    "explain",
    "allege",
    "assert",
    "reiterate",
    "stress",
    "argue",
    "believe",
    "think",
    "quote",
];

/// Governors whose complement is an intended, planned or wanted act.
const INTENT_VERBS: &[&str] = &[
    "plan",
    "intend",
    "want",
    "seek",
    "try",
    "hope",
    "expect",
    "prepare",
    "aim",
    "decide",
    "wish",
    "mean",
    "aspire",
    "promise",
    "pledge",
    "vow",
    "swear",
    "offer",
    "agree",
    "consider",
    "propose",
    "attempt",
    "be",
    "set",
    "ready",
    "willing",
    "prepared",
    "determined",
    "eager",
];

/// Modal auxiliaries that make an act conditional or possible, not done.
const MODALS: &[&str] = &["would", "could", "might", "may", "should", "can", "must"];

/// Types whose intent PLOVER codes as AGREE ("will visit" → AGREE).
const COOPERATIVE: &[&str] = &[
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "AGREE",
];

/// The general CAMEO code of the types a reading gives: AGREE (intent to
/// cooperate, 030), THREATEN (130), REJECT (120), CONCEDE (yield, 080).
fn reading_cameo(event_type: &str) -> Option<&'static str> {
    match event_type {
        "AGREE" => Some("030"),
        "THREATEN" => Some("130"),
        "REJECT" => Some("120"),
        "CONCEDE" => Some("080"),
        _ => None,
    }
}

/// Types done with a partner rather than to a place: their locative phrases
/// say where ("met in Geneva"), never with whom.
const PARTNERED: &[&str] = &["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"];

/// Nouns for a general undertaking that an event noun can name by
/// compounding ("mediation *mission*", "aid *convoy*", "rescue *operation*").
const UNDERTAKINGS: &[&str] = &[
    "mission",
    "effort",
    "operation",
    "campaign",
    "initiative",
    "process",
    "drive",
    "convoy",
    "shipment",
    "package",
    "programme",
    "program",
];

/// What one side demands of another: agreeing to one of these is yielding
/// (CONCEDE), not cooperating.
const DEMANDS: &[&str] = &["demand", "request", "condition", "term", "ultimatum", "call"];

/// Nouns for what is issued or sent: an act they state is their issuer's.
const DOCUMENT_NOUNS: &[&str] = &[
    "statement",
    "declaration",
    "resolution",
    "letter",
    "communique",
    "communiqué",
    "decree",
    "note",
    "message",
    "petition",
    "appeal",
    "motion",
    "report",
    "ultimatum",
    "warning",
    "memorandum",
];

/// Nouns naming a plan, offer or call: an act in their `to` clause is not
/// reported as done ("the plan to attack", "an offer to mediate").
const PLAN_NOUNS: &[&str] = &[
    "plan",
    "proposal",
    "offer",
    "call",
    "demand",
    "request",
    "threat",
    "bid",
    "attempt",
    "effort",
    "decision",
    "order",
    "invitation",
    "intention",
    "pledge",
    "promise",
    "agreement",
    "deal",
    "readiness",
    "willingness",
    "plot",
    "scheme",
    "initiative",
    "move",
];

/// Verbs whose participle after "be" with a `to` phrase is a state of the
/// subject, not a passive ("is opposed to", "is committed to").
const STATIVE_PARTICIPLES: &[&str] = &["oppose", "commit", "dedicate", "devote"];

/// Verbs of ordering: an event noun they govern happens, by their subject.
const ORDERING_VERBS: &[&str] = &["order", "authorize", "authorise", "command"];

/// Verbs of beginning and going on: the act they govern is under way
/// ("began to withdraw", "continued shelling").
const ASPECTUAL_VERBS: &[&str] = &["begin", "start", "continue", "resume", "keep", "manage"];

/// PLOVER modes of acts only authorities do, with the sector that does them:
/// arrests by the police, deportations by the government, convictions and
/// investigations by the courts and prosecutors.
const STATE_MODES: &[(&str, &str)] = &[
    ("arrest", "COP"),
    ("deport", "GOV"),
    ("convict", "JUD"),
    ("investigate", "JUD"),
];

/// The sector of armed men nobody names (CAMEO "unaligned armed forces").
const UNIDENTIFIED_ARMED: &str = "UAF";

/// Sectors of a state's own apparatus: government, armed forces, police,
/// courts, legislature, intelligence.
const STATE_SECTORS: &[&str] = &["GOV", "MIL", "COP", "JUD", "LEG", "SPY"];

/// Types whose act is done by saying or showing it: the purpose clause of an
/// act done for them is itself done.
const EXPRESSIVE: &[&str] = &["PROTEST", "REQUEST", "ACCUSE"];

/// Types whose intent is a threat ("plans to attack" → THREATEN).
/// (Not MOBILIZE: "will deploy peacekeepers" is no threat.)
const FORCEFUL: &[&str] = &["ASSAULT", "COERCE", "SANCTION"];

/// The event coder: dictionaries indexed for coding.
#[derive(Debug, Clone)]
pub struct Coder {
    actors: ActorDictionary,
    verbs: HashMap<String, Vec<Trigger>>,
    nouns: HashMap<String, Vec<Trigger>>,
    /// The gazetteer for event locations; `None` codes no places.
    gazetteer: Option<&'static chronicle_geo::Gazetteer>,
    /// Whether to resolve dates, places and casualties (on by default).
    attributes: bool,
}

/// What the coder carries from one sentence of an article to the next.
#[derive(Debug, Clone, Default)]
pub struct ArticleContext {
    /// The article's id.
    pub article_id: String,
    /// Publication date `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// People met with a title earlier in the article.
    pub known: KnownNames,
    /// The date of the article's dateline ("BAKU, Nov 1 (Reuters) -"), if any.
    pub dateline_date: Option<String>,
    /// The place of the article's dateline, as written.
    pub dateline_place: Option<String>,
    /// Countries the article has named so far (ISO3), to tell places apart.
    pub countries: Vec<String>,
}

/// The date of one event and where it came from.
#[derive(Debug, Clone, Default)]
struct When {
    date: Option<String>,
    text: Option<String>,
    source: Option<String>,
    precision: Option<String>,
}

impl Coder {
    /// A coder over the built-in dictionaries.
    pub fn builtin() -> Result<Coder, DictionaryError> {
        Ok(Coder::new(&Dictionaries::builtin()?))
    }

    /// Indexes the dictionaries.
    pub fn new(d: &Dictionaries) -> Coder {
        let mut verbs: HashMap<String, Vec<Trigger>> = HashMap::new();
        let mut nouns: HashMap<String, Vec<Trigger>> = HashMap::new();
        for t in &d.triggers {
            let map = if t.nominal { &mut nouns } else { &mut verbs };
            let list = map.entry(t.lemma.clone()).or_default();
            // A later entry with the same trigger replaces the earlier (user files win).
            list.retain(|x| x.particle != t.particle || x.object != t.object);
            list.push(t.clone());
        }
        Coder {
            actors: ActorDictionary::new(d),
            verbs,
            nouns,
            gazetteer: None,
            attributes: true,
        }
    }

    /// The same coder without dates, places and casualties: who did what to
    /// whom only (to measure what the attributes cost).
    pub fn without_attributes(mut self) -> Coder {
        self.attributes = false;
        self
    }

    /// The same coder, placing events with `gazetteer` (e.g. [`chronicle_geo::Gazetteer::embedded`]).
    pub fn with_gazetteer(mut self, gazetteer: &'static chronicle_geo::Gazetteer) -> Coder {
        self.gazetteer = Some(gazetteer);
        self
    }

    /// Codes all sentences of an article (already tagged and parsed).
    pub fn code_article(
        &self,
        article_id: &str,
        date: Option<&str>,
        sentences: &[Sentence],
    ) -> Vec<EventRecord> {
        let mut ctx = ArticleContext {
            article_id: article_id.to_string(),
            date: date.map(str::to_string),
            ..Default::default()
        };
        if let (Some(first), Some(published)) = (sentences.first(), date.and_then(dates::parse_iso)) {
            let words: Vec<&str> = first.tokens.iter().map(|t| t.form.as_str()).collect();
            if let Some((place, found)) = dates::dateline(&words, published) {
                ctx.dateline_date = Some(found.date.to_string());
                ctx.dateline_place = Some(place);
            }
        }
        let mut out = Vec::new();
        let mut facts = Vec::with_capacity(sentences.len());
        for (i, s) in sentences.iter().enumerate() {
            // One (mended) tree per sentence, for its events and its facts.
            let mended = mend(&s.tokens, |lemma| self.is_intransitive_trigger(lemma));
            let tree = Tree::new(mended.as_deref().unwrap_or(&s.tokens));
            out.extend(self.code_tree(&mut ctx, i, s, &tree));
            if self.attributes {
                facts.push(self.sentence_facts(s, &tree, &ctx));
            }
        }
        refine_places(&mut out, &facts);
        out
    }

    /// The places a sentence names with a locative preposition (cities and
    /// regions only) and the actors that speak or act in it.
    fn sentence_facts(&self, s: &Sentence, tree: &Tree, ctx: &ArticleContext) -> SentenceFacts {
        let mut facts = SentenceFacts::default();
        let Some(gazetteer) = self.gazetteer else {
            return facts;
        };
        let countries: Vec<&str> = ctx.countries.iter().map(String::as_str).collect();
        for t in 0..tree.len() {
            if is_locative(tree, t) {
                if let Some((place, text)) = place_in(tree, t, s, gazetteer, &countries) {
                    if place.precision != "country" {
                        facts.places.push(Location { text, ..place });
                    }
                }
            }
            let speaks = SPEECH_VERBS.contains(&tree.lemma(t).as_str());
            if speaks || tree.head(t).is_none() {
                if let Some(code) = subject_of(tree, t)
                    .and_then(|a| self.actor_at(s, tree, a, ctx))
                    .and_then(|a| a.code)
                {
                    facts.voices.push(code);
                }
            }
        }
        facts
    }

    /// Codes one parsed sentence.
    pub fn code_sentence(
        &self,
        ctx: &mut ArticleContext,
        index: usize,
        sentence: &Sentence,
    ) -> Vec<EventRecord> {
        let mended = mend(&sentence.tokens, |lemma| self.is_intransitive_trigger(lemma));
        let tree = Tree::new(mended.as_deref().unwrap_or(&sentence.tokens));
        self.code_tree(ctx, index, sentence, &tree)
    }

    /// Whether `lemma` is a verb trigger that takes no object ("rally", "protest"):
    /// its participle after a noun reads as a past tense, not a passive.
    fn is_intransitive_trigger(&self, lemma: &str) -> bool {
        self.verbs.get(&lemma.to_lowercase()).is_some_and(|entries| {
            entries.iter().all(|e| {
                !e.recipient
                    .iter()
                    .any(|r| matches!(r, RecipientSlot::Object | RecipientSlot::IndirectObject))
            })
        })
    }

    /// Codes one sentence whose tree is built (see [`mend`]).
    fn code_tree(
        &self,
        ctx: &mut ArticleContext,
        index: usize,
        sentence: &Sentence,
        tree: &Tree,
    ) -> Vec<EventRecord> {
        let mut events = Vec::new();
        // Learn titled names first, so later sentences can use them; note the
        // countries the sentence's parties belong to (places aside).
        let mut countries: Vec<(String, bool)> = Vec::new();
        for i in 0..tree.len() {
            if matches!(
                tree.rel(i),
                "nsubj" | "nsubj:pass" | "obj" | "obl" | "nmod" | "nmod:poss" | "appos" | "conj"
            ) {
                if let Some(a) = self.actor_at(sentence, tree, i, ctx) {
                    ctx.known.learn(&a);
                    if let Some(c) = a.country.filter(|c| is_state(c)) {
                        countries.push((c, !is_locative(tree, i)));
                    }
                }
            }
        }
        // "The interior minister banned the rally, the Pakistani ministry said": a
        // party that names only a sector belongs to the one country the sentence
        // names, if it names it as a party and not only as a place.
        let only_country = match countries.first() {
            Some((c, _))
                if countries.iter().all(|(d, _)| d == c) && countries.iter().any(|(_, party)| *party) =>
            {
                Some(c.clone())
            }
            _ => None,
        };
        events.extend(self.reported_demands(ctx, index, sentence, tree));
        let casualties = if self.attributes {
            crate::casualties::find_casualties(&sentence.tokens)
        } else {
            Vec::new()
        };
        for i in 0..tree.len() {
            let Some((trigger, anchor)) = self.trigger_at(tree, i) else {
                continue;
            };
            // "condemned the attack", "signed an agreement": the governing verb is the
            // event; the noun is what it is about. But an order makes its object happen:
            // "ordered patrols" is the patrols, by whoever ordered them.
            let ordering = |v: usize| ORDERING_VERBS.contains(&tree.lemma(v).as_str());
            if trigger.nominal && anchor != i && !ordering(anchor) && self.trigger_at(tree, anchor).is_some()
            {
                continue;
            }
            if !trigger.nominal && ordering(i) {
                let orders_event = tree.children(i).iter().any(|&c| {
                    tree.rel(c) == "obj" && self.trigger_at(tree, c).is_some_and(|(t, _)| t.nominal)
                });
                if orders_event {
                    continue;
                }
            }
            // "telephoned X *to discuss*", "blocked roads *to press* demands": the aim of
            // an act coded in its own right is part of that event, not a second one.
            // (Not the complement of a verb of intending misread as an aim: "agreed to provide".)
            let aimed_by_event = || {
                tree.head(anchor).is_some_and(|h| {
                    !INTENT_VERBS.contains(&tree.lemma(h).as_str()) && self.trigger_at(tree, h).is_some()
                })
            };
            if tree.is_aim(anchor) && aimed_by_event() {
                continue;
            }
            // "Wales beat Hungary 2-0": a match score after a use of force reports a game.
            if matches!(trigger.event_type.as_str(), "ASSAULT" | "COERCE") && has_score_after(tree, i) {
                continue;
            }
            // "killed in a helicopter crash": deaths in an accident or a disaster are no attack.
            if trigger.event_type == "ASSAULT" && by_accident(tree, i) {
                continue;
            }
            // "It's striking that…": a verb with an empty "it" before a that-clause
            // judges the clause; it is no act.
            if !trigger.nominal && judges_a_clause(tree, i) {
                continue;
            }
            let frame = Frame::find(tree, i, anchor, trigger.nominal);
            // "Turkey said it would…": a pronoun subject of reported speech is the speaker.
            let actors: Vec<EventActor> = frame
                .actors
                .iter()
                .filter_map(|&a| match frame.speaker {
                    Some(sp) if is_personal_pronoun(&tree.tokens[a]) => {
                        self.actor_at(sentence, tree, sp, ctx)
                    }
                    // "The Russian ministry said *its* peacekeepers escorted…": the
                    // speaker's country, the subject's own sector.
                    Some(sp) if has_possessive_pronoun(tree, a) => {
                        let own = self.actor_at(sentence, tree, a, ctx);
                        match own {
                            Some(own) if own.code.is_none() && own.sector.is_some() => {
                                let country = self.actor_at(sentence, tree, sp, ctx).and_then(|s| s.country);
                                Some(with_country(own, country))
                            }
                            other => other,
                        }
                    }
                    _ => self.actor_at(sentence, tree, a, ctx),
                })
                .collect();
            // "The presidents of France, Russia and the United States called…": the
            // head named its first country through `of`; its conjuncts are actors too.
            let mut actors = actors;
            for &a in &frame.actors {
                actors.extend(self.of_conjuncts(sentence, tree, a, ctx));
            }
            let mut recipients: Vec<EventActor> = Vec::new();
            for slot in &trigger.recipient {
                for r in frame.slot(tree, slot) {
                    if let Some(a) = self.actor_at(sentence, tree, r, ctx) {
                        recipients.push(a);
                    }
                }
                if !recipients.is_empty() {
                    break;
                }
            }
            if recipients.is_empty() && trigger.nominal {
                for &p in &frame.passive_subject {
                    recipients.extend(self.actor_at(sentence, tree, p, ctx));
                }
            }
            if recipients.is_empty() {
                recipients.extend(self.clause_recipient(sentence, tree, i, trigger, ctx));
            }
            if recipients.is_empty() {
                recipients.extend(self.fallback_recipients(sentence, tree, &frame, trigger, ctx));
            }
            if recipients.is_empty() && !trigger.nominal {
                recipients.extend(self.embedded_recipients(sentence, tree, i, ctx));
            }
            if recipients.is_empty() {
                recipients.extend(
                    self.recipient_in_what_is_acted_on(sentence, tree, &frame, trigger, &actors, ctx),
                );
            }
            // "blocked roads *to press their demands on the government*": a protest's
            // target may be named only in what it was done for.
            if recipients.is_empty() && EXPRESSIVE.contains(&trigger.event_type.as_str()) {
                // Parsers hang it on the verb or on its object ("blocked a road to show…").
                let objects = tree.children_with(anchor, "obj");
                let purpose = std::iter::once(anchor)
                    .chain(objects)
                    .find_map(|h| tree.children(h).iter().copied().find(|&c| tree.is_aim(c)));
                if let Some(p) = purpose {
                    let inner = Frame::find(tree, p, p, false);
                    recipients.extend(
                        self.recipient_in_what_is_acted_on(sentence, tree, &inner, trigger, &actors, ctx),
                    );
                }
            }
            // Last, as event coders since TABARI do: the first party named after the
            // trigger inside its own clause, when a known actor acts on nobody else
            // (partners named together, "Jordan and Britain agreed", act on each
            // other; a verb the dictionary says takes no recipient and that acts on
            // nothing, "resigned", has none, though an act on a thing, "prevented the
            // rally", "called off the strike", has its target).
            // Its place in the tree is loose, so its code counts as inferred.
            let mut loose = None;
            let partners = actors.len() > 1 && PARTNERED.contains(&trigger.event_type.as_str());
            if recipients.iter().all(|r| r.code.is_none() && r.sector.is_none())
                && actors.iter().any(|a| a.code.is_some() || a.sector.is_some())
                && !partners
                && !(trigger.recipient.is_empty()
                    && trigger.object.is_none()
                    && tree.children_with(anchor, "obj").next().is_none())
            {
                if let Some(r) =
                    self.party_after(sentence, tree, (i, anchor), &trigger.event_type, &actors, ctx)
                {
                    loose = Some(r.span);
                    recipients = vec![r];
                }
            }
            let has_code = |a: &EventActor| a.code.is_some();
            let mut location = if self.attributes {
                self.event_location(tree, anchor, sentence, ctx)
            } else {
                None
            };
            if self.attributes
                && matches!(trigger.event_type.as_str(), "ASSAULT" | "COERCE")
                && location.as_ref().is_none_or(|l| l.precision == "country")
            {
                if let Some(g) = self.gazetteer {
                    let countries: Vec<&str> = ctx.countries.iter().map(String::as_str).collect();
                    location = target_place(tree, i, sentence, g, &countries).or(location);
                }
            }
            // Parties whose code the text names; the fills below infer the others'
            // countries, and an inferred code earns the event less confidence.
            let named: Vec<(usize, usize)> = actors
                .iter()
                .chain(recipients.iter())
                .filter(|a| a.code.is_some() && Some(a.span) != loose)
                .map(|a| a.span)
                .collect();
            // "A US national was put under investigation *in Italy*", "three activists
            // were arrested in Moscow": an act only authorities do, with nobody named
            // doing it, is done by the authorities of the place named for it. "A
            // roadside bomb near Samarra killed a soldier": force used by nobody named
            // is used by unidentified armed men of that place (CAMEO's UAF, as ICEWS's
            // "unidentified gunmen (Iraq)"). Both are inferred codes whose text is the
            // place's words.
            let authority = trigger
                .mode
                .as_deref()
                .and_then(|m| STATE_MODES.iter().find(|(mode, _)| *mode == m))
                .map(|&(_, sector)| sector)
                .or_else(|| {
                    (trigger.event_type == "ASSAULT"
                        && recipients.iter().any(|r| r.code.is_some() || r.sector.is_some())
                        && names_no_doer(tree, i, trigger.nominal))
                    .then_some(UNIDENTIFIED_ARMED)
                });
            if let (true, Some(sector), Some(place)) = (actors.is_empty(), authority, location.as_ref()) {
                let country = place.country.as_ref().filter(|c| is_state(c));
                if let (Some(country), Some(at)) = (country, sentence.text.find(place.text.as_str())) {
                    let start = sentence.text[..at].chars().count();
                    actors.push(EventActor {
                        text: place.text.clone(),
                        code: Some(format!("{country}{sector}")),
                        country: Some(country.clone()),
                        sector: Some(sector.to_string()),
                        span: (start, start + place.text.chars().count()),
                        ..Default::default()
                    });
                }
            }
            // "police in Jericho", "opposition leaders … in Baku": a party with a sector but
            // no country is of the country where the event happened.
            if let Some(country) = location.as_ref().and_then(|l| l.country.clone()) {
                for a in actors.iter_mut().chain(recipients.iter_mut()) {
                    // Governments travel ("ministers met in Geneva"); police, crowds and rebels are local.
                    if a.sector.as_deref() != Some("GOV") {
                        give_country(a, &country);
                    }
                }
            }
            // Not when the other party is that country itself: "the President
            // threatened Russia" says nothing of the President's country (but
            // "workers protested a bill by the *Serbian* Labour" is Serbia's inside).
            let acts_on_it = |others: &[EventActor]| {
                others.iter().any(|o| {
                    o.code.as_ref().is_some_and(|c| Some(c) == only_country.as_ref())
                        && self.actors.is_country_name(&o.text)
                })
            };
            if let Some(country) = &only_country {
                let (actors_on_it, recipients_on_it) = (acts_on_it(&recipients), acts_on_it(&actors));
                let filled = actors
                    .iter_mut()
                    .filter(|_| !actors_on_it)
                    .chain(recipients.iter_mut().filter(|_| !recipients_on_it));
                for a in filled {
                    give_country(a, country);
                }
            }
            // "Turkish police prevented the students' rally": the state's own forces and
            // officials act on their own people unless another country is named; and
            // people protest or make demands of their own state.
            let state_of = |parties: &[EventActor]| {
                parties.iter().find_map(|a| {
                    let sector = a.sector.as_deref().unwrap_or("");
                    (a.code.is_some() && STATE_SECTORS.contains(&sector)).then(|| a.country.clone())?
                })
            };
            let expressive = EXPRESSIVE.contains(&trigger.event_type.as_str());
            let (actors_state, recipients_state) = (state_of(&actors), state_of(&recipients));
            let domestic = [
                (actors_state, &mut recipients),
                (recipients_state.filter(|_| expressive), &mut actors),
            ];
            for (state, people) in domestic {
                let Some(country) = state.filter(|c| is_state(c)) else {
                    continue;
                };
                for a in people.iter_mut() {
                    if !STATE_SECTORS.contains(&a.sector.as_deref().unwrap_or("")) {
                        give_country(a, &country);
                    }
                }
            }
            // Counts of dead and wounded under this trigger ("attacked …, killing 156").
            let counts: Vec<&Casualties> = casualties
                .iter()
                .filter(|c| tree.governs(anchor, c.verb))
                .collect();
            // A casualty report is worth recording even when no party is named.
            if !actors.iter().any(has_code) && !recipients.iter().any(has_code) && counts.is_empty() {
                continue;
            }
            let fatal = counts.iter().find(|c| c.harm == Harm::Fatal);
            let injured = counts.iter().find(|c| c.harm == Harm::Injury);
            if actors.iter().any(has_code) {
                actors.retain(has_code);
            }
            if recipients.iter().any(has_code) {
                recipients.retain(has_code);
            }
            // A capital stands for its government when it speaks or acts ("Moscow said"),
            // not when it is shelled or besieged: then it is the city, of its country.
            if matches!(trigger.event_type.as_str(), "ASSAULT" | "COERCE") {
                for r in recipients.iter_mut().filter(|r| self.actors.is_capital(&r.text)) {
                    r.code = r.country.clone();
                    r.sector = None;
                }
            }
            let mood = Mood::of(tree, anchor, trigger.nominal);
            let reported_by = frame.speaker.and_then(|s| self.actor_at(sentence, tree, s, ctx));
            // "accepted the demands": agreeing to what was demanded is yielding.
            let yields = trigger.event_type == "AGREE"
                && [frame.trigger, frame.anchor].iter().any(|&v| {
                    tree.children(v)
                        .iter()
                        .any(|&c| tree.rel(c) == "obj" && DEMANDS.contains(&tree.lemma(c).as_str()))
                });
            let base_type = if yields {
                "CONCEDE"
            } else {
                trigger.event_type.as_str()
            };
            let (event_type, hypothetical) = mood.reading(base_type);
            let when = if self.attributes {
                self.event_date(tree, anchor, sentence, ctx)
            } else {
                When {
                    date: ctx.date.clone(),
                    ..Default::default()
                }
            };
            for a in actors.iter().chain(recipients.iter()) {
                if let Some(c) = a
                    .country
                    .as_ref()
                    .filter(|c| c.len() == 3 && !ctx.countries.contains(c))
                {
                    ctx.countries.push(c.clone());
                }
            }
            // One party named twice ("the UN refugee agency, UNHCR", "Putin and
            // Lavrov" for RUSGOV) is one event, not two identical records.
            for parties in [&mut actors, &mut recipients] {
                let mut seen: Vec<String> = Vec::new();
                parties.retain(|p| match &p.code {
                    Some(c) if seen.contains(c) => false,
                    Some(c) => {
                        seen.push(c.clone());
                        true
                    }
                    None => true,
                });
            }
            for p in actors.iter_mut().chain(recipients.iter_mut()) {
                p.inferred = p.code.is_some() && !named.contains(&p.span);
            }
            let actor_list: Vec<Option<EventActor>> = if actors.is_empty() {
                vec![None]
            } else {
                actors.into_iter().map(Some).collect()
            };
            let recipient_list: Vec<Option<EventActor>> = if recipients.is_empty() {
                vec![None]
            } else {
                recipients.into_iter().map(Some).collect()
            };
            for actor in &actor_list {
                for recipient in &recipient_list {
                    // An actor acting on itself is a parse or dictionary slip, not an event.
                    if let (Some(a), Some(r)) = (actor, recipient) {
                        if a.span == r.span {
                            continue;
                        }
                    }
                    let t = &tree.tokens[i];
                    // A reading that changed the type (an intention, a refusal) takes
                    // that type's general CAMEO code, so the code and the type agree.
                    let cameo = if event_type == trigger.event_type {
                        trigger.cameo.clone()
                    } else {
                        reading_cameo(event_type)
                            .map(str::to_string)
                            .or(trigger.cameo.clone())
                    };
                    // A named party's code counts in full, an inferred one's by half.
                    let weight = |party: &Option<EventActor>, full: f64| match party {
                        Some(p) if p.code.is_some() && !p.inferred => full,
                        Some(p) if p.code.is_some() => full / 2.0,
                        _ => 0.0,
                    };
                    let mut confidence = 0.4 + weight(actor, 0.3) + weight(recipient, 0.2);
                    confidence += if trigger.particle.is_some() || trigger.object.is_some() {
                        0.05
                    } else {
                        0.0
                    };
                    events.push(EventRecord {
                        id: event_id(&ctx.article_id, index, t.span, actor.as_ref(), recipient.as_ref()),
                        article_id: ctx.article_id.clone(),
                        sentence_index: index,
                        event_type: event_type.to_string(),
                        mode: trigger.mode.clone(),
                        context: Vec::new(),
                        quad_class: cameo.as_deref().and_then(quad_class),
                        intensity: cameo.as_deref().and_then(goldstein),
                        cameo,
                        actor: actor.clone(),
                        recipient: recipient.clone(),
                        date: when.date.clone(),
                        date_text: when.text.clone(),
                        date_source: when.source.clone(),
                        date_precision: when.precision.clone(),
                        location: location.clone(),
                        negated: mood.negates(base_type),
                        hypothetical,
                        reported_by: reported_by.clone(),
                        fatalities: fatal.map(|c| c.count),
                        injuries: injured.map(|c| c.count),
                        fatalities_qualifier: fatal.map(|c| c.qualifier.as_str().to_string()),
                        injuries_qualifier: injured.map(|c| c.qualifier.as_str().to_string()),
                        casualties_cumulative: counts.iter().any(|c| c.cumulative),
                        trigger: chronicle_model::Trigger {
                            text: t.form.clone(),
                            span: t.span,
                        },
                        sentence: sentence.text.clone(),
                        confidence: f64::min(confidence, 0.95),
                    });
                }
            }
        }
        events
    }

    /// The trigger at token `i`, if its lemma is in the verb dictionary (with
    /// its particle, when the entry asks for one), and the token the event's
    /// frame hangs on (the trigger itself, or the verb governing a noun trigger).
    fn trigger_at<'t>(&'t self, tree: &Tree, i: usize) -> Option<(&'t Trigger, usize)> {
        let t = &tree.tokens[i];
        let lemma = t.lemma.to_lowercase();
        let form = t.form.to_lowercase();
        let (entries, nominal) = match t.upos.as_str() {
            // The lemmatiser's suffix rules can drop a stem's final e ("telephoned" →
            // "telephon"): a verb not found as lemmatised is tried with it.
            "VERB" => (
                self.verbs
                    .get(&lemma)
                    .or_else(|| self.verbs.get(&form))
                    .or_else(|| {
                        let suffixed = form.ends_with("ed") || form.ends_with("ing");
                        suffixed.then(|| self.verbs.get(&format!("{lemma}e"))).flatten()
                    })?,
                false,
            ),
            // Participles tagged as adjectives ("is opposed to").
            "ADJ" if t.xpos == "VBN" || t.form.ends_with("ed") => {
                let verb = self
                    .verbs
                    .get(&lemma)
                    .or_else(|| self.verbs.get(t.form.to_lowercase().trim_end_matches('d')))?;
                (verb, false)
            }
            "NOUN" | "PROPN" => (self.nouns.get(&lemma).or_else(|| self.nouns.get(&form))?, true),
            _ => return None,
        };
        // The most specific entry that fits: one naming the object ("lift +ban")
        // before one naming a particle ("call for"), before the bare lemma.
        let particles: Vec<String> = tree.particles(i);
        let objects: Vec<String> = if entries.iter().any(|e| e.object.is_some()) {
            tree.objects(i)
        } else {
            Vec::new()
        };
        let fits = |e: &&Trigger| {
            e.particle.as_ref().is_none_or(|p| particles.contains(p))
                && e.object.as_ref().is_none_or(|o| objects.contains(o))
        };
        let chosen = entries
            .iter()
            .filter(fits)
            .max_by_key(|e| (e.object.is_some(), e.particle.as_ref().map(|p| p.len())))?;
        if !nominal {
            return Some((chosen, i));
        }
        // A noun is an event when a verb carries it ("held talks", "talks began")
        // or when it heads the sentence with its actor ("Russia's attack on Kyiv");
        // elsewhere it is background ("the pact does not extend…").
        // "launched a *mediation* effort", "sent an *aid* convoy": the event noun
        // names a general undertaking that the verb carries.
        let carried = || {
            let h = tree.head(i).filter(|_| tree.rel(i) == "compound")?;
            UNDERTAKINGS
                .contains(&tree.lemma(h).as_str())
                .then(|| tree.light_verb(h))?
        };
        match tree.light_verb(i).or_else(carried) {
            Some(v) => Some((chosen, v)),
            None if tree.head(i).is_none() && tree.child_with(i, "nmod:poss").is_some() => Some((chosen, i)),
            None => None,
        }
    }

    /// Where the event happened: a place named in its clause ("in Shusha",
    /// "near the town of Tartar"), else the dateline's place, else `None`.
    fn event_location(
        &self,
        tree: &Tree,
        anchor: usize,
        s: &Sentence,
        ctx: &ArticleContext,
    ) -> Option<Location> {
        let gazetteer = self.gazetteer?;
        let countries: Vec<&str> = ctx.countries.iter().map(String::as_str).collect();
        let mut clause = Some(anchor);
        while let Some(c) = clause {
            for &t in &tree.clause(c) {
                if is_locative(tree, t) {
                    if let Some((place, _)) = place_in(tree, t, s, gazetteer, &countries) {
                        return Some(place);
                    }
                }
            }
            // "An attempt to kill … was thwarted *in Gyumri*": the act of a noun
            // is where the noun's clause is.
            clause = match tree.rel(c) {
                "conj" | "xcomp" => tree.head(c),
                "acl" => tree.head(c).and_then(|noun| tree.head(noun)),
                _ => None,
            };
        }
        let place = ctx.dateline_place.as_deref()?;
        // Datelines are in capitals: "BAKU" → "Baku".
        let titled: String = place
            .split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| {
                        f.to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect::<String>()
                    })
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        gazetteer
            .resolve(&titled, &countries)
            .map(|p| location_of(p, place.to_string()))
    }

    /// The event's date: a date expression in the clause of `anchor` (or of
    /// the clauses that govern it), else the dateline's, else the publication date.
    fn event_date(&self, tree: &Tree, anchor: usize, s: &Sentence, ctx: &ArticleContext) -> When {
        let published = ctx.date.as_deref().and_then(dates::parse_iso);
        let mut clause = Some(anchor);
        while let (Some(c), Some(p)) = (clause, published) {
            let tokens = tree.clause(c);
            let words: Vec<&str> = tokens.iter().map(|&i| tree.tokens[i].form.as_str()).collect();
            // "will meet on Friday": the event's own clause speaks of the future.
            let future = c == anchor
                && tree.children(c).iter().any(|&a| {
                    tree.rel(a) == "aux" && matches!(tree.lemma(a).as_str(), "will" | "shall" | "'ll")
                });
            if let Some(found) = dates::find_date_in(&words, p, future) {
                let (first, last) = (tokens[found.words.0], tokens[found.words.1 - 1]);
                let (a, b) = (tree.tokens[first].span.0, tree.tokens[last].span.1);
                return When {
                    date: Some(found.date.to_string()),
                    text: Some(s.text.chars().skip(a).take(b - a).collect()),
                    source: Some("text".into()),
                    precision: Some(found.precision.as_str().into()),
                };
            }
            clause = match tree.urel(c) {
                "ccomp" | "xcomp" | "conj" | "advcl" | "parataxis" => tree.head(c),
                _ => None,
            };
        }
        if let Some(d) = &ctx.dateline_date {
            return When {
                date: Some(d.clone()),
                source: Some("dateline".into()),
                precision: Some("day".into()),
                ..Default::default()
            };
        }
        When {
            date: ctx.date.clone(),
            source: ctx.date.as_ref().map(|_| "publication".into()),
            precision: ctx.date.as_ref().map(|_| "day".into()),
            ..Default::default()
        }
    }

    /// "X said Y must do Z": a demand (REQUEST, CAMEO 100) from the speaker to
    /// the subject of the clause, carried by the modal.
    fn reported_demands(
        &self,
        ctx: &ArticleContext,
        index: usize,
        s: &Sentence,
        tree: &Tree,
    ) -> Vec<EventRecord> {
        let mut out = Vec::new();
        for clause in 0..tree.len() {
            let Some(h) = tree.head(clause) else { continue };
            if tree.urel(clause) != "ccomp" || !SPEECH_VERBS.contains(&tree.lemma(h).as_str()) {
                continue;
            }
            let Some(modal) = tree
                .children(clause)
                .iter()
                .copied()
                .find(|&c| tree.urel(c) == "aux" && matches!(tree.lemma(c).as_str(), "must" | "should"))
            else {
                continue;
            };
            let negated = tree
                .children(clause)
                .iter()
                .any(|&c| matches!(tree.lemma(c).as_str(), "not" | "never"));
            let actor = subject_of(tree, h).and_then(|a| self.actor_at(s, tree, a, ctx));
            let recipient = tree
                .children(clause)
                .iter()
                .copied()
                .find(|&c| tree.urel(c) == "nsubj")
                .and_then(|r| self.actor_at(s, tree, r, ctx));
            if actor.as_ref().is_none_or(|a| a.code.is_none()) {
                continue;
            }
            let t = &tree.tokens[modal];
            let when = self.event_date(tree, clause, s, ctx);
            out.push(EventRecord {
                id: event_id(&ctx.article_id, index, t.span, actor.as_ref(), recipient.as_ref()),
                article_id: ctx.article_id.clone(),
                sentence_index: index,
                event_type: "REQUEST".into(),
                cameo: Some("100".into()),
                quad_class: quad_class("100"),
                intensity: goldstein("100"),
                actor,
                recipient,
                date: when.date,
                date_text: when.text,
                date_source: when.source,
                date_precision: when.precision,
                negated,
                trigger: chronicle_model::Trigger {
                    text: t.form.clone(),
                    span: t.span,
                },
                sentence: s.text.clone(),
                confidence: 0.6,
                ..Default::default()
            });
        }
        out
    }

    /// When the trigger's frame names no recipient slot that is filled: a
    /// prepositional phrase that fits the kind of act and names a coded actor
    /// ("agreed *to US mediation*", "offered troops *to Lebanon*", "protested
    /// *against Israel*").
    fn fallback_recipients(
        &self,
        s: &Sentence,
        tree: &Tree,
        frame: &Frame,
        entry: &Trigger,
        ctx: &ArticleContext,
    ) -> Vec<EventActor> {
        let preps: &[&str] = match entry.event_type.as_str() {
            "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" | "COOPERATE" | "AID" | "RETREAT" => &["to", "with"],
            "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN" => &["to", "against", "from"],
            _ => &["against", "on"],
        };
        let mut out = Vec::new();
        for p in preps {
            for r in frame.slot(tree, &RecipientSlot::Preposition(p.to_string())) {
                if let Some(a) = self.actor_at(s, tree, r, ctx).filter(|a| a.code.is_some()) {
                    out.push(a);
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// The last resort for a recipient: the party named inside what the act is
    /// done to. First the object itself with its owner, nationality and name
    /// ("condemned *Russia's* shelling", "rejected the *Turkish* proposal"), then
    /// the phrases hanging on it, nearest first ("cut trade links *with Iran*",
    /// "a bill *signed by the minister*"), then the trigger's own prepositional
    /// phrases and those of the act it governs ("demanded compensation *from
    /// Israel*"), and last, for acts done to a place rather than with a partner,
    /// a place named in any of these ("struck targets *in Ukraine*"). A party
    /// that is one of the actors is no recipient.
    fn recipient_in_what_is_acted_on(
        &self,
        s: &Sentence,
        tree: &Tree,
        frame: &Frame,
        entry: &Trigger,
        actors: &[EventActor],
        ctx: &ArticleContext,
    ) -> Option<EventActor> {
        let own = |a: &EventActor| overlaps_any(a, actors);
        let cooperative = PARTNERED.contains(&entry.event_type.as_str());
        let countries: Vec<&str> = ctx.countries.iter().map(String::as_str).collect();
        let resolve = |head: usize| {
            let locative = matches!(
                tree.case_of(head).as_deref(),
                Some("in" | "into" | "inside" | "at")
            );
            let Some(mut a) = self
                .actor_at(s, tree, head, ctx)
                .filter(|a| a.code.is_some() && !own(a))
            else {
                // A town the gazetteer knows, named as where a non-cooperative act is
                // done ("lifted the curfew *in Basra*"): the act is done to its country.
                if !locative || cooperative {
                    return None;
                }
                let (place, text) = place_in(tree, head, s, self.gazetteer?, &countries)?;
                let country = place.country?;
                let (first, last) = tree.extent(head);
                return Some(EventActor {
                    text,
                    code: Some(country.clone()),
                    country: Some(country),
                    span: (tree.tokens[first].span.0, tree.tokens[last].span.1),
                    ..Default::default()
                })
                .filter(|a| !own(a))
                .map(|a| (a, true));
            };
            // A capital named as the place of the act ("rallied *in Yerevan*") is the
            // city, of its country; it stands for the government only when it acts.
            if locative && self.actors.is_capital(&a.text) {
                a.code = a.country.clone();
                a.sector = None;
            }
            // A place (a country or city named where something is) rather than a party.
            let place = locative && a.sector.is_none();
            Some((a, place))
        };
        let verbs = [frame.trigger, frame.anchor];
        // What the act is done to: the objects, or a noun trigger itself ("launched an *investigation*").
        let mut acted_on: Vec<usize> = verbs.iter().flat_map(|&v| tree.children_with(v, "obj")).collect();
        if entry.nominal && frame.trigger != frame.anchor {
            acted_on.insert(0, frame.trigger);
        }
        // Then what the act it governs is done to ("threatened to launch an offensive
        // against Iraq").
        let governed: Vec<usize> = verbs
            .iter()
            .flat_map(|&v| tree.children_with(v, "xcomp"))
            .flat_map(|x| tree.children_with(x, "obj"))
            .collect();
        acted_on.extend(governed);
        // Breadth first through the nominal modifiers, two levels deep. A place
        // ("streets *in Hong Kong*") is kept for last: a party named anywhere in
        // what is acted on or in the trigger's phrases comes first ("blocked
        // streets in Hong Kong in defiance *of Chinese authorities*").
        let mut place: Option<EventActor> = None;
        let mut within = |start: Vec<usize>| -> Option<EventActor> {
            let mut level = start;
            for depth in 0..3 {
                for &n in &level {
                    // The trigger noun's own words are the act, not a party ("Russian
                    // attack" is the actor's); only the phrases below it count.
                    if depth == 0 && n == frame.trigger {
                        continue;
                    }
                    match resolve(n) {
                        Some((a, false)) => return Some(a),
                        Some((a, true)) => {
                            place.get_or_insert(a);
                        }
                        None => {}
                    }
                }
                // The phrases on each noun, and the agent of a participle on it
                // ("a bill *signed by the minister*"): who is behind the thing.
                level = level
                    .iter()
                    .flat_map(|&n| tree.children(n).iter().copied())
                    .flat_map(|c| match tree.urel(c) {
                        "nmod" => vec![c],
                        "acl" => tree.children_with(c, "obl:agent").collect(),
                        _ => Vec::new(),
                    })
                    .collect();
            }
            None
        };
        if let Some(a) = within(acted_on) {
            return Some(a);
        }
        let mut preps = vec![
            "to", "for", "against", "with", "from", "on", "over", "toward", "towards",
        ];
        if !cooperative {
            preps.extend(["in", "into", "inside"]);
        }
        // The trigger's phrases, then those of the act it governs ("refused to
        // deploy peacekeepers *in Iraq*").
        let verbs: Vec<usize> = verbs
            .iter()
            .copied()
            .chain(verbs.iter().flat_map(|&v| tree.children_with(v, "xcomp")))
            .collect();
        for prep in preps {
            for &v in &verbs {
                for &c in tree.children(v) {
                    if tree.urel(c) == "obl" && tree.case_of(c).as_deref() == Some(prep) {
                        // "called for sanctions *against Nigeria*".
                        if let Some(a) = within(vec![c]) {
                            return Some(a);
                        }
                    }
                }
            }
        }
        place
    }

    /// The first coded party after the trigger (word `trigger`) in the clause
    /// its anchor heads, leaving out the clauses joined to it (`conj`,
    /// `parataxis`, reported `ccomp`), relative clauses and the actors' own
    /// words: "declined to resign despite pressure by *the Kenya
    /// Anti-Corruption Commission*".
    fn party_after(
        &self,
        s: &Sentence,
        tree: &Tree,
        (trigger, anchor): (usize, usize),
        event_type: &str,
        actors: &[EventActor],
        ctx: &ArticleContext,
    ) -> Option<EventActor> {
        // Clauses of their own are left out: joined ones and relative clauses,
        // about something else ("the hearing, *which is to take place at
        // Westminster Magistrates' Court*").
        let clause = tree.subtree_without(anchor, |c| {
            matches!(tree.urel(c), "conj" | "parataxis" | "ccomp" | "list") || tree.rel(c) == "acl:relcl"
        });
        let inside = |n: usize| clause.binary_search(&n).is_ok();
        let cooperative = PARTNERED.contains(&event_type);
        // Only the head of a noun phrase: its modifiers are resolved with it.
        let modifier = |n: usize| {
            tree.head(n).is_some_and(|h| {
                matches!(tree.urel(n), "compound" | "flat" | "amod" | "nmod:desc" | "appos")
                    && inside(h)
                    && h > trigger
            })
        };
        // Where a cooperative act takes place is no party to it ("signed a deal
        // *in Moscow*").
        let place_of_act = |n: usize| {
            cooperative
                && tree.head(n).is_some_and(|h| h == trigger || h == anchor)
                && matches!(tree.case_of(n).as_deref(), Some("in" | "at" | "inside" | "into"))
        };
        (trigger + 1..tree.len())
            .filter(|&n| inside(n) && matches!(tree.tokens[n].upos.as_str(), "NOUN" | "PROPN"))
            .filter(|&n| !modifier(n) && !place_of_act(n))
            .find_map(|n| {
                self.actor_at(s, tree, n, ctx)
                    .filter(|a| a.code.is_some() && !overlaps_any(a, actors))
            })
    }

    /// "refused to meet *Jordan's king*", "threatened to attack *Israel*": a
    /// trigger with no recipient of its own acts on the object of the act it governs.
    fn embedded_recipients(
        &self,
        s: &Sentence,
        tree: &Tree,
        trigger: usize,
        ctx: &ArticleContext,
    ) -> Vec<EventActor> {
        let Some(act) = tree
            .children(trigger)
            .iter()
            .copied()
            .find(|&c| tree.rel(c) == "xcomp")
        else {
            return Vec::new();
        };
        let objects = tree.children_with(act, "obj");
        objects
            .flat_map(|o| std::iter::once(o).chain(conjuncts(tree, o)))
            .filter_map(|o| self.actor_at(s, tree, o, ctx))
            .filter(|a| a.code.is_some())
            .collect()
    }

    /// For a demand or threat with no object, the subject of its clause:
    /// "demanded that *the US* cancel…", "warned that *Israel* would…"; for
    /// any act, the subject of the condition put on it: "will strike unless
    /// *Israel* withdraws", "threatened to hold a strike unless *Israel* …".
    fn clause_recipient(
        &self,
        s: &Sentence,
        tree: &Tree,
        trigger: usize,
        entry: &Trigger,
        ctx: &ArticleContext,
    ) -> Option<EventActor> {
        // The act it governs, as a complement or (as parsers often read "threatened
        // to hold") a `to` clause.
        let governed = tree
            .children(trigger)
            .iter()
            .copied()
            .filter(|&c| tree.rel(c) == "xcomp" || tree.is_aim(c));
        let condition = std::iter::once(trigger).chain(governed).find_map(|v| {
            tree.children(v)
                .iter()
                .copied()
                .find(|&c| tree.urel(c) == "advcl" && tree.marked_by(c, &["unless", "if"]))
        });
        if let Some(subject) = condition.and_then(|c| {
            tree.children(c)
                .iter()
                .copied()
                .find(|&k| tree.urel(k) == "nsubj")
        }) {
            if let Some(a) = self.actor_at(s, tree, subject, ctx).filter(|a| a.code.is_some()) {
                return Some(a);
            }
        }
        if !matches!(entry.event_type.as_str(), "REQUEST" | "THREATEN") || entry.nominal {
            return None;
        }
        let clause = tree
            .children(trigger)
            .iter()
            .copied()
            .find(|&c| tree.urel(c) == "ccomp")?;
        let subject = tree
            .children(clause)
            .iter()
            .copied()
            .find(|&c| tree.urel(c) == "nsubj")?;
        self.actor_at(s, tree, subject, ctx).filter(|a| a.code.is_some())
    }

    /// The other countries of an `of`-phrase list ("the leaders of *France, Russia
    /// and the United States*"): each conjunct of the head's `of` dependent,
    /// resolved and given the head's sector (the leaders → GOV).
    fn of_conjuncts(&self, s: &Sentence, tree: &Tree, head: usize, ctx: &ArticleContext) -> Vec<EventActor> {
        let Some(of) = tree
            .children(head)
            .iter()
            .copied()
            .find(|&c| tree.urel(c) == "nmod" && tree.case_of(c).as_deref() == Some("of"))
        else {
            return Vec::new();
        };
        let sector = self
            .actors
            .resolve(
                &s.text,
                tree.tokens,
                &tree.phrase(head, Reach::Core),
                ctx.date.as_deref(),
                &ctx.known,
            )
            .and_then(|a| a.sector);
        conjuncts(tree, of)
            .into_iter()
            .filter_map(|c| self.actor_at(s, tree, c, ctx))
            .filter(|a| a.code.as_ref().is_some_and(|c| c.len() == 3))
            .map(|a| match &sector {
                Some(sector) => {
                    let code = a.code.clone().map(|c| format!("{c}{sector}"));
                    EventActor {
                        code,
                        sector: Some(sector.clone()),
                        ..a
                    }
                }
                None => a,
            })
            .collect()
    }

    /// Resolves the noun phrase headed by token `head`.
    fn actor_at(&self, s: &Sentence, tree: &Tree, head: usize, ctx: &ArticleContext) -> Option<EventActor> {
        // The head's own name first ("Baku's arch-enemy *Armenia*"), then its
        // possessor, then `of`-phrases ("members of the Association …").
        let phrase = tree.phrase(head, Reach::Core);
        let a = self
            .actors
            .resolve(&s.text, tree.tokens, &phrase, ctx.date.as_deref(), &ctx.known);
        // "The government *of Sindh province*", "the Albanians *of southern
        // Serbia*": the place a party is of or based in gives its country; a
        // people named by where they live are of that country.
        // Only a party that names itself is "of" a place ("the rescue of a Fort
        // Worth girl" is no party of Texas).
        let of_place = |named: bool| {
            let based_in = tree
                .children(head)
                .iter()
                .copied()
                .filter(|&c| tree.urel(c) == "acl" && tree.lemma(c) == "base")
                .flat_map(|c| {
                    tree.children(c)
                        .iter()
                        .copied()
                        .filter(|&d| tree.case_of(d).as_deref() == Some("in"))
                });
            let of = tree.children(head).iter().copied().filter(move |&c| {
                named && tree.urel(c) == "nmod" && tree.case_of(c).as_deref() == Some("of")
            });
            based_in
                .chain(of)
                .find_map(|place| self.country_of_place(s, tree, place, ctx))
        };
        let people = a
            .as_ref()
            .filter(|p| p.code.is_some() && self.actors.is_people_name(&p.text));
        if let Some(p) = people {
            if let Some(country) = of_place(true).filter(|c| p.code.as_ref() != Some(c)) {
                return Some(country_party(s, tree, head, country));
            }
        }
        if a.as_ref().is_some_and(|a| a.code.is_some()) {
            return a;
        }
        let mut seen = phrase.len();
        // "Thousands *of protesters*": a wider phrase that names only a sector is
        // still the party when the head names nothing.
        let mut sector_only = None;
        for reach in [Reach::Possessor, Reach::Wide] {
            let wide = tree.phrase(head, reach);
            if wide.len() == seen {
                continue;
            }
            seen = wide.len();
            let b = self
                .actors
                .resolve(&s.text, tree.tokens, &wide, ctx.date.as_deref(), &ctx.known);
            if sector_only.is_none() && b.as_ref().is_some_and(|b| b.sector.is_some()) {
                sector_only = b.clone();
            }
            if b.as_ref().is_some_and(|b| b.code.is_some()) {
                return b.map(|mut b| {
                    if let Some(a) = &a {
                        b.sector = b.sector.or(a.sector.clone());
                        if let (Some(code), Some(sector)) = (&b.code, &a.sector) {
                            if code.len() == 3 {
                                b.code = Some(format!("{code}{sector}"));
                            }
                        }
                    }
                    b
                });
            }
        }
        // "Leaders *of the opposition coalition*": a head that says only "the
        // head of" is of the sector of what it heads.
        let named = a.is_some();
        let generic_head = crate::actors::is_generic_head(&tree.tokens[head].form);
        let party = if generic_head {
            sector_only.or(a)
        } else {
            a.or(sector_only)
        };
        let place = match &party {
            Some(p) if p.code.is_some() => None,
            _ => of_place(named),
        };
        match (party, place) {
            (Some(p), Some(country)) if p.code.is_none() => {
                let code = format!("{country}{}", p.sector.as_deref().unwrap_or(""));
                Some(EventActor {
                    code: Some(code),
                    country: Some(country),
                    ..p
                })
            }
            // "a group based in Trinidad": no role, but a country.
            (None, Some(country)) => Some(country_party(s, tree, head, country)),
            (party, _) => party,
        }
    }

    /// The country a place named at `head` is in: a country or capital from the
    /// dictionaries, else a town the gazetteer knows.
    fn country_of_place(
        &self,
        s: &Sentence,
        tree: &Tree,
        head: usize,
        ctx: &ArticleContext,
    ) -> Option<String> {
        let phrase = tree.phrase(head, Reach::Core);
        let named = self
            .actors
            .resolve(&s.text, tree.tokens, &phrase, ctx.date.as_deref(), &ctx.known)
            .and_then(|a| a.country)
            .filter(|c| is_state(c));
        named.or_else(|| {
            let countries: Vec<&str> = ctx.countries.iter().map(String::as_str).collect();
            place_in(tree, head, s, self.gazetteer?, &countries)?.0.country
        })
    }
}

/// What one sentence says that later passes over the article use.
#[derive(Debug, Clone, Default)]
struct SentenceFacts {
    /// Cities and regions named with a locative preposition ("in Baku").
    places: Vec<Location>,
    /// Codes of the actors that speak or are the main subject.
    voices: Vec<String>,
}

/// A lede often names only the country ("arrived in Azerbaijan") and the next
/// sentence, in the same actor's voice, the city ("“We are once again in
/// Baku”, the minister said"): such an event is placed in that city.
fn refine_places(events: &mut [EventRecord], facts: &[SentenceFacts]) {
    for e in events.iter_mut() {
        let Some(loc) = e.location.as_ref().filter(|l| l.precision == "country") else {
            continue;
        };
        let Some(actor) = e.actor.as_ref().and_then(|a| a.code.clone()) else {
            continue;
        };
        let Some(next) = facts.get(e.sentence_index + 1) else {
            continue;
        };
        if !next.voices.contains(&actor) {
            continue;
        }
        if let Some(city) = next.places.iter().find(|p| p.country == loc.country) {
            e.location = Some(city.clone());
        }
    }
}

/// The party of the whole phrase headed by `head`, of `country` and no sector
/// ("a group based in Trinidad", "the Albanians of southern Serbia").
fn country_party(s: &Sentence, tree: &Tree, head: usize, country: String) -> EventActor {
    let (first, last) = tree.extent(head);
    let span = (tree.tokens[first].span.0, tree.tokens[last].span.1);
    EventActor {
        text: s.text.chars().skip(span.0).take(span.1 - span.0).collect(),
        code: Some(country.clone()),
        country: Some(country),
        span,
        ..Default::default()
    }
}

/// Whether `party`'s words overlap those of any of `others` (a recipient that
/// is one of the actors is no recipient).
fn overlaps_any(party: &EventActor, others: &[EventActor]) -> bool {
    others
        .iter()
        .any(|o| party.span.0 < o.span.1 && o.span.0 < party.span.1)
}

/// Gives a party that names only a sector ("police") the country inferred for
/// it; a party with a code, or with no sector, is left as it is.
fn give_country(party: &mut EventActor, country: &str) {
    if let (None, Some(sector)) = (&party.code, &party.sector) {
        party.code = Some(format!("{country}{sector}"));
        party.country = Some(country.to_string());
    }
}

/// The singular of a regular English plural ("supplies" → "supply",
/// "curbs" → "curb"), if the word looks like one.
fn regular_singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    let stem = plural.strip_suffix('s').filter(|s| !s.ends_with('s'))?;
    Some(stem.to_string())
}

/// Is `t` a phrase introduced by a locative preposition ("in", "near", "at" …)?
/// As an adjunct ("met *in Geneva*") or as a predicate ("we are *in Baku*").
fn is_locative(tree: &Tree, t: usize) -> bool {
    !matches!(tree.urel(t), "case" | "mark" | "punct")
        && matches!(
            tree.case_of(t).as_deref(),
            Some("in" | "near" | "at" | "outside" | "around" | "across" | "along" | "inside" | "into")
        )
}

/// The place named by the phrase headed by `t`: its proper name ("in Shusha"),
/// or that of its `of`-phrase ("in the town of Shusha").
fn place_in(
    tree: &Tree,
    t: usize,
    s: &Sentence,
    gazetteer: &chronicle_geo::Gazetteer,
    countries: &[&str],
) -> Option<(Location, String)> {
    let heads = std::iter::once(t).chain(tree.children(t).iter().copied().filter(|&k| {
        tree.urel(k) == "nmod" && matches!(tree.case_of(k).as_deref(), Some("of" | "including"))
    }));
    for h in heads {
        let words: Vec<usize> = tree
            .phrase(h, Reach::Core)
            .into_iter()
            .filter(|&k| tree.tokens[k].upos == "PROPN" && !dates::is_calendar_word(&tree.tokens[k].form))
            .collect();
        let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
            continue;
        };
        let name = words
            .iter()
            .map(|&k| tree.tokens[k].form.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(place) = gazetteer.resolve(&name, countries) {
            let (a, b) = (tree.tokens[first].span.0, tree.tokens[last].span.1);
            let text: String = s.text.chars().skip(a).take(b - a).collect();
            return Some((location_of(place, text.clone()), text));
        }
    }
    None
}

/// The place an attack or raid was aimed at, when its object names one
/// ("striking settlements including the town of Shusha").
fn target_place(
    tree: &Tree,
    trigger: usize,
    s: &Sentence,
    gazetteer: &chronicle_geo::Gazetteer,
    countries: &[&str],
) -> Option<Location> {
    let objects = tree
        .children(trigger)
        .iter()
        .copied()
        .filter(|&c| matches!(tree.rel(c), "obj" | "nsubj:pass"));
    for o in objects {
        // The object itself, its conjuncts, and the phrases hanging on them.
        let mut stack = vec![o];
        while let Some(n) = stack.pop() {
            if tree.tokens[n].upos == "PROPN" || n != o {
                if let Some((place, _)) = place_in(tree, n, s, gazetteer, countries) {
                    if place.precision != "country" {
                        return Some(place);
                    }
                }
            }
            // Not into a clause with its own subject: "killing 156 people, the UN
            // agency reported" names no target in the reporter.
            stack.extend(tree.children(n).iter().copied().filter(|&k| {
                !matches!(
                    tree.rel(k),
                    "punct" | "case" | "det" | "acl:relcl" | "advcl" | "ccomp" | "parataxis" | "csubj"
                )
            }));
        }
    }
    None
}

/// An event location from a gazetteer place and the words that named it.
fn location_of(place: &chronicle_geo::Place, text: String) -> Location {
    Location {
        text,
        name: place.name.clone(),
        country: Some(place.country.clone()),
        lat: Some(place.lat),
        lon: Some(place.lon),
        geonames_id: (place.geonames_id != 0).then_some(place.geonames_id),
        precision: place.kind.precision().to_string(),
    }
}

/// A stable id: FNV-1a over article id, sentence index, trigger span and parties.
fn event_id(
    article: &str,
    sentence: usize,
    span: (usize, usize),
    actor: Option<&EventActor>,
    recipient: Option<&EventActor>,
) -> String {
    let key = format!(
        "{article}\u{1f}{sentence}\u{1f}{}:{}\u{1f}{:?}\u{1f}{:?}",
        span.0,
        span.1,
        actor.map(|a| a.span),
        recipient.map(|r| r.span)
    );
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// One mending pass: the mended tokens, or `None` when it found nothing to mend.
type MendStep<'a> = dyn Fn(&Tree) -> Option<Vec<Token>> + 'a;

/// Mends the parse errors the coder knows to be common in news (see
/// [`mend_participle_verbs`] and [`mend_split_nominals`]); `None` when there
/// was nothing to mend.
fn mend(tokens: &[Token], intransitive: impl Fn(&str) -> bool) -> Option<Vec<Token>> {
    // A verb with no passive: one of NEVER_PASSIVE, or a trigger that takes no object.
    let no_passive =
        |lemma: &str| NEVER_PASSIVE.contains(&lemma.to_lowercase().as_str()) || intransitive(lemma);
    let reduced_relatives = |tree: &Tree| mend_reduced_relatives(tree, no_passive);
    let verbless_root = |tree: &Tree| mend_verbless_root(tree, no_passive);
    let steps: [&MendStep<'_>; 7] = [
        &mend_participle_verbs,
        &mend_dated_that_clauses,
        &reduced_relatives,
        &verbless_root,
        &mend_gerund_objects,
        &mend_bare_verb_objects,
        &mend_split_nominals,
    ];
    // One tree serves every step until a step changes the tokens.
    let original = Tree::new(tokens);
    let mut mended: Option<Vec<Token>> = None;
    for step in steps {
        let next = match &mended {
            None => step(&original),
            Some(m) => step(&Tree::new(m)),
        };
        if next.is_some() {
            mended = next;
        }
    }
    mended
}

/// "Russian President Boris Yeltsin on Saturday *hosted* Japanese Prime Minister
/// Ryutaro Hashimoto": when the parse leaves the sentence headed by a noun phrase
/// (no copula) and the first verb after it is a past form hung on a noun as an
/// adjective or as a reduced relative that acts on something (a bare one is a
/// passive), the sentence has no main verb but that one.
/// The verb becomes the root, the old root its subject, the noun phrase it was
/// read as modifying (if after it) its object, and the old root's later
/// dependents its own.
fn mend_verbless_root(tree: &Tree, no_passive: impl Fn(&str) -> bool) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let root = (0..tree.len()).find(|&i| tree.head(i).is_none())?;
    let nominal = matches!(tokens[root].upos.as_str(), "NOUN" | "PROPN");
    if !nominal
        || tree
            .children(root)
            .iter()
            .any(|&c| matches!(tree.urel(c), "cop" | "case" | "mark"))
    {
        return None;
    }
    let acts_on = |v: usize| {
        tree.children(v)
            .iter()
            .any(|&c| matches!(tree.urel(c), "obj" | "ccomp" | "xcomp"))
    };
    let fits = |v: usize| {
        let misread = is_past_form_as(tree, v, &["amod", "acl"]);
        let bare = !tree
            .children(v)
            .iter()
            .any(|&c| matches!(tree.urel(c), "aux" | "nsubj" | "mark"));
        // A reduced relative with nothing it acts on is a passive ("protesters
        // *detained* in Yerevan"), unless the verb has no passive.
        let active = tree.rel(v) == "amod" || acts_on(v) || no_passive(&tokens[v].lemma);
        misread && bare && active && tree.governs(root, v)
    };
    // The first verb after the noun phrase; failing that, the first past form
    // with an object of its own, past a participle modifying the subject
    // ("British aircraft *using* precision *guided* missiles *killed* 4 Iraqis").
    let first = (root + 1..tree.len()).find(|&i| matches!(tokens[i].upos.as_str(), "VERB" | "AUX"))?;
    let v = std::iter::once(first)
        .chain((first + 1..tree.len()).filter(|&i| tree.urel(i) == "acl" && acts_on(i)))
        .find(|&v| fits(v))?;
    let mut m = tokens.to_vec();
    m[v].head = 0;
    m[v].deprel = "root".into();
    m[v].xpos = "VBD".into();
    m[root].head = v + 1;
    m[root].deprel = "nsubj".into();
    // The noun phrase the verb was read as modifying, when it follows: the object.
    let mut object = tree.head(v).filter(|&h| h > v);
    while let Some(o) = object {
        match tree.head(o) {
            Some(h) if h > o && matches!(tree.rel(o), "compound" | "flat" | "nmod:desc" | "amod") => {
                object = Some(h)
            }
            _ => break,
        }
    }
    if let Some(o) = object {
        m[o].head = v + 1;
        m[o].deprel = "obj".into();
    }
    for &c in tree
        .children(root)
        .iter()
        .filter(|&&c| c > v && Some(c) != object)
    {
        m[c].head = v + 1;
        if tree.urel(c) == "nmod" {
            m[c].deprel = "obl".into();
        }
    }
    Some(m)
}

/// "Moscow said on Friday *that* Kyiv must pay": a clause opened by "that"
/// with a subject of its own, parsed as a relative clause on the day or month
/// the verb is dated by, is the verb's complement. (A relative "that" on a
/// bare calendar word would leave its clause a gap, yet this one has its
/// subject; "the Friday that …" keeps its determiner and is left alone.)
fn mend_dated_that_clauses(tree: &Tree) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let mut m: Option<Vec<Token>> = None;
    for clause in 0..tree.len() {
        if tree.rel(clause) != "acl:relcl" {
            continue;
        }
        let Some(date) = tree.head(clause) else { continue };
        let Some(verb) = tree.head(date) else { continue };
        let dated = dates::is_calendar_word(&tokens[date].form)
            && tree.urel(date) == "obl"
            && tokens[verb].upos == "VERB"
            && !tree.children(date).iter().any(|&c| tree.urel(c) == "det");
        let kids = tree.children(clause);
        let that = kids.first().copied().filter(|&t| {
            t > date
                && tokens[t].form.eq_ignore_ascii_case("that")
                && (date + 1..t).all(|k| tree.governs(date, k))
        });
        let own_subject = kids.iter().any(|&c| tree.urel(c) == "nsubj" && Some(c) != that);
        let (Some(that), true, true) = (that, dated, own_subject) else {
            continue;
        };
        let m = m.get_or_insert_with(|| tokens.to_vec());
        m[clause].head = verb + 1;
        m[clause].deprel = "ccomp".into();
        m[that].deprel = "mark".into();
        m[that].upos = "SCONJ".into();
        m[that].xpos = "IN".into();
    }
    m
}

/// "The court opened a landmark *hearing*": an -ing word right after the object
/// of a verb, tagged as a verb and parsed as a clause of its own, where that
/// object has a determiner and nothing of its own after it, is the head of the
/// object's noun phrase: the -ing word becomes the object (a noun) and the old
/// object its compound.
fn mend_gerund_objects(tree: &Tree) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let mut mended: Option<Vec<Token>> = None;
    for v in 1..tree.len() {
        let t = &tokens[v];
        if t.upos != "VERB" || t.xpos != "VBG" || !matches!(tree.urel(v), "advcl" | "xcomp" | "ccomp") {
            continue;
        }
        let object = v - 1;
        let verb = tree.head(v);
        let is_object = tree.rel(object) == "obj" && tree.head(object) == verb;
        let has_det = tree.children(object).iter().any(|&c| tree.urel(c) == "det");
        let ends_there = tree.children(object).iter().all(|&c| c < object);
        // A clause of its own has a marker, subject, auxiliary or object (a weekday
        // the parse called an object is a time, not what is acted on).
        let clause = tree.children(v).iter().any(|&c| {
            matches!(tree.urel(c), "mark" | "nsubj" | "aux")
                || tree.urel(c) == "obj" && !dates::is_weekday(&tokens[c].form)
        });
        if !matches!(tokens[object].upos.as_str(), "NOUN" | "ADJ")
            || !is_object
            || !has_det
            || !ends_there
            || clause
        {
            continue;
        }
        let m = mended.get_or_insert_with(|| tokens.to_vec());
        m[v].upos = "NOUN".into();
        m[v].xpos = "NN".into();
        m[v].head = tokens[object].head;
        m[v].deprel = "obj".into();
        m[object].head = v + 1;
        m[object].deprel = "compound".into();
        for &c in tree.children(object) {
            if tree.urel(c) == "det" {
                m[c].head = v + 1;
            }
        }
    }
    mended
}

/// Verbs that take a gerund or a `to` infinitive but never a bare one: a base
/// form right after them is a noun ("stopped *work*", "resumed *work*").
const NO_BARE_INFINITIVE: &[&str] = &[
    "stop", "halt", "cease", "resume", "begin", "start", "continue", "finish", "end", "suspend",
];

/// "Workers *stopped work* on Monday": a base-form verb hung as the bare
/// complement (`xcomp`, no `to`, subject or auxiliary) of the verb right
/// before it, when that verb never takes a bare infinitive, is its object: a
/// noun the tagger read as a verb.
fn mend_bare_verb_objects(tree: &Tree) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let mut mended: Option<Vec<Token>> = None;
    for v in 1..tree.len() {
        let t = &tokens[v];
        let governor = v - 1;
        if t.upos != "VERB"
            || t.xpos != "VB"
            || tree.rel(v) != "xcomp"
            || tree.head(v) != Some(governor)
            || !NO_BARE_INFINITIVE.contains(&tree.lemma(governor).as_str())
            || tree
                .children(v)
                .iter()
                .any(|&c| matches!(tree.urel(c), "mark" | "nsubj" | "aux" | "obj"))
        {
            continue;
        }
        let m = mended.get_or_insert_with(|| tokens.to_vec());
        m[v].upos = "NOUN".into();
        m[v].xpos = "NN".into();
        m[v].deprel = "obj".into();
        // A noun's phrases are `nmod`, not `obl`.
        for c in tree.children_with(v, "obl") {
            m[c].deprel = "nmod".into();
        }
    }
    mended
}

/// What kills by accident or nature, not by anyone's hand.
const ACCIDENT_NOUNS: &[&str] = &[
    "accident",
    "crash",
    "collision",
    "derailment",
    "earthquake",
    "quake",
    "flood",
    "flooding",
    "landslide",
    "mudslide",
    "avalanche",
    "storm",
    "hurricane",
    "typhoon",
    "cyclone",
    "tornado",
    "tsunami",
    "stampede",
    "blaze",
    "wildfire",
    "fire",
    "heatwave",
    "drowning",
    "outbreak",
];

/// What an attack is done with or is, when it is the subject of the killing
/// ("a roadside bombing killed", "a minefield explosion wounded").
const MEANS_OF_ATTACK: &[&str] = &[
    "bomb",
    "bombing",
    "explosion",
    "blast",
    "attack",
    "mine",
    "landmine",
    "grenade",
    "ambush",
    "shooting",
    "gunfire",
    "shell",
    "shelling",
    "rocket",
    "mortar",
    "explosive",
    "device",
];

/// Whether the trigger at `i` says its harm came by accident or nature
/// ("were killed in a helicopter crash", "an earthquake killed 40").
fn by_accident(tree: &Tree, i: usize) -> bool {
    tree.children(i)
        .iter()
        .any(|&c| matches!(tree.urel(c), "obl" | "nsubj") && ACCIDENT_NOUNS.contains(&tree.lemma(c).as_str()))
}

/// Whether verb `i` has an empty subject "it" and a that-clause after it
/// ("it's striking that…", "it is alarming that…").
fn judges_a_clause(tree: &Tree, i: usize) -> bool {
    let children = tree.children(i);
    let it = children
        .iter()
        .any(|&c| tree.rel(c) == "nsubj" && tree.tokens[c].form.eq_ignore_ascii_case("it"));
    it && children.iter().any(|&c| {
        c > i
            && matches!(tree.rel(c), "ccomp" | "csubj")
            && tree
                .children(c)
                .iter()
                .any(|&m| tree.rel(m) == "mark" && tree.lemma(m) == "that")
    })
}

/// Whether the act at `i` names nobody who did it: a passive with no agent
/// ("were killed in Baghdad"), a means of attack as its subject ("a roadside
/// bombing killed"), or an attack noun (its frame found no doer). A verb whose
/// doer is the subject of another ("threatening to kill", "killing 156")
/// names its doer elsewhere.
fn names_no_doer(tree: &Tree, i: usize, nominal: bool) -> bool {
    if nominal {
        return true;
    }
    // "An attempt to assassinate the governor was thwarted": the act of a noun
    // with no one's name on it (no possessor, no "by").
    if tree.urel(i) == "acl" && tree.case_of(i).as_deref() == Some("to") {
        if let Some(noun) = tree.head(i).filter(|&h| tree.tokens[h].upos == "NOUN") {
            return !tree.children(noun).iter().any(|&c| {
                tree.rel(c) == "nmod:poss"
                    || tree.urel(c) == "nmod" && tree.case_of(c).as_deref() == Some("by")
            });
        }
    }
    let children = tree.children(i);
    let passive = children.iter().any(|&c| tree.rel(c) == "nsubj:pass")
        && !children.iter().any(|&c| tree.rel(c) == "obl:agent");
    let by_means = children
        .iter()
        .any(|&c| tree.rel(c) == "nsubj" && MEANS_OF_ATTACK.contains(&tree.lemma(c).as_str()));
    passive || by_means
}

/// Whether a match score ("2-0", "3 – 1": two small numbers joined by a dash,
/// not a range counting the noun after it, "10-15 people") follows word `i`
/// within a few words.
fn has_score_after(tree: &Tree, i: usize) -> bool {
    const DASHES: [char; 3] = ['-', '–', '—'];
    let small = |f: &str| (1..=2).contains(&f.len()) && f.chars().all(|c| c.is_ascii_digit());
    let is_dash = |f: &str| f.chars().count() == 1 && f.starts_with(DASHES);
    let form = |k: usize| tree.tokens.get(k).map_or("", |t| t.form.as_str());
    let counts_noun = |k: usize| {
        tree.tokens
            .get(k)
            .is_some_and(|t| matches!(t.upos.as_str(), "NOUN" | "PROPN"))
    };
    (i + 1..(i + 6).min(tree.len())).any(|k| {
        // One token ("2-0") or three ("2 - 0"); the word after it says whether
        // it is a score or a range counting that word.
        let joined = form(k)
            .split_once(DASHES)
            .is_some_and(|(a, b)| small(a) && small(b));
        let spread = small(form(k)) && is_dash(form(k + 1)) && small(form(k + 2));
        if joined {
            !counts_noun(k + 1)
        } else {
            spread && !counts_noun(k + 3)
        }
    })
}

/// Whether `v` is a verb in a past form (VBD or VBN) attached with one of
/// `rels`: the shape of the participle misreadings the mends repair.
fn is_past_form_as(tree: &Tree, v: usize, rels: &[&str]) -> bool {
    let t = &tree.tokens[v];
    t.upos == "VERB" && matches!(t.xpos.as_str(), "VBN" | "VBD") && rels.contains(&tree.rel(v))
}

/// A noun, name or pronoun, or a word tagged as an adjective that heads a
/// determiner ("*a* top U.S. official", where the tagger read "official" as ADJ).
fn is_nominal_word(tree: &Tree, i: usize) -> bool {
    matches!(tree.tokens[i].upos.as_str(), "NOUN" | "PROPN" | "PRON")
        || tree.tokens[i].upos == "ADJ" && tree.children(i).iter().any(|&c| tree.urel(c) == "det")
}

/// Verbs that take no object and so have no passive: after a noun, their
/// participle form can only be a past tense ("troops *remained* on alert").
const NEVER_PASSIVE: &[&str] = &[
    "remain", "stay", "arrive", "come", "go", "die", "fall", "rise", "appear", "emerge", "happen", "occur",
    "converge", "flee", "resign",
];

/// "Thousands of protesters *rallied* in Yerevan": a past tense read as a
/// participle modifying the noun before it (a reduced relative, `acl`) leaves the
/// sentence with no verb at its head. When the noun heads the clause, has no
/// copula or preposition, the participle has no auxiliary, object or marker, and
/// its verb has no passive (`no_passive`: "protesters *detained* in Yerevan"
/// stays as it is), the verb becomes the clause's head and the noun its subject.
fn mend_reduced_relatives(tree: &Tree, no_passive: impl Fn(&str) -> bool) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let mut mended: Option<Vec<Token>> = None;
    for v in 1..tree.len() {
        let t = &tokens[v];
        if !is_past_form_as(tree, v, &["acl"]) {
            continue;
        }
        let Some(subject) = tree.head(v).filter(|&h| h < v) else {
            continue;
        };
        let heads_clause = matches!(tree.urel(subject), "root" | "ccomp" | "parataxis");
        let plain = !tree
            .children(subject)
            .iter()
            .any(|&c| matches!(tree.urel(c), "case" | "cop" | "mark"));
        let bare = !tree
            .children(v)
            .iter()
            .any(|&c| matches!(tree.urel(c), "aux" | "obj" | "mark" | "nsubj"));
        let no_verb_between = (subject + 1..v).all(|i| !matches!(tokens[i].upos.as_str(), "VERB" | "AUX"));
        if !heads_clause || !plain || !bare || !no_verb_between || !no_passive(&t.lemma) {
            continue;
        }
        let m = mended.get_or_insert_with(|| tokens.to_vec());
        promote_verb(m, tokens, v, subject, "nsubj");
        // What followed the verb but hung on the noun (final punctuation) is the verb's.
        for &c in tree.children(subject).iter().filter(|&&c| c > v) {
            m[c].head = v + 1;
        }
    }
    mended
}

/// Makes the misread verb `v` the head of the clause `noun` headed, in the
/// tense it was misread from, and hangs `noun` under it as `rel`.
fn promote_verb(m: &mut [Token], tokens: &[Token], v: usize, noun: usize, rel: &str) {
    m[v].head = tokens[noun].head;
    m[v].deprel = tokens[noun].deprel.clone();
    m[v].xpos = "VBD".into();
    m[noun].head = v + 1;
    m[noun].deprel = rel.into();
}

/// "Police in Yerevan *detained* protesters", "The ministry on Monday *closed* the
/// border": a past-tense verb right after its subject's noun phrase, tagged as a
/// participle and parsed as an adjective of its object, leaves the clause headed
/// by a noun. When that noun heads the clause (root, or the clause of a verb of
/// saying), is in no prepositional phrase and has no copula, and a bare noun
/// phrase before the verb hangs on it, the verb is made the clause's head, the
/// noun its object and the noun phrase before it its subject. A real participle
/// before its noun ("the *reduced* supplies", "in government *controlled* areas")
/// has a determiner or a preposition there instead.
fn mend_participle_verbs(tree: &Tree) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let mut mended: Option<Vec<Token>> = None;
    for v in 1..tree.len() {
        if !is_past_form_as(tree, v, &["amod"]) {
            continue;
        }
        if !matches!(tokens[v - 1].upos.as_str(), "NOUN" | "PROPN") {
            continue;
        }
        // The head of the noun phrase the verb was put in ("Minister" → "Hashimoto").
        let Some(mut object) = tree.head(v).filter(|&h| h > v) else {
            continue;
        };
        while matches!(tree.rel(object), "compound" | "flat" | "nmod:desc" | "amod") {
            match tree.head(object) {
                Some(h) if h > object => object = h,
                _ => break,
            }
        }
        let heads_clause = matches!(tree.urel(object), "root" | "ccomp" | "parataxis");
        let plain = !tree
            .children(object)
            .iter()
            .any(|&c| matches!(tree.urel(c), "case" | "cop" | "mark"));
        if !heads_clause || !plain {
            continue;
        }
        let before: Vec<usize> = tree.children(object).iter().copied().filter(|&c| c < v).collect();
        let has_case = |c: usize| tree.children(c).iter().any(|&d| tree.urel(d) == "case");
        let Some(subject) = before
            .iter()
            .rev()
            .copied()
            .find(|&c| is_nominal_word(tree, c) && !has_case(c))
        else {
            continue;
        };
        let m = mended.get_or_insert_with(|| tokens.to_vec());
        promote_verb(m, tokens, v, object, "obj");
        for c in before {
            if c == subject {
                m[c].head = v + 1;
                m[c].deprel = "nsubj".into();
            } else if has_case(c) || tokens[c].upos == "PROPN" && c > subject {
                m[c].head = v + 1;
                m[c].deprel = "obl".into();
            } else {
                // Its determiners and adjectives belong to the subject's phrase.
                m[c].head = subject + 1;
            }
        }
        // Whatever else hung on the mis-read head stays with the object.
    }
    mended
}

/// A parse that gives one word two subjects (or two objects) side by side
/// ("*Armenian* Prime Minister Nikol Pashinyan asked", with "Armenian" a second
/// `nsubj`) has cut one noun phrase in two: English has one subject per verb.
/// The first part becomes a modifier of the second (`amod` for an adjective,
/// else `compound`), so the phrase is one actor, not two. Returns the mended
/// tokens, or `None` when the parse needs no mending.
fn mend_split_nominals(tree: &Tree) -> Option<Vec<Token>> {
    let tokens = tree.tokens;
    let mut fixes: Vec<(usize, usize)> = Vec::new();
    for h in 0..tree.len() {
        for rel in ["nsubj", "obj"] {
            let parts: Vec<usize> = tree
                .children(h)
                .iter()
                .copied()
                .filter(|&c| tree.urel(c) == rel)
                .collect();
            for pair in parts.windows(2) {
                let (first, second) = (pair[0], pair[1]);
                let nominal = matches!(tokens[first].upos.as_str(), "PROPN" | "NOUN" | "ADJ");
                if nominal && tree.extent(first).1 + 1 == tree.extent(second).0 {
                    fixes.push((first, second));
                }
            }
        }
    }
    if fixes.is_empty() {
        return None;
    }
    let mut mended = tokens.to_vec();
    for (first, second) in fixes {
        let t = &mut mended[first];
        t.head = second + 1;
        t.deprel = if t.upos == "ADJ" { "amod" } else { "compound" }.into();
    }
    Some(mended)
}

/// A sentence's dependency tree with children lists, 0-based.
pub(crate) struct Tree<'a> {
    pub(crate) tokens: &'a [Token],
    children: Vec<Vec<usize>>,
}

impl<'a> Tree<'a> {
    pub(crate) fn new(tokens: &'a [Token]) -> Tree<'a> {
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if t.head > 0 && t.head <= tokens.len() && t.head - 1 != i {
                children[t.head - 1].push(i);
            }
        }
        Tree { tokens, children }
    }

    fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The head of `i`, 0-based; `None` for the root.
    fn head(&self, i: usize) -> Option<usize> {
        let h = self.tokens[i].head;
        (h > 0 && h <= self.len() && h - 1 != i).then(|| h - 1)
    }

    /// The full relation of `i` to its head (`nsubj:pass`).
    fn rel(&self, i: usize) -> &str {
        &self.tokens[i].deprel
    }

    /// The universal part of the relation (`nsubj`).
    fn urel(&self, i: usize) -> &str {
        self.rel(i).split(':').next().unwrap_or("")
    }

    /// Is `b` in the subtree of `a` (within a few steps)?
    fn governs(&self, a: usize, b: usize) -> bool {
        let mut x = b;
        for _ in 0..5 {
            if x == a {
                return true;
            }
            match self.head(x) {
                Some(h) => x = h,
                None => return false,
            }
        }
        false
    }

    /// The tokens of the clause headed by `head`, sorted: its subtree without
    /// the clauses embedded in it (complements, adverbial and relative clauses).
    fn clause(&self, head: usize) -> Vec<usize> {
        self.subtree_without(head, |c| {
            matches!(
                self.urel(c),
                "ccomp" | "xcomp" | "advcl" | "acl" | "csubj" | "parataxis"
            ) || (self.urel(c) == "conj" && self.tokens[c].upos == "VERB")
        })
    }

    /// The words under `head` (itself included, in order), not descending into
    /// a dependent for which `apart` holds.
    fn subtree_without(&self, head: usize, apart: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut out = vec![head];
        let mut stack = vec![head];
        while let Some(n) = stack.pop() {
            for &c in self.children(n) {
                if !apart(c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// The first and last token of the subtree of `i`.
    fn extent(&self, i: usize) -> (usize, usize) {
        let (mut first, mut last) = (i, i);
        let mut stack = vec![i];
        let mut steps = 0;
        while let Some(n) = stack.pop() {
            steps += 1;
            if steps > self.len() {
                break; // a cycle in a damaged parse
            }
            first = first.min(n);
            last = last.max(n);
            stack.extend_from_slice(self.children(n));
        }
        (first, last)
    }

    fn lemma(&self, i: usize) -> String {
        self.tokens[i].lemma.to_lowercase()
    }

    fn child_with(&self, i: usize, rel: &str) -> Option<usize> {
        self.children_with(i, rel).next()
    }

    /// The children of `i` attached with relation `rel` (subtype included).
    fn children_with<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| self.rel(c) == rel)
    }

    /// Whether clause `i` is introduced by one of `marks` ("*unless* Israel withdraws").
    fn marked_by(&self, i: usize, marks: &[&str]) -> bool {
        self.children(i)
            .iter()
            .any(|&c| self.urel(c) == "mark" && marks.contains(&self.lemma(c).as_str()))
    }

    /// Whether `i` is a `to` clause of aim or purpose ("gathered *to protest*",
    /// "a road *to show* …"), on a verb or a noun.
    fn is_aim(&self, i: usize) -> bool {
        matches!(self.urel(i), "advcl" | "acl") && self.case_of(i).as_deref() == Some("to")
    }

    /// The lowercase case-marker of `i` ("with" in "with Russia").
    fn case_of(&self, i: usize) -> Option<String> {
        let cases: Vec<String> = self
            .children(i)
            .iter()
            .filter(|&&c| matches!(self.urel(c), "case" | "mark"))
            .map(|&c| self.tokens[c].form.to_lowercase())
            .collect();
        cases.last().cloned()
    }

    /// Particles and prepositions that come with a trigger: `compound:prt`
    /// children and the case markers of its oblique and nominal dependents.
    fn particles(&self, i: usize) -> Vec<String> {
        let mut out = Vec::new();
        for &c in self.children(i) {
            match self.urel(c) {
                "compound" if self.rel(c) == "compound:prt" => out.push(self.tokens[c].form.to_lowercase()),
                // Every marker, for a preposition of two words read as two
                // ("forced the agency *out of* the country").
                "obl" | "nmod" | "obj" | "xcomp" | "advcl" | "ccomp" => out.extend(
                    self.children(c)
                        .iter()
                        .filter(|&&m| matches!(self.urel(m), "case" | "mark"))
                        .map(|&m| self.tokens[m].form.to_lowercase()),
                ),
                _ => {}
            }
        }
        out
    }

    /// Lemmas of what a verb acts on: its objects and, in the passive, its
    /// subject ("the ban was lifted"), with their conjuncts, compounds and
    /// of-phrases; a plural also by its regular singular, as the treebank keeps
    /// some plurals as lemmas ("supplies").
    fn objects(&self, i: usize) -> Vec<String> {
        let mut out = Vec::new();
        for &c in self.children(i) {
            if matches!(self.rel(c), "obj" | "nsubj:pass") {
                for k in std::iter::once(c).chain(conjuncts(self, c)) {
                    // "the *ceasefire* agreement", "a team *of inspectors*": the
                    // compound and the of-phrase tell what the object is too.
                    let told = self.children(k).iter().copied().filter(|&d| {
                        self.rel(d) == "compound"
                            || self.urel(d) == "nmod" && self.case_of(d).as_deref() == Some("of")
                    });
                    for w in std::iter::once(k).chain(told) {
                        out.push(self.lemma(w).to_lowercase());
                        if self.tokens[w].xpos == "NNS" {
                            out.extend(regular_singular(&self.tokens[w].form.to_lowercase()));
                        }
                    }
                }
            }
        }
        out
    }

    /// For a noun trigger, the verb that carries it: the verb it is the
    /// object of ("held *talks*", "*launched* an attack"), or a verb of
    /// happening it is the subject of ("talks *began*").
    fn light_verb(&self, i: usize) -> Option<usize> {
        let h = self.head(i)?;
        if self.tokens[h].upos != "VERB" {
            return None;
        }
        let happening = [
            "begin", "start", "resume", "continue", "take", "occur", "happen", "erupt", "break", "end",
            "open", "kill", "hit", "target",
        ];
        // "went *on strike*", "remained *on alert*", "was placed *under arrest*": a
        // state entered or kept.
        let entered = ["go", "remain", "stay", "put", "place", "keep"];
        let state = matches!(self.case_of(i).as_deref(), Some("on" | "under"));
        match self.rel(i) {
            "obj" => Some(h),
            "nsubj" if happening.contains(&self.lemma(h).as_str()) => Some(h),
            "obl" if state && entered.contains(&self.lemma(h).as_str()) => Some(h),
            _ => None,
        }
    }

    /// The tokens of the noun phrase headed by `head`, sorted, as far as
    /// `reach` goes.
    fn phrase(&self, head: usize, reach: Reach) -> Vec<usize> {
        let mut out = vec![head];
        let mut stack = vec![head];
        while let Some(n) = stack.pop() {
            for &c in self.children(n) {
                let keep = match self.rel(c) {
                    "compound" | "flat" | "flat:name" | "amod" | "nmod:desc" | "det" | "nummod" | "case"
                    | "fixed" | "compound:prt" | "det:poss" => true,
                    "appos" => true,
                    "nmod:poss" => reach != Reach::Core,
                    "nmod" | "nmod:of" => {
                        reach == Reach::Wide
                            && matches!(self.case_of(c).as_deref(), Some("of" | "by" | "from" | "for"))
                    }
                    "punct" => {
                        // Inner punctuation only ("U.S.-led" hyphens), not commas closing the phrase.
                        let f = &self.tokens[c].form;
                        f == "-" || f == "'" || f == "’"
                    }
                    // A word glued to its head by a hyphen is part of one word, whatever
                    // the parse called it ("*Vietnamese*-led forces").
                    _ => {
                        c + 2 == n && self.tokens[c + 1].form == "-"
                            || n + 2 == c && self.tokens[n + 1].form == "-"
                    }
                };
                // The case marker of the head itself ("with Russia") is not part of the name.
                let own_case = n == head && self.urel(c) == "case";
                if keep && !own_case {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// How far a noun phrase reaches for the name of its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// The head with its names, titles and modifiers ("arch-enemy *Armenia*").
    Core,
    /// Also its possessor ("*Armenia's* defense ministry").
    Possessor,
    /// Also `of`, `by`, `from` and `for` phrases ("members *of the
    /// association*", "calls *by Belarus*").
    Wide,
}

/// Where the parties of one trigger stand.
struct Frame {
    /// Heads of the actor phrases (conjuncts included).
    actors: Vec<usize>,
    /// The token the frame hangs on (trigger, or light verb of a noun trigger).
    anchor: usize,
    /// The trigger itself.
    trigger: usize,
    /// The subject of the trigger in the passive: the recipient.
    passive_subject: Vec<usize>,
    /// The subject of a verb of saying that governs the trigger.
    speaker: Option<usize>,
}

impl Frame {
    fn find(tree: &Tree, trigger: usize, anchor: usize, nominal: bool) -> Frame {
        let mut actors = Vec::new();
        let mut passive_subject = Vec::new();
        if nominal {
            // "Armenia's request", "the Russian attack". A pronoun owner ("mounted *its*
            // invasion") is the subject of the verb that carries the noun, found below.
            if let Some(p) = tree
                .child_with(trigger, "nmod:poss")
                .filter(|&p| !(anchor != trigger && is_possessive_pronoun(&tree.tokens[p])))
            {
                actors.push(p);
            }
        }
        // "Israel is opposed to the plan": a state, not a passive; its subject acts.
        let stative = !nominal
            && STATIVE_PARTICIPLES.contains(&tree.lemma(anchor).as_str())
            && agent_of(tree, anchor).is_none()
            && tree
                .children(anchor)
                .iter()
                .any(|&c| tree.case_of(c).as_deref() == Some("to"));
        if actors.is_empty() {
            if let Some(s) = subject_of(tree, anchor) {
                // "X was placed under *arrest*": X is what the carried noun is done to.
                if tree.rel(s) == "nsubj:pass" && (!nominal || s != trigger) && !stative {
                    passive_subject.push(s);
                    passive_subject.extend(conjuncts(tree, s));
                    if let Some(agent) = agent_of(tree, anchor) {
                        actors.push(agent);
                        actors.extend(conjuncts(tree, agent));
                    }
                } else if !(nominal && s == trigger) {
                    actors.push(s);
                    actors.extend(conjuncts(tree, s));
                    // A misparse can give a verb two subjects ("X today accused"): keep both,
                    // the coder prefers the one that names an actor.
                    let more = tree
                        .children(anchor)
                        .iter()
                        .copied()
                        .filter(|&c| c != s && tree.rel(c) == "nsubj" && !is_possessor(tree, c));
                    actors.extend(more);
                }
            }
        }
        // "protesters detained (by police)": a past participle after its noun is a
        // passive; the noun is done to, the agent (if named) acts.
        if actors.is_empty() && passive_subject.is_empty() && !nominal && is_passive_participle(tree, anchor)
        {
            if let Some(h) = tree.head(anchor) {
                passive_subject.push(h);
                passive_subject.extend(conjuncts(tree, h));
            }
            if let Some(agent) = agent_of(tree, anchor) {
                actors.push(agent);
                actors.extend(conjuncts(tree, agent));
            }
        }
        // A finite verb always has a subject in English; when the parse gave it
        // none, the nominal right before it is the subject ("…, Pashinyan formally asked").
        if actors.is_empty() && passive_subject.is_empty() && !nominal && subject_of(tree, anchor).is_none() {
            actors.extend(left_subject(tree, anchor).or_else(|| coordinated_subject(tree, anchor)));
        }
        Frame {
            actors,
            anchor,
            trigger,
            passive_subject,
            speaker: speaker_of(tree, anchor),
        }
    }

    /// The heads standing in a recipient slot (conjuncts included).
    fn slot(&self, tree: &Tree, slot: &RecipientSlot) -> Vec<usize> {
        let mut found = Vec::new();
        let mut places: Vec<usize> = if self.anchor == self.trigger {
            vec![self.trigger]
        } else {
            vec![self.trigger, self.anchor]
        };
        // A prepositional recipient may hang on the object ("requested aid *from Russia*").
        if matches!(slot, RecipientSlot::Preposition(_)) {
            let objects: Vec<usize> = places
                .iter()
                .flat_map(|&p| tree.children_with(p, "obj"))
                .flat_map(|o| std::iter::once(o).chain(conjuncts(tree, o)))
                .collect();
            places.extend(objects);
        }
        for &p in &places {
            for &c in tree.children(p) {
                let hit = match slot {
                    // "asked Putin to begin": parsers often call an object of a control verb iobj.
                    RecipientSlot::Object => matches!(tree.rel(c), "obj" | "iobj") && c != self.trigger,
                    RecipientSlot::IndirectObject => tree.rel(c) == "iobj",
                    RecipientSlot::Preposition(prep) => {
                        matches!(tree.urel(c), "obl" | "nmod")
                            && tree.case_of(c).as_deref() == Some(prep.as_str())
                    }
                };
                if hit {
                    found.push(c);
                    found.extend(conjuncts(tree, c));
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        if found.is_empty() && *slot == RecipientSlot::Object {
            found.extend(self.passive_subject.iter().copied());
        }
        found
    }
}

/// "it", "they", "he", "she", "we": pronouns that can stand for an actor.
/// Whether the noun phrase headed by `head` is owned by a pronoun ("its troops").
fn has_possessive_pronoun(tree: &Tree, head: usize) -> bool {
    tree.children(head).iter().any(|&c| {
        tree.rel(c) == "nmod:poss"
            && matches!(
                tree.tokens[c].form.to_lowercase().as_str(),
                "its" | "their" | "his" | "her" | "our"
            )
    })
}

/// A sector-only actor ("peacekeepers") completed with a country.
fn with_country(mut actor: EventActor, country: Option<String>) -> EventActor {
    if let (Some(country), Some(sector)) = (country, actor.sector.clone()) {
        actor.code = Some(format!("{country}{sector}"));
        actor.country = Some(country);
    }
    actor
}

fn is_personal_pronoun(t: &Token) -> bool {
    t.upos == "PRON"
        && matches!(
            t.lemma.to_lowercase().as_str(),
            "it" | "they" | "he" | "she" | "we"
        )
}

/// The agent of a passive verb: `obl:agent`, or an `obl` with "by".
fn agent_of(tree: &Tree, verb: usize) -> Option<usize> {
    tree.children(verb).iter().copied().find(|&c| {
        tree.rel(c) == "obl:agent" || tree.urel(c) == "obl" && tree.case_of(c).as_deref() == Some("by")
    })
}

/// A past participle modifying the noun before it ("protesters *detained* in
/// Yerevan"): a reduced passive relative clause.
fn is_passive_participle(tree: &Tree, verb: usize) -> bool {
    tree.rel(verb) == "acl" && tree.tokens[verb].xpos == "VBN" && tree.head(verb).is_some_and(|h| h < verb)
}

/// Whether `i` is marked as a possessor by a clitic "'s" ("*Baku*'s arch-enemy").
fn is_possessor(tree: &Tree, i: usize) -> bool {
    tree.children(i)
        .iter()
        .any(|&c| tree.urel(c) == "case" && matches!(tree.tokens[c].form.as_str(), "'s" | "’s" | "'" | "’"))
}

/// "its", "their", "his", "her", "our": owners that stand for an actor named elsewhere.
fn is_possessive_pronoun(t: &Token) -> bool {
    t.upos == "PRON"
        && matches!(
            t.form.to_lowercase().as_str(),
            "its" | "their" | "his" | "her" | "our"
        )
}

/// The nominal standing right before a finite verb, skipping adverbs and
/// auxiliaries; `None` when it is inside a prepositional phrase.
fn left_subject(tree: &Tree, verb: usize) -> Option<usize> {
    // A participle with no auxiliary heading its clause is a past tense the
    // tagger misread ("Iranian officials today *accused*…").
    let misread_past = tree.tokens[verb].xpos == "VBN"
        && matches!(tree.urel(verb), "root" | "ccomp" | "parataxis")
        && !tree.children(verb).iter().any(|&c| tree.urel(c) == "aux");
    if !matches!(tree.tokens[verb].xpos.as_str(), "VBD" | "VBZ" | "VBP") && !misread_past {
        return None;
    }
    let mut i = verb;
    while i > 0 {
        i -= 1;
        let t = &tree.tokens[i];
        match t.upos.as_str() {
            "ADV" | "AUX" | "PART" => continue,
            "NOUN" | "PROPN" | "PRON" => {
                let in_pp = tree
                    .children(i)
                    .iter()
                    .any(|&c| tree.urel(c) == "case" && tree.tokens[c].upos == "ADP");
                return (!in_pp).then_some(i);
            }
            _ => return None,
        }
    }
    None
}

/// The subject of a clause opened by a coordinator and given none ("Benin
/// opened its borders, *but was still refusing* entry"), whatever relation the
/// parse hung it by: the subject of the nearest clause before the
/// coordinator that has one. Not for a passive, whose subject is done to.
fn coordinated_subject(tree: &Tree, verb: usize) -> Option<usize> {
    let kids = tree.children(verb);
    let cc = kids.iter().copied().find(|&c| c < verb && tree.urel(c) == "cc")?;
    if kids.iter().any(|&c| tree.rel(c) == "aux:pass") {
        return None;
    }
    (0..cc).rev().find_map(|k| {
        tree.children(k)
            .iter()
            .copied()
            .find(|&c| c < k && tree.rel(c) == "nsubj")
    })
}

/// The conjuncts of `i` ("Armenia and *Azerbaijan*").
fn conjuncts(tree: &Tree, i: usize) -> Vec<usize> {
    tree.children(i)
        .iter()
        .copied()
        .filter(|&c| tree.rel(c) == "conj" && is_nominal(tree, c))
        .collect()
}

fn is_nominal(tree: &Tree, i: usize) -> bool {
    matches!(
        tree.tokens[i].upos.as_str(),
        "NOUN" | "PROPN" | "PRON" | "X" | "NUM" | "ADJ"
    )
}

/// The subject of `verb`: its own, else inherited through `xcomp` (the
/// controller), `conj` (shared subject) or a relative clause (the noun).
fn subject_of(tree: &Tree, verb: usize) -> Option<usize> {
    let mut v = verb;
    for _ in 0..6 {
        // A possessor the parse made a second subject ("Baku's arch-enemy
        // Armenia requested") gives way to the other.
        let subjects = || {
            tree.children(v)
                .iter()
                .copied()
                .filter(|&c| tree.urel(c) == "nsubj")
        };
        if let Some(s) = subjects()
            .find(|&c| !is_possessor(tree, c))
            .or_else(|| subjects().next())
        {
            // "asked Putin to begin": the controller of an xcomp is the object when there is one.
            return Some(s);
        }
        let h = tree.head(v)?;
        match tree.rel(v) {
            "xcomp" => {
                // "asked Putin to begin": the object controls the complement.
                if let Some(o) = tree.child_with(h, "obj").or_else(|| tree.child_with(h, "iobj")) {
                    return Some(o);
                }
                v = h;
            }
            "conj" => v = h,
            "acl" if is_passive_participle(tree, v) => return None,
            // "issued a statement *demanding* …": a document speaks for whoever issued it.
            "acl" if DOCUMENT_NOUNS.contains(&tree.lemma(h).as_str()) && tree.rel(h) == "obj" => {
                v = tree.head(h)?
            }
            "acl:relcl" | "acl" => return Some(h),
            // "accused Armenia of striking": the object controls; otherwise the subject is shared.
            "advcl" => match (tree.case_of(v).as_deref(), tree.child_with(h, "obj")) {
                (Some("of" | "for"), Some(o)) => return Some(o),
                _ => v = h,
            },
            _ => return None,
        }
    }
    None
}

/// The subject of a verb of saying that governs `anchor`: "X said [Y attacked Z]"
/// (ccomp) or "[Y attacked Z], X said" (parataxis), or "according to X".
fn speaker_of(tree: &Tree, anchor: usize) -> Option<usize> {
    for &c in tree.children(anchor) {
        if tree.urel(c) == "parataxis" && SPEECH_VERBS.contains(&tree.lemma(c).as_str()) {
            return subject_of(tree, c);
        }
        let according = |k: usize| tree.tokens[k].form.eq_ignore_ascii_case("according");
        if tree.urel(c) == "obl"
            && tree.case_of(c).as_deref() == Some("to")
            && tree.children(c).iter().any(|&k| according(k))
        {
            return Some(c);
        }
    }
    let mut v = anchor;
    for _ in 0..4 {
        let h = tree.head(v)?;
        match tree.urel(v) {
            "ccomp" if SPEECH_VERBS.contains(&tree.lemma(h).as_str()) => return subject_of(tree, h),
            "conj" => v = h,
            _ => return None,
        }
    }
    None
}

/// Polarity and modality of an event.
#[derive(Debug, Clone, Copy, Default)]
struct Mood {
    negated: bool,
    /// Under "will", "plan to", "promise to"…: an intention.
    intended: bool,
    /// Under "would", "could", "if", or a trigger that governs it
    /// ("accused X of striking", "threatened to attack"): not reported as done.
    conditional: bool,
    /// An intention with an "unless" clause: an ultimatum ("will withdraw unless …").
    ultimatum: bool,
    /// Under a modal ("may halt", "could strike") with an "if" clause of its own:
    /// for a use of force or a sanction, a threat ("may halt mediation if
    /// cooperation founders").
    modal_if: bool,
    /// The object of an attempt made ("tried to storm", "an attempt to
    /// assassinate … was thwarted"): a use of force tried is a use of force.
    attempted: bool,
    /// The purpose of an act reported as done ("gathered *to protest*", "sent
    /// inspectors *to investigate*").
    purpose_of_done: bool,
}

impl Mood {
    fn of(tree: &Tree, anchor: usize, nominal: bool) -> Mood {
        let ultimatum = tree
            .children(anchor)
            .iter()
            .any(|&c| tree.urel(c) == "advcl" && tree.marked_by(c, &["unless"]));
        let on_condition = tree
            .children(anchor)
            .iter()
            .any(|&c| tree.urel(c) == "advcl" && tree.marked_by(c, &["if"]));
        let modal = tree
            .children(anchor)
            .iter()
            .any(|&c| tree.urel(c) == "aux" && MODALS.contains(&tree.lemma(c).as_str()));
        let mut m = Mood {
            ultimatum,
            modal_if: on_condition && modal,
            ..Mood::default()
        };
        // "X said it would allow…": in reported speech "would" is the past of "will".
        let reported = tree
            .head(anchor)
            .is_some_and(|h| tree.urel(anchor) == "ccomp" && SPEECH_VERBS.contains(&tree.lemma(h).as_str()));
        for &c in tree.children(anchor) {
            let l = tree.lemma(c);
            match tree.urel(c) {
                "advmod" if matches!(l.as_str(), "not" | "never" | "n't") => m.negated = true,
                "aux" if l == "will" || l == "shall" || tree.tokens[c].form.eq_ignore_ascii_case("'ll") => {
                    m.intended = true
                }
                "aux" if l == "would" && reported => m.intended = true,
                "aux" if MODALS.contains(&l.as_str()) => m.conditional = true,
                "mark" if matches!(l.as_str(), "if" | "unless" | "whether") => m.conditional = true,
                _ => {}
            }
        }
        if nominal {
            // "no talks"
            m.negated |= tree
                .children(anchor)
                .iter()
                .any(|&c| tree.lemma(c) == "no" && tree.urel(c) == "det");
        }
        // The governor: "plans to attack", "accused X of attacking", "refused to withdraw";
        // a conjunct shares its first conjunct's ("accused X of violating …, *ignoring* …").
        let mut anchor = anchor;
        while tree.urel(anchor) == "conj" {
            match tree.head(anchor) {
                Some(h) if tree.tokens[h].upos == tree.tokens[anchor].upos => anchor = h,
                _ => break,
            }
        }
        if let Some(h) = tree.head(anchor) {
            let rel = tree.urel(anchor);
            if matches!(rel, "xcomp" | "ccomp" | "advcl" | "acl") {
                let gl = tree.lemma(h);
                let mark = tree.case_of(anchor);
                // Complements are embedded acts ("asked X to attack"); adverbial and
                // adnominal clauses only when they say so ("accused X of attacking",
                // "the decision to attack"), not participles ("attacked, killing 12").
                let embedded = match rel {
                    "xcomp" | "ccomp" => true,
                    "advcl" => matches!(mark.as_deref(), Some("of" | "for" | "to")),
                    _ => mark.as_deref() == Some("to"),
                };
                if matches!(gl.as_str(), "attempt" | "try" | "bid")
                    && (rel == "xcomp" || rel == "acl" && mark.as_deref() == Some("to"))
                {
                    let attempt = Mood::of(tree, h, tree.tokens[h].upos == "NOUN");
                    m.attempted = !(attempt.negated || attempt.intended || attempt.conditional);
                }
                if rel == "xcomp" && ASPECTUAL_VERBS.contains(&gl.as_str()) {
                    // Under way: as asserted, intended or conditional as its governor.
                    let governor = Mood::of(tree, h, false);
                    m.intended |= governor.intended;
                    m.conditional |= governor.conditional;
                } else if rel == "xcomp" && INTENT_VERBS.contains(&gl.as_str())
                    || rel == "advcl" && mark.as_deref() == Some("to")
                {
                    m.intended = true;
                    if rel == "advcl" {
                        let done = Mood::of(tree, h, false);
                        m.purpose_of_done = !(done.negated || done.intended || done.conditional);
                    }
                } else if embedded && !SPEECH_VERBS.contains(&gl.as_str()) && tree.tokens[h].upos == "VERB" {
                    m.conditional = true;
                }
                // "a proposal *for signing*", "the plan *to attack*": an act a plan names.
                let planned = rel == "acl"
                    && (mark.as_deref() == Some("for")
                        || mark.as_deref() == Some("to") && PLAN_NOUNS.contains(&gl.as_str()));
                m.conditional |= planned && tree.tokens[h].upos == "NOUN";
                if tree
                    .children(h)
                    .iter()
                    .any(|&c| tree.urel(c) == "advmod" && matches!(tree.lemma(c).as_str(), "not" | "never"))
                {
                    m.negated = true;
                }
                // "… unless the president agrees to step down": the governor is itself a condition.
                m.conditional |= tree.marked_by(h, &["if", "unless", "whether"]);
            }
            if rel == "ccomp" || rel == "xcomp" {
                m.conditional |= tree
                    .children(h)
                    .iter()
                    .any(|&c| tree.urel(c) == "aux" && MODALS.contains(&tree.lemma(c).as_str()));
            }
        }
        m
    }

    /// An intention not to cooperate ("will not allow", "won't accept"): PLOVER
    /// codes every refusal as REJECT.
    fn refuses(&self, event_type: &str) -> bool {
        self.intended && self.negated && !self.conditional && COOPERATIVE.contains(&event_type)
    }

    /// Whether the record says the act did not happen: a refusal is itself an
    /// act that happened.
    fn negates(&self, event_type: &str) -> bool {
        self.negated && !self.refuses(event_type)
    }

    /// The type an event is coded as, and whether it is hypothetical.
    /// Intentions to cooperate are AGREE and intentions to use force THREATEN
    /// (PLOVER's reading); other intended or conditional acts keep their type
    /// and are marked hypothetical.
    fn reading<'t>(&self, event_type: &'t str) -> (&'t str, bool) {
        // "will withdraw its force unless X holds elections": a threat, whatever the act.
        if self.intended && self.ultimatum && !self.negated && !self.conditional {
            return ("THREATEN", false);
        }
        // "tried to storm the building": force tried was used.
        if self.attempted && !self.negated && FORCEFUL.contains(&event_type) {
            return (event_type, false);
        }
        // "may halt mediation if cooperation founders": a use of force or a
        // sanction held out on a condition is a threat.
        if self.modal_if && !self.negated && FORCEFUL.contains(&event_type) {
            return ("THREATEN", false);
        }
        if self.conditional {
            return (event_type, true);
        }
        // A protest, demand or inquiry is made by the very act done for it
        // ("thousands gathered to protest"); other purposes are still to come.
        if self.purpose_of_done && !self.negated && EXPRESSIVE.contains(&event_type) {
            return (event_type, false);
        }
        // "will not accept more refugees": a stated refusal to cooperate is a
        // rejection, asserted (see `negated`).
        if self.refuses(event_type) {
            return ("REJECT", false);
        }
        if self.intended && !self.negated {
            if COOPERATIVE.contains(&event_type) {
                return ("AGREE", false);
            }
            if FORCEFUL.contains(&event_type) {
                return ("THREATEN", false);
            }
            return (event_type, true);
        }
        (event_type, false)
    }
}
