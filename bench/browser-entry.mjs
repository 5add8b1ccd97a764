// The benchmark page's script (bundled by bench/browser.mjs): the portable workloads,
// with ?runs=N&only=hits,...&hits=zipf from the page URL, printed through console.log.
import { concurrency, configure, correctnessTable, expiry, hitWorkloads } from "./workloads.mjs";

const params = new URLSearchParams(location.search);
const runs = Number(params.get("runs") ?? 5);
const only = params.get("only")?.split(",");
const wanted = (name) => !only || only.includes(name);
configure({ runs, hits: params.get("hits") ?? undefined });

try {
  const browser = /(?:Chrome|Firefox)\/[\d.]+/.exec(navigator.userAgent)?.[0] ?? navigator.userAgent;
  console.log(`# cache-resource vs JavaScript memoizers — headless ${browser}, ${runs} runs, medians (min–max)`);
  if (wanted("correctness")) correctnessTable();
  if (wanted("hits")) await hitWorkloads();
  if (wanted("concurrency")) await concurrency();
  if (wanted("expiry")) await expiry();
} finally {
  globalThis.benchDone = true;
}
