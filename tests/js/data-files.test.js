// cacheData's `persist: { dir }` in Node: entries written as files outlive the process
// (a restart reads them back, within their ttl), maxEntries bounds the files, clears
// delete them, and a directory that cannot be written leaves calls in memory with one
// warning. Each "process" is a child Node running the same script.
import { after, test } from "node:test";
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPT = `
import { cacheData } from "cache-resource";
import { appendFileSync, readFileSync } from "node:fs";
const [dir, calls, ...steps] = process.argv.slice(2);
const ran = (what) => appendFileSync(calls, what + "\\n");
const parse = cacheData(function parseCsv(text) { ran("parse " + text); return text.split(","); }, { persist: { dir } });
const report = cacheData(async function report(month) { ran("report " + month); return { month, at: new Date(0) }; }, { persist: { dir }, ttl: Number(process.env.REPORT_TTL) });
const bounded = cacheData(async function bounded(q) { ran("bounded " + q); return [q]; }, { persist: { dir }, maxEntries: 2 });
// Built-in functions of one name, keyed by identity: a number only this process gives.
const METHODS = { mapGet: Map.prototype.get, weakMapGet: WeakMap.prototype.get };
const describe = cacheData(function describe(method, _label) { ran("describe " + _label); return _label; }, { persist: { dir } });
// Instances with state under a symbol: a registered one is the same in the next process.
const KEYS = { registered: Symbol.for("cache-resource-test.rows"), own: Symbol("rows") };
class Rows { constructor(key) { this[KEYS[key]] = [1, 2]; } }
const count = cacheData(function count(rows, _label) { ran("count " + _label); return 2; }, { persist: { dir } });
const out = [];
for (const step of steps) {
  const [fn, arg] = step.split(":");
  if (fn === "clear") { cacheData.clear(); continue; }
  if (fn === "describe") { out.push(describe(METHODS[arg], arg)); continue; }
  if (fn === "count") { out.push(count(new Rows(arg), arg)); continue; }
  if (fn === "clearOne") { parse.clear(arg); continue; }
  out.push(await { parse, report, bounded }[fn](arg));
}
console.log(JSON.stringify(out));
`;

const ROOT = new URL("../../", import.meta.url).pathname;
const SCRIPT_FILE = join(ROOT, "test-results", `data-files-${process.pid}.mjs`);
const made = [SCRIPT_FILE];
after(() => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

/**
 * A store directory, a log of what ran, and `run(steps, store?)`: one child process, whose
 * `report` has a ttl of `reportTtl` seconds.
 */
function processes(reportTtl = 3600) {
  const dir = mkdtempSync(join(tmpdir(), "cache-data-"));
  made.push(dir);
  const calls = join(dir, "calls.log");
  writeFileSync(calls, "");
  // Inside the repository, so the script's import of "cache-resource" finds the package.
  mkdirSync(join(ROOT, "test-results"), { recursive: true });
  writeFileSync(SCRIPT_FILE, SCRIPT);
  const run = (steps, store = join(dir, "store")) => {
    const child = spawnSync(process.execPath, [SCRIPT_FILE, store, calls, ...steps], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, REPORT_TTL: String(reportTtl) },
    });
    if (child.status !== 0) throw new Error(`the child failed: ${child.stderr}`);
    return { out: JSON.parse(child.stdout), stderr: child.stderr };
  };
  const ran = () => readFileSync(calls, "utf8").trim().split("\n").filter(Boolean);
  return { dir, run, ran };
}

test("a restart reads entries back from the files, sync and async functions alike", () => {
  const { run, ran } = processes();
  const expected = [["a", "b"], { month: "nov", at: "1970-01-01T00:00:00.000Z" }];
  deepStrictEqual(run(["parse:a,b", "report:nov"]).out, expected);
  deepStrictEqual(run(["parse:a,b", "report:nov"]).out, expected);
  deepStrictEqual(ran(), ["parse a,b", "report nov"], "the second process ran nothing");
});

test("past its ttl a file is not read back; maxEntries keeps the newest files", async () => {
  // A short ttl here only: a second process can take longer than that to start.
  const { run, ran } = processes(0.3);
  run(["report:dec", "bounded:1", "bounded:2", "bounded:3"]);
  await new Promise((r) => setTimeout(r, 350)); // past report's 0.3 s ttl
  run(["report:dec", "bounded:2", "bounded:3", "bounded:1"]);
  deepStrictEqual(ran(), ["report dec", "bounded 1", "bounded 2", "bounded 3", "report dec", "bounded 1"]);
});

test("f.clear(...args) and cacheData.clear() delete the files", () => {
  const { run, ran } = processes();
  run(["parse:x", "parse:y", "clearOne:x"]);
  run(["parse:x", "parse:y", "clear"]);
  run(["parse:y"]);
  deepStrictEqual(ran(), ["parse x", "parse y", "parse x", "parse y"]);
});

test("a directory that cannot be written leaves calls in memory, with one warning", () => {
  const { dir, run, ran } = processes();
  const notADirectory = join(dir, "a-file");
  writeFileSync(notADirectory, "");
  const { out, stderr } = run(["parse:a", "parse:b", "parse:a"], notADirectory);
  deepStrictEqual(out, [["a"], ["b"], ["a"]]);
  deepStrictEqual(ran(), ["parse a", "parse b"], "memory still caches");
  strictEqual(stderr.match(/kept in memory only/g)?.length, 1, stderr);
});

test("a key that holds an identity (a built-in function, an unregistered symbol) is kept in memory, never in a file", () => {
  const { run, ran } = processes();
  deepStrictEqual(run(["describe:mapGet", "describe:mapGet", "count:own", "count:own", "count:registered"]).out, ["mapGet", "mapGet", 2, 2, 2]);
  // The next process numbers WeakMap.prototype.get as the first did Map.prototype.get.
  deepStrictEqual(run(["describe:weakMapGet", "count:own", "count:registered"]).out, ["weakMapGet", 2, 2], "another process's record of another function");
  deepStrictEqual(ran(), ["describe mapGet", "count own", "count registered", "describe weakMapGet", "count own"]);
});
