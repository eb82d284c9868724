//! Parallel work over a stream, results in input order, bounded memory.
//!
//! [`run`] pulls items from a source on a reader thread, hands each to a
//! rayon pool, and gives the results to a sink on the calling thread in the
//! order the items came. At most `window` items are between the source and
//! the sink at any time (queued, being worked on, or finished and waiting
//! for an earlier one), so memory does not grow with the length of the
//! stream, however slow one item is.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::mpsc;

/// Runs `work` over every item of `source` on `pool`, and `sink` over the
/// results in source order. `sink` returning `Break` stops the reading
/// (items already started still finish, their results are dropped).
pub fn run<S, T, R, W, K>(pool: &rayon::ThreadPool, window: usize, source: S, work: W, mut sink: K)
where
    S: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    K: FnMut(R) -> ControlFlow<()>,
{
    let window = window.max(1);
    let (done_tx, done_rx) = mpsc::channel::<(u64, R)>();
    // One permit per item in flight: the reader takes one before it starts
    // an item, the sink gives it back once the item's result is consumed.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // Cannot fail: the receiver is alive and the channel has room.
        let _ = permit_tx.send(());
    }
    let work = &work;
    std::thread::scope(|threads| {
        threads.spawn(move || {
            pool.in_place_scope(|scope| {
                for (seq, item) in (0u64..).zip(source) {
                    if permit_rx.recv().is_err() {
                        break; // the sink stopped
                    }
                    let done_tx = done_tx.clone();
                    scope.spawn(move |_| {
                        let _ = done_tx.send((seq, work(item)));
                    });
                }
            });
            drop(done_tx);
        });
        let mut pending: BTreeMap<u64, R> = BTreeMap::new();
        let mut next = 0u64;
        let mut permits = Some(permit_tx);
        for (seq, result) in done_rx {
            if permits.is_none() {
                continue; // stopped: drain
            }
            pending.insert(seq, result);
            while let Some(result) = pending.remove(&next) {
                next += 1;
                if sink(result).is_break() {
                    permits = None; // the reader sees the channel closed
                    pending.clear();
                    break;
                }
                if let Some(tx) = &permits {
                    let _ = tx.send(());
                }
            }
        }
    });
}

/// A pool of `jobs` threads (all cores for `None` or 0).
pub fn pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .thread_name(|i| format!("briefing-worker-{i}"))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the worker threads: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn results_come_in_input_order() {
        let pool = pool(Some(4)).expect("pool");
        let mut out = Vec::new();
        run(
            &pool,
            8,
            0..200u64,
            |i| {
                // Later items finish first.
                std::thread::sleep(Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| {
                out.push(r);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(out, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn items_in_flight_stay_within_the_window() {
        let pool = pool(Some(4)).expect("pool");
        let read = AtomicUsize::new(0);
        let mut consumed = 0usize;
        let mut most = 0usize;
        let source = (0..300usize).inspect(|_| {
            read.fetch_add(1, Ordering::SeqCst);
        });
        run(
            &pool,
            5,
            source,
            |i| {
                if i % 50 == 0 {
                    // A slow item holds back the ones after it.
                    std::thread::sleep(Duration::from_millis(20));
                }
                i
            },
            |i| {
                assert_eq!(i, consumed);
                consumed += 1;
                // Read but not yet consumed, this one included.
                most = most.max(read.load(Ordering::SeqCst) - consumed + 1);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(consumed, 300);
        // The reader may have pulled one more item and be waiting for its
        // permit.
        assert!(most <= 5 + 1, "{most} items in flight with a window of 5");
    }

    #[test]
    fn a_stopping_sink_stops_the_reading() {
        let pool = pool(Some(2)).expect("pool");
        let read = AtomicUsize::new(0);
        let source = (0..1_000_000usize).inspect(|_| {
            read.fetch_add(1, Ordering::SeqCst);
        });
        let mut seen = 0;
        run(
            &pool,
            4,
            source,
            |i| i,
            |_| {
                seen += 1;
                if seen == 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 10);
        assert!(read.load(Ordering::SeqCst) < 100);
    }
}
