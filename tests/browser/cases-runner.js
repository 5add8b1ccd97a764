// Runs the case files named in the page's query (?case=keys.js&case=…) against the package
// the page's import map names, and leaves the results in window.__results for the driver.
// A script file of its own, so a page with a Content-Security-Policy can load it.
const query = new URLSearchParams(location.search);
const files = query.getAll("case");
// A long fuzz run's seeds (see tests/js/cases/fuzz.js), read when fuzz.js is imported below.
if (query.has("fuzzSeeds")) globalThis.FUZZ_SEEDS = query.get("fuzzSeeds");
const results = [];
for (const file of files) {
  let tests;
  try {
    ({ tests } = await import(`/tests/js/cases/${file}`));
  } catch (e) {
    // Its cases are then reported as not run; the others still run, and the driver's wait ends.
    results.push({ name: `${file}: (import)`, ok: false, error: `${e && e.name}: ${e && e.message}` });
    continue;
  }
  for (const [name, fn] of Object.entries(tests)) {
    try {
      await fn();
      results.push({ name: `${file}: ${name}`, ok: true });
    } catch (e) {
      results.push({ name: `${file}: ${name}`, ok: false, error: `${e && e.name}: ${e && e.message}` });
    }
  }
}
document.getElementById("out").textContent = JSON.stringify(results, null, 1);
window.__results = results;
