import { cacheResource } from "cache-resource";

// The resource: a prime sieve, computed in 250k-number chunks with a yield between them
// so the page can paint while it loads. Its cost grows with `size`.
const loadModel = cacheResource(async function loadModel(size) {
  const composite = new Uint8Array(size);
  let count = 0;
  for (let start = 2; start < size; start += 250_000) {
    const end = Math.min(size, start + 250_000);
    for (let i = start; i < end; i++) {
      if (composite[i]) continue;
      count++;
      for (let j = i * i; j < size; j += i) composite[j] = 1;
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  return { size, primes: count, builtAt: new Date().toLocaleTimeString() };
}, { maxEntries: 2 });

const $ = (id) => document.getElementById(id);
let previous = null;

function log(text) {
  const li = document.createElement("li");
  li.textContent = text;
  $("log").prepend(li);
}

$("load").addEventListener("click", async () => {
  const size = Number($("size").value);
  $("result").textContent = "Loading…";
  const t0 = performance.now();
  const model = await loadModel(size);
  const ms = performance.now() - t0;
  const same = previous !== null && previous.size === size ? (previous === model ? "yes" : "no") : "n/a";
  $("result").textContent =
    `${model.primes.toLocaleString()} primes below ${size.toLocaleString()} (built at ${model.builtAt}) ` +
    `in ${ms.toFixed(1)} ms; same object as last time: ${same}`;
  $("result").dataset.same = same;
  $("result").dataset.ms = ms.toFixed(3);
  log(`loadModel(${size}) → ${ms.toFixed(1)} ms, same object: ${same}`);
  previous = model;
});

$("clear-one").addEventListener("click", () => {
  const size = Number($("size").value);
  loadModel.clear(size);
  log(`loadModel.clear(${size})`);
});

$("clear-all").addEventListener("click", () => {
  cacheResource.clear();
  log("cacheResource.clear()");
});

document.body.dataset.ready = "true";
