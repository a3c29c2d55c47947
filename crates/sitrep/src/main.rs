//! The `sitrep` command line.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use sitrep::batch::{self, BatchOptions, Mode};
use sitrep::Pipeline;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::Lang;
use sitrep_gazetteer::Gazetteer;
use sitrep_ingest::IngestOptions;
use std::io::{BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Reads news reports about armed conflict (French and English) and prints structured, geolocated, source-attributed events"
)]
struct Cli {
    /// Where the imported gazetteer, lexicon overrides (lang/<code>/*.toml) and the default database live.
    #[arg(long, global = true, env = "SITREP_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Worker threads for batch work (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the report (events, places, dates, actors, claims) of a document, or of a JSONL batch.
    Extract(ReadArgs),
    /// Print every mention the recognisers found, with byte spans and resolved values.
    Annotate(ReadArgs),
    /// Extract documents and store them, their events and claims in a database, linking events into incidents.
    Ingest(IngestArgs),
    /// List the incidents of a database: table, JSON, JSONL, ACLED CSV or GeoJSON.
    Incidents(IncidentsArgs),
    /// Measure extraction speed over a corpus (generated when none is given).
    Bench(BenchArgs),
    /// Serve the incidents to a browser: a JSON API and a page with a map, a timeline and the claims side by side.
    Serve(ServeArgs),
    /// Poll news feeds until stopped: store each new item, raise alerts, optionally serve the live page.
    Watch(WatchArgs),
    /// List, add or remove the feeds of a feeds file, or show how each is doing.
    Feeds {
        #[command(subcommand)]
        command: FeedsCommand,
    },
    /// Measure sitrep against a reference data set.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Manage the gazetteer index in the data directory.
    Gazetteer {
        #[command(subcommand)]
        command: GazetteerCommand,
    },
    /// Inspect or upgrade a database: an SQLite file or a PostgreSQL URL.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Print the backend, the schema version and how many documents, events, claims and incidents it holds.
    Info {
        /// The database (default: sitrep.db in the data directory).
        #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
        db: Option<String>,
    },
    /// Create the schema, or upgrade it to this sitrep's version (ingest and serve do the same on their own).
    Migrate {
        /// The database (default: sitrep.db in the data directory).
        #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
        db: Option<String>,
    },
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Add GeoNames files (country dumps such as ML.txt, cities500.txt, admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt) to the index.
    Import {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// List the villages GeoNames lacks that ingested reports placed: name, point, precision, reports, first evidence.
    Learned {
        /// tsv (a table) or geojson (a FeatureCollection).
        #[arg(long, default_value = "tsv", value_parser = ["tsv", "geojson"])]
        format: String,
    },
    /// Remove every learned place with this name (GeoNames entries are never touched).
    Forget {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Code the `notes` of an ACLED export and score the main event against ACLED's coding.
    Acled {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Also list the rows that missed this field: line, ACLED's value, sitrep's, note.
        #[arg(long, value_enum, value_name = "FIELD")]
        misses: Option<sitrep::eval_acled::Field>,
        /// Instead, score learned places: the first SHARE of the notes (date order, 0 to 1) teach villages, the rest are placed without and with them.
        #[arg(long, value_name = "SHARE")]
        learn: Option<f64>,
        #[command(flatten)]
        gaz: GazetteerArgs,
    },
    /// Read real reports with hand-written gold (corpus/news-dev format) and score claims, claimants, places, dates and merging.
    News {
        #[arg(value_name = "FILE.jsonl")]
        file: PathBuf,
        /// Print the scores and every report's reading as JSON.
        #[arg(long)]
        json: bool,
        /// Also print one line per report and the clusters that split.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        gaz: GazetteerArgs,
    },
    /// Score the time expressions against French TimeBank files (.tml, with a creation time).
    Timebank {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Print the scores and every judged date as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// The incident database written by `sitrep ingest`: a file, or a PostgreSQL URL postgres://user@host:port/dbname (default: sitrep.db in the data directory). --incidents, when given, is served instead.
    #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
    db: Option<String>,
    /// Serve these incidents: the output of `sitrep incidents --format json`, or {"incidents": [...], "documents": [...]}.
    #[arg(long, value_name = "FILE.json")]
    incidents: Option<PathBuf>,
    /// Where to listen; port 0 picks a free port. Loopback by default: the API has no authentication.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Also answer requests addressed to this host name (repeatable): NAME or NAME:PORT, as in the browser's address bar, when the server is reached through a proxy or by a name of this machine. Requests naming any other host than the address it listens on (and localhost on loopback) are refused with 421, so that a web page cannot reach the API through a name of its own pointed at this machine (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<sitrep_serve::AllowedHost>,
    /// Extractions (POST /api/extract) run at once; more are answered 503 with Retry-After: 1 (default: one per core).
    #[arg(long, value_name = "N")]
    max_extractions: Option<usize>,
    #[command(flatten)]
    gaz: GazetteerArgs,
}

#[derive(Args)]
struct WatchArgs {
    /// The feeds file (TOML: [[feed]] url, interval; alert rules; see docs/watch.md).
    #[arg(long, value_name = "FILE", default_value = "feeds.toml")]
    feeds: PathBuf,
    /// The database: a file, or a PostgreSQL URL postgres://user@host:port/dbname (default: sitrep.db in the data directory).
    #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
    db: Option<String>,
    /// Also serve the page, the API and /metrics here (e.g. 127.0.0.1:8080): new incidents appear on open pages as they are stored.
    #[arg(long, value_name = "ADDR")]
    serve: Option<std::net::SocketAddr>,
    /// Threads fetching feeds and pages (requests to one host are limited by per_host in the feeds file).
    #[arg(long, default_value_t = 4, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=64))]
    workers: u32,
    /// Poll every feed this many times, then stop (default: until Ctrl-C or SIGTERM).
    #[arg(long, value_name = "N")]
    rounds: Option<u32>,
    /// Language of the reports: auto, fr or en (a feed's own `language` wins).
    #[arg(long, default_value = "auto", value_parser = parse_lang)]
    lang: LangChoice,
    /// Do not keep the villages the reports place (learned places).
    #[arg(long)]
    no_learn: bool,
    #[command(flatten)]
    gaz: GazetteerArgs,
}

#[derive(Subcommand)]
enum FeedsCommand {
    /// Print the feeds of the file: URL, interval, link selector, name.
    List {
        #[arg(long, value_name = "FILE", default_value = "feeds.toml")]
        feeds: PathBuf,
    },
    /// Add a feed (the file is made when absent; its comments and layout are kept).
    Add {
        /// The feed's URL (RSS, Atom, or an HTML index page with --links).
        url: String,
        #[arg(long, value_name = "FILE", default_value = "feeds.toml")]
        feeds: PathBuf,
        /// How often to poll it: 30s, 5m, 1h.
        #[arg(long, default_value = "5m")]
        interval: String,
        /// For an HTML index page: a CSS selector of its article links ("h2 a").
        #[arg(long, value_name = "SELECTOR")]
        links: Option<String>,
        /// The outlet's name, when the feed's title is not it.
        #[arg(long)]
        name: Option<String>,
    },
    /// Remove a feed (the items it gave stay stored; its polling state in the database is forgotten).
    Remove {
        url: String,
        #[arg(long, value_name = "FILE", default_value = "feeds.toml")]
        feeds: PathBuf,
        /// The database the watcher writes (default: sitrep.db in the data directory), whose state of the feed (backoff, validators) is forgotten.
        #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
        db: Option<String>,
    },
    /// How each feed is doing: last poll, status, failures, next poll, items, last error.
    Status {
        #[arg(long, value_name = "FILE", default_value = "feeds.toml")]
        feeds: PathBuf,
        /// The database the watcher writes (default: sitrep.db in the data directory).
        #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
        db: Option<String>,
    },
}

#[derive(Args)]
struct BenchArgs {
    /// A JSONL corpus ({"id", "text", ...} per line); without it a corpus is generated.
    #[arg(long, value_name = "FILE.jsonl")]
    corpus: Option<PathBuf>,
    /// How many documents to generate.
    #[arg(long, default_value_t = 5000)]
    docs: usize,
    /// Language of the generated corpus: fr, en or mixed.
    #[arg(long, default_value = "fr", value_parser = ["fr", "en", "mixed"])]
    lang: String,
    /// Seed of the generated corpus (the same seed gives the same corpus).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Write the generated corpus to this JSONL file and exit (to measure `ingest` on it).
    #[arg(long, value_name = "FILE.jsonl", conflicts_with = "corpus")]
    write_corpus: Option<PathBuf>,
    #[command(flatten)]
    gaz: GazetteerArgs,
}

#[derive(Args)]
struct IngestArgs {
    /// Text, HTML, RSS/Atom or JSONL files, or directories.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// The database: a file, or a PostgreSQL URL postgres://user@host:port/dbname (default: sitrep.db in the data directory).
    #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
    db: Option<String>,
    /// Documents per transaction: a killed ingest loses at most one batch.
    #[arg(long, default_value_t = 500, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    batch: u32,
    /// Days two events' dates may be apart and still be one incident (0 to 366).
    #[arg(long, default_value_t = 3, value_name = "DAYS",
          value_parser = clap::value_parser!(i32).range(0..=366))]
    link_days: i32,
    /// Kilometres two events' places may be apart and still be one incident (0 to 1000).
    #[arg(long, default_value_t = 30.0, value_name = "KM", value_parser = parse_km)]
    link_km: f64,
    /// Publication date (YYYY-MM-DD) for documents that do not give one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<Date>,
    /// Language of the documents: auto, fr or en.
    #[arg(long, default_value = "auto", value_parser = parse_lang)]
    lang: LangChoice,
    /// Exit non-zero when any document fails.
    #[arg(long)]
    strict: bool,
    /// Do not keep the villages the documents place (learned places, see `sitrep gazetteer learned`).
    #[arg(long)]
    no_learn: bool,
    #[command(flatten)]
    gaz: GazetteerArgs,
}

#[derive(Args)]
struct IncidentsArgs {
    /// The database: a file, or a PostgreSQL URL postgres://user@host:port/dbname (default: sitrep.db in the data directory).
    #[arg(long, value_name = "FILE|URL", env = "SITREP_DB")]
    db: Option<String>,
    /// ISO 3166 alpha-2 country code.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Incidents on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    since: Option<Date>,
    /// Incidents on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    until: Option<Date>,
    /// ACLED event type, e.g. "Battles".
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
    /// Skip this many incidents.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print at most this many incidents.
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long, default_value = "table", value_parser = ["table", "json", "jsonl", "acled-csv", "geojson"])]
    format: String,
}

