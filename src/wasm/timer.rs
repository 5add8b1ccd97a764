//! The registry's one timer, armed for the earliest deadline only (never one per entry:
//! per-entry timers are what makes memoizee and lru-cache slow at 100k entries and keep
//! Node alive). Hand-written over `setTimeout` instead of gloo-timers because Node needs
//! the timer's handle to `unref` it, which gloo's `Timeout` keeps private, and because one
//! persistent closure serves every arming instead of a `Closure::once` each time.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
    /// Monotonic milliseconds; `Instant::now()` traps on wasm32-unknown-unknown.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn performance_now() -> f64;
}

/// setTimeout's delay is a signed 32-bit count of ms: longer waits fire at once. A far
/// deadline is reached in steps of at most this.
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

struct Armed {
    deadline: f64,
    handle: JsValue,
}

struct Timer {
    armed: Option<Armed>,
    handler: Closure<dyn FnMut()>,
}

thread_local! {
    static TIMER: RefCell<Option<Timer>> = const { RefCell::new(None) };
}

/// Makes the timer fire at `next` (or not at all for `None`); a no-op when it already
/// does. `on_fire` runs when it fires; it is installed once, on the first arming.
pub fn arm(next: Option<f64>, on_fire: fn()) {
    TIMER.with(|t| {
        let mut t = t.borrow_mut();
        let timer = t.get_or_insert_with(|| Timer { armed: None, handler: Closure::new(on_fire) });
        if timer.armed.as_ref().map(|a| a.deadline) == next {
            return;
        }
        if let Some(old) = timer.armed.take() {
            clear_timeout(&old.handle);
        }
        if let Some(deadline) = next {
            let delay = (deadline - performance_now()).ceil().clamp(0.0, MAX_DELAY_MS);
            let handle = set_timeout(timer.handler.as_ref().unchecked_ref(), delay);
            unref(&handle);
            timer.armed = Some(Armed { deadline, handle });
        }
    })
}

/// Called first thing when the timer fires: it is no longer armed.
pub fn disarmed() {
    TIMER.with(|t| {
        if let Some(timer) = t.borrow_mut().as_mut() {
            timer.armed = None;
        }
    })
}

/// Node: a pending expiry must not keep the process alive. Browsers return a number.
fn unref(handle: &JsValue) {
    if !handle.is_object() {
        return;
    }
    if let Ok(f) = js_sys::Reflect::get(handle, &JsValue::from_str("unref")) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(handle);
        }
    }
}
