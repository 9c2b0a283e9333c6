//! The `folio` command line: parses arguments and hands over to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Folio: static site generator for digital editions of archival documents.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
struct Cli {
    /// The edition folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into public/ (or --output); the old output stays if the build fails.
    Build {
        /// Publish under this URL instead of site.toml's base_url (e.g. https://user.github.io/edition/).
        #[arg(long)]
        base_url: Option<String>,
        /// Output folder, relative to the edition root.
        #[arg(long, default_value = "public")]
        output: PathBuf,
    },
    /// Load and validate the whole edition without writing anything.
    Check,
    /// Import raw transcripts as annotated Markdown documents.
    Import {
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
    /// Print the citation of a document.
    Cite {
        /// The document id (its file name in content/documents without .md).
        id: String,
        /// chicago, mla, apa, bibtex, ris or csl-json; defaults to the edition's setting.
        #[arg(long)]
        style: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let succeeded = match cli.command {
        Command::Build { base_url, output } => {
            let options = folio::build::BuildOptions {
                root: cli.root,
                output,
                base_url,
            };
            report(folio::build::build(&options).map(|summary| println!("{summary}")))
        }
        Command::Check => {
            report(folio::build::check(&cli.root).map(|summary| println!("{summary}")))
        }
        Command::Import {
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
            let outcome = folio::import::run(&cli.root, &options);
            print!("{outcome}");
            !outcome.failed()
        }
        Command::Cite { id, style } => report(
            folio::cite::cite_command(&cli.root, &id, style.as_deref())
                .map(|text| println!("{text}")),
        ),
    };
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
            eprint!("{problems}");
            false
        }
    }
}
