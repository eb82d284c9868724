//! The progress line of long `annotate` runs: documents, bytes and MB per
//! second, on stderr when it is a terminal (nothing otherwise).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    documents: u64,
    failed: u64,
    bytes: u64,
}

impl Progress {
    /// A bar over `total` bytes, or a spinner when the total is unknown;
    /// hidden unless `show` and stderr is a terminal.
    pub fn new(total: Option<u64>, show: bool) -> Self {
        let bar = if !show || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else if let Some(total) = total {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} eta {eta} {wide_msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        } else {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec} {wide_msg}",
            ) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        Progress {
            bar,
            started: Instant::now(),
            documents: 0,
            failed: 0,
            bytes: 0,
        }
    }

    /// One document done (`ok`) or failed, `bytes` of input read for it.
    pub fn document(&mut self, bytes: u64, ok: bool) {
        if ok {
            self.documents += 1;
        } else {
            self.failed += 1;
        }
        self.add_bytes(bytes);
        self.bar.set_message(if self.failed > 0 {
            format!("{} documents, {} failed", self.documents, self.failed)
        } else {
            format!("{} documents", self.documents)
        });
    }

    /// Input read between documents.
    pub fn add_bytes(&mut self, bytes: u64) {
        self.bytes += bytes;
        self.bar.inc(bytes);
    }

    /// An input that will not be read: out of the total.
    pub fn skip(&mut self, bytes: u64) {
        if let Some(len) = self.bar.length() {
            self.bar.set_length(len.saturating_sub(bytes));
        }
    }

    /// Prints a line above the bar.
    pub fn println(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Input bytes read for the documents so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}
