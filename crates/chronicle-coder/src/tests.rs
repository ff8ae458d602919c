//! Coding tests: hand-parsed sentences (so they test the coder, not the
//! parser) with a small dictionary, each with the events it must give.

use chronicle_model::{EventRecord, Sentence, Token};

use crate::{ArticleContext, Coder, Dictionaries};

fn coder() -> Coder {
    let mut d = Dictionaries::default();
    d.add_file(
        "countries.txt",
        "countries",
        "RUS | Russia | Russian; Russians | Moscow\nUKR | Ukraine | Ukrainian | Kyiv\nARM | Armenia | Armenian | Yerevan\n\
         AZE | Azerbaijan | Azerbaijani | Baku\nIRN | Iran | Iranian | Tehran\nISR | Israel | Israeli | \nTUR | Turkey | Turkish | Ankara\n",
    )
    .unwrap();
    d.add_file("organizations.txt", "orgs", "PSEREB | Hamas\n")
        .unwrap();
    d.add_file(
        "roles.txt",
        "roles",
        "MIL | troops; army\nGOV | officials; minister; foreign minister\nCVL | civilians\n",
    )
    .unwrap();
    d.add_file(
        "verbs.txt",
        "verbs",
        "attack | ASSAULT | | 190 | obj\nkill | ASSAULT | | 190 | obj\nshell | ASSAULT | heavy-weapons | 195 | obj\nstrike | ASSAULT | | 190 | obj\n\
         threaten | THREATEN | | 138 | obj\naccuse | ACCUSE | | 112 | obj\nsign | AGREE | | 057 | with\nagree | AGREE | | 030 | with\n\
         ask | REQUEST | | 020 | obj\ndemand | REQUEST | | 100 | obj\nvisit | CONSULT | visit | 042 | obj\nn:talks | CONSULT | | 040 | with\n",
    )
    .unwrap();
    Coder::new(&d)
}

/// The test coder, placing events with the embedded gazetteer.
fn coder_with_places() -> Coder {
    coder().with_gazetteer(chronicle_geo::Gazetteer::embedded().unwrap())
}

/// A countries file with Armenia and Russia, for tests that need only those two.
const ARMENIA_RUSSIA: &str = "ARM | Armenia | Armenian | Yerevan\nRUS | Russia | Russian | Moscow\n";

/// A fresh article published on Sunday 2020-11-01.
fn article_context() -> ArticleContext {
    ArticleContext {
        article_id: "t".into(),
        date: Some("2020-11-01".into()),
        ..Default::default()
    }
}

/// A sentence from lines of `form lemma UPOS head deprel`.
fn parsed(rows: &str) -> Sentence {
    let mut text = String::new();
    let mut tokens = Vec::new();
    for row in rows.lines().map(str::trim).filter(|r| !r.is_empty()) {
        let f: Vec<&str> = row.split_whitespace().collect();
        if !text.is_empty() && !matches!(f[0], "." | "," | "'s") {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(f[0]);
        tokens.push(Token {
            form: f[0].into(),
            span: (start, start + f[0].chars().count()),
            lemma: f[1].into(),
            upos: f[2].into(),
            xpos: String::new(),
            head: f[3].parse().unwrap(),
            deprel: f[4].into(),
        });
    }
    Sentence {
        span: (0, text.chars().count()),
        text,
        tokens,
    }
}

fn code(rows: &str) -> Vec<EventRecord> {
    let mut ctx = article_context();
    coder().code_sentence(&mut ctx, 0, &parsed(rows))
}

fn summary(e: &EventRecord) -> String {
    let c = |a: &Option<chronicle_model::EventActor>| {
        a.as_ref().and_then(|a| a.code.clone()).unwrap_or("-".into())
    };
    format!(
        "{} {}>{}{}{}",
        e.event_type,
        c(&e.actor),
        c(&e.recipient),
        if e.negated { " neg" } else { "" },
        if e.hypothetical { " hyp" } else { "" }
    )
}

fn summaries(rows: &str) -> Vec<String> {
    code(rows).iter().map(summary).collect()
}

/// A coder over a few dictionary files given as `(file name, content)`.
fn coder_of(files: &[(&str, &str)]) -> Coder {
    let mut d = Dictionaries::default();
    for (name, content) in files {
        d.add_file(name, name, content).unwrap();
    }
    Coder::new(&d)
}

/// The summaries of the events `coder` finds in a parsed sentence.
fn summaries_by(coder: &Coder, rows: &str) -> Vec<String> {
    let events = coder.code_sentence(&mut article_context(), 0, &parsed(rows));
    events.iter().map(summary).collect()
}

#[test]
fn a_subject_cut_in_two_by_the_parse_is_one_actor() {
    // The parser made "Armenian" a second subject of "asked".
    let e = code(
        "Armenian Armenian PROPN 4 nsubj
         Foreign foreign ADJ 3 amod
         Minister minister PROPN 4 nsubj
         asked ask VERB 0 root
         Russia Russia PROPN 4 obj
         for for ADP 7 case
         help help NOUN 4 obl
         . . PUNCT 4 punct",
    );
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["REQUEST ARMGOV>RUS"]);
    assert_eq!(e[0].actor.as_ref().unwrap().text, "Armenian Foreign Minister");
    // Two subjects apart are left alone.
    let e = code(
        "Armenia Armenia PROPN 4 nsubj
         , , PUNCT 4 punct
         Azerbaijan Azerbaijan PROPN 4 nsubj
         accused accuse VERB 0 root
         Russia Russia PROPN 4 obj",
    );
    assert_eq!(e.len(), 2, "{:?}", e.iter().map(summary).collect::<Vec<_>>());
}

#[test]
fn its_troops_in_reported_speech_belong_to_the_speaker() {
    let e = code(
        "Russia Russia PROPN 2 nsubj
         said say VERB 0 root
         its its PRON 4 nmod:poss
         troops troop NOUN 5 nsubj
         attacked attack VERB 2 ccomp
         Ukraine Ukraine PROPN 5 obj
         . . PUNCT 2 punct",
    );
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["ASSAULT RUSMIL>UKR"]);
    assert_eq!(e[0].actor.as_ref().unwrap().text, "troops");
}

#[test]
fn every_country_of_an_of_list_is_an_actor() {
    let e = code(
        "The the DET 2 det
         ministers minister NOUN 8 nsubj
         of of ADP 4 case
         Russia Russia PROPN 2 nmod
         and and CCONJ 6 cc
         Turkey Turkey PROPN 4 conj
         . . PUNCT 8 punct
         accused accuse VERB 0 root
         Armenia Armenia PROPN 8 obj",
    );
    assert_eq!(
        e.iter().map(summary).collect::<Vec<_>>(),
        ["ACCUSE RUSGOV>ARM", "ACCUSE TURGOV>ARM"]
    );
}

#[test]
fn subject_verb_object() {
    let e = code(
        "Russian Russian ADJ 2 amod
         troops troop NOUN 3 nsubj
         shelled shell VERB 0 root
         Ukraine Ukraine PROPN 3 obj
         . . PUNCT 3 punct",
    );
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["ASSAULT RUSMIL>UKR"]);
    let e = &e[0];
    assert_eq!(e.mode.as_deref(), Some("heavy-weapons"));
    assert_eq!((e.cameo.as_deref(), e.quad_class), (Some("195"), Some(4)));
    assert_eq!(e.trigger.text, "shelled");
    assert_eq!(&e.sentence[e.trigger.span.0..e.trigger.span.1], "shelled");
    let actor = e.actor.as_ref().unwrap();
    assert_eq!((actor.text.as_str(), actor.span), ("Russian troops", (0, 14)));
}

#[test]
fn negation_is_marked_never_a_plain_assault() {
    assert_eq!(
        summaries(
            "Armenia Armenia PROPN 4 nsubj
             did do AUX 4 aux
             not not PART 4 advmod
             attack attack VERB 0 root
             Azerbaijan Azerbaijan PROPN 4 obj"
        ),
        ["ASSAULT ARM>AZE neg"]
    );
}

#[test]
fn threats_code_threaten_and_the_threatened_act_as_hypothetical() {
    assert_eq!(
        summaries(
            "Iran Iran PROPN 2 nsubj
             threatened threaten VERB 0 root
             to to PART 4 mark
             attack attack VERB 2 xcomp
             Israel Israel PROPN 4 obj"
        ),
        ["THREATEN IRN>ISR", "ASSAULT IRN>ISR hyp"]
    );
}

#[test]
fn accusation_with_an_embedded_act() {
    assert_eq!(
        summaries(
            "Azerbaijan Azerbaijan PROPN 2 nsubj
             accused accuse VERB 0 root
             Armenia Armenia PROPN 2 obj
             of of SCONJ 5 mark
             striking strike VERB 2 advcl
             civilians civilian NOUN 5 obj"
        ),
        ["ACCUSE AZE>ARM", "ASSAULT ARM>- hyp"]
    );
}

#[test]
fn reported_speech_names_the_speaker() {
    let e = code(
        "Officials official NOUN 2 nsubj
         said say VERB 0 root
         Turkey Turkey PROPN 4 nsubj
         attacked attack VERB 2 ccomp
         Armenia Armenia PROPN 4 obj",
    );
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["ASSAULT TUR>ARM"]);
    assert_eq!(e[0].reported_by.as_ref().unwrap().text, "Officials");
}

#[test]
fn conjoined_actors_give_one_event_each_and_passive_agents_act() {
    assert_eq!(
        summaries(
            "Armenia Armenia PROPN 4 nsubj
             and and CCONJ 3 cc
             Azerbaijan Azerbaijan PROPN 1 conj
             attacked attack VERB 0 root
             Iran Iran PROPN 4 obj"
        ),
        ["ASSAULT ARM>IRN", "ASSAULT AZE>IRN"]
    );
    assert_eq!(
        summaries(
            "Israel Israel PROPN 3 nsubj:pass
             was be AUX 3 aux:pass
             attacked attack VERB 0 root
             by by ADP 5 case
             Hamas Hamas PROPN 3 obl:agent"
        ),
        ["ASSAULT PSEREB>ISR"]
    );
}

#[test]
fn intentions_to_cooperate_are_agree_and_noun_triggers_take_light_verbs() {
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 3 nsubj
             will will AUX 3 aux
             visit visit VERB 0 root
             Azerbaijan Azerbaijan PROPN 3 obj"
        ),
        ["AGREE TUR>AZE"]
    );
    assert_eq!(
        summaries(
            "Russia Russia PROPN 2 nsubj
             held hold VERB 0 root
             talks talk NOUN 2 obj
             with with ADP 5 case
             Iran Iran PROPN 3 nmod"
        ),
        ["CONSULT RUS>IRN"]
    );
}

