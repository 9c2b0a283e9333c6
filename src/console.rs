//! Printing to the terminal without panicking. `println!` and `eprintln!` panic when the
//! stream is closed (`folio build 2>&1 | head -1`: `head` exits after one line, and the next
//! write fails with `BrokenPipe`; Rust ignores SIGPIPE, so the write returns the error).
//! [`say!`](crate::say) and [`tell!`](crate::tell) write through a locked handle instead;
//! once a stream is closed, nothing more is written to it and the command goes on to its
//! end, exiting with its own status: 0 when it succeeded, 1 when it failed. (Dying of
//! SIGPIPE, status 141, would fail a `set -o pipefail` CI step for a build that worked just
//! because the reader wanted one line; a failed build still exits 1.)

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to standard output; see the module.
pub fn out(args: std::fmt::Arguments<'_>) {
    write_to(&mut std::io::stdout().lock(), &STDOUT_CLOSED, args);
}

/// Writes to standard error; see the module.
pub fn err(args: std::fmt::Arguments<'_>) {
    write_to(&mut std::io::stderr().lock(), &STDERR_CLOSED, args);
}

/// True once standard output was found closed.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

fn write_to(stream: &mut dyn Write, closed: &AtomicBool, args: std::fmt::Arguments<'_>) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let written = stream.write_fmt(args).and_then(|()| stream.flush());
    // A closed stream ends the output quietly. Any other failure to print (a full disk
    // behind a redirection) cannot be reported either: the stream is what failed.
    if written.is_err() {
        closed.store(true, Ordering::Relaxed);
    }
}

/// `print!` that never panics (see [`crate::console`]).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::console::out(format_args!($($arg)*)) };
}

/// `println!` that never panics (see [`crate::console`]).
#[macro_export]
macro_rules! sayln {
    () => { $crate::console::out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::console::out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` that never panics (see [`crate::console`]).
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => { $crate::console::err(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics (see [`crate::console`]).
#[macro_export]
macro_rules! tellln {
    () => { $crate::console::err(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::console::err(format_args!("{}\n", format_args!($($arg)*))) };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_stream_ends_the_output_quietly() {
        let closed = AtomicBool::new(false);
        write_to(&mut Closed, &closed, format_args!("one"));
        assert!(closed.load(Ordering::Relaxed));
        write_to(&mut Closed, &closed, format_args!("two"));
    }
}
