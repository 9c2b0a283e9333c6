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
            crate::tellln!("{message} ...");
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

/// Wall time of each phase of a run, with the CPU time it took and the peak memory after
/// it, for `--verbose` and for finding what to optimise.
#[derive(Debug, Clone)]
pub struct Stopwatch {
    last: std::time::Instant,
    /// The process's CPU time when the running phase started, where the system tells it.
    last_cpu: Option<Duration>,
    phases: Vec<(&'static str, Duration)>,
    /// What the system told at the end of each phase (nothing for a phase timed elsewhere).
    marks: Vec<PhaseMark>,
}

/// The CPU time of a phase and the peak memory at its end, where the system tells them.
#[derive(Debug, Clone, Copy, Default)]
struct PhaseMark {
    cpu: Option<Duration>,
    /// Peak resident memory (MiB) so far.
    peak: Option<u64>,
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
            last_cpu: process_cpu_time(),
            phases: Vec::new(),
            marks: Vec::new(),
        }
    }

    /// Ends the running phase under `name` and starts the next.
    pub fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        let cpu_now = process_cpu_time();
        self.phases.push((name, now - self.last));
        self.marks.push(PhaseMark {
            cpu: cpu_now
                .zip(self.last_cpu)
                .map(|(now, then)| now.saturating_sub(then)),
            peak: peak_memory_mib(),
        });
        self.last = now;
        self.last_cpu = cpu_now;
    }

    /// Adds a phase timed elsewhere, without ending the running one.
    pub fn record(&mut self, name: &'static str, time: Duration) {
        self.phases.push((name, time));
        self.marks.push(PhaseMark::default());
    }

    /// Adds the phases of another stopwatch (a stage that timed its own steps).
    pub fn append(&mut self, other: &Stopwatch) {
        self.phases.extend_from_slice(&other.phases);
        self.marks.extend_from_slice(&other.marks);
        self.last = std::time::Instant::now();
        self.last_cpu = process_cpu_time();
    }

    /// The phases timed so far.
    pub fn phases(&self) -> &[(&'static str, Duration)] {
        &self.phases
    }

    /// `load 120 ms (cpu 230 ms, peak 80 MiB), render 800 ms (cpu 1500 ms, peak 210 MiB),
    /// ...`: CPU time over wall time is how many cores the phase kept busy; the peak is the
    /// process's highest resident memory so far, so the phase where it jumps is the one
    /// that holds the memory.
    pub fn report(&self) -> String {
        self.phases
            .iter()
            .zip(&self.marks)
            .map(|((name, time), mark)| {
                let ms = time.as_secs_f64() * 1000.0;
                let mut notes = Vec::new();
                if let Some(cpu) = mark.cpu {
                    notes.push(format!("cpu {:.0} ms", cpu.as_secs_f64() * 1000.0));
                }
                if let Some(mib) = mark.peak {
                    notes.push(format!("peak {mib} MiB"));
                }
                if notes.is_empty() {
                    format!("{name} {ms:.0} ms")
                } else {
                    format!("{name} {ms:.0} ms ({})", notes.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The CPU time (user and system) of the whole process so far, from Linux's
/// `/proc/self/stat` (in clock ticks, taken as the usual 100 a second); `None` elsewhere.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces: the
    // 14th and 15th fields of the line are the 12th and 13th after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

/// The process's peak resident memory so far in MiB (Linux `VmHWM`); `None` elsewhere.
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
