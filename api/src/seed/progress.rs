//! A progress bar on stderr: rows done of the total, rate and time left. Redrawn in place on
//! a terminal (at most ten times a second); one line every five seconds otherwise.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Progress of a long job, drawn on stderr.
pub struct Progress {
    what: &'static str,
    total: u64,
    done: u64,
    started: Instant,
    drawn: Option<Instant>,
    terminal: bool,
    quiet: bool,
}

impl Progress {
    /// A bar for `total` units of `what` (e.g. "rows").
    pub fn new(what: &'static str, total: u64) -> Self {
        Progress {
            what,
            total: total.max(1),
            done: 0,
            started: Instant::now(),
            drawn: None,
            terminal: std::io::stderr().is_terminal(),
            quiet: false,
        }
    }

    /// A bar that draws nothing (for tests and libraries).
    pub fn hidden(total: u64) -> Self {
        Progress {
            quiet: true,
            ..Progress::new("rows", total)
        }
    }

    /// Units done so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// Time since the bar was created.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Counts `n` more units done, redrawing if it is time to.
    pub fn advance(&mut self, n: u64) {
        self.done = (self.done + n).min(self.total);
        let every = if self.terminal {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if self.drawn.is_none_or(|at| at.elapsed() >= every) {
            self.draw(false);
        }
    }

    /// Draws the final state and ends the line.
    pub fn finish(&mut self) {
        self.draw(true);
    }

    fn draw(&mut self, last: bool) {
        self.drawn = Some(Instant::now());
        if self.quiet {
            return;
        }
        let line = self.line();
        let mut err = std::io::stderr().lock();
        let _ = if self.terminal {
            write!(err, "\r{line}\x1b[K{}", if last { "\n" } else { "" })
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }

    /// The bar as text: `[#####.....]  42% 420,000/1,000,000 rows  52,311 rows/s  ETA 0:11`.
    pub fn line(&self) -> String {
        const WIDTH: u64 = 30;
        let filled = (self.done * WIDTH / self.total) as usize;
        let secs = self.started.elapsed().as_secs_f64().max(1e-6);
        let rate = self.done as f64 / secs;
        let eta = if self.done >= self.total {
            format!("done in {}", clock(secs))
        } else if rate > 0.0 {
            format!("ETA {}", clock((self.total - self.done) as f64 / rate))
        } else {
            "ETA --:--".into()
        };
        format!(
            "[{}{}] {:>3}% {}/{} {}  {} {}/s  {eta}",
            "#".repeat(filled),
            ".".repeat(WIDTH as usize - filled),
            self.done * 100 / self.total,
            grouped(self.done),
            grouped(self.total),
            self.what,
            grouped(rate as u64),
            self.what,
        )
    }
}

fn clock(secs: f64) -> String {
    let s = secs.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// 1234567 as "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn shows_done_of_total() {
        let mut bar = Progress::hidden(1_000);
        bar.advance(250);
        let line = bar.line();
        assert!(line.contains(" 25% 250/1,000 rows"), "{line}");
        assert!(line.contains("[#######......."), "{line}");
        bar.advance(5_000);
        assert_eq!(bar.done(), 1_000);
        assert!(bar.line().contains("done in"), "{}", bar.line());
    }
}