#[test]
fn a_noun_trigger_under_a_verb_trigger_is_not_a_second_event() {
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 2 nsubj
             accused accuse VERB 0 root
             Russia Russia PROPN 2 obj
             of of ADP 5 case
             talks talk NOUN 2 obl"
        ),
        ["ACCUSE TUR>RUS"]
    );
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 2 nsubj
             signed sign VERB 0 root
             talks talk NOUN 2 obj"
        ),
        ["AGREE TUR>-"]
    );
}

#[test]
fn demands_reach_the_subject_of_their_clause_and_owners_of_the_object() {
    assert_eq!(
        summaries(
            "Russia Russia PROPN 2 nsubj
             demanded demand VERB 0 root
             that that SCONJ 5 mark
             Turkey Turkey PROPN 5 nsubj
             leave leave VERB 2 ccomp"
        ),
        ["REQUEST RUS>TUR"]
    );
    assert_eq!(
        summaries(
            "Iran Iran PROPN 2 nsubj
             accused accuse VERB 0 root
             calls call NOUN 2 obj
             by by ADP 5 case
             Israel Israel PROPN 3 nmod"
        ),
        ["ACCUSE IRN>ISR"]
    );
}

#[test]
fn said_must_is_a_demand_and_said_would_an_intention() {
    assert_eq!(
        summaries(
            "Russia Russia PROPN 2 nsubj
             said say VERB 0 root
             Turkey Turkey PROPN 5 nsubj
             must must AUX 5 aux
             leave leave VERB 2 ccomp"
        ),
        ["REQUEST RUS>TUR"]
    );
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 2 nsubj
             said say VERB 0 root
             it it PRON 5 nsubj
             would would AUX 5 aux
             visit visit VERB 2 ccomp
             Iran Iran PROPN 5 obj"
        ),
        ["AGREE TUR>IRN"]
    );
}

#[test]
fn sentences_without_a_known_party_or_trigger_give_nothing() {
    assert!(summaries(
        "Fighting fighting NOUN 2 nsubj
         continued continue VERB 0 root"
    )
    .is_empty());
    assert!(summaries(
        "The the DET 2 det
         weather weather NOUN 3 nsubj
         attacked attack VERB 0 root
         us we PRON 3 obj"
    )
    .is_empty());
}

#[test]
fn a_request_with_a_control_verb() {
    assert_eq!(
        summaries(
            "Armenia Armenia PROPN 2 nsubj
             asked ask VERB 0 root
             Russia Russia PROPN 2 obj
             to to PART 5 mark
             attack attack VERB 2 xcomp
             Azerbaijan Azerbaijan PROPN 5 obj"
        ),
        ["REQUEST ARM>RUS", "ASSAULT RUS>AZE hyp"]
    );
}

#[test]
fn event_dates_come_from_the_clause_then_the_publication() {
    let e = code(
        "On on ADP 2 case
         Saturday Saturday PROPN 5 obl
         , , PUNCT 2 punct
         Armenia Armenia PROPN 5 nsubj
         asked ask VERB 0 root
         Russia Russia PROPN 5 obj",
    );
    assert_eq!(e[0].date.as_deref(), Some("2020-10-31"));
    assert_eq!(e[0].date_text.as_deref(), Some("On Saturday"));
    assert_eq!(e[0].date_source.as_deref(), Some("text"));
    // The date of the saying stands for the reported act; a bare event takes the publication date.
    let e = code(
        "Officials official NOUN 2 nsubj
         said say VERB 0 root
         yesterday yesterday NOUN 2 obl:tmod
         Turkey Turkey PROPN 5 nsubj
         attacked attack VERB 2 ccomp
         Armenia Armenia PROPN 5 obj",
    );
    assert_eq!(e[0].date.as_deref(), Some("2020-10-31"));
    let e = code(
        "Turkey Turkey PROPN 2 nsubj
         attacked attack VERB 0 root
         Armenia Armenia PROPN 2 obj",
    );
    assert_eq!(
        (e[0].date.as_deref(), e[0].date_source.as_deref()),
        (Some("2020-11-01"), Some("publication"))
    );
    assert_eq!(e[0].date_text, None);
}

#[test]
fn casualty_counts_attach_to_their_event_and_tolls_are_cumulative() {
    let e = code(
        "Russian Russian ADJ 2 amod
         troops troop NOUN 3 nsubj
         attacked attack VERB 0 root
         Ukraine Ukraine PROPN 3 obj
         , , PUNCT 6 punct
         killing kill VERB 3 advcl
         at at ADV 8 advmod
         least least ADV 7 fixed
         12 12 NUM 10 nummod
         civilians civilian NOUN 6 obj",
    );
    let attack = e.iter().find(|e| e.trigger.text == "attacked").unwrap();
    assert_eq!(
        (attack.fatalities, attack.fatalities_qualifier.as_deref()),
        (Some(12), Some("at_least"))
    );
    assert!(!attack.casualties_cumulative);
    // A toll with no named party is still recorded, as cumulative.
    let e = code(
        "More more ADJ 3 advmod
         than than ADP 1 fixed
         1,200 1,200 NUM 4 nummod
         people person NOUN 7 nsubj:pass
         have have AUX 7 aux
         been be AUX 7 aux:pass
         killed kill VERB 0 root
         in in ADP 9 case
         fighting fighting NOUN 7 obl",
    );
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].fatalities, e[0].casualties_cumulative), (Some(1200), true));
    assert!(e[0].actor.is_none() && e[0].recipient.is_none());
}

#[test]
fn participle_clauses_are_facts_purpose_clauses_intentions() {
    let e = summaries(
        "Russian Russian ADJ 2 amod
         troops troop NOUN 3 nsubj
         attacked attack VERB 0 root
         Ukraine Ukraine PROPN 3 obj
         , , PUNCT 6 punct
         shelling shell VERB 3 advcl
         Kyiv Kyiv PROPN 6 obj",
    );
    // Kyiv shelled is the city, of Ukraine, not its government.
    assert_eq!(e, ["ASSAULT RUSMIL>UKR", "ASSAULT RUSMIL>UKR"]);
}

#[test]
fn places_come_from_the_event_clause_with_their_precision() {
    let coder = coder_with_places();
    let mut ctx = article_context();
    let s = parsed(
        "Armenia Armenia PROPN 2 nsubj
         shelled shell VERB 0 root
         positions position NOUN 2 obj
         in in ADP 6 case
         the the DET 6 det
         town town NOUN 2 obl
         of of ADP 8 case
         Shusha Shusha PROPN 6 nmod",
    );
    let e = coder.code_sentence(&mut ctx, 0, &s);
    let place = e[0].location.as_ref().expect("a location");
    assert_eq!(
        (
            place.name.as_str(),
            place.country.as_deref(),
            place.precision.as_str()
        ),
        ("Shusha", Some("AZE"), "city")
    );
    assert_eq!(place.text, "Shusha");
    // A country named as the place is country precision, never a city's point.
    let s = parsed(
        "Turkey Turkey PROPN 2 nsubj
         attacked attack VERB 0 root
         Kurds Kurd PROPN 2 obj
         in in ADP 5 case
         Syria Syria PROPN 2 obl",
    );
    let e = coder.code_sentence(&mut ctx, 1, &s);
    assert_eq!(e[0].location.as_ref().unwrap().precision, "country");
    // No place in the clause: null, not the capital.
    let s = parsed(
        "Turkey Turkey PROPN 2 nsubj
         attacked attack VERB 0 root
         Armenia Armenia PROPN 2 obj",
    );
    assert!(coder.code_sentence(&mut ctx, 2, &s)[0].location.is_none());
}

#[test]
fn a_finite_verb_left_without_subject_by_the_parse_takes_the_nominal_before_it() {
    // The parser hung the name on "Saturday"; the verb still has its subject.
    let mut s = parsed(
        "On on ADP 2 case
         Saturday Saturday PROPN 5 obl
         Armenia Armenia PROPN 2 nmod:unmarked
         formally formally ADV 5 advmod
         asked ask VERB 0 root
         Russia Russia PROPN 5 obj",
    );
    s.tokens[4].xpos = "VBD".into();
    let mut ctx = article_context();
    let e = coder().code_sentence(&mut ctx, 0, &s);
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["REQUEST ARM>RUS"]);
    // Not through a preposition: "In Armenia, asked …" has no subject.
    let mut s = parsed(
        "In in ADP 2 case
         Armenia Armenia PROPN 3 obl
         asked ask VERB 0 root
         Russia Russia PROPN 3 obj",
    );
    s.tokens[2].xpos = "VBD".into();
    let e = coder().code_sentence(&mut ctx, 1, &s);
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["REQUEST ->RUS"]);
}

#[test]
fn recipients_of_a_fitting_preposition_and_countries_from_the_place() {
    assert_eq!(
        summaries(
            "Israel Israel PROPN 2 nsubj
             agreed agree VERB 0 root
             to to ADP 5 case
             Russian Russian ADJ 5 amod
             mediation mediation NOUN 2 obl"
        ),
        ["AGREE ISR>RUS"]
    );
    let coder = coder_with_places();
    let mut ctx = article_context();
    let s = parsed(
        "Troops troop NOUN 2 nsubj
         attacked attack VERB 0 root
         civilians civilian NOUN 2 obj
         in in ADP 5 case
         Shusha Shusha PROPN 2 obl",
    );
    let e = coder.code_sentence(&mut ctx, 0, &s);
    assert_eq!(
        e.iter().map(summary).collect::<Vec<_>>(),
        ["ASSAULT AZEMIL>AZECVL"]
    );
}

#[test]
fn a_country_level_place_is_refined_by_the_next_sentence_in_the_same_voice() {
    let coder = coder_with_places();
    let lede = parsed(
        "Turkey Turkey PROPN 2 nsubj
         visited visit VERB 0 root
         Azerbaijan Azerbaijan PROPN 2 obj
         in in ADP 5 case
         Azerbaijan Azerbaijan PROPN 2 obl",
    );
    let quote = parsed(
        "Turkey Turkey PROPN 2 nsubj
         said say VERB 0 root
         it it PRON 5 nsubj
         is be AUX 5 cop
         in in ADP 6 case
         Baku Baku PROPN 2 ccomp",
    );
    let other = parsed(
        "Armenia Armenia PROPN 2 nsubj
         said say VERB 0 root
         it it PRON 5 nsubj
         is be AUX 5 cop
         in in ADP 6 case
         Baku Baku PROPN 2 ccomp",
    );
    let e = coder.code_article("a", Some("2020-11-01"), &[lede.clone(), quote]);
    assert_eq!(e[0].location.as_ref().unwrap().name, "Baku");
    // Another actor's voice does not move the event.
    let e = coder.code_article("a", Some("2020-11-01"), &[lede, other]);
    assert_eq!(e[0].location.as_ref().unwrap().precision, "country");
}

