//! The `sitrep` command line.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use sitrep::batch::{self, BatchOptions, Mode};
use sitrep::Pipeline;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::{Document, Lang};
use sitrep_gazetteer::Gazetteer;
use sitrep_ingest::IngestOptions;
use std::io::{BufReader, IsTerminal, Read, Write};
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
    /// Measure extraction speed over a corpus (generated when none is given).
    Bench(BenchArgs),
    /// Measure sitrep against a reference data set.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
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
    #[command(flatten)]
    gaz: GazetteerArgs,
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

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("'{s}' is not a date in the form YYYY-MM-DD ({e})"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
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
    let data_dir = cli.data_dir.clone().or_else(default_data_dir);
    match cli.command {
        Command::Extract(args) => read_command(&args, data_dir.as_deref(), Mode::Extract),
        Command::Annotate(args) => read_command(&args, data_dir.as_deref(), Mode::Annotate),
        Command::Eval { command } => eval_command(command, data_dir.as_deref()),
        Command::Bench(args) => bench_command(&args, data_dir.as_deref(), cli.threads),
    }
}

/// `$XDG_DATA_HOME/sitrep`, else `~/.local/share/sitrep` (or the platform's equivalent).
fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("sitrep"))
}

fn load_pipeline(data_dir: Option<&Path>, gaz: &GazetteerArgs) -> Result<Pipeline> {
    let gazetteer =
        Gazetteer::load(data_dir, &gaz.gazetteer).context("cannot load the gazetteer")?;
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
    let ingest = IngestOptions::default();
    let docs: Vec<Result<Document, sitrep_ingest::IngestError>> = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        vec![sitrep_ingest::document_from_bytes("stdin", &bytes, &ingest)]
    } else {
        sitrep_ingest::read_path(file, &ingest)
    };
    let mut stdout = std::io::stdout().lock();
    let single = docs.len() == 1;
    let mut failures = 0usize;
    let mut missing_date = 0usize;
    for doc in docs {
        let mut doc = match doc {
            Ok(d) => d,
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
        let json = match mode {
            Mode::Extract => to_json(&pipeline.extract(&doc, opts.lang), single)?,
            Mode::Annotate => to_json(&pipeline.annotate(&doc, opts.lang), single)?,
        };
        writeln!(stdout, "{json}")?;
    }
    if missing_date > 0 {
        eprintln!(
            "sitrep: note: {missing_date} document(s) had no publication date, so relative dates (\"dimanche\", \"yesterday\") were left unresolved; give --published YYYY-MM-DD"
        );
    }
    if failures > 0 {
        eprintln!("sitrep: {failures} document(s) failed");
        if args.strict || single {
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One document prints as indented JSON; several print one per line (JSONL).
fn to_json<T: serde::Serialize>(value: &T, pretty: bool) -> Result<String> {
    Ok(if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    })
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
        EvalCommand::Acled { file, json, gaz } => {
            let pipeline = load_pipeline(data_dir, &gaz)?;
            let score = sitrep::eval_acled::run(&pipeline, &file)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&score)?);
            } else {
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

fn bench_command(
    args: &BenchArgs,
    data_dir: Option<&Path>,
    threads: Option<usize>,
) -> Result<ExitCode> {
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
    let pipeline =
        Pipeline::new(&lexicons, Arc::new(gazetteer)).context("cannot load the language data")?;
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
            sitrep::bench::generate(args.docs, lang, args.seed, &[]).map_err(anyhow::Error::msg)?
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
