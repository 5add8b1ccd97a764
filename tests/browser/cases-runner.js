// Runs the case files named in the page's query (?case=keys.js&case=…) against the package
// the page's import map names, and leaves the results in window.__results for the driver.
// A script file of its own, so a page with a Content-Security-Policy can load it.
const files = new URLSearchParams(location.search).getAll("case");
const results = [];
for (const file of files) {
  const { tests } = await import(`/tests/js/cases/${file}`);
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
