//! The `folio` command line: parses arguments and hands over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use folio::progress::{Progress, Verbosity};

// glibc's allocator took a quarter of a rebuild's samples (a build allocates many small
// strings on two threads); mimalloc's thread-local heaps make that a few percent.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Folio runs for well under a second on a rebuild. With transparent huge pages, the
/// kernel zeroes 2 MiB at the first touch of each stretch of the heap: when the machine had
/// idled a few seconds (and huge pages were free again), a 0.45 s text-edit rebuild of a
/// 10,000-document edition spent 0.35 s in the kernel; without them it took 0.28-0.40 s.
fn without_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; no memory is touched.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Folio: static site generator for digital editions of archival documents.
#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  folio init my-edition                 start a new edition\n  folio import content/sources/         transcripts -> content/documents/*.md\n  folio serve --open                    preview with live reload\n  folio check                           list every problem, write nothing\n  folio build --strict                  write public/, refusing unfinished work\n  folio cite 1961-09-30-chervonenko-deng-xiaoping --style mla"
)]
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: timings, and pages rebuilt by `serve`.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(
        after_help = "Examples:\n  folio build\n  folio build --base-url https://user.github.io/edition/ --strict\n  folio build --output /tmp/site --base-url http://localhost:8000/"
    )]
    /// Build the site into public/ (or --output); the old output stays if the build fails.
    Build {
        #[command(flatten)]
        edition: Edition,
        /// Publish under this URL instead of site.toml's base_url (e.g. https://user.github.io/edition/).
        #[arg(long)]
        base_url: Option<String>,
        /// Output folder, relative to the edition root.
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// Fail on any warning: documents and people still marked `review: true`, placeholder
        /// text left from `folio new`, an example base URL ...
        #[arg(long)]
        strict: bool,
    },
    #[command(
        after_help = "Examples:\n  folio check\n  folio check --format github    # annotations in a GitHub Actions run"
    )]
    /// Load and validate the whole edition without writing anything.
    Check {
        #[command(flatten)]
        edition: Edition,
        /// `human` (file:line:col, excerpt, hint), `json` (for scripts and CI), or `github`
        /// (annotations in GitHub Actions).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    #[command(after_help = "Examples:\n  folio serve --open\n  folio serve --port 8080")]
    /// Preview the site with live reload, rebuilding what each change affects.
    Serve {
        #[command(flatten)]
        edition: Edition,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; only this computer can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    #[command(
        after_help = "Example:\n  folio init my-edition && cd my-edition && folio serve --open"
    )]
    /// Create a new edition in DIR (settings, default theme, an example document and person).
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    #[command(
        after_help = "Examples:\n  folio new document 1961-09-30-chervonenko-deng-xiaoping\n  folio new person chen-yi"
    )]
    /// Create a new document or person file with every field present and explained.
    New {
        #[command(flatten)]
        edition: Edition,
        /// What to create.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its id: the file name without .md (letters, digits, `-` and `_`).
        id: String,
    },
    #[command(
        after_help = "Examples:\n  folio import content/sources/\n  folio import --dry-run content/sources/new.txt\n  folio import --force content/sources/doc.txt    # replace an edited document, keeping a backup"
    )]
    /// Import raw transcripts as annotated Markdown documents.
    Import {
        #[command(flatten)]
        edition: Edition,
        /// Transcript files, or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Folder for the documents, relative to the edition root.
        #[arg(long, default_value = "content/documents")]
        into: PathBuf,
        /// Overwrite documents an editor has changed (a backup is kept).
        #[arg(long)]
        force: bool,
        /// Show what would change without writing.
        #[arg(long)]
        dry_run: bool,
    },
    #[command(
        after_help = "Examples:\n  folio cite 1961-09-30-chervonenko-deng-xiaoping\n  folio cite 1961-09-30-chervonenko-deng-xiaoping --style bibtex > cite.bib"
    )]
    /// Print the citation of a document.
    Cite {
        #[command(flatten)]
        edition: Edition,
        /// The document id (its file name in content/documents without .md).
        id: String,
        /// chicago, mla, apa, bibtex, ris or csl-json; defaults to the edition's setting.
        #[arg(long)]
        style: Option<String>,
    },
}

/// Which edition a command works on.
#[derive(Debug, clap::Args)]
struct Edition {
    /// The edition folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Output formats of `folio check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

/// What `folio new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NewKind {
    Document,
    Person,
}