#[test]
fn an_intention_with_unless_is_an_ultimatum() {
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 3 nsubj
             will will AUX 3 aux
             visit visit VERB 0 root
             Armenia Armenia PROPN 3 obj
             unless unless SCONJ 7 mark
             Russia Russia PROPN 7 nsubj
             leaves leave VERB 3 advcl"
        ),
        ["THREATEN TUR>ARM"]
    );
}

#[test]
fn force_held_out_under_a_modal_on_a_condition_is_a_threat() {
    // "Russia may attack Armenia if Turkey intervenes."
    let rows = "Russia Russia PROPN 3 nsubj
         may may AUX 3 aux
         attack attack VERB 0 root
         Armenia Armenia PROPN 3 obj
         if if SCONJ 7 mark
         Turkey Turkey PROPN 7 nsubj
         intervenes intervene VERB 3 advcl";
    assert_eq!(summaries(rows), ["THREATEN RUS>ARM"]);
    // Without the condition it is only a possibility.
    let maybe = "Russia Russia PROPN 3 nsubj
         may may AUX 3 aux
         attack attack VERB 0 root
         Armenia Armenia PROPN 3 obj";
    assert_eq!(summaries(maybe), ["ASSAULT RUS>ARM hyp"]);
    // A cooperative act on a condition is no threat: "Russia may visit Armenia if…".
    let visit = rows.replace("attack attack", "visit visit");
    assert_eq!(summaries(&visit), ["CONSULT RUS>ARM hyp"]);
}

#[test]
fn force_tried_is_force_used() {
    // "Russia tried to attack Armenia."
    let tried = "Russia Russia PROPN 2 nsubj
         tried try VERB 0 root
         to to PART 4 mark
         attack attack VERB 2 xcomp
         Armenia Armenia PROPN 4 obj";
    assert_eq!(summaries(tried), ["ASSAULT RUS>ARM"]);
    // "Russia did not try to attack Armenia": no attack said to be made.
    let not_tried = "Russia Russia PROPN 4 nsubj
         did do AUX 4 aux
         not not PART 4 advmod
         try try VERB 0 root
         to to PART 6 mark
         attack attack VERB 4 xcomp
         Armenia Armenia PROPN 6 obj";
    assert!(summaries(not_tried)
        .iter()
        .all(|s| s.ends_with("hyp") || s.contains("neg")));
    // "An attempt to kill Armenian officials was thwarted in Gyumri": nobody named
    // tried it, so armed men of the place did.
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        (
            "roles.txt",
            "GOV | officials
",
        ),
        (
            "verbs.txt",
            "kill | ASSAULT | | 190 | obj
",
        ),
    ])
    .with_gazetteer(chronicle_geo::Gazetteer::embedded().unwrap());
    let attempt = "An a DET 2 det
         attempt attempt NOUN 8 nsubj:pass
         to to PART 4 mark
         kill kill VERB 2 acl
         Armenian Armenian ADJ 6 amod
         officials official NOUN 4 obj
         was be AUX 8 aux:pass
         thwarted thwart VERB 0 root
         in in ADP 10 case
         Gyumri Gyumri PROPN 8 obl";
    assert_eq!(summaries_by(&coder, attempt), ["ASSAULT ARMUAF>ARMGOV"]);
}

#[test]
fn governments_abroad_do_not_take_the_country_of_the_place() {
    let coder = coder_with_places();
    let mut ctx = article_context();
    let s = parsed(
        "Ministers minister NOUN 2 nsubj
         visited visit VERB 0 root
         Armenia Armenia PROPN 2 obj
         in in ADP 5 case
         Shusha Shusha PROPN 2 obl",
    );
    let e = coder.code_sentence(&mut ctx, 0, &s);
    assert_eq!(e.iter().map(summary).collect::<Vec<_>>(), ["CONSULT ->ARM"]);
    assert_eq!(e[0].actor.as_ref().unwrap().sector.as_deref(), Some("GOV"));
}

#[test]
fn a_recipient_named_inside_what_the_act_is_done_to() {
    // The object's own phrase: where the targets are.
    assert_eq!(
        summaries(
            "Russia Russia PROPN 2 nsubj
             struck strike VERB 0 root
             targets target NOUN 2 obj
             in in ADP 5 case
             Ukraine Ukraine PROPN 3 nmod"
        ),
        ["ASSAULT RUS>UKR"]
    );
    // The trigger's own prepositional phrase.
    assert_eq!(
        summaries(
            "Iran Iran PROPN 2 nsubj
             demanded demand VERB 0 root
             compensation compensation NOUN 2 obj
             from from ADP 5 case
             Israel Israel PROPN 2 obl"
        ),
        ["REQUEST IRN>ISR"]
    );
    // Where a cooperative act takes place is no party to it.
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 2 nsubj
             signed sign VERB 0 root
             a a DET 4 det
             deal deal NOUN 2 obj
             in in ADP 6 case
             Moscow Moscow PROPN 2 obl"
        ),
        ["AGREE TUR>-"]
    );
}

#[test]
fn a_verb_whose_lemma_lost_its_final_e_is_still_a_trigger() {
    // "rescued" → "rescu" by a suffix rule; the dictionary says "rescue".
    let coder = coder_of(&[
        (
            "countries.txt",
            "RUS | Russia | Russian | Moscow\nUKR | Ukraine | Ukrainian | Kyiv\n",
        ),
        ("verbs.txt", "rescue | AID | | 070 | obj\n"),
    ]);
    let rows = "Russia Russia PROPN 2 nsubj
                rescued rescu VERB 0 root
                Ukraine Ukraine PROPN 2 obj";
    assert_eq!(summaries_by(&coder, rows), ["AID RUS>UKR"]);
}

/// `parsed`, with the Penn tag of token `i` (0-based) set.
fn parsed_with_xpos(rows: &str, i: usize, xpos: &str) -> Sentence {
    let mut s = parsed(rows);
    s.tokens[i].xpos = xpos.into();
    s
}

/// The events of a sentence whose token `i` the tagger read as `VBN`.
fn code_participle(rows: &str, i: usize) -> Vec<EventRecord> {
    coder().code_sentence(&mut article_context(), 0, &parsed_with_xpos(rows, i, "VBN"))
}

#[test]
fn a_past_tense_verb_misread_as_a_participle_is_mended_into_the_clause_head() {
    // The parse made "shelled" an adjective of "villages" and "villages" the root.
    let events = code_participle(
        "Armenian Armenian ADJ 2 amod
         troops troops NOUN 7 compound
         on on ADP 4 case
         Sunday Sunday PROPN 2 nmod
         shelled shell VERB 7 amod
         Azerbaijani Azerbaijani ADJ 7 amod
         villages village NOUN 0 root",
        4,
    );
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ASSAULT ARMMIL>AZE"]
    );
    assert_eq!(events[0].trigger.text, "shelled");
    assert_eq!(events[0].actor.as_ref().unwrap().text, "Armenian troops");

    // A real participle has its determiner before it: nothing to mend.
    let events = code_participle(
        "Turkey Turkey PROPN 2 nsubj
         visited visit VERB 0 root
         the the DET 5 det
         shelled shell VERB 5 amod
         villages village NOUN 2 obj",
        3,
    );
    assert_eq!(events.iter().map(summary).collect::<Vec<_>>(), ["CONSULT TUR>-"]);
}

#[test]
fn a_root_participle_without_auxiliary_takes_the_nominal_before_it_as_subject() {
    // "Iranian officials today accused Israel", with "accused" read as VBN and the
    // subject phrase hung on "today".
    let events = code_participle(
        "Iranian Iranian ADJ 3 amod
         officials official NOUN 3 compound
         today today NOUN 4 obl:unmarked
         accused accuse VERB 0 root
         Israel Israel PROPN 4 obj",
        3,
    );
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ACCUSE IRNGOV>ISR"]
    );
}

#[test]
fn a_pronoun_owning_a_noun_trigger_defers_to_the_subject_of_its_verb() {
    assert_eq!(
        summaries(
            "Armenia Armenia PROPN 2 nsubj
             resumed resume VERB 0 root
             its its PRON 4 nmod:poss
             talks talks NOUN 2 obj
             with with ADP 6 case
             Azerbaijan Azerbaijan PROPN 4 nmod"
        ),
        ["CONSULT ARM>AZE"]
    );
}

#[test]
fn a_capital_that_is_only_the_place_of_the_act_is_its_country_not_its_government() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "CVL | civilians\n"),
        ("verbs.txt", "rally | PROTEST | demo | 141 | against\n"),
    ]);
    let rows = "Armenian Armenian ADJ 2 amod
                civilians civilian NOUN 3 nsubj
                rallied rally VERB 0 root
                in in ADP 5 case
                Yerevan Yerevan PROPN 3 obl";
    assert_eq!(summaries_by(&coder, rows), ["PROTEST ARMCVL>ARM"]);
}

#[test]
fn a_recipient_named_inside_the_object_of_the_governed_act() {
    assert_eq!(
        summaries(
            "Turkey Turkey PROPN 2 nsubj
             threatened threaten VERB 0 root
             to to PART 4 mark
             launch launch VERB 2 xcomp
             an a DET 6 det
             offensive offensive NOUN 4 obj
             against against ADP 8 case
             Armenia Armenia PROPN 6 nmod"
        ),
        ["THREATEN TUR>ARM"]
    );
}

