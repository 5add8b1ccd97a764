// A Date the test moves: the package's clock follows a Date.now() that runs ahead of
// performance.now(), as it follows a test's fake timers or a machine woken from sleep.

/**
 * Runs `body(advance)` with Date.now() moved on by what each `advance(ms)` adds, and puts
 * the real Date.now back when `body` returns, or for an async body once it settles.
 */
export function withMovedDate(body) {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  let result;
  try {
    result = body((ms) => (offset += ms));
  } catch (e) {
    Date.now = realNow;
    throw e;
  }
  if (typeof result?.then !== "function") {
    Date.now = realNow;
    return result;
  }
  return result.finally(() => {
    Date.now = realNow;
  });
}
