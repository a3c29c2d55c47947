use super::*;
use crate::text::{sentences, tokenize};

fn analyse(lang: Lang, text: &str) -> Vec<CueFound> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = CueRecognizer::new(lang, &src).expect("built-in cues data");
    let tokens = tokenize(text, &seg);
    let sents = sentences(text, &tokens, &seg);
    rec.analyse(text, &tokens, &sents)
}

/// (cue text, speaker text) of every cue.
fn cues(lang: Lang, text: &str) -> Vec<(String, Option<String>)> {
    analyse(lang, text)
        .iter()
        .map(|c| {
            let m = c.mention(text);
            let MentionValue::Cue(v) = m.value else {
                panic!("not a cue: {m:?}");
            };
            (m.text, v.speaker)
        })
        .collect()
}

fn pair(cue: &str, speaker: Option<&str>) -> (String, Option<String>) {
    (cue.to_string(), speaker.map(str::to_string))
}

#[test]
fn french_prepositions_take_the_phrase_after() {
    assert_eq!(
        cues(
            Lang::Fr,
            "Selon l'armée malienne, douze terroristes ont été neutralisés."
        ),
        [pair("Selon", Some("l'armée malienne"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Le bilan est de 8 morts, d’après des sources locales."
        ),
        [pair("d’après", Some("des sources locales"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Huit morts selon un élu local qui a requis l'anonymat."
        ),
        [pair("selon", Some("un élu local"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "L'attaque a fait 8 morts, a-t-on appris de source sécuritaire."
        ),
        [pair("de source", Some("source sécuritaire"))]
    );
    assert_eq!(
        cues(Lang::Fr, "Il y a eu des tirs, selon lui."),
        [pair("selon", None)]
    );
}

#[test]
fn french_subject_before_the_verb() {
    assert_eq!(
        cues(
            Lang::Fr,
            "L'armée malienne a affirmé, lundi, avoir visé des terroristes."
        ),
        [pair("a affirmé", Some("L'armée malienne"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Un habitant de la ville assure que les tirs ont duré deux heures."
        ),
        [pair("assure", Some("Un habitant de la ville"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Le gouverneur de la région a indiqué que le calme est revenu."
        ),
        [pair("a indiqué", Some("Le gouverneur de la région"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Le groupe revendique l'attaque et dénonce une provocation."
        ),
        [
            pair("revendique", Some("Le groupe")),
            pair("dénonce", Some("Le groupe"))
        ]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Il a déclaré que la situation était sous contrôle."
        ),
        [pair("a déclaré", None)]
    );
}

#[test]
fn french_subject_after_an_inverted_verb() {
    assert_eq!(
        cues(
            Lang::Fr,
            "« Nous avons perdu deux hommes », affirmaient, dimanche, les rebelles qui tiennent la ville."
        ),
        [pair("affirmaient", Some("les rebelles"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "« Le village est vide », poursuit leur porte-parole, Ahmed Ag Moussa, dans un communiqué."
        ),
        [pair("poursuit", Some("leur porte-parole, Ahmed Ag Moussa"))]
    );
    assert_eq!(
        cues(Lang::Fr, "Le calme est revenu, a précisé le préfet."),
        [pair("a précisé", Some("le préfet"))]
    );
}

#[test]
fn french_apposition_and_insert_before_the_verb() {
    assert_eq!(
        cues(
            Lang::Fr,
            "Le porte-parole du gouvernement, Issa Traoré, a annoncé un deuil national."
        ),
        [pair(
            "a annoncé",
            Some("Le porte-parole du gouvernement, Issa Traoré")
        )]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "L'état-major, dans un communiqué, a confirmé la perte de trois soldats."
        ),
        [pair("a confirmé", Some("L'état-major"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Les rebelles, qui tiennent la ville, ont affirmé avoir abattu un drone."
        ),
        [pair("ont affirmé", Some("Les rebelles"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Ce sont les rebelles qui ont affirmé avoir abattu un drone."
        ),
        [pair("ont affirmé", Some("les rebelles"))]
    );
}

#[test]
fn french_phrase_cues() {
    assert_eq!(
        cues(
            Lang::Fr,
            "Dans un communiqué de l'état-major, le bilan est de 3 morts."
        ),
        [pair("Dans un communiqué", Some("l'état-major"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Le bilan est de 3 morts, dans un communiqué publié lundi."
        ),
        [pair("dans un communiqué", None)]
    );
    // Beside a verb cue the phrase adds nothing.
    assert_eq!(
        cues(
            Lang::Fr,
            "L'armée a indiqué dans un communiqué que 3 soldats sont morts."
        ),
        [pair("a indiqué", Some("L'armée"))]
    );
}

#[test]
fn french_nouns_are_not_verbs() {
    assert!(cues(Lang::Fr, "L'annonce a surpris les habitants.").is_empty());
    assert!(cues(Lang::Fr, "Une date précise n'a pas été fixée.").is_empty());
}

#[test]
fn english_cues_and_speakers() {
    assert_eq!(
        cues(
            Lang::En,
            "According to local sources, 12 people were killed."
        ),
        [pair("According to", Some("local sources"))]
    );
    assert_eq!(
        cues(Lang::En, "The army said it had killed 20 militants."),
        [pair("said", Some("The army"))]
    );
    assert_eq!(
        cues(Lang::En, "\"We lost two men,\" said the army spokesman."),
        [pair("said", Some("the army spokesman"))]
    );
    assert_eq!(
        cues(
            Lang::En,
            "\"We lost two men,\" the army spokesman told reporters."
        ),
        [pair("told", Some("the army spokesman"))]
    );
    assert_eq!(
        cues(Lang::En, "The ministry has confirmed the attack."),
        [pair("has confirmed", Some("The ministry"))]
    );
    assert_eq!(
        cues(Lang::En, "The group claimed the attack in a statement."),
        [pair("claimed", Some("The group"))]
    );
    assert_eq!(
        cues(Lang::En, "He said the town was calm."),
        [pair("said", None)]
    );
    assert_eq!(
        cues(Lang::En, "Five soldiers were reported killed."),
        Vec::<(String, Option<String>)>::new()
    );
    assert_eq!(
        cues(
            Lang::En,
            "Three people died, the Red Cross announced on Monday."
        ),
        [pair("announced", Some("the Red Cross"))]
    );
}

#[test]
fn scope_is_the_quote_or_the_sentence() {
    let text = "« Le village est vide », affirme le maire. La route est coupée.";
    let found = analyse(Lang::Fr, text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].scope.text(text), "« Le village est vide »");

    let text = "Le maire affirme que la route est coupée. Tout est calme.";
    let found = analyse(Lang::Fr, text);
    assert_eq!(
        found[0].scope.text(text),
        "Le maire affirme que la route est coupée."
    );
}

#[test]
fn continuation_extends_the_previous_scope() {
    let text = "Le maire a affirmé que 3 civils sont morts. Le marché est fermé, ajoute-t-il.";
    let found = analyse(Lang::Fr, text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].scope, Span::new(0, text.len()));
    assert!(found[1].continues);
    assert_eq!(found[1].speaker, None);
}

#[test]
fn speaker_text_is_found_verbatim_in_the_text() {
    let text = "Selon l’armée, « 20 terroristes » ont été tués, a précisé le colonel Diarra.";
    for c in analyse(Lang::Fr, text) {
        if let Some(sp) = c.speaker {
            assert!(text.contains(sp.text(text)));
            assert!(!sp.text(text).is_empty());
        }
    }
}

#[test]
fn passive_cues_name_their_agent() {
    assert_eq!(
        cues(
            Lang::En,
            "Seven rebels were killed, as reported by the local press."
        ),
        [pair("reported", Some("the local press"))]
    );
    assert_eq!(
        cues(Lang::Fr, "Le bilan a été confirmé par la gendarmerie."),
        [pair("confirmé", Some("la gendarmerie"))]
    );
}

#[test]
fn what_was_reported_is_not_a_speaker() {
    assert_eq!(
        cues(Lang::En, "Rockets hit the town. No casualties reported."),
        [pair("reported", None)]
    );
    assert!(cues(Lang::En, "The police arrested alleged militants.").is_empty());
    assert_eq!(
        cues(
            Lang::En,
            "Students protested against what they say is a ban."
        ),
        [pair("say", None)]
    );
    assert!(cues(Lang::En, "Around 5 May (as reported), gunmen attacked.").is_empty());
}

#[test]
fn speaker_stops_at_a_full_stop_but_not_an_abbreviation() {
    assert_eq!(
        cues(
            Lang::En,
            "The army and rebels clashed, according to the AA."
        ),
        [pair("according to", Some("the AA"))]
    );
    assert_eq!(
        cues(Lang::Fr, "Le Col. Diarra a affirmé que le camp est tombé."),
        [pair("a affirmé", Some("Le Col. Diarra"))]
    );
}

#[test]
fn english_phrase_cue_and_odd_text() {
    assert_eq!(
        cues(
            Lang::En,
            "Five soldiers died, the ministry wrote in a statement."
        ),
        [pair("wrote", Some("the ministry"))]
    );
    assert_eq!(
        cues(
            Lang::En,
            "In a statement of the regional command, the toll rose."
        ),
        [pair("In a statement", Some("the regional command"))]
    );
    let text = "« , a affirmé , , selon » said , according to ; dans un communiqué de";
    for lang in [Lang::Fr, Lang::En] {
        for (i, _) in text.char_indices() {
            for c in analyse(lang, &text[..i]) {
                assert!(c.scope.end <= i && c.span.end <= i);
            }
        }
    }
}

#[test]
fn french_inversions_participles_and_adverbs() {
    assert_eq!(
        cues(
            Lang::Fr,
            "Le bâtiment venait d'être rénové, confirme André Kaufmann, adjoint au maire."
        ),
        [pair("confirme", Some("André Kaufmann"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "La salle était pleine confirme Hervé Mangin à notre journal."
        ),
        [pair("confirme", Some("Hervé Mangin"))]
    );
    assert_eq!(
        cues(Lang::Fr, "Les rebelles accusent Bamako d'avoir menti."),
        [pair("accusent", Some("Les rebelles"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Le calme est revenu, a indiqué jeudi la préfète de la région."
        ),
        [pair("a indiqué", Some("la préfète de la région"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Le ministère a démenti ces chiffres, indiquant que le bilan est faux."
        ),
        [
            pair("a démenti", Some("Le ministère")),
            pair("indiquant", Some("Le ministère"))
        ]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "L'armée a aussi indiqué que la route est rouverte."
        ),
        [pair("a aussi indiqué", Some("L'armée"))]
    );
    assert_eq!(
        cues(Lang::Fr, "Une école a été créée, a-t-on annoncé hier."),
        [pair("a-t-on annoncé", None)]
    );
    assert_eq!(
        cues(Lang::Fr, "Les Jeux offriront selon lui une trêve."),
        [pair("selon", None)]
    );
    assert_eq!(
        cues(Lang::Fr, "Hervé Mangin, le patron du camping, confirme."),
        [pair("confirme", Some("Hervé Mangin, le patron du camping"))]
    );
}

#[test]
fn english_name_after_the_verb_is_the_listener() {
    assert_eq!(
        cues(
            Lang::En,
            "A local official told Reuters that 5 people died."
        ),
        [pair("told", Some("A local official"))]
    );
    assert_eq!(
        cues(Lang::En, "Two witnesses said the gunmen fled."),
        [pair("said", Some("Two witnesses"))]
    );
}

#[test]
fn french_object_relatives_put_the_speaker_after_the_verb() {
    assert_eq!(
        cues(
            Lang::Fr,
            "C'est en tout cas ce qu'indique le rapport de la mission onusienne."
        ),
        [pair("indique", Some("le rapport de la mission onusienne"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Neuf villageois ont péri, comme l'a affirmé le maire de la commune."
        ),
        [pair("affirmé", Some("le maire de la commune"))]
    );
    assert_eq!(
        cues(
            Lang::Fr,
            "Voilà ce qu'a déclaré jeudi le porte-parole du gouvernement."
        ),
        [pair("a déclaré", Some("le porte-parole du gouvernement"))]
    );
    // A subject relative keeps its antecedent as the speaker.
    assert_eq!(
        cues(Lang::Fr, "Ce sont les habitants qui ont indiqué le bilan."),
        [pair("ont indiqué", Some("les habitants"))]
    );
}

#[test]
fn a_participle_clause_between_subject_and_verb_is_skipped() {
    for (text, cue, speaker) in [
        (
            "The governor while speaking to journalists said: \"Forty people died.\"",
            "said",
            "The governor",
        ),
        (
            "The police chief, speaking on local radio, said twelve people were killed.",
            "said",
            "The police chief",
        ),
        (
            "A nurse, when asked about the wounded, told reporters that nine had died.",
            "told",
            "A nurse",
        ),
    ] {
        let got = cues(Lang::En, text);
        assert!(got.contains(&pair(cue, Some(speaker))), "{text}: {got:?}");
    }
    for (text, cue, speaker) in [
        (
            "Le gouverneur, s'adressant à la presse, a déclaré que quarante paysans avaient été tués.",
            "a déclaré",
            "Le gouverneur",
        ),
        (
            "Le maire tout en appelant au calme a affirmé que sept personnes étaient mortes.",
            "a affirmé",
            "Le maire",
        ),
        (
            "Un responsable local, joignant l'AFP par téléphone, a indiqué que dix villageois avaient péri.",
            "a indiqué",
            "Un responsable local",
        ),
    ] {
        let got = cues(Lang::Fr, text);
        assert!(got.contains(&pair(cue, Some(speaker))), "{text}: {got:?}");
    }
    // A subject whose word only ends like a participle stays whole.
    assert_eq!(
        cues(Lang::En, "The king said nothing."),
        [pair("said", Some("The king"))]
    );
}