#[derive(Args, Clone)]
struct GazetteerArgs {
    /// Also load this GeoNames dump (repeatable); admin and country files are recognised by name.
    #[arg(long = "gazetteer", value_name = "PATH")]
    gazetteer: Vec<PathBuf>,
}

#[derive(Args)]
struct ReadArgs {
    /// A text, HTML, RSS/Atom or JSONL file, a directory, or - for standard input.
    #[arg(
        value_name = "FILE",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    file: Option<PathBuf>,
    /// Batch mode: a JSONL file of {"id", "text", "published"?, "title"?, "url"?, "source"?, "language"?} lines.
    #[arg(long, value_name = "IN.jsonl")]
    input: Option<PathBuf>,
    /// Batch mode: where to write one JSON line per input document (default: standard output).
    #[arg(long, value_name = "OUT.jsonl", requires = "input")]
    output: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD) for documents that do not give one: the anchor for "dimanche", "yesterday"...
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<Date>,
    /// Language of the documents: auto, fr or en.
    #[arg(long, default_value = "auto", value_parser = parse_lang)]
    lang: LangChoice,
    /// Exit non-zero when any document or line fails.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    gaz: GazetteerArgs,
}

#[derive(Clone, Copy)]
struct LangChoice(Option<Lang>);

fn parse_lang(s: &str) -> Result<LangChoice, String> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(LangChoice(None));
    }
    s.parse::<Lang>()
        .map(|l| LangChoice(Some(l)))
        .map_err(|e| e.to_string())
}

