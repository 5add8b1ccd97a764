// cacheData's hit against what else gives a caller its own copy of cached data, and
// against a cache that hands out the stored object itself. A cacheData hit is its key
// plus one structuredClone of the value. Usage: npm run build && node bench/data.mjs [runs]
import { QueryClient } from "@tanstack/query-core";
import { cacheData, cacheResource } from "cache-resource";
import { nsPerOp, summarize } from "./stats.mjs";

const RUNS = Number(process.argv[2] ?? 3);

const table = (rows) =>
  Array.from({ length: rows }, (_, i) => ({ id: i, name: `row ${i}`, price: i * 1.25, tags: ["a", "b"], active: i % 2 === 0 }));

function measure(body) {
  let n = 1;
  while (nsPerOp(body, n) * n < 20e6 && n < 1e6) n *= 4;
  return summarize(Array.from({ length: RUNS }, () => nsPerOp(body, n)));
}

const num = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));
console.log(`# cacheData hits, Node ${process.version}, ns per call, median of ${RUNS}\n`);
console.log("| value | cacheData hit (copy) | structuredClone alone | JSON.parse(JSON.stringify) | TanStack Query getQueryData (no copy) | cacheResource hit (no copy) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const rows of [20, 1_000]) {
  const value = table(rows);
  const data = cacheData((n) => table(n), { key: `bench-data-${rows}` });
  const resource = cacheResource((n) => table(n), { key: `bench-resource-${rows}` });
  data(rows);
  data(rows);
  resource(rows);
  resource(rows);
  const client = new QueryClient();
  client.setQueryData(["rows", rows], value);
  const cells = [
    measure(() => data(rows)),
    measure(() => structuredClone(value)),
    measure(() => JSON.parse(JSON.stringify(value))),
    measure(() => client.getQueryData(["rows", rows])),
    measure(() => resource(rows)),
  ].map((s) => num(s.median));
  console.log(`| ${rows.toLocaleString("en-US")} rows of 5 fields | ${cells.join(" | ")} |`);
}