#[test]
fn a_reduced_relative_of_a_verb_without_object_is_mended_into_the_main_verb() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "CVL | protesters\n"),
        (
            "verbs.txt",
            "rally | PROTEST | demo | 141 | against\ndetain | COERCE | arrest | 173 | obj\n",
        ),
    ])
    .with_gazetteer(chronicle_geo::Gazetteer::embedded().unwrap());
    let code = |rows: &str, verb: usize| {
        let s = parsed_with_xpos(rows, verb, "VBN");
        let events = coder.code_sentence(&mut article_context(), 0, &s);
        events.iter().map(summary).collect::<Vec<_>>()
    };
    // "rallied" takes no object: a past tense; the protesters are in Armenia.
    assert_eq!(
        code(
            "Thousands thousand NOUN 0 root
             of of ADP 3 case
             protesters protester NOUN 1 nmod
             rallied rally VERB 1 acl
             in in ADP 6 case
             Yerevan Yerevan PROPN 4 obl",
            3
        ),
        ["PROTEST ARMCVL>ARM"]
    );
    // "detained" takes one: without it, a passive, and the protesters are no actor.
    let passive = code(
        "Dozens dozen NOUN 0 root
         of of ADP 3 case
         protesters protester NOUN 1 nmod
         detained detain VERB 1 acl
         in in ADP 6 case
         Yerevan Yerevan PROPN 4 obl",
        3,
    );
    assert!(passive.iter().all(|e| !e.contains("ARMCVL>")), "{passive:?}");
}

#[test]
fn a_stated_refusal_to_cooperate_is_a_rejection_a_past_negation_stays_negated() {
    let events = code(
        "Turkey Turkey PROPN 4 nsubj
         will will AUX 4 aux
         not not PART 4 advmod
         sign sign VERB 0 root
         the the DET 6 det
         deal deal NOUN 4 obj
         with with ADP 8 case
         Armenia Armenia PROPN 4 obl",
    );
    assert_eq!(events.iter().map(summary).collect::<Vec<_>>(), ["REJECT TUR>ARM"]);
    assert_eq!(
        events[0].cameo.as_deref(),
        Some("120"),
        "the code follows the type"
    );
    let events = code(
        "Turkey Turkey PROPN 4 nsubj
         did do AUX 4 aux
         not not PART 4 advmod
         sign sign VERB 0 root
         the the DET 6 det
         deal deal NOUN 4 obj
         with with ADP 8 case
         Armenia Armenia PROPN 4 obl",
    );
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["AGREE TUR>ARM neg"]
    );
}

#[test]
fn a_recipient_named_inside_a_prepositional_phrase_of_the_trigger() {
    assert_eq!(
        summaries(
            "Russia Russia PROPN 2 nsubj
             asked ask VERB 0 root
             for for ADP 4 case
             talks talks NOUN 2 obl
             with with ADP 6 case
             Turkey Turkey PROPN 4 nmod"
        ),
        ["REQUEST RUS>TUR"]
    );
}

#[test]
fn a_town_the_gazetteer_knows_gives_the_country_an_act_is_done_to() {
    let events = coder_with_places().code_sentence(
        &mut article_context(),
        0,
        &parsed(
            "Armenian Armenian ADJ 2 amod
             troops troops NOUN 3 nsubj
             shelled shell VERB 0 root
             positions position NOUN 3 obj
             in in ADP 6 case
             Ganja Ganja PROPN 4 nmod",
        ),
    );
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ASSAULT ARMMIL>AZE"]
    );
}

#[test]
fn an_event_noun_compounded_with_an_undertaking_is_carried_by_its_verb() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "TUR | Turkey | Turkish | Ankara\nARM | Armenia | Armenian | Yerevan\n",
        ),
        ("verbs.txt", "n:mediation | CONSULT | | 045 | between\n"),
    ]);
    let code = |rows: &str| summaries_by(&coder, rows);
    assert_eq!(
        code(
            "Turkey Turkey PROPN 2 nsubj
             launched launch VERB 0 root
             a a DET 5 det
             mediation mediation NOUN 5 compound
             effort effort NOUN 2 obj
             with with ADP 7 case
             Armenia Armenia PROPN 5 nmod"
        ),
        ["CONSULT TUR>ARM"]
    );
    // A compound that is not an undertaking is background ("the mediation report").
    assert!(code(
        "Turkey Turkey PROPN 2 nsubj
         published publish VERB 0 root
         a a DET 5 det
         mediation mediation NOUN 5 compound
         report report NOUN 2 obj"
    )
    .is_empty());
}

#[test]
fn accepting_demands_is_yielding_accepting_a_plan_is_agreeing() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "ARM | Armenia | Armenian | Yerevan\nTUR | Turkey | Turkish | Ankara\n",
        ),
        ("verbs.txt", "accept | AGREE | | 030 | from\n"),
    ]);
    let sentence = |object: &str| {
        format!(
            "Armenia Armenia PROPN 2 nsubj
             accepted accept VERB 0 root
             the the DET 4 det
             {object} {object} NOUN 2 obj
             from from ADP 6 case
             Turkey Turkey PROPN 4 nmod"
        )
    };
    let events = coder.code_sentence(&mut article_context(), 0, &parsed(&sentence("demand")));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["CONCEDE ARM>TUR"]
    );
    assert_eq!(events[0].cameo.as_deref(), Some("080"));
    assert_eq!(summaries_by(&coder, &sentence("plan")), ["AGREE ARM>TUR"]);
}

#[test]
fn what_is_acted_on_decides_the_reading() {
    let verbs = "lift | CONCEDE | | 081 | -\nban | COERCE | restrict | 172 | obj\nn:rally | PROTEST | demo | 141 | against\n\
                 prevent +rally | COERCE | restrict | 1721 | -\ncut +aid | SANCTION | discontinue | 162 | to\n\
                 cut +supply | SANCTION | discontinue | 162 | to\n\
                 cut | ASSAULT | | 190 | obj\n";
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "COP | police\nOPP | opposition\n"),
        ("verbs.txt", verbs),
    ]);
    // Stopping a rally is the police's act on the rally's people, not a protest by the police.
    let prevented = "Armenian Armenian ADJ 2 amod
         police police NOUN 3 nsubj
         prevented prevent VERB 0 root
         an a DET 6 det
         opposition opposition NOUN 6 compound
         rally rally NOUN 3 obj
         . . PUNCT 3 punct";
    let readings = |rows: &str| -> Vec<String> {
        let events = coder.code_sentence(&mut article_context(), 0, &parsed(rows));
        events
            .iter()
            .map(|e| format!("{} {}", summary(e), e.cameo.as_deref().unwrap_or("-")))
            .collect()
    };
    assert_eq!(readings(prevented), ["COERCE ARMCOP>- 1721"]);
    // The same verb on another object keeps its own reading, and so does the bare verb.
    let cut = "Russia Russia PROPN 2 nsubj
         cut cut VERB 0 root
         aid aid NOUN 2 obj
         to to ADP 5 case
         Armenia Armenia PROPN 2 obl
         . . PUNCT 2 punct";
    assert_eq!(readings(cut), ["SANCTION RUS>ARM 162"]);
    let cut_cables = cut.replace("aid aid", "cables cable");
    assert_eq!(readings(&cut_cables), ["ASSAULT RUS>ARM 190"]);
    // The treebank keeps some plurals as their lemma ("supplies"): the regular
    // singular of a plural object is tried too.
    let supplies = cut.replace("aid aid", "supplies supplies");
    let events = coder.code_sentence(&mut article_context(), 0, &parsed_with_xpos(&supplies, 2, "NNS"));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["SANCTION RUS>ARM"]
    );
}

#[test]
fn a_party_naming_only_a_sector_belongs_to_the_one_country_the_sentence_names() {
    let reported = "The the DET 2 det
         minister minister NOUN 3 nsubj
         threatened threaten VERB 0 root
         the the DET 5 det
         troops troops NOUN 3 obj
         , , PUNCT 9 punct
         Armenian Armenian ADJ 8 amod
         officials official NOUN 9 nsubj
         said say VERB 3 parataxis
         . . PUNCT 3 punct";
    assert_eq!(summaries(reported), ["THREATEN ARMGOV>ARMMIL"]);
    // The one country is the other party: nothing is said of the minister's own.
    let on_it = "The the DET 2 det
         minister minister NOUN 3 nsubj
         threatened threaten VERB 0 root
         Russia Russia PROPN 3 obj
         . . PUNCT 3 punct";
    assert_eq!(summaries(on_it), ["THREATEN ->RUS"]);
    // Two countries: no guess.
    let two = reported
        .replace("Armenian Armenian ADJ 8 amod", "Russian Russian ADJ 8 amod")
        .replace("the the DET 5 det", "Turkish Turkish ADJ 5 amod");
    assert_eq!(summaries(&two), ["THREATEN ->TURMIL"]);
}

#[test]
fn an_act_under_a_condition_is_not_reported_as_done() {
    // "Hamas will attack unless Israel agrees to sign": the agreement is only a condition.
    let events = summaries(
        "Hamas Hamas PROPN 3 nsubj
         will will AUX 3 aux
         attack attack VERB 0 root
         unless unless SCONJ 6 mark
         Israel Israel PROPN 6 nsubj
         agrees agree VERB 3 advcl
         to to PART 8 mark
         sign sign VERB 6 xcomp
         . . PUNCT 3 punct",
    );
    assert!(
        events
            .iter()
            .all(|e| !e.starts_with("AGREE") || e.ends_with("hyp")),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| e.starts_with("THREATEN PSEREB")),
        "{events:?}"
    );
}

#[test]
fn the_purpose_of_an_act_done_is_done_when_it_is_a_protest_or_demand() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "CVL | protesters\n"),
        (
            "verbs.txt",
            "protest | PROTEST | demo | 141 | against\nattack | ASSAULT | | 190 | obj\n",
        ),
    ]);
    let gathered = "Armenian Armenian ADJ 2 amod
         protesters protester NOUN 3 nsubj
         gathered gather VERB 0 root
         to to PART 5 mark
         protest protest VERB 3 advcl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, gathered), ["PROTEST ARMCVL>-"]);
    // Not when the gathering itself is only planned, nor for an act of force.
    let planned = "Armenian Armenian ADJ 2 amod
         protesters protester NOUN 4 nsubj
         will will AUX 4 aux
         gather gather VERB 0 root
         to to PART 6 mark
         protest protest VERB 4 advcl
         . . PUNCT 4 punct";
    assert_eq!(summaries_by(&coder, planned), ["PROTEST ARMCVL>- hyp"]);
    let to_attack = gathered.replace("protest protest VERB 3 advcl", "attack attack VERB 3 advcl");
    assert_eq!(summaries_by(&coder, &to_attack), ["THREATEN ARMCVL>-"]);
}

