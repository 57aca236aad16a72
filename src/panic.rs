//! Panics inside a request become an `INTERNAL` error with an error id, logged as one line
//! (message, location and the same id), never a backtrace per request and never a dropped
//! connection.
//!
//! [`Caught`] polls a future inside `catch_unwind`. While it polls, the panic hook installed
//! by [`install_hook`] keeps the panic's message and location for it instead of printing
//! them; panics elsewhere (start-up, tests) go to the previous hook as before.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::pin::Pin;
use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs the panic hook (once per process).
pub fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if CATCHING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let text = format!("{} at {location}", message(info.payload()));
                LAST.with(|last| *last.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

/// A panic caught while polling a request: its error id, also in the log line.
#[derive(Clone, Debug)]
pub struct Panicked {
    /// The id given to the client and written to the log.
    pub error_id: String,
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// A short id, unique within the process and unlikely to repeat across restarts.
fn error_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:016x}",
        nanos.rotate_left(17) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    )
}

/// A future whose panics are caught.
pub struct Caught<F> {
    inner: Pin<Box<F>>,
}

impl<F: Future> Caught<F> {
    /// Wraps `future`.
    pub fn new(future: F) -> Self {
        Caught {
            inner: Box::pin(future),
        }
    }
}

impl<F: Future> Future for Caught<F> {
    type Output = Result<F::Output, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outer = CATCHING.with(|c| c.replace(true));
        let polled = std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.as_mut().poll(cx)));
        CATCHING.with(|c| c.set(outer));
        match polled {
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                let id = error_id();
                let what = LAST
                    .with(|last| last.borrow_mut().take())
                    .unwrap_or_else(|| message(payload.as_ref()));
                tracing::error!(error_id = %id, panic = ?what, "a request panicked");
                Poll::Ready(Err(Panicked { error_id: id }))
            }
        }
    }
}
