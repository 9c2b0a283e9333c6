//! Progress on long runs: a spinner on a terminal, plain lines otherwise (CI logs, pipes),
//! nothing with `--quiet`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// How much the command line prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Progress, warnings and a summary.
    #[default]
    Normal,
    /// Also timings and what each step did.
    Verbose,
}

/// A running step, shown until [`Progress::finish`].
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Starts showing `message` (e.g. "Building /path/to/edition").
    pub fn start(message: &str, verbosity: Verbosity) -> Progress {
        if verbosity == Verbosity::Quiet {
            return Progress { bar: None };
        }
        if !std::io::stderr().is_terminal() {
            // Logs get one plain line instead of spinner frames.
            eprintln!("{message} ...");
            return Progress { bar: None };
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress { bar: Some(bar) }
    }

    /// Removes the spinner (the caller prints the outcome).
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Wall time of each phase of a run, for `--verbose` and for finding what to optimise.
#[derive(Debug, Clone)]
pub struct Stopwatch {
    last: std::time::Instant,
    phases: Vec<(&'static str, Duration)>,
    /// Peak resident memory (MiB) at the end of each phase, where the system tells it.
    peaks: Vec<Option<u64>>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch::new()
    }
}

impl Stopwatch {
    /// Starts timing the first phase.
    pub fn new() -> Stopwatch {
        Stopwatch {
            last: std::time::Instant::now(),
            phases: Vec::new(),
            peaks: Vec::new(),
        }
    }

    /// Ends the running phase under `name` and starts the next.
    pub fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.phases.push((name, now - self.last));
        self.peaks.push(peak_memory_mib());
        self.last = now;
    }

    /// Adds a phase timed elsewhere, without ending the running one.
    pub fn record(&mut self, name: &'static str, time: Duration) {
        self.phases.push((name, time));
        self.peaks.push(None);
    }

    /// Adds the phases of another stopwatch (a stage that timed its own steps).
    pub fn append(&mut self, other: &Stopwatch) {
        self.phases.extend_from_slice(&other.phases);
        self.peaks.extend_from_slice(&other.peaks);
        self.last = std::time::Instant::now();
    }

    /// The phases timed so far.
    pub fn phases(&self) -> &[(&'static str, Duration)] {
        &self.phases
    }

    /// `load 120 ms (peak 80 MiB), render 800 ms (peak 210 MiB), ...`: the peak is the
    /// process's highest resident memory so far, so the phase where it jumps is the one
    /// that holds the memory.
    pub fn report(&self) -> String {
        self.phases
            .iter()
            .zip(&self.peaks)
            .map(|((name, time), peak)| {
                let ms = time.as_secs_f64() * 1000.0;
                match peak {
                    Some(mib) => format!("{name} {ms:.0} ms (peak {mib} MiB)"),
                    None => format!("{name} {ms:.0} ms"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The process's peak resident memory so far in MiB (Linux `VmHWM`); `None` elsewhere.
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