#[test]
fn a_state_entered_or_kept_carries_its_noun_even_under_a_misread_past_tense() {
    let coder = coder_of(&[
        ("countries.txt", "ISR | Israel | Israeli | Jerusalem\n"),
        ("roles.txt", "MIL | troops\nLAB | workers\n"),
        (
            "verbs.txt",
            "n:alert | MOBILIZE | troops | 152 | -\nn:strike | PROTEST | strike | 143 | against\n",
        ),
    ]);
    // The parse read "remained" as a participle of "troops" (a reduced relative);
    // "remain" has no passive, so it is the sentence's verb.
    let remained = "Israeli Israeli ADJ 2 amod
         troops troops NOUN 0 root
         remained remain VERB 2 acl
         on on ADP 5 case
         alert alert NOUN 3 obl
         . . PUNCT 2 punct";
    let events = coder.code_sentence(&mut article_context(), 0, &parsed_with_xpos(remained, 2, "VBN"));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["MOBILIZE ISRMIL>-"]
    );
    let went = "Israeli Israeli ADJ 2 amod
         workers worker NOUN 3 nsubj
         went go VERB 0 root
         on on ADP 5 case
         strike strike NOUN 3 obl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, went), ["PROTEST ISRLAB>-"]);
}

#[test]
fn an_object_is_also_named_by_its_compound_and_its_of_phrase() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "ARM | Armenia | Armenian | Yerevan\nAZE | Azerbaijan | Azerbaijani | Baku\n",
        ),
        ("roles.txt", "MIL | troops\nGOV | government\n"),
        (
            "verbs.txt",
            "violate | REJECT | yield | 128 | obj\nviolate +ceasefire | ASSAULT | | 196 | -\n\
             receive +observer | RETREAT | access | 0862 | from\n",
        ),
    ]);
    let violated = "Azerbaijani Azerbaijani ADJ 2 amod
         troops troops NOUN 3 nsubj
         violated violate VERB 0 root
         the the DET 6 det
         ceasefire ceasefire NOUN 6 compound
         agreement agreement NOUN 3 obj
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, violated), ["ASSAULT AZEMIL>-"]);
    let received = "Armenia Armenia PROPN 2 nsubj
         received receive VERB 0 root
         a a DET 4 det
         team team NOUN 2 obj
         of of ADP 6 case
         observers observer NOUN 4 nmod
         from from ADP 8 case
         Azerbaijan Azerbaijan PROPN 2 obl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, received), ["RETREAT ARM>AZE"]);
}

#[test]
fn a_sworn_act_of_force_is_a_threat() {
    let events = summaries(
        "Hamas Hamas PROPN 3 nsubj
         has have AUX 3 aux
         sworn swear VERB 0 root
         to to PART 5 mark
         attack attack VERB 3 xcomp
         Israel Israel PROPN 5 obj
         . . PUNCT 3 punct",
    );
    assert_eq!(events, ["THREATEN PSEREB>ISR"]);
}

#[test]
fn recipients_named_by_a_condition_a_purpose_or_a_second_object() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "ARM | Armenia | Armenian | Yerevan\nAZE | Azerbaijan | Azerbaijani | Baku\nRUS | Russia | Russian | Moscow\n",
        ),
        ("roles.txt", "CVL | protesters\nGOV | government\n"),
        (
            "verbs.txt",
            "threaten | THREATEN | | 130 | obj\nblock | PROTEST | obstruct | 144 | obj\noppose | REJECT | | 120 | obj\n\
             provide | AID | | 070 | to; obj\n",
        ),
    ]);
    // The party whose act is the condition of a threat is its recipient.
    let unless = "Armenia Armenia PROPN 2 nsubj
         threatened threaten VERB 0 root
         to to PART 4 mark
         leave leave VERB 2 xcomp
         unless unless SCONJ 7 mark
         Azerbaijan Azerbaijan PROPN 7 nsubj
         withdraws withdraw VERB 4 advcl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, unless), ["THREATEN ARM>AZE"]);
    // A protest's target named only in what it was done for (here parsed under the object).
    let purpose = "Armenian Armenian ADJ 2 amod
         protesters protester NOUN 3 nsubj
         blocked block VERB 0 root
         a a DET 5 det
         road road NOUN 3 obj
         to to PART 7 mark
         press press VERB 5 acl
         demands demand NOUN 7 obj
         on on ADP 11 case
         the the DET 11 det
         government government NOUN 7 obl
         of of ADP 13 case
         Russia Russia PROPN 11 nmod
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, purpose), ["PROTEST ARMCVL>RUSGOV"]);
    // "is opposed to": a state of the subject, not a passive.
    let opposed = "Armenia Armenia PROPN 3 nsubj:pass
         is be AUX 3 aux:pass
         opposed oppose VERB 0 root
         to to ADP 6 case
         Russian Russian ADJ 6 amod
         mediation mediation NOUN 3 obl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, opposed), ["REJECT ARM>RUS"]);
    // A prepositional recipient hanging on the second of two objects.
    let provided = "Russia Russia PROPN 2 nsubj
         provided provide VERB 0 root
         maps map NOUN 2 obj
         and and CCONJ 5 cc
         intelligence intelligence NOUN 3 conj
         to to ADP 7 case
         Armenia Armenia PROPN 5 nmod
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, provided), ["AID RUS>ARM"]);
}

#[test]
fn the_aim_of_a_coded_act_is_part_of_it_and_conjuncts_share_their_embedding() {
    // "visited Moscow to sign": one visit, not a visit and an agreement.
    let visited = "Armenia Armenia PROPN 2 nsubj
         visited visit VERB 0 root
         Moscow Moscow PROPN 2 obj
         to to PART 5 mark
         sign sign VERB 2 advcl
         a a DET 7 det
         pact pact NOUN 5 obj
         . . PUNCT 2 punct";
    assert_eq!(summaries(visited), ["CONSULT ARM>RUSGOV"]);
    // The complement of a verb of intending stays an event of its own.
    let agreed = visited
        .replace("visited visit VERB 0 root", "agreed agree VERB 0 root")
        .replace("Moscow Moscow PROPN 2 obj", "today today NOUN 2 obl:tmod");
    assert_eq!(summaries(&agreed), ["AGREE ARM>-", "AGREE ARM>-"]);
    // "accused X of attacking … and shelling …": both alleged acts are hypothetical.
    let accused = "Armenia Armenia PROPN 2 nsubj
         accused accuse VERB 0 root
         Azerbaijan Azerbaijan PROPN 2 obj
         of of SCONJ 5 mark
         attacking attack VERB 2 advcl
         civilians civilians NOUN 5 obj
         and and CCONJ 8 cc
         shelling shell VERB 5 conj
         Iran Iran PROPN 8 obj
         . . PUNCT 2 punct";
    let events = summaries(accused);
    assert!(events.contains(&"ASSAULT AZE>IRN hyp".to_string()), "{events:?}");
    assert!(
        !events
            .iter()
            .any(|e| e.starts_with("ASSAULT") && !e.ends_with("hyp")),
        "{events:?}"
    );
}

#[test]
fn pulling_out_inspectors_is_a_sanction_and_announcing_it_a_threat() {
    let coder = coder_of(&[
        ("countries.txt", "IRQ | Iraq | Iraqi | Baghdad\n"),
        ("organizations.txt", "IGOUNO | United Nations\n"),
        (
            "verbs.txt",
            "withdraw | RETREAT | withdraw | 0874 | from\nwithdraw +inspector | SANCTION | expel | 1662 | from\n",
        ),
    ]);
    let will = "The the DET 3 det
         United United PROPN 3 compound
         Nations Nations PROPN 5 nsubj
         will will AUX 5 aux
         withdraw withdraw VERB 0 root
         inspectors inspector NOUN 5 obj
         from from ADP 8 case
         Iraq Iraq PROPN 5 obl
         . . PUNCT 5 punct";
    assert_eq!(summaries_by(&coder, will), ["THREATEN IGOUNO>IRQ"]);
    let troops = will
        .replace("inspectors inspector", "troops troop")
        .replace("will will AUX 5 aux", "have have AUX 5 aux");
    assert_eq!(summaries_by(&coder, &troops), ["RETREAT IGOUNO>IRQ"]);
}

#[test]
fn an_act_a_plan_or_proposal_names_is_not_reported_as_done() {
    let proposal = "Armenia Armenia PROPN 2 nsubj
         rejected reject VERB 0 root
         a a DET 5 det
         Russian Russian ADJ 5 amod
         proposal proposal NOUN 2 obj
         for for SCONJ 7 mark
         attacking attack VERB 5 acl
         Iran Iran PROPN 7 obj
         . . PUNCT 2 punct";
    let events = summaries(proposal);
    assert!(
        events
            .iter()
            .all(|e| !e.starts_with("ASSAULT") || e.ends_with("hyp")),
        "{events:?}"
    );
    let plan = proposal
        .replace("for for SCONJ 7 mark", "to to PART 7 mark")
        .replace("attacking attack", "attack attack");
    let events = summaries(&plan);
    assert!(
        events
            .iter()
            .all(|e| !e.starts_with("ASSAULT") || e.ends_with("hyp")),
        "{events:?}"
    );
    assert!(events.iter().any(|e| e.starts_with("ASSAULT")), "{events:?}");
}

#[test]
fn a_statement_speaks_for_whoever_issued_it() {
    let events = summaries(
        "Hamas Hamas PROPN 2 nsubj
         issued issue VERB 0 root
         a a DET 4 det
         statement statement NOUN 2 obj
         demanding demand VERB 4 acl
         that that SCONJ 8 mark
         Israel Israel PROPN 8 nsubj
         withdraw withdraw VERB 5 ccomp
         . . PUNCT 2 punct",
    );
    assert_eq!(events, ["REQUEST PSEREB>ISR"]);
}

