// Whether this page's policy refuses `new Function`, asked from a script the page loaded.
export function evalRefused() {
  try {
    new Function("return 1");
    return false;
  } catch (e) {
    return e instanceof EvalError;
  }
}