fn main() -> ExitCode {
    without_transparent_huge_pages();
    let cli = Cli::parse();
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let succeeded = match cli.command {
        Command::Build {
            edition,
            base_url,
            output,
            strict,
        } => {
            if let Some(url) = &base_url
                && let Err(why) = folio::config::check_base_url(url)
            {
                let problem = folio::diagnostics::Diagnostic::error(
                    "--base-url",
                    format!("the base URL `{}` given on the command line {why}", url.escape_debug()),
                )
                .with_hint(folio::config::BASE_URL_HINT);
                return finish(report(Err(problem.into())));
            }
            let options = folio::pipeline::BuildOptions {
                output,
                base_url,
                strict,
                ..folio::pipeline::BuildOptions::new(edition.root)
            };
            let progress = Progress::start(
                &format!("Building {}", options.root.display()),
                verbosity,
            );
            let result = folio::pipeline::build(&options);
            progress.finish();
            report(result.map(|summary| {
                if verbosity > Verbosity::Quiet {
                    folio::sayln!("{summary}");
                }
                if verbosity == Verbosity::Verbose {
                    match summary.full_build_because {
                        Some(because) => folio::sayln!("Whole site built: {because}."),
                        None => folio::sayln!("Only what the edited texts change was rebuilt."),
                    }
                    folio::sayln!("Phases: {}", summary.timings.report());
                }
            }))
        }
        Command::Check { edition, format } => {
            let progress = if format == Format::Human {
                Progress::start(&format!("Checking {}", edition.root.display()), verbosity)
            } else {
                Progress::start("", Verbosity::Quiet)
            };
            let result = folio::check::check(&edition.root);
            progress.finish();
            match format {
                Format::Human => report(result.map(|summary| {
                    if verbosity > Verbosity::Quiet {
                        folio::sayln!("{summary}");
                    }
                })),
                Format::Json | Format::Github => {
                    let (problems, ok) = match result {
                        Ok(summary) => (summary.warnings, true),
                        Err(problems) => (problems, false),
                    };
                    if format == Format::Json {
                        folio::sayln!("{:#}", problems.to_json());
                    } else {
                        for problem in problems.iter() {
                            folio::sayln!("{}", problem.to_github());
                        }
                    }
                    ok
                }
            }
        }
        Command::Serve {
            edition,
            port,
            interface,
            open,
        } => {
            let options = folio::serve::ServeOptions {
                root: edition.root,
                interface,
                port,
                open,
                verbose: verbosity == Verbosity::Verbose,
            };
            report(folio::serve::serve(&options))
        }
        Command::Init { dir } => report(folio::init::init(&dir).map(|files| {
            if verbosity > Verbosity::Quiet {
                for file in &files {
                    folio::sayln!("  created {}", dir.join(file).display());
                }
                folio::sayln!(
                    "New edition in {0}. Next: `folio serve --root {0}` to preview it, and read {0}/README.md.",
                    dir.display()
                );
            }
        })),
        Command::New { edition, kind, id } => {
            let kind = match kind {
                NewKind::Document => folio::init::NewKind::Document,
                NewKind::Person => folio::init::NewKind::Person,
            };
            report(
                folio::init::new_file(&edition.root, kind, &id).map(|path| {
                    if verbosity > Verbosity::Quiet {
                        folio::sayln!("Created {}: fill in the fields, then `folio check`.", path.display());
                    }
                }),
            )
        }
        Command::Import {
            edition,
            paths,
            into,
            force,
            dry_run,
        } => {
            let options = folio::import::ImportOptions {
                paths,
                into,
                force,
                dry_run,
            };
            let progress = Progress::start("Importing", verbosity);
            let outcome = folio::import::run(&edition.root, &options);
            progress.finish();
            folio::say!("{outcome}");
            !outcome.failed()
        }
        Command::Cite { edition, id, style } => report(
            folio::cite::cite_command(&edition.root, &id, style.as_deref())
                .map(|text| folio::sayln!("{text}")),
        ),
    };
    finish(succeeded)
}

/// The exit status: 0 when the command succeeded, 1 when not. A closed output stream does
/// not change it (see `folio::console`).
fn finish(succeeded: bool) -> ExitCode {
    if succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn report(result: Result<(), folio::diagnostics::Diagnostics>) -> bool {
    match result {
        Ok(()) => true,
        Err(problems) => {
            folio::tell!("{problems}");
            false
        }
    }
}