#[test]
fn a_state_acts_on_its_own_people_and_people_protest_to_their_own_state() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "COP | police\nCVL | protesters\nREB | rebels\nGOV | government\nMED | media\nMIL | troops\n"),
        (
            "verbs.txt",
            "detain | COERCE | arrest | 173 | obj\ndenounce | ACCUSE | | 111 | obj\nattack | ASSAULT | | 190 | obj\n",
        ),
    ]);
    // Two countries in the sentence, so only the state's own-people rule can tell.
    let with_media = |rows: &str, verb: usize| {
        let n = rows.lines().count();
        format!(
            "{rows}
             , , PUNCT {said} punct
             Russian Russian ADJ {media} amod
             media media NOUN {said} nsubj
             said say VERB {verb} parataxis",
            said = n + 4,
            media = n + 3,
        )
    };
    let detained = with_media(
        "Armenian Armenian ADJ 2 amod
         police police NOUN 3 nsubj
         detained detain VERB 0 root
         protesters protester NOUN 3 obj",
        3,
    );
    assert_eq!(summaries_by(&coder, &detained), ["COERCE ARMCOP>ARMCVL"]);
    // An inferred code earns the event half the confidence a named one does.
    let events = coder.code_sentence(&mut article_context(), 0, &parsed(&detained));
    assert!(
        (events[0].confidence - (0.4 + 0.3 + 0.1)).abs() < 1e-9,
        "{}",
        events[0].confidence
    );
    let denounced = with_media(
        "Protesters protester NOUN 2 nsubj
         denounced denounce VERB 0 root
         the the DET 5 det
         Armenian Armenian ADJ 5 amod
         government government NOUN 2 obj",
        2,
    );
    assert_eq!(summaries_by(&coder, &denounced), ["ACCUSE ARMCVL>ARMGOV"]);
    // An attack on a state's troops says nothing of the attackers' country.
    let attacked = with_media(
        "Rebels rebel NOUN 2 nsubj
         attacked attack VERB 0 root
         Armenian Armenian ADJ 4 amod
         troops troops NOUN 2 obj",
        2,
    );
    assert_eq!(summaries_by(&coder, &attacked), ["ASSAULT ->ARMMIL"]);
}

#[test]
fn an_ordered_event_happens_by_whoever_ordered_it_and_a_begun_act_is_under_way() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "MIL | troops\nGOV | government\n"),
        (
            "verbs.txt",
            "order | REQUEST | | 100 | obj\nn:patrol | MOBILIZE | | 150 | -\nwithdraw | RETREAT | withdraw | 0874 | from\n",
        ),
    ]);
    let ordered = "The the DET 3 det
         Armenian Armenian ADJ 3 amod
         government government NOUN 4 nsubj
         ordered order VERB 0 root
         patrols patrol NOUN 4 obj
         . . PUNCT 4 punct";
    assert_eq!(summaries_by(&coder, ordered), ["MOBILIZE ARMGOV>-"]);
    let began = "Russian Russian ADJ 2 amod
         troops troops NOUN 3 nsubj
         began begin VERB 0 root
         to to PART 5 mark
         withdraw withdraw VERB 3 xcomp
         from from ADP 7 case
         Armenia Armenia PROPN 5 obl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, began), ["RETREAT RUSMIL>ARM"]);
}

#[test]
fn a_possessor_names_the_country_of_the_sentence() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "MIL | gen.\n"),
        ("verbs.txt", "resign | RETREAT | resign | 0831 | -\n"),
    ]);
    let resigned = "Gen. Gen. PROPN 2 nmod:desc
         Smith Smith PROPN 3 nsubj
         resigned resign VERB 0 root
         before before ADP 6 case
         Armenia Armenia PROPN 6 nmod:poss
         elections election NOUN 3 obl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, resigned), ["RETREAT ARMMIL>-"]);
}

#[test]
fn a_state_a_party_is_placed_under_is_done_to_it() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "GOV | minister\n"),
        ("verbs.txt", "n:arrest | COERCE | arrest | 173 | of\n"),
    ]);
    let placed = "The the DET 3 det
         Armenian Armenian ADJ 3 amod
         minister minister NOUN 6 nsubj:pass
         was be AUX 6 aux:pass
         quietly quietly ADV 6 advmod
         placed place VERB 0 root
         under under ADP 8 case
         arrest arrest NOUN 6 obl
         . . PUNCT 6 punct";
    assert_eq!(summaries_by(&coder, placed), ["COERCE ->ARMGOV"]);
}

#[test]
fn a_sentence_left_without_a_verb_at_its_head_is_mended() {
    // The parse made the subject's name the root and "hosted" an adjective of the guest.
    let hosted = parsed_with_xpos(
        "Russian Russian ADJ 2 amod
         President President PROPN 3 nmod:desc
         Yeltsin Yeltsin PROPN 0 root
         hosted host VERB 7 amod
         Turkish Turkish ADJ 6 amod
         Prime prime ADJ 7 amod
         Minister minister PROPN 3 nmod
         . . PUNCT 3 punct",
        3,
        "VBD",
    );
    let coder = coder_of(&[
        (
            "countries.txt",
            "RUS | Russia | Russian | Moscow\nTUR | Turkey | Turkish | Ankara\n",
        ),
        ("roles.txt", "GOV | president; prime minister\n"),
        ("verbs.txt", "host | CONSULT | visit | 043 | obj\n"),
    ]);
    let events = coder.code_sentence(&mut article_context(), 0, &hosted);
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["CONSULT RUSGOV>TURGOV"]
    );
    // The tagger read "official" as an adjective; its determiner shows it is the subject.
    let praised = parsed_with_xpos(
        "A a DET 3 det
         Russian Russian ADJ 3 amod
         official official ADJ 8 nsubj
         today today NOUN 5 obl:unmarked
         praised praise VERB 8 amod
         Turkey Turkey PROPN 8 nmod:poss
         's 's PART 6 case
         efforts effort NOUN 0 root
         . . PUNCT 8 punct",
        4,
        "VBD",
    );
    let coder = coder_of(&[
        (
            "countries.txt",
            "RUS | Russia | Russian | Moscow\nTUR | Turkey | Turkish | Ankara\n",
        ),
        ("roles.txt", "GOV | official\n"),
        ("verbs.txt", "praise | SUPPORT | | 051 | obj\n"),
    ]);
    let events = coder.code_sentence(&mut article_context(), 0, &praised);
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["SUPPORT RUSGOV>TUR"]
    );
}

#[test]
fn a_party_based_somewhere_is_of_that_country() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "MED | newspaper\n"),
        ("verbs.txt", "accuse | ACCUSE | | 112 | obj\n"),
    ]);
    let based = "A a DET 2 det
         newspaper newspaper NOUN 6 nsubj
         based base VERB 2 acl
         in in ADP 5 case
         Yerevan Yerevan PROPN 3 obl
         accused accuse VERB 0 root
         Russia Russia PROPN 6 obj
         . . PUNCT 6 punct";
    assert_eq!(summaries_by(&coder, based), ["ACCUSE ARMMED>RUS"]);
    // With no role word the party is the country alone.
    let group = based.replace("newspaper newspaper", "group group");
    assert_eq!(summaries_by(&coder, &group), ["ACCUSE ARM>RUS"]);
}

#[test]
fn an_ing_word_read_as_a_clause_after_an_object_is_the_object_noun() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "JUD | court\n"),
        ("verbs.txt", "n:hearing | ACCUSE | investigate | 090 | into\n"),
    ]);
    // The tagger read "hearing" as a verb and the parse made it a clause of "opened".
    let opened = parsed_with_xpos(
        "The the DET 3 det
         Armenian Armenian ADJ 3 amod
         court court NOUN 4 nsubj
         opened open VERB 0 root
         a a DET 6 det
         landmark landmark NOUN 4 obj
         hearing hear VERB 4 advcl
         Wednesday Wednesday PROPN 7 obj
         . . PUNCT 4 punct",
        6,
        "VBG",
    );
    let events = coder.code_sentence(&mut article_context(), 0, &opened);
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ACCUSE ARMJUD>-"]
    );
}

#[test]
fn a_base_form_verb_after_a_verb_that_takes_no_bare_infinitive_is_its_object() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "LAB | workers\n"),
        (
            "verbs.txt",
            "stop | COERCE | | 170 | obj\nstop +work | PROTEST | strike | 143 | against\n",
        ),
    ]);
    // "Armenian workers stopped work on Monday", with "work" tagged VB and hung as a
    // bare complement.
    let rows = "Armenian Armenian ADJ 2 amod
         workers worker NOUN 3 nsubj
         stopped stop VERB 0 root
         work work VERB 3 xcomp
         on on ADP 6 case
         Monday Monday PROPN 4 obl
         . . PUNCT 3 punct";
    let events = coder.code_sentence(&mut article_context(), 0, &parsed_with_xpos(rows, 3, "VB"));
    assert_eq!(
        events
            .iter()
            .map(|e| format!("{} {}", summary(e), e.cameo.as_deref().unwrap_or("-")))
            .collect::<Vec<_>>(),
        ["PROTEST ARMLAB>- 143"]
    );
    // A verb that takes bare infinitives keeps its complement a verb: "helped stop".
    let helped = rows.replace("stopped stop", "helped help");
    let events = coder.code_sentence(&mut article_context(), 0, &parsed_with_xpos(&helped, 3, "VB"));
    assert!(events.iter().all(|e| e.event_type != "PROTEST"), "{events:?}");
}

#[test]
fn the_agent_of_a_participle_on_what_is_acted_on_is_the_recipient() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "LAB | workers\nLEG | parliament\n"),
        ("verbs.txt", "protest | PROTEST | demo | 141 | against; obj\n"),
    ]);
    // "Armenian workers protested a law passed by the Russian parliament."
    let rows = "Armenian Armenian ADJ 2 amod
         workers worker NOUN 3 nsubj
         protested protest VERB 0 root
         a a DET 5 det
         law law NOUN 3 obj
         passed pass VERB 5 acl
         by by ADP 10 case
         the the DET 10 det
         Russian Russian ADJ 10 amod
         parliament parliament NOUN 6 obl:agent
         . . PUNCT 3 punct";
    let events = coder.code_sentence(&mut article_context(), 0, &parsed_with_xpos(rows, 5, "VBN"));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["PROTEST ARMLAB>RUSLEG"]
    );
}

#[test]
fn a_party_of_the_one_country_is_not_that_country_itself() {
    let coder = coder_of(&[
        ("countries.txt", "ARM | Armenia | Armenian | Yerevan\n"),
        ("roles.txt", "LAB | workers\n"),
        ("verbs.txt", "protest | PROTEST | demo | 141 | against; obj\n"),
    ]);
    // "Workers protested against the Armenian Labour": the recipient's code is the
    // bare country, but it is a party of Armenia, so the workers are Armenian too.
    let inside = "Workers worker NOUN 2 nsubj
         protested protest VERB 0 root
         against against ADP 6 case
         the the DET 6 det
         Armenian Armenian ADJ 6 amod
         Labour Labour PROPN 2 obl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, inside), ["PROTEST ARMLAB>ARM"]);
    // Against Armenia itself, the workers' country is not said.
    let against = "Workers worker NOUN 2 nsubj
         protested protest VERB 0 root
         against against ADP 4 case
         Armenia Armenia PROPN 2 obl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, against), ["PROTEST ->ARM"]);
}

