//! Whole-pipeline checks of assembly rules, on sentences written for these
//! tests, with the built-in gazetteer.

use sitrep_core::{Event, Report};

mod common;
use common::extract;

fn main_event(r: &Report) -> &Event {
    r.events
        .iter()
        .find(|e| !e.background)
        .unwrap_or_else(|| panic!("no main event in {r:#?}"))
}

fn actor1(e: &Event) -> Option<&str> {
    e.actors
        .iter()
        .find(|a| a.role == "actor1")
        .map(|a| a.name.as_str())
}

#[test]
fn people_who_protest_are_protesters() {
    let r = extract(
        "Des centaines d'étudiants ont manifesté lundi à Ouagadougou contre la hausse des prix.",
        "2023-05-10",
    );
    let e = main_event(&r);
    assert_eq!(e.event_type, "Protests");
    assert_eq!(actor1(e), Some("Protesters (Burkina Faso)"));
    let r = extract(
        "Hundreds of traders rioted in Niamey on Tuesday, burning tyres and looting shops.",
        "2023-05-10",
    );
    let e = main_event(&r);
    assert_eq!(e.event_type, "Riots");
    assert_eq!(actor1(e), Some("Rioters (Niger)"));
}

#[test]
fn an_opening_date_frames_the_main_clause() {
    let r = extract(
        "On 22 May 2023, gunmen killed a herder abducted on 10 May near Djibo, in northern Burkina Faso.",
        "2023-05-24",
    );
    let e = main_event(&r);
    let d = e.date.as_ref().expect("a date");
    assert_eq!(d.start.to_string(), "2023-05-22");
}

#[test]
fn the_opening_date_dates_the_event_over_dates_inside_the_sentence() {
    // The day, not the start of the month of fasting nearer the trigger.
    let r = extract(
        "On 4 April 2024, at the start of Ramadan, gunmen killed five traders near Djibo, Burkina Faso.",
        "2024-04-06",
    );
    let e = main_event(&r);
    let d = e.date.as_ref().expect("a date");
    assert_eq!(d.start.to_string(), "2024-04-04");
    assert_eq!(d.time_precision, 1);
    // Last week, not the day of a relative clause.
    let r = extract(
        "Last week, militants who were freed on 20 August killed 5 soldiers near Djibo, Burkina Faso.",
        "2024-08-28",
    );
    let d = main_event(&r).date.clone().expect("a date");
    assert_eq!(d.start.to_string(), "2024-08-19");
    // Without an opening date, the nearest: "last week", not the day the
    // governor spoke.
    let r = extract(
        "Gunmen killed 12 villagers near Djibo, Burkina Faso, last week, the governor said on Monday.",
        "2024-08-28",
    );
    let d = main_event(&r).date.clone().expect("a date");
    assert_eq!(d.start.to_string(), "2024-08-19");
}

#[test]
fn an_earlier_event_recalled_is_background() {
    let r = extract(
        "Gunmen attacked a village near Ouallam, Niger, on Sunday, killing 9 villagers. \
         The raid came two weeks after an air strike near Ménaka, in neighbouring Mali, \
         which killed 6 civilians according to residents.",
        "2023-05-16",
    );
    let main = main_event(&r);
    assert_eq!(
        main.date.as_ref().map(|d| d.start.to_string()).as_deref(),
        Some("2023-05-14")
    );
    let recalled = r
        .events
        .iter()
        .find(|e| e.sub_event_type == "Air/drone strike")
        .unwrap_or_else(|| panic!("no air strike in {r:#?}"));
    assert!(recalled.background, "{recalled:#?}");
    assert_eq!(
        recalled
            .date
            .as_ref()
            .map(|d| d.start.to_string())
            .as_deref(),
        Some("2023-04-30")
    );
}

#[test]
fn an_air_strike_with_no_named_doer_is_the_state_s() {
    let r = extract(
        "Une frappe de drone a tué cinq personnes mardi près de Gao, dans le nord du Mali.",
        "2023-05-10",
    );
    let e = main_event(&r);
    assert_eq!(e.sub_event_type, "Air/drone strike");
    assert_eq!(actor1(e), Some("Military Forces of Mali"));
}

#[test]
fn a_dateline_does_not_date_the_event() {
    // The lead has no day; the copy's stamp is the publication day; the
    // event's day comes in the next paragraph.
    for (text, day) in [
        (
            "Douze soldats ont été tués dans une nouvelle attaque dans le nord du pays. 07.03.2024, Agence Sahel\n\n\"Douze militaires ont perdu la vie\" mardi, indique l'état-major dans un communiqué.",
            "2024-03-05",
        ),
        (
            "Twelve soldiers were killed in a fresh attack in the north of the country.\n7 March 2024, Sahel Wire\n\nThe twelve men died on Tuesday near Djibo, the army said in a statement.",
            "2024-03-05",
        ),
    ] {
        let r = extract(text, "2024-03-07");
        let e = main_event(&r);
        let d = e.date.as_ref().expect("a date");
        assert_eq!(d.start.to_string(), day, "{text}: {:#?}", r.events);
        assert_eq!(r.events.iter().filter(|e| !e.background).count(), 1, "{text}");
    }
    // A date in a sentence that tells the event is the event's, even on
    // the day of publication.
    let r = extract(
        "On 7 March 2024, gunmen killed five traders near Djibo.",
        "2024-03-07",
    );
    let d = main_event(&r).date.as_ref().expect("a date");
    assert_eq!(d.start.to_string(), "2024-03-07");
}

#[test]
fn the_day_of_a_date_is_no_figure() {
    for text in [
        "A French airstrike near Djibo on Sunday, Jan. 3 killed 19 civilians.",
        "On May 3 gunmen killed 19 villagers near Djibo.",
        "Near Djibo, an airstrike on 3 January killed 19 civilians.",
    ] {
        let r = extract(text, "2021-01-05");
        let figures: Vec<u32> = r
            .events
            .iter()
            .flat_map(|e| &e.claims)
            .filter_map(|c| c.killed.as_ref().and_then(|k| k.value))
            .collect();
        assert_eq!(figures, [19], "{text}: {:#?}", r.events);
    }
}