/// A finite distance: `inf` would merge every incident into one, `nan` none.
fn parse_km(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(km) if km.is_finite() && (0.0..=1000.0).contains(&km) => Ok(km),
        Ok(_) => Err(format!("'{s}' is not a distance from 0 to 1000 km")),
        Err(_) => Err(format!("'{s}' is not a number of kilometres")),
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("'{s}' is not a date in the form YYYY-MM-DD ({e})"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // Output piped into `head` that closed early is not a failure.
        Err(e)
            if e.chain().any(|c| {
                let kind = c
                    .downcast_ref::<std::io::Error>()
                    .map(std::io::Error::kind)
                    .or_else(|| c.downcast_ref::<serde_json::Error>()?.io_error_kind());
                kind == Some(std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sitrep: error: {}", sitrep::say_once(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Some(n) = cli.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let data_dir = cli.data_dir.clone().or_else(sitrep::default_data_dir);
    match cli.command {
        Command::Extract(args) => read_command(&args, data_dir.as_deref(), Mode::Extract),
        Command::Annotate(args) => read_command(&args, data_dir.as_deref(), Mode::Annotate),
        Command::Eval { command } => eval_command(command, data_dir.as_deref()),
        Command::Ingest(args) => ingest_command(&args, data_dir.as_deref()),
        Command::Incidents(args) => incidents_command(&args, data_dir.as_deref()),
        Command::Bench(args) => bench_command(&args, data_dir.as_deref(), cli.threads),
        Command::Serve(args) => serve_command(&args, data_dir.as_deref()),
        Command::Watch(args) => watch_command(&args, data_dir.as_deref()),
        Command::Feeds { command } => feeds_command(command, data_dir.as_deref()),
        Command::Gazetteer { command } => gazetteer_command(command, data_dir.as_deref()),
        Command::Db { command } => db_command(command, data_dir.as_deref()),
    }
}

fn gazetteer_command(command: GazetteerCommand, data_dir: Option<&Path>) -> Result<ExitCode> {
    match command {
        GazetteerCommand::Import { files } => {
            let Some(dir) = data_dir else {
                bail!("no data directory: give --data-dir DIR or set SITREP_DATA_DIR");
            };
            let start = std::time::Instant::now();
            let summary = sitrep_gazetteer::import(dir, &files)
                .context("cannot import into the gazetteer")?;
            eprintln!(
                "sitrep: imported {summary} in {:.1} s",
                start.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Learned { format } => {
            let Some(dir) = data_dir else {
                bail!("no data directory: give --data-dir DIR or set SITREP_DATA_DIR");
            };
            let path = dir.join(sitrep_gazetteer::LEARNED_FILE);
            let places = sitrep_gazetteer::LearnedPlaces::load(&path)?;
            let out = std::io::stdout();
            let mut out = out.lock();
            if format == "geojson" {
                serde_json::to_writer_pretty(&mut out, &sitrep::learn::geojson(&places))?;
                writeln!(out)?;
            } else {
                sitrep::learn::write_table(&mut out, &places)?;
            }
            if places.is_empty() {
                eprintln!(
                    "sitrep: no learned places in {} yet: `sitrep ingest` learns villages GeoNames lacks from reports that place them",
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Forget { name } => {
            let Some(dir) = data_dir else {
                bail!("no data directory: give --data-dir DIR or set SITREP_DATA_DIR");
            };
            let path = dir.join(sitrep_gazetteer::LEARNED_FILE);
            let mut places = sitrep_gazetteer::LearnedPlaces::load(&path)?;
            let n = places.forget(&name);
            if n == 0 {
                eprintln!(
                    "sitrep: no learned place is named '{name}' (see `sitrep gazetteer learned`)"
                );
                return Ok(ExitCode::FAILURE);
            }
            places.save(&path)?;
            eprintln!("sitrep: forgot {n} learned place(s) named '{name}'");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_pipeline(data_dir: Option<&Path>, gaz: &GazetteerArgs) -> Result<Pipeline> {
    Pipeline::load(data_dir, &gaz.gazetteer)
}

/// [`load_pipeline`] with these learned places in place of the data
/// directory's.
fn pipeline_learning(
    data_dir: Option<&Path>,
    gaz: &GazetteerArgs,
    learned: sitrep_gazetteer::LearnedPlaces,
) -> Result<Pipeline> {
    let mut gazetteer =
        Gazetteer::load(data_dir, &gaz.gazetteer).context("cannot load the gazetteer")?;
    gazetteer.set_learned(learned);
    let lexicons = match data_dir {
        Some(d) => LexiconSource::with_override_dir(d),
        None => LexiconSource::embedded(),
    };
    Pipeline::new(&lexicons, Arc::new(gazetteer)).context("cannot load the language data")
}

fn read_command(args: &ReadArgs, data_dir: Option<&Path>, mode: Mode) -> Result<ExitCode> {
    let pipeline = load_pipeline(data_dir, &args.gaz)?;
    let opts = BatchOptions {
        lang: args.lang.0,
        published: args.published,
    };
    if let Some(input) = &args.input {
        return batch_command(
            &pipeline,
            input,
            args.output.as_deref(),
            mode,
            &opts,
            args.strict,
        );
    }
    let Some(file) = &args.file else {
        bail!("give a FILE, - for standard input, or --input IN.jsonl");
    };
    let ingest = ingest_options();
    let mut docs: sitrep_ingest::Documents = if file.as_os_str() == "-" {
        let doc = sitrep_ingest::read_bounded(std::io::stdin().lock(), "standard input", &ingest)
            .and_then(|bytes| sitrep_ingest::document_from_bytes("stdin", &bytes, &ingest));
        Box::new(std::iter::once(doc))
    } else {
        sitrep_ingest::read_path(file, &ingest)
    };
    // Documents are read one at a time; the first two tell whether to print one (indented)
    // or several (one per line).
    let head: Vec<_> = docs.by_ref().take(2).collect();
    let single = head.len() == 1;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut done, mut failures, mut skipped, mut missing_date) = (0usize, 0usize, 0usize, 0usize);
    for doc in head.into_iter().chain(docs) {
        let mut doc = match doc {
            Ok(d) => d,
            Err(e) if e.is_skipped() => {
                skipped += 1;
                continue;
            }
            Err(e) => {
                eprintln!("sitrep: {e}");
                failures += 1;
                continue;
            }
        };
        if doc.published.is_none() {
            doc.published = opts.published;
        }
        if doc.published.is_none() {
            missing_date += 1;
        }
        match mode {
            Mode::Extract => write_json(&mut stdout, &pipeline.extract(&doc, opts.lang), single)?,
            Mode::Annotate => write_json(&mut stdout, &pipeline.annotate(&doc, opts.lang), single)?,
        };
        done += 1;
    }
    stdout.flush()?;
    if skipped > 0 {
        eprintln!(
            "sitrep: note: skipped {skipped} file(s) of other kinds in the folder (sitrep reads {})",
            sitrep_ingest::kinds_read()
        );
    }
    if missing_date > 0 {
        eprintln!(
            "sitrep: note: {}",
            sitrep::ingest_cmd::undated_note(missing_date)
        );
    }
    if failures > 0 {
        eprintln!("sitrep: {failures} document(s) failed");
        if args.strict || single || done == 0 {
            return Ok(ExitCode::FAILURE);
        }
    }
    if done == 0 && failures == 0 {
        eprintln!("sitrep: {}: no document to read", file.display());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Reading limits, with warnings (deep HTML read without its main-content step) on stderr.
fn ingest_options() -> IngestOptions {
    IngestOptions {
        warnings: Some(std::sync::Arc::new(|w: String| {
            eprintln!("sitrep: warning: {w}")
        })),
        ..IngestOptions::default()
    }
}

/// One document prints as indented JSON; several print one per line (JSONL).
/// Written as it is serialised: the JSON of a long report is twice its text.
fn write_json<T: serde::Serialize>(out: &mut impl Write, value: &T, pretty: bool) -> Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}

fn batch_command(
    pipeline: &Pipeline,
    input: &Path,
    output: Option<&Path>,
    mode: Mode,
    opts: &BatchOptions,
    strict: bool,
) -> Result<ExitCode> {
    let file =
        std::fs::File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let name = input.display().to_string();
    let items = sitrep_ingest::jsonl_reader(BufReader::new(file), &name, &IngestOptions::default());
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} documents  {per_sec}  {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("{size} bytes"));
        Some(bar)
    } else {
        None
    };
    let progress = |done: usize| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    };
    let summary = match output {
        Some(path) => {
            let tmp = path.with_extension("jsonl.partial");
            let f = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
            let mut w = std::io::BufWriter::new(f);
            let s = batch::run(pipeline, items, &mut w, mode, opts, progress)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            drop(w);
            std::fs::rename(&tmp, path)
                .with_context(|| format!("cannot move {} to {}", tmp.display(), path.display()))?;
            s
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            batch::run(pipeline, items, &mut w, mode, opts, progress)
                .context("cannot write to standard output")?
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!("sitrep: {name}: {summary}");
    if strict && !summary.failed.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_command(command: EvalCommand, data_dir: Option<&Path>) -> Result<ExitCode> {
    match command {
        EvalCommand::Acled {
            file,
            json,
            misses,
            learn,
            gaz,
        } => {
            if let Some(share) = learn {
                if !(0.0..=1.0).contains(&share) {
                    bail!("--learn takes the share of notes that teach, from 0 to 1 (for example 0.5)");
                }
                // Neither side reads the data directory's learned places.
                let plain = pipeline_learning(data_dir, &gaz, Default::default())?;
                let (places, first) = sitrep::eval_acled::teach(&plain, &file, share)?;
                let taught = pipeline_learning(data_dir, &gaz, places.clone())?;
                let score = sitrep::eval_acled::score_learning(
                    &plain, &taught, &places, &file, share, first,
                )?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&score)?);
                } else {
                    print!("{score}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let pipeline = load_pipeline(data_dir, &gaz)?;
            let score = sitrep::eval_acled::run(&pipeline, &file, misses)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&score)?);
            } else {
                print!("{score}");
                for miss in &score.misses {
                    println!(
                        "miss\tline {}\t{}\t{}\t{}",
                        miss.line, miss.expected, miss.found, miss.notes
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::News {
            file,
            json,
            verbose,
            gaz,
        } => {
            let pipeline = load_pipeline(data_dir, &gaz)?;
            let scratch =
                std::env::temp_dir().join(format!("sitrep-eval-news-{}", std::process::id()));
            let score = sitrep::eval_news::run(&pipeline, &file, &scratch);
            let _ = std::fs::remove_dir_all(&scratch);
            let score = score?;
            if json {
                println!("{}", serde_json::to_string_pretty(&score)?);
            } else {
                if verbose {
                    print!("{}", score.verbose());
                }
                print!("{score}");
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Timebank { dir, json } => {
            let lexicons = match data_dir {
                Some(d) => LexiconSource::with_override_dir(d),
                None => LexiconSource::embedded(),
            };
            let score = sitrep::eval_timebank::run(&lexicons, &dir)?;
            let text = if json {
                serde_json::to_string_pretty(&score)? + "\n"
            } else {
                score.to_string()
            };
            // A closed pipe (`| head`) is not an error.
            match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                r => r?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn ingest_command(args: &IngestArgs, data_dir: Option<&Path>) -> Result<ExitCode> {
    let db = db_target(args.db.as_deref(), data_dir)?;
    let link = sitrep_link::LinkConfig {
        date_tolerance_days: args.link_days,
        radius_km: args.link_km,
    };
    let mut store = sitrep_store::Store::open_target(&db, link)?;
    let pipeline = load_pipeline(data_dir, &args.gaz)?;
    let opts = BatchOptions {
        lang: args.lang.0,
        published: args.published,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} documents  {per_sec}  {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut learner = open_learner(data_dir, args.no_learn)?;
    let report = sitrep::ingest_cmd::run_with(
        &pipeline,
        &mut store,
        &args.paths,
        &opts,
        &ingest_options(),
        args.batch as usize,
        learner.as_mut(),
        &mut |n| {
            if let Some(b) = &bar {
                b.set_position(n as u64);
            }
        },
    )?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!("sitrep: {db}: {report}");
    let read_any = report.stored.new + report.stored.duplicate > 0;
    if (args.strict || !read_any) && !report.failed.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    if !read_any {
        eprintln!("sitrep: no document was read from the paths given");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The database `--db` (or SITREP_DB) names, else `sitrep.db` in the data
/// directory.
fn db_target(db: Option<&str>, data_dir: Option<&Path>) -> Result<sitrep_store::DbTarget> {
    match sitrep::ingest_cmd::db_target(db, data_dir) {
        Some(t) => Ok(t),
        None => bail!("no database: give --db FILE, --db postgres://user@host:port/dbname (or SITREP_DB), or --data-dir DIR"),
    }
}

fn incidents_command(args: &IncidentsArgs, data_dir: Option<&Path>) -> Result<ExitCode> {
    let db = db_target(args.db.as_deref(), data_dir)?;
    sitrep::incidents_cmd::existing_db(&db)?;
    let store = sitrep_store::Store::open_target(&db, sitrep_link::LinkConfig::default())?;
    let query = sitrep_core::IncidentQuery {
        country: args.country.clone(),
        since: args.since,
        until: args.until,
        event_type: args.event_type.clone(),
        bbox: None,
        offset: args.offset,
        limit: args.limit,
    };
    let format: sitrep::incidents_cmd::Format = args.format.parse().map_err(anyhow::Error::msg)?;
    sitrep::incidents_cmd::run(&store, &query, format, std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

use sitrep::bench::BENCH_PLACES;

fn bench_command(
    args: &BenchArgs,
    data_dir: Option<&Path>,
    threads: Option<usize>,
) -> Result<ExitCode> {
    if let Some(out) = &args.write_corpus {
        let lang = match args.lang.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        };
        let gazetteer =
            Gazetteer::load(data_dir, &args.gaz.gazetteer).context("cannot load the gazetteer")?;
        let seeds = sitrep::bench::place_seeds(&gazetteer, BENCH_PLACES);
        let docs = sitrep::bench::generate(args.docs, lang, args.seed, &seeds)
            .map_err(anyhow::Error::msg)?;
        let f = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        let mut w = std::io::BufWriter::new(f);
        for d in &docs {
            serde_json::to_writer(&mut w, d)?;
            w.write_all(b"\n")?;
        }
        w.flush()
            .with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!(
            "sitrep: wrote {} documents to {}",
            docs.len(),
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1);
    let start = std::time::Instant::now();
    let gazetteer =
        Gazetteer::load(data_dir, &args.gaz.gazetteer).context("cannot load the gazetteer")?;
    let gazetteer_load = start.elapsed();
    let lexicons = match data_dir {
        Some(d) => LexiconSource::with_override_dir(d),
        None => LexiconSource::embedded(),
    };
    let gazetteer = Arc::new(gazetteer);
    let pipeline =
        Pipeline::new(&lexicons, gazetteer.clone()).context("cannot load the language data")?;
    let docs = match &args.corpus {
        Some(path) => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot open the corpus {}", path.display()))?;
            let name = path.display().to_string();
            let mut docs = Vec::new();
            let mut bad = 0usize;
            for (line, doc) in
                sitrep_ingest::jsonl_reader(BufReader::new(file), &name, &IngestOptions::default())
            {
                match doc {
                    Ok(d) => docs.push(d),
                    Err(e) => {
                        bad += 1;
                        if bad <= 5 {
                            eprintln!("sitrep: {name} line {line}: {e} (skipped)");
                        }
                    }
                }
            }
            if bad > 0 {
                eprintln!("sitrep: {bad} bad lines skipped in {name}");
            }
            docs
        }
        None => {
            let lang = match args.lang.as_str() {
                "fr" => Some(Lang::Fr),
                "en" => Some(Lang::En),
                _ => None,
            };
            let seeds = sitrep::bench::place_seeds(&gazetteer, BENCH_PLACES);
            sitrep::bench::generate(args.docs, lang, args.seed, &seeds)
                .map_err(anyhow::Error::msg)?
        }
    };
    if docs.is_empty() {
        bail!("the corpus has no documents to measure");
    }
    let mut report = sitrep::bench::run(&pipeline, &docs, threads).map_err(anyhow::Error::msg)?;
    report.gazetteer_load = Some(gazetteer_load);
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn db_command(command: DbCommand, data_dir: Option<&Path>) -> Result<ExitCode> {
    let (db, migrate) = match command {
        DbCommand::Info { db } => (db, false),
        DbCommand::Migrate { db } => (db, true),
    };
    let db = db_target(db.as_deref(), data_dir)?;
    let store = if migrate {
        sitrep_store::Store::open_target(&db, sitrep_link::LinkConfig::default())?
    } else {
        sitrep::incidents_cmd::existing_db(&db)?;
        sitrep_store::Store::open_target_read_only(&db)?
    };
    let info = store.info()?;
    let c = info.counts;
    println!("database        {}", info.name);
    println!("backend         {}", info.backend);
    println!("schema version  {}", info.schema_version);
    println!(
        "holds           {} documents ({} reprints), {} events, {} claims, {} incidents",
        c.documents, c.reprints, c.events, c.claims, c.incidents
    );
    Ok(ExitCode::SUCCESS)
}

fn serve_command(args: &ServeArgs, data_dir: Option<&Path>) -> Result<ExitCode> {
    let cores = sitrep_serve::default_concurrency();
    let (source, readers): (Arc<dyn sitrep_serve::IncidentSource>, usize) = match &args.incidents {
        Some(file) => (
            Arc::new(sitrep_serve::MemorySource::from_json_file(file)?),
            cores,
        ),
        None => {
            let Some(db) = sitrep::ingest_cmd::db_target(args.db.as_deref(), data_dir) else {
                bail!("give the incidents to serve: --db FILE or URL (from `sitrep ingest`) or --incidents FILE.json");
            };
            sitrep::incidents_cmd::existing_db(&db)?;
            // Opened for writing once, so that an older schema is upgraded
            // (the read-only connections that serve cannot).
            drop(
                sitrep_store::Store::open_target(&db, sitrep_link::LinkConfig::default())
                    .with_context(|| format!("cannot open the database {db}"))?,
            );
            // One connection per core: reads are CPU work once the pages
            // are cached.
            let pool = sitrep::serve_db::StoreSource::open(&db, cores)
                .with_context(|| format!("cannot open the database {db}"))?;
            let n = pool.connections();
            (Arc::new(pool), n)
        }
    };
    let pipeline = Arc::new(load_pipeline(data_dir, &args.gaz)?);
    let state = sitrep_serve::AppState::new(source, Some(extractor(pipeline)))
        .with_read_limit(readers)
        .with_extract_limit(args.max_extractions.unwrap_or(cores))
        .with_allowed_hosts(args.allow_host.iter().cloned());
    sitrep_serve::serve(args.addr, state, announce)?;
    Ok(ExitCode::SUCCESS)
}

/// The villages the documents teach, kept in the data directory for the
/// next runs (none with `--no-learn` or without a data directory).
fn open_learner(data_dir: Option<&Path>, no_learn: bool) -> Result<Option<sitrep::learn::Learner>> {
    match data_dir {
        Some(d) if !no_learn => {
            std::fs::create_dir_all(d)
                .with_context(|| format!("cannot create the data directory {}", d.display()))?;
            Ok(Some(
                sitrep::learn::Learner::open(d).context("cannot read the learned places")?,
            ))
        }
        _ => Ok(None),
    }
}

/// `POST /api/extract` runs this pipeline.
fn extractor(pipeline: Arc<Pipeline>) -> sitrep_serve::Extractor {
    Arc::new(move |req: sitrep_serve::ExtractRequest| Ok(pipeline.extract(&req.document, req.lang)))
}

/// Says where the server listens; the e2e script reads this line to find
/// the port it asked for with :0.
fn announce(bound: std::net::SocketAddr) {
    println!("sitrep: serving on http://{bound}/");
    let _ = std::io::stdout().flush();
}

fn watch_command(args: &WatchArgs, data_dir: Option<&Path>) -> Result<ExitCode> {
    let config = sitrep_watch::config::WatchConfig::load(&args.feeds)?;
    if config.feeds.is_empty() {
        bail!(
            "{}: no [[feed]] to watch; add one with `sitrep feeds add URL --feeds {}`",
            args.feeds.display(),
            args.feeds.display()
        );
    }
    let db = db_target(args.db.as_deref(), data_dir)?;
    let mut store = sitrep_store::Store::open_target(&db, sitrep_link::LinkConfig::default())
        .with_context(|| format!("cannot open the database {db}"))?;
    let pipeline = Arc::new(load_pipeline(data_dir, &args.gaz)?);
    let mut learner = open_learner(data_dir, args.no_learn)?;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || {
            if stop.swap(true, std::sync::atomic::Ordering::Relaxed) {
                // A second Ctrl-C does not wait for the batch.
                std::process::exit(130);
            }
            eprintln!("sitrep watch: stopping after the current batch (Ctrl-C again to quit now)");
        })
        .context("cannot catch Ctrl-C and SIGTERM")?;
    }
    let metrics = Arc::new(sitrep_watch::metrics::Metrics::default());
    if let Some(addr) = args.serve {
        let cores = sitrep_serve::default_concurrency();
        let pool = sitrep::serve_db::StoreSource::open(&db, cores)
            .with_context(|| format!("cannot open the database {db}"))?;
        let readers = pool.connections();
        let m = metrics.clone();
        let state = sitrep_serve::AppState::new(Arc::new(pool), Some(extractor(pipeline.clone())))
            .with_read_limit(readers)
            .with_metrics(move || m.render());
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = sitrep_serve::serve(addr, state, announce);
            let _ = ready_tx.send(r.map_err(|e| e.to_string()));
        });
        // A server that cannot listen fails the command at once.
        if let Ok(Err(e)) = ready_rx.recv_timeout(std::time::Duration::from_millis(500)) {
            bail!(e);
        }
    }
    let opts = sitrep::watch_cmd::WatchOptions {
        batch: BatchOptions {
            lang: args.lang.0,
            published: None,
        },
        workers: args.workers as usize,
        rounds: args.rounds,
        ..sitrep::watch_cmd::WatchOptions::default()
    };
    eprintln!(
        "sitrep watch: {} feed(s) from {} into {db}",
        config.feeds.len(),
        args.feeds.display()
    );
    let summary = sitrep::watch_cmd::run(
        &pipeline,
        &mut store,
        &config,
        &opts,
        learner.as_mut(),
        metrics,
        &stop,
        &mut |line| eprintln!("sitrep watch: {line}"),
    )?;
    eprintln!("sitrep watch: stopped: {summary}");
    Ok(ExitCode::SUCCESS)
}

fn feeds_command(command: FeedsCommand, data_dir: Option<&Path>) -> Result<ExitCode> {
    use sitrep_watch::config::WatchConfig;
    match command {
        FeedsCommand::List { feeds } => {
            let config = WatchConfig::load(&feeds)?;
            let mut out = std::io::stdout().lock();
            for f in &config.feeds {
                writeln!(
                    out,
                    "{}\tevery {}\t{}\t{}",
                    f.url,
                    human_duration(f.interval.as_secs()),
                    f.links
                        .as_deref()
                        .map_or("rss/atom".to_string(), |l| format!("links: {l}")),
                    f.name.as_deref().unwrap_or("")
                )?;
            }
        }
        FeedsCommand::Add {
            url,
            feeds,
            interval,
            links,
            name,
        } => {
            sitrep::watch_cmd::add_feed(
                &feeds,
                &url,
                Some(&interval),
                links.as_deref(),
                name.as_deref(),
            )
            .map_err(anyhow::Error::msg)?;
            eprintln!(
                "sitrep: {}: watching {url} every {interval}",
                feeds.display()
            );
        }
        FeedsCommand::Remove { url, feeds, db } => {
            if !sitrep::watch_cmd::remove_feed(&feeds, &url).map_err(anyhow::Error::msg)? {
                bail!(
                    "{}: no feed {url}; `sitrep feeds list` shows them",
                    feeds.display()
                );
            }
            eprintln!("sitrep: {}: no longer watching {url}", feeds.display());
            // A feed added again later starts afresh rather than resuming
            // an old backoff. No database yet means no state to forget.
            if let Some(db) = sitrep::ingest_cmd::db_target(db.as_deref(), data_dir) {
                if sitrep::incidents_cmd::existing_db(&db).is_ok() {
                    let mut store =
                        sitrep_store::Store::open_target(&db, sitrep_link::LinkConfig::default())?;
                    if store.forget_feed(&url)? {
                        eprintln!("sitrep: {db}: forgot the polling state of {url}");
                    }
                }
            }
        }
        FeedsCommand::Status { feeds, db } => {
            let config = WatchConfig::load(&feeds)?;
            let db = db_target(db.as_deref(), data_dir)?;
            sitrep::incidents_cmd::existing_db(&db)?;
            let store = sitrep_store::Store::open_target(&db, sitrep_link::LinkConfig::default())?;
            let states: std::collections::HashMap<String, sitrep_store::FeedState> = store
                .feed_states()?
                .into_iter()
                .map(|s| (s.url.clone(), s))
                .collect();
            let now = jiff::Timestamp::now().as_second();
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "feed\tlast poll\tstatus\tfailures\tnext poll\titems\tlast error"
            )?;
            for f in &config.feeds {
                let Some(s) = states.get(&f.url) else {
                    writeln!(out, "{}\tnever\t-\t0\tat start\t0\t", f.url)?;
                    continue;
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    f.url,
                    s.last_polled.map_or("never".into(), |t| format!(
                        "{} ago",
                        human_duration((now - t).max(0) as u64)
                    )),
                    s.last_status.map_or("-".into(), |c| c.to_string()),
                    s.failures,
                    if s.next_poll <= now {
                        "due".into()
                    } else {
                        format!("in {}", human_duration((s.next_poll - now) as u64))
                    },
                    s.items,
                    s.last_error.as_deref().unwrap_or("")
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "45s", "12m", "3h", "2d".
fn human_duration(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}