#[test]
fn a_refusal_acts_on_the_place_of_the_act_it_refuses() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "TUR | Turkey | Turkish | Ankara\nIRN | Iran | Iranian | Tehran\n",
        ),
        ("roles.txt", "MIL | troops\n"),
        ("verbs.txt", "refuse | REJECT | | 120 | obj\n"),
    ]);
    // "Turkey refused to deploy troops in Iran."
    let rows = "Turkey Turkey PROPN 2 nsubj
         refused refuse VERB 0 root
         to to PART 4 mark
         deploy deploy VERB 2 xcomp
         troops troops NOUN 4 obj
         in in ADP 7 case
         Iran Iran PROPN 4 obl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, rows), ["REJECT TUR>IRN"]);
}

#[test]
fn a_threat_read_as_a_to_clause_keeps_its_condition() {
    // "Armenian civilians threatened to hold a strike unless Russia withdrew", with
    // "hold" read as an adverbial clause rather than the threat's complement.
    let rows = "Armenian Armenian ADJ 2 amod
         civilians civilian NOUN 3 nsubj
         threatened threaten VERB 0 root
         to to PART 5 mark
         hold hold VERB 3 advcl
         a a DET 7 det
         strike strike NOUN 5 obj
         unless unless SCONJ 10 mark
         Russia Russia PROPN 10 nsubj
         withdrew withdraw VERB 5 advcl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder(), rows), ["THREATEN ARMCVL>RUS"]);
}

#[test]
fn with_no_recipient_in_its_frame_the_first_party_after_the_trigger_is_taken_as_inferred() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "ARM | Armenia | Armenian | Yerevan\nRUS | Russia | Russian | Moscow\nTUR | Turkey | Turkish | Ankara\nIRN | Iran | Iranian | Tehran\n",
        ),
        ("roles.txt", "MIL | troops\nGOV | minister\n"),
        (
            "verbs.txt",
            "reject | REJECT | | 120 | obj\nagree | AGREE | | 030 | with\nresign | RETREAT | | 0831 | -\n",
        ),
    ]);
    // "Armenian troops rejected the plan despite pressure by Russia."
    let rejected = "Armenian Armenian ADJ 2 amod
         troops troops NOUN 3 nsubj
         rejected reject VERB 0 root
         the the DET 5 det
         plan plan NOUN 3 obj
         despite despite ADP 7 case
         pressure pressure NOUN 3 obl
         by by ADP 9 case
         Russia Russia PROPN 7 nmod
         . . PUNCT 3 punct";
    let events = coder.code_sentence(&mut article_context(), 0, &parsed(rejected));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["REJECT ARMMIL>RUS"]
    );
    // Its code is inferred, so the event is less sure than with a recipient in its frame.
    // "Armenian troops rejected Russia despite pressure by Turkey": Russia is the object.
    let framed = "Armenian Armenian ADJ 2 amod
         troops troops NOUN 3 nsubj
         rejected reject VERB 0 root
         Russia Russia PROPN 3 obj
         despite despite ADP 6 case
         pressure pressure NOUN 3 obl
         by by ADP 8 case
         Turkey Turkey PROPN 6 nmod
         . . PUNCT 3 punct";
    let sure = coder.code_sentence(&mut article_context(), 0, &parsed(framed));
    assert_eq!(
        sure.iter().map(summary).collect::<Vec<_>>(),
        ["REJECT ARMMIL>RUS"]
    );
    assert!(events[0].confidence < sure[0].confidence);

    // Partners named together act on each other, not on what follows.
    let agreed = "Armenia Armenia PROPN 4 nsubj
         and and CCONJ 3 cc
         Turkey Turkey PROPN 1 conj
         agreed agree VERB 0 root
         despite despite ADP 6 case
         pressure pressure NOUN 4 obl
         by by ADP 8 case
         Iran Iran PROPN 6 nmod
         . . PUNCT 4 punct";
    assert_eq!(summaries_by(&coder, agreed), ["AGREE ARM>-", "AGREE TUR>-"]);
    // A verb that takes no recipient has none.
    let resigned = "The the DET 3 det
         Armenian Armenian ADJ 3 amod
         minister minister NOUN 4 nsubj
         resigned resign VERB 0 root
         despite despite ADP 6 case
         pressure pressure NOUN 4 obl
         by by ADP 8 case
         Russia Russia PROPN 6 nmod
         . . PUNCT 4 punct";
    assert_eq!(summaries_by(&coder, resigned), ["RETREAT ARMGOV>-"]);
}

#[test]
fn a_particle_read_as_the_first_of_two_prepositions_still_makes_the_phrasal_verb() {
    let coder = coder_of(&[
        (
            "countries.txt",
            "TUR | Turkey | Turkish | Ankara\nIRN | Iran | Iranian | Tehran\n",
        ),
        ("roles.txt", "GOV | officials\n"),
        ("verbs.txt", "force out | SANCTION | expel | 166 | obj\n"),
    ]);
    // "Turkey forced Iranian officials out of the country", "out" and "of" both
    // read as case markers of "country".
    let rows = "Turkey Turkey PROPN 2 nsubj
         forced force VERB 0 root
         Iranian Iranian ADJ 4 amod
         officials official NOUN 2 obj
         out out ADP 8 case
         of of ADP 8 case
         the the DET 8 det
         country country NOUN 2 obl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, rows), ["SANCTION TUR>IRNGOV"]);
}

#[test]
fn one_party_named_twice_is_one_event() {
    // "Russia attacked Ukrainian troops and the Ukrainian army": both are UKRMIL.
    let rows = "Russia Russia PROPN 2 nsubj
         attacked attack VERB 0 root
         Ukrainian Ukrainian ADJ 4 amod
         troops troops NOUN 2 obj
         and and CCONJ 8 cc
         the the DET 8 det
         Ukrainian Ukrainian ADJ 8 amod
         army army NOUN 4 conj
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder(), rows), ["ASSAULT RUS>UKRMIL"]);
}

#[test]
fn a_word_glued_by_a_hyphen_belongs_to_the_phrase_whatever_the_parse_called_it() {
    // "Turkish-led troops attacked Armenia", with "Turkish" read as a bare
    // oblique of "led".
    let rows = "Turkish Turkish ADJ 3 obl:unmarked
         - - PUNCT 1 punct
         led lead VERB 4 amod
         troops troops NOUN 5 nsubj
         attacked attack VERB 0 root
         Armenia Armenia PROPN 5 obj
         . . PUNCT 5 punct";
    let events = code(rows);
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ASSAULT TURMIL>ARM"]
    );
    assert!(events[0].actor.as_ref().unwrap().text.starts_with("Turkish"));
}

#[test]
fn a_past_form_with_an_object_after_a_participle_on_the_subject_is_the_main_verb() {
    // "Armenian troops using heavy guns killed Azerbaijani civilians", parsed
    // with "troops" as the root and "killed" as a reduced relative on "guns".
    let rows = "Armenian Armenian ADJ 2 amod
         troops troops NOUN 0 root
         using use VERB 2 acl
         heavy heavy ADJ 5 amod
         guns gun NOUN 3 obj
         killed kill VERB 5 acl
         Azerbaijani Azerbaijani ADJ 8 amod
         civilians civilian NOUN 6 obj
         . . PUNCT 2 punct";
    let events = coder().code_sentence(&mut article_context(), 0, &parsed_with_xpos(rows, 5, "VBN"));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ASSAULT ARMMIL>AZECVL"]
    );
}

#[test]
fn an_act_only_authorities_do_with_nobody_named_is_done_by_the_authorities_of_its_place() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "CVL | activists\n"),
        ("verbs.txt", "arrest | COERCE | arrest | 173 | obj\n"),
    ])
    .with_gazetteer(chronicle_geo::Gazetteer::embedded().unwrap());
    // "Three Armenian activists were arrested in Moscow."
    let rows = "Three three NUM 3 nummod
         Armenian Armenian ADJ 3 amod
         activists activist NOUN 5 nsubj:pass
         were be AUX 5 aux:pass
         arrested arrest VERB 0 root
         in in ADP 7 case
         Moscow Moscow PROPN 5 obl
         . . PUNCT 5 punct";
    let events = coder.code_sentence(&mut article_context(), 0, &parsed(rows));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["COERCE RUSCOP>ARMCVL"]
    );
    assert_eq!(events[0].actor.as_ref().unwrap().text, "Moscow");
    // With no place named, nobody is said to have done it.
    let nowhere = "Three three NUM 3 nummod
         Armenian Armenian ADJ 3 amod
         activists activist NOUN 5 nsubj:pass
         were be AUX 5 aux:pass
         arrested arrest VERB 0 root
         . . PUNCT 5 punct";
    assert_eq!(summaries_by(&coder, nowhere), ["COERCE ->ARMCVL"]);
}

#[test]
fn a_place_named_in_what_is_acted_on_comes_after_a_party_named_in_the_acts_phrases() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "CVL | protesters\nGOV | officials\n"),
        ("verbs.txt", "block | PROTEST | obstruct | 144 | obj\n"),
    ]);
    // "Armenian protesters blocked streets in Yerevan in defiance of Russian officials."
    let rows = "Armenian Armenian ADJ 2 amod
         protesters protester NOUN 3 nsubj
         blocked block VERB 0 root
         streets street NOUN 3 obj
         in in ADP 6 case
         Yerevan Yerevan PROPN 4 nmod
         in in ADP 8 case
         defiance defiance NOUN 3 obl
         of of ADP 11 case
         Russian Russian ADJ 11 amod
         officials official NOUN 8 nmod
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, rows), ["PROTEST ARMCVL>RUSGOV"]);
    // With no party named, the place is what the act is done to.
    let only_place = "Armenian Armenian ADJ 2 amod
         protesters protester NOUN 3 nsubj
         blocked block VERB 0 root
         streets street NOUN 3 obj
         in in ADP 6 case
         Yerevan Yerevan PROPN 4 nmod
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, only_place), ["PROTEST ARMCVL>ARM"]);
}

#[test]
fn a_verb_without_recipient_that_acts_on_a_thing_still_takes_the_party_after_it() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "LAB | workers\n"),
        ("verbs.txt", "call off | CONCEDE | | 082 | -\n"),
    ]);
    // "Armenian workers called off the strike despite pressure by Russia."
    let rows = "Armenian Armenian ADJ 2 amod
         workers worker NOUN 3 nsubj
         called call VERB 0 root
         off off ADP 3 compound:prt
         the the DET 6 det
         strike strike NOUN 3 obj
         despite despite ADP 8 case
         pressure pressure NOUN 3 obl
         by by ADP 10 case
         Russia Russia PROPN 8 nmod
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, rows), ["CONCEDE ARMLAB>RUS"]);
}

