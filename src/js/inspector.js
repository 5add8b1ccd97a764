// A live view of every cache on the page, as a component any page can mount:
//   import { mountInspector } from "cache-resource/inspector";
//   const inspector = mountInspector(document.querySelector("#cache"));
// It re-renders when the registry reports a change (cacheResource.subscribe), batched to
// one render per frame. Countdowns tick once a second, and only while an entry has a ttl.

// Relative, not by package name: a page needs no import map entry for it, and it is the
// same module instance as the package entry the page imports.
import { cacheResource } from "./index.js";
import { injectStyle } from "./spinner.js";

const STYLE_ID = "cache-resource-inspector-style";
const CSS = `
:where(.cri) { font: 13px/1.4 system-ui, sans-serif; color: var(--cri-color, #262730); }
:where(.cri-cache) { border: 1px solid var(--cri-border, #e6e6ea); border-radius: .5rem; margin: 0 0 .6rem; padding: .5rem .7rem; }
:where(.cri-head) { display: flex; flex-wrap: wrap; gap: .3rem .8rem; align-items: baseline; }
:where(.cri-name) { font-weight: 600; font-family: ui-monospace, monospace; }
:where(.cri-meta, .cri-empty) { color: var(--cri-muted, #5c5c66); }
:where(.cri table) { width: 100%; border-collapse: collapse; margin-top: .3rem; }
:where(.cri th, .cri td) { text-align: left; padding: .15rem .4rem; border-top: 1px solid var(--cri-border, #e6e6ea); }
:where(.cri td.cri-num) { font-variant-numeric: tabular-nums; white-space: nowrap; }
:where(.cri td:first-child) { overflow-wrap: anywhere; }
:where(.cri-state-pending, .cri-state-refreshing) { color: var(--cri-pending, #8a5300); }
:where(.cri-state-stale) { color: var(--cri-stale, #75592a); }
:where(.cri button) { font: inherit; cursor: pointer; }
:where(.cri-empty) { font-style: italic; }
:where(.cri-sr) { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function seconds(ms) {
  if (ms === null) return "—";
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function stateOf(entry) {
  if (entry.pending) return "pending";
  if (entry.refreshing) return "refreshing";
  if (entry.staleInMs === 0) return "stale";
  return "fresh";
}

function renderCache(c) {
  const s = c.stats;
  const meta = [
    c.kind === "data" && "cacheData (copies)",
    c.session && `session: ${c.session}`,
    `ttl: ${c.ttlMs === null ? "none" : seconds(c.ttlMs)}`,
    `maxEntries: ${c.maxEntries ?? "none"}`,
    c.refreshMode === "background" && "background refresh",
    `hits ${s.hits} · misses ${s.misses} · evicted ${s.evicted} · expired ${s.expired} · invalidated ${s.invalidated}`,
  ].filter(Boolean);
  const clearAll = el("button", { type: "button", textContent: "clear", title: `${c.name}.clear()` });
  clearAll.addEventListener("click", () => c.clear());
  const box = el(
    "section",
    { className: "cri-cache" },
    el("div", { className: "cri-head" }, el("span", { className: "cri-name", textContent: `${c.name}()` }), el("span", { className: "cri-meta", textContent: meta.join(" · ") }), clearAll),
  );
  box.dataset.function = c.name;
  box.dataset.kind = c.kind;
  if (c.entries.length === 0) {
    box.append(el("div", { className: "cri-empty", textContent: "no entries" }));
    return box;
  }
  const rows = c.entries.map((e) => {
    const clear = el("button", { type: "button", textContent: "clear" });
    clear.addEventListener("click", () => e.clear());
    const state = stateOf(e);
    const row = el(
      "tr",
      {},
      el("td", { textContent: e.label || "(arguments not recorded)" }),
      el("td", { className: "cri-num", textContent: seconds(e.ageMs) }),
      el("td", { className: "cri-num cri-expires", textContent: seconds(e.expiresInMs) }),
      el("td", { className: `cri-state-${state}`, textContent: state }),
      el("td", {}, clear),
    );
    row.dataset.state = state;
    return row;
  });
  // The last column holds each row's clear button: its header is for screen readers only.
  const head = el("tr", {}, ...["arguments", "age", "expires in", "state"].map((t) => el("th", { textContent: t })),
    el("th", {}, el("span", { className: "cri-sr", textContent: "actions" })));
  box.append(el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
  return box;
}

/**
 * Renders the inspector into `container` (an element or a selector) and keeps it current.
 * Returns `{ refresh(), destroy() }`.
 */
export function mountInspector(container) {
  const root = typeof container === "string" ? document.querySelector(container) : container;
  if (!root || typeof root.append !== "function") {
    throw new TypeError(`mountInspector: expected an element or a selector that matches one, got ${String(container)}.`);
  }
  injectStyle(STYLE_ID, CSS);
  const view = el("div", { className: "cri" });
  view.setAttribute("aria-label", "cache inspector");
  root.append(view);

  let queued = false;
  let ticker = null;
  function render() {
    queued = false;
    const caches = cacheResource.inspect();
    view.replaceChildren(...(caches.length ? caches.map(renderCache) : [el("div", { className: "cri-empty", textContent: "no cached functions yet" })]));
    const counting = caches.some((c) => c.entries.some((e) => e.expiresInMs !== null));
    if (counting && ticker === null) ticker = setInterval(render, 1000);
    if (!counting && ticker !== null) {
      clearInterval(ticker);
      ticker = null;
    }
  }
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(render);
  }
  const unsubscribe = cacheResource.subscribe(schedule);
  render();
  return {
    refresh: render,
    destroy() {
      unsubscribe();
      if (ticker !== null) clearInterval(ticker);
      view.remove();
    },
  };
}
