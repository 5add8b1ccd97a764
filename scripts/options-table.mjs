// The README's table of cacheResource's options, made from their documentation in
// src/js/index.d.ts (the one place they are written). `node scripts/options-table.mjs`
// prints it; `--write` puts it into the README between its markers; tests/js/readme.test.js
// fails when the README's table differs.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DTS = new URL("../src/js/index.d.ts", import.meta.url);
const README = new URL("../README.md", import.meta.url);
export const START = "<!-- options: made by scripts/options-table.mjs from src/js/index.d.ts -->";
export const END = "<!-- /options -->";

/** The table's markdown, one row per option in declaration order. */
export function optionsTable() {
  const dts = readFileSync(DTS, "utf8");
  const body = dts.slice(dts.indexOf("export interface CacheResourceOptions"), dts.indexOf("\n}\n", dts.indexOf("export interface CacheResourceOptions")));
  const rows = [];
  for (const [, doc, name] of body.matchAll(/\/\*\*\n([^]*?)\s*\*\/\n\s*(\w+)\?:/g)) {
    const lines = doc.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
    const tag = (t) => lines.find((l) => l.startsWith(`@${t} `))?.slice(t.length + 2) ?? "";
    const meaning = lines.filter((l) => !l.startsWith("@")).join(" ").trim();
    rows.push(`| \`${name}\` | ${tag("accepts")} | ${tag("default")} | ${meaning} |`);
  }
  return ["| option | type | default | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** The README's text between the markers. */
export function readmeTable(readme = readFileSync(README, "utf8")) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error("the README has no options markers");
  return readme.slice(a + START.length, b).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--write")) {
    const readme = readFileSync(README, "utf8");
    const at = readme.indexOf(START) + START.length;
    writeFileSync(README, `${readme.slice(0, at)}\n${optionsTable()}\n${readme.slice(readme.indexOf(END))}`);
  } else {
    console.log(optionsTable());
  }
}
