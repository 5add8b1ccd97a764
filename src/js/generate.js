// Generated code, for the readers and finders that are faster written out per shape
// (object-shapes.js, front-objects.js). A page whose Content-Security-Policy lacks
// 'unsafe-eval' forbids `new Function`; both then fall back to their generic paths.

let allowed = true;

/** Whether `generate` can still succeed: false once the page has refused it. */
export function canGenerate() {
  return allowed;
}

/** `new Function(...params, body)`, or null where code generation is forbidden. */
export function generate(params, body) {
  if (!allowed) return null;
  try {
    return new Function(...params, body);
  } catch (e) {
    // Anything but an EvalError would be a bug in the generated text, and must show.
    if (!(e instanceof EvalError)) throw e;
    allowed = false;
    return null;
  }
}
