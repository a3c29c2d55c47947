//! Four `sitrep ingest` processes on one PostgreSQL database at once give
//! the incidents one process gives, and one process gives the same on
//! PostgreSQL as on an SQLite file. Needs a PostgreSQL server: skips with a
//! message when none answers, except under CI (`sitrep_store::scratch`).

use jiff::civil::Date;
use sitrep_core::Document;
use sitrep_store::scratch::ScratchDb;
use sitrep_store::{DbTarget, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WORKERS: usize = 4;

fn write_jsonl(path: &Path, docs: &[&Document]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create corpus"));
    for d in docs {
        serde_json::to_writer(&mut f, d).expect("json");
        f.write_all(b"\n").expect("write");
    }
}

fn ingest(data_dir: &Path, corpus: &Path, db: &str, threads: usize) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--data-dir")
        .arg(data_dir)
        .arg("--threads")
        .arg(threads.to_string())
        .arg("ingest")
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .arg("--batch")
        .arg("5");
    c
}

fn check(out: Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Each incident as what it is made of, whatever its id: its documents,
/// type, place, dates and figures; sorted.
fn incidents(db: &DbTarget) -> Vec<String> {
    let store = Store::open_target_read_only(db).expect("open to read");
    let mut out: Vec<String> = store
        .incidents(&Default::default())
        .expect("list")
        .incidents
        .iter()
        .map(|i| {
            let mut docs: Vec<&str> = i.documents.iter().map(|d| d.id.as_str()).collect();
            docs.sort();
            format!(
                "{docs:?} {} {:?} {:?} claims={} {:?}",
                i.event_type,
                i.location.as_ref().map(|l| &l.name),
                i.date.as_ref().map(|d| (d.start, d.end)),
                i.claims.len(),
                (i.fatalities.low, i.fatalities.best, i.fatalities.high)
            )
        })
        .collect();
    out.sort();
    out
}

/// Towns of the built-in gazetteer, each more than 30 km from the others.
const TOWNS: [&str; 12] = [
    "Djibo",
    "Kaya",
    "Ménaka",
    "Gao",
    "Mopti",
    "Tillabéri",
    "Diffa",
    "Maiduguri",
    "Kidal",
    "Ouahigouya",
    "Tahoua",
    "Agadez",
];

/// Incident `k`: an attack on a town of its own or ten days from any
/// other, told by four reports in French and English, each worded its own
/// way, published one or two days later and naming the day by its weekday.
fn incident_reports(k: usize) -> Vec<Document> {
    let town = TOWNS[k % TOWNS.len()];
    let day = Date::constant(2024, 1, 3)
        .checked_add(jiff::Span::new().days(10 * k as i64))
        .expect("date in range");
    let n = 5 + (k * 7) % 30;
    let fr_day = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ][day.weekday().to_monday_zero_offset() as usize];
    let en_day = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][day.weekday().to_monday_zero_offset() as usize];
    let texts = [
        (format!("Des hommes armés ont attaqué {fr_day} le village de {town}, tuant au moins {n} civils, selon des sources locales."), "fr"),
        (format!("Gunmen killed {n} civilians in an attack on {town} on {en_day}, local sources said."), "en"),
        (format!("Des assaillants ont tué {n} personnes {fr_day} à {town}, a indiqué un responsable local."), "fr"),
        (format!("At least {n} people were killed when armed men attacked {town} on {en_day}, a security source told reporters."), "en"),
    ];
    texts
        .into_iter()
        .enumerate()
        .map(|(j, (text, lang))| Document {
            id: format!("attack-{k:02}-{j}"),
            text,
            published: day
                .checked_add(jiff::Span::new().days(1 + (j % 2) as i64))
                .ok(),
            language: lang.parse().ok(),
            ..Document::default()
        })
        .collect()
}

#[test]
fn four_workers_give_the_incidents_of_one() {
    const INCIDENTS: usize = 60;
    let Some(single) = ScratchDb::create("single").unwrap_or_else(|e| panic!("{e}")) else {
        return;
    };
    let Some(shared) = ScratchDb::create("workers").unwrap_or_else(|e| panic!("{e}")) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let docs: Vec<Document> = (0..INCIDENTS).flat_map(incident_reports).collect();
    let all = dir.path().join("all.jsonl");
    write_jsonl(&all, &docs.iter().collect::<Vec<_>>());
    // Interleaved: worker w takes documents w, w+4, w+8..., so that the four
    // reports of each incident go to four workers, which store them at
    // about the same moment.
    let parts: Vec<PathBuf> = (0..WORKERS)
        .map(|w| {
            let p = dir.path().join(format!("part-{w}.jsonl"));
            let mine: Vec<_> = docs.iter().skip(w).step_by(WORKERS).collect();
            write_jsonl(&p, &mine);
            p
        })
        .collect();
    check(
        ingest(dir.path(), &all, single.url(), 4)
            .output()
            .expect("run"),
        "one process",
    );
    let children: Vec<_> = parts
        .iter()
        .map(|p| {
            ingest(dir.path(), p, shared.url(), 1)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn worker")
        })
        .collect();
    for (w, c) in children.into_iter().enumerate() {
        check(
            c.wait_with_output().expect("worker"),
            &format!("worker {w}"),
        );
    }

    let one = incidents(&single.target());
    let expected: Vec<String> = (0..INCIDENTS)
        .map(|k| {
            format!(
                "{:?}",
                (0..4)
                    .map(|j| format!("attack-{k:02}-{j}"))
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    let mut made_docs: Vec<String> = one
        .iter()
        .map(|i| i[..i.find("] ").map_or(i.len(), |e| e + 1)].to_string())
        .collect();
    made_docs.sort();
    assert_eq!(
        made_docs, expected,
        "one incident per attack, holding its four reports"
    );
    let four = incidents(&shared.target());
    let missing: Vec<_> = one.iter().filter(|i| !four.contains(i)).collect();
    let extra: Vec<_> = four.iter().filter(|i| !one.contains(i)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "one process and four differ:\nonly in one: {missing:#?}\nonly in four: {extra:#?}"
    );
}

/// The same reports in the same order make the same incidents on either
/// backend: a generated corpus dense enough that reports link across towns
/// and days, background mentions included.
#[test]
fn postgres_and_sqlite_make_the_same_incidents() {
    let Some(pg) = ScratchDb::create("parity").unwrap_or_else(|e| panic!("{e}")) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = sitrep::bench::generate(400, None, 11, &[]).expect("generated corpus");
    let all = dir.path().join("all.jsonl");
    write_jsonl(&all, &docs.iter().collect::<Vec<_>>());
    let lite = dir.path().join("one.db");
    check(
        ingest(dir.path(), &all, &lite.display().to_string(), 1)
            .output()
            .expect("run"),
        "SQLite",
    );
    check(
        ingest(dir.path(), &all, pg.url(), 1).output().expect("run"),
        "PostgreSQL",
    );
    let on_pg = incidents(&pg.target());
    assert!(
        on_pg.len() > 50,
        "a corpus of many incidents: {}",
        on_pg.len()
    );
    assert!(
        on_pg.iter().any(|i| i.contains("\", \"bench-")),
        "some incidents hold several reports"
    );
    assert_eq!(incidents(&DbTarget::File(lite)), on_pg);
}