#[test]
fn a_party_in_a_relative_clause_is_not_taken_after_the_trigger() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "MIL | troops\n"),
        ("verbs.txt", "reject | REJECT | | 120 | obj\n"),
    ]);
    // "Armenian troops rejected the plan, which Russia drafted."
    let rows = "Armenian Armenian ADJ 2 amod
         troops troops NOUN 3 nsubj
         rejected reject VERB 0 root
         the the DET 5 det
         plan plan NOUN 3 obj
         , , PUNCT 9 punct
         which which PRON 9 obj
         Russia Russia PROPN 9 nsubj
         drafted draft VERB 5 acl:relcl
         . . PUNCT 3 punct";
    assert_eq!(summaries_by(&coder, rows), ["REJECT ARMMIL>-"]);
}

#[test]
fn a_match_score_after_a_use_of_force_reports_a_game() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        (
            "verbs.txt",
            "beat | ASSAULT | beat | 182 | obj\nkill | ASSAULT | | 190 | obj\n",
        ),
        ("roles.txt", "CVL | civilians\n"),
    ]);
    // "Armenia beat Russia 2-0 on Tuesday."
    let game = "Armenia Armenia PROPN 2 nsubj
         beat beat VERB 0 root
         Russia Russia PROPN 2 obj
         2 2 NUM 2 obl
         - - SYM 6 case
         0 0 NUM 4 nmod
         on on ADP 8 case
         Tuesday Tuesday PROPN 2 obl
         . . PUNCT 2 punct";
    assert!(summaries_by(&coder, game).is_empty());
    // A range counting the people hurt is no score: "Russian troops killed 10-15 civilians".
    let range = "Russia Russia PROPN 2 nsubj
         killed kill VERB 0 root
         10 10 NUM 6 nummod
         - - SYM 5 case
         15 15 NUM 3 nmod
         civilians civilian NOUN 2 obj
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, range), ["ASSAULT RUS>-"]);
}

#[test]
fn force_used_by_nobody_named_is_used_by_unidentified_armed_men_of_its_place() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        ("roles.txt", "MIL | soldiers\n"),
        ("verbs.txt", "kill | ASSAULT | | 190 | obj\n"),
    ])
    .with_gazetteer(chronicle_geo::Gazetteer::embedded().unwrap());
    // "A roadside bomb near Gyumri killed two Russian soldiers."
    let bomb = "A a DET 3 det
         roadside roadside NOUN 3 compound
         bomb bomb NOUN 6 nsubj
         near near ADP 5 case
         Gyumri Gyumri PROPN 3 nmod
         killed kill VERB 0 root
         two two NUM 9 nummod
         Russian Russian ADJ 9 amod
         soldiers soldier NOUN 6 obj
         . . PUNCT 6 punct";
    let events = coder.code_sentence(&mut article_context(), 0, &parsed(bomb));
    assert_eq!(
        events.iter().map(summary).collect::<Vec<_>>(),
        ["ASSAULT ARMUAF>RUSMIL"]
    );
    assert_eq!(events[0].actor.as_ref().unwrap().text, "Gyumri");
    // The record says which code is the text's and which is inferred.
    assert!(events[0].actor.as_ref().unwrap().inferred);
    assert!(!events[0].recipient.as_ref().unwrap().inferred);
    // "Two Russian soldiers were killed in Gyumri.": a passive with no agent.
    let passive = "Two two NUM 3 nummod
         Russian Russian ADJ 3 amod
         soldiers soldier NOUN 5 nsubj:pass
         were be AUX 5 aux:pass
         killed kill VERB 0 root
         in in ADP 7 case
         Gyumri Gyumri PROPN 5 obl
         . . PUNCT 5 punct";
    assert_eq!(summaries_by(&coder, passive), ["ASSAULT ARMUAF>RUSMIL"]);
    // "… were killed in March": a month is no place, so nobody is inferred.
    let month = passive.replace("Gyumri Gyumri", "March March");
    assert_eq!(summaries_by(&coder, &month), ["ASSAULT ->RUSMIL"]);
    // "… were killed in a helicopter crash in Gyumri": an accident, no attack.
    let crash = "Two two NUM 3 nummod
         Russian Russian ADJ 3 amod
         soldiers soldier NOUN 5 nsubj:pass
         were be AUX 5 aux:pass
         killed kill VERB 0 root
         in in ADP 9 case
         a a DET 9 det
         helicopter helicopter NOUN 9 compound
         crash crash NOUN 5 obl
         in in ADP 11 case
         Gyumri Gyumri PROPN 5 obl
         . . PUNCT 5 punct";
    assert!(summaries_by(&coder, crash).is_empty());
    // "Gunmen killed two Russian soldiers in Gyumri": a doer named, though unknown.
    let named = "Gunmen gunman NOUN 2 nsubj
         killed kill VERB 0 root
         two two NUM 5 nummod
         Russian Russian ADJ 5 amod
         soldiers soldier NOUN 2 obj
         in in ADP 7 case
         Gyumri Gyumri PROPN 2 obl
         . . PUNCT 2 punct";
    assert_eq!(summaries_by(&coder, named), ["ASSAULT ->RUSMIL"]);
}

#[test]
fn a_people_named_by_the_country_they_live_in_are_of_that_country() {
    let coder = coder_of(&[
        ("countries.txt", ARMENIA_RUSSIA),
        (
            "roles.txt",
            "GOV | authorities; leader; leaders\nOPP | opposition\n",
        ),
        ("verbs.txt", "demand | REQUEST | | 100 | from\n"),
    ]);
    // "The Armenians of Russia demanded rights from Russian authorities."
    let rows = "The the DET 2 det
         Armenians Armenians PROPN 5 nsubj
         of of ADP 4 case
         Russia Russia PROPN 2 nmod
         demanded demand VERB 0 root
         rights right NOUN 5 obj
         from from ADP 9 case
         Russian Russian ADJ 9 amod
         authorities authority NOUN 5 obl
         . . PUNCT 5 punct";
    assert_eq!(summaries_by(&coder, rows), ["REQUEST RUS>RUSGOV"]);
    // "Leaders of the Armenian opposition demanded …": the leaders are of the
    // opposition they lead, not a government.
    let leaders = "Leaders leader NOUN 6 nsubj
         of of ADP 5 case
         the the DET 5 det
         Armenian Armenian ADJ 5 amod
         opposition opposition NOUN 1 nmod
         demanded demand VERB 0 root
         rights right NOUN 6 obj
         from from ADP 10 case
         Russian Russian ADJ 10 amod
         authorities authority NOUN 6 obl
         . . PUNCT 6 punct";
    assert_eq!(summaries_by(&coder, leaders), ["REQUEST ARMOPP>RUSGOV"]);
}

#[test]
fn an_empty_it_before_a_that_clause_judges_the_clause_and_does_nothing() {
    // "It is striking that Russia attacked Armenia."
    let rows = "It it PRON 3 nsubj
         is be AUX 3 aux
         striking strike VERB 0 root
         that that SCONJ 6 mark
         Russia Russia PROPN 6 nsubj
         attacked attack VERB 3 ccomp
         Armenia Armenia PROPN 6 obj
         . . PUNCT 3 punct";
    let triggers: Vec<String> = code(rows).into_iter().map(|e| e.trigger.text).collect();
    assert_eq!(triggers, ["attacked"]);
}

#[test]
fn a_that_clause_read_as_a_relative_clause_on_the_day_is_the_verbs_complement() {
    // "said on Friday that …", the clause misparsed as a relative clause on "Friday".
    let bare = "Moscow Moscow PROPN 2 nsubj
                said say VERB 0 root
                on on ADP 4 case
                Friday Friday PROPN 2 obl
                that that PRON 8 obj
                Kyiv Kyiv PROPN 8 nsubj
                must must AUX 8 aux
                pay pay VERB 4 acl:relcl
                . . PUNCT 2 punct";
    // A capital that speaks or is asked to act is its government.
    assert_eq!(summaries(bare), vec!["REQUEST RUSGOV>UKRGOV"]);
    // "on a Friday that Kyiv must pay": with a determiner, a relative clause it may be.
    let determined = "Moscow Moscow PROPN 2 nsubj
                      said say VERB 0 root
                      on on ADP 5 case
                      a a DET 5 det
                      Friday Friday PROPN 2 obl
                      that that PRON 9 obj
                      Kyiv Kyiv PROPN 9 nsubj
                      must must AUX 9 aux
                      pay pay VERB 5 acl:relcl
                      . . PUNCT 2 punct";
    assert_eq!(summaries(determined), Vec::<String>::new());
}

#[test]
fn a_clause_opened_by_a_coordinator_without_a_subject_shares_the_one_before() {
    // "Russia opened the border, but was still threatening Ukraine, officials said",
    // the second clause misparsed as a complement of "said".
    let rows = "Russia Russia PROPN 2 nsubj
                opened open VERB 13 ccomp
                the the DET 4 det
                border border NOUN 2 obj
                , , PUNCT 9 punct
                but but CCONJ 9 cc
                was be AUX 9 aux
                still still ADV 9 advmod
                threatening threaten VERB 13 ccomp
                Ukraine Ukraine PROPN 9 obj
                , , PUNCT 13 punct
                officials official NOUN 13 nsubj
                said say VERB 0 root
                . . PUNCT 13 punct";
    assert_eq!(summaries(rows), vec!["THREATEN RUS>UKR"]);
    // A passive clause's subject is done to: nothing is inherited as its actor.
    let passive = rows
        .replace("was be AUX 9 aux", "was be AUX 9 aux:pass")
        .replace("threatening threaten VERB", "threatened threaten VERB");
    assert!(
        summaries(&passive).iter().all(|s| !s.starts_with("THREATEN RUS")),
        "{:?}",
        summaries(&passive)
    );
}

#[test]
fn a_possessor_parsed_as_a_second_subject_is_not_the_actor() {
    // "Moscow's ally Armenia attacked Azerbaijan", the possessor misparsed as a subject.
    let rows = "Moscow Moscow PROPN 5 nsubj
                's 's PART 1 case
                ally ally NOUN 5 obl:unmarked
                Armenia Armenia PROPN 5 nsubj
                attacked attack VERB 0 root
                Azerbaijan Azerbaijan PROPN 5 obj
                . . PUNCT 5 punct";
    assert_eq!(summaries(rows), vec!["ASSAULT ARM>AZE"]);
}
