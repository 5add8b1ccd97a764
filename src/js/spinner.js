// The spinner shown while an async computation runs: one line per computation, in a small
// fixed overlay or in the page's own container. Styled by CSS classes and custom
// properties (--cache-resource-spinner-*), in a stylesheet of zero specificity (:where) so
// any page rule wins. Where there is no DOM (Node, workers) it does nothing.

const STYLE_ID = "cache-resource-spinner-style";
// Written minified, split only between lines of source: a bundler keeps a string's text
// as it is, and the whitespace of a readable stylesheet cost 46 bytes of the gzipped bundle.
const CSS =
  ":where(.cache-resource-spinners){position:fixed;right:1rem;bottom:1rem;z-index:2147483000;" +
  "display:flex;flex-direction:column;gap:.4rem;max-width:min(28rem,90vw)}" +
  ":where(.cache-resource-spinner){display:flex;align-items:center;gap:.5rem;padding:.45rem .7rem;" +
  "font:var(--cache-resource-spinner-font,14px/1.3 system-ui,sans-serif);" +
  "color:var(--cache-resource-spinner-color,#262730);" +
  "background:var(--cache-resource-spinner-background,#fff);" +
  "border:1px solid var(--cache-resource-spinner-border,#e6e6ea);border-radius:.5rem;" +
  "box-shadow:0 2px 8px #0002}" +
  ":where(.cache-resource-spinner__icon){flex:none;width:var(--cache-resource-spinner-size,1em);" +
  "height:var(--cache-resource-spinner-size,1em);border:2px solid currentColor;" +
  "border-right-color:#0000;border-radius:50%;animation:cache-resource-spin .8s linear infinite}" +
  ":where(.cache-resource-spinner__time){opacity:.7;font-variant-numeric:tabular-nums}" +
  "@keyframes cache-resource-spin{to{transform:rotate(1turn)}}" +
  "@media (prefers-reduced-motion:reduce){:where(.cache-resource-spinner__icon){animation:none}}";

const NONE = { done() {} };
let overlay = null;

/** Whether spinner elements can be shown here. */
const hasDom = typeof document !== "undefined" && typeof document.createElement === "function";

/**
 * Shows one spinner line with `text` (backquoted parts render as code, as in Streamlit's
 * markdown) until `done()` is called. With `showTime` the elapsed seconds count up.
 */
export function showSpinner(text, showTime, container) {
  if (!hasDom) return NONE;
  injectStyle(STYLE_ID, CSS);
  const line = document.createElement("div");
  line.className = "cache-resource-spinner";
  line.setAttribute("role", "status");
  line.setAttribute("aria-live", "polite");
  const icon = document.createElement("span");
  icon.className = "cache-resource-spinner__icon";
  icon.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.className = "cache-resource-spinner__text";
  text.split("`").forEach((part, i) => {
    if (i % 2 === 0) label.append(part);
    else label.append(Object.assign(document.createElement("code"), { textContent: part }));
  });
  line.append(icon, label);
  let timer = null;
  if (showTime) {
    const time = document.createElement("span");
    time.className = "cache-resource-spinner__time";
    const start = performance.now();
    const tick = () => {
      time.textContent = `(${((performance.now() - start) / 1000).toFixed(1)} s)`;
    };
    tick();
    // Streamlit shows tenths of a second; a 100 ms interval only while a computation runs.
    timer = setInterval(tick, 100);
    line.append(time);
  }
  const parent = placeOf(container);
  parent.append(line);
  return {
    done() {
      if (timer !== null) clearInterval(timer);
      line.remove();
      if (parent === overlay && overlay.childElementCount === 0) {
        overlay.remove();
        overlay = null;
      }
    },
  };
}

function placeOf(container) {
  if (typeof container === "string") {
    const found = document.querySelector(container);
    if (found) return found;
    console.warn(`cache-resource: spinnerContainer ${JSON.stringify(container)} matches no element; showing the spinner in the overlay.`);
  } else if (container) {
    return container;
  }
  if (overlay === null || !overlay.isConnected) {
    overlay = document.createElement("div");
    overlay.className = "cache-resource-spinners";
    (document.body ?? document.documentElement).append(overlay);
  }
  return overlay;
}

const injected = new Set();

/**
 * Adds `css` to the page once. As a constructed stylesheet where the browser has them: a
 * Content-Security-Policy's style-src, which blocks a <style> element a script adds, does
 * not apply to those. Elsewhere as a <style id={id}>, first in <head>, so page stylesheets
 * that come later win any tie. Shared with the inspector.
 */
export function injectStyle(id, css) {
  if (injected.has(id) || document.getElementById(id)) return;
  injected.add(id);
  if (typeof CSSStyleSheet === "function" && Array.isArray(document.adoptedStyleSheets)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [sheet, ...document.adoptedStyleSheets];
    return;
  }
  const style = document.createElement("style");
  style.id = id;
  style.textContent = css;
  (document.head ?? document.documentElement).prepend(style);
}
