// Runs every case file under node:test against the built package, imported by name.
import { test } from "node:test";
import { readdirSync } from "node:fs";

const dir = new URL("./cases/", import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
  const { tests } = await import(new URL(file, dir));
  for (const [name, fn] of Object.entries(tests)) {
    test(`${file.replace(/\.js$/, "")}: ${name}`, fn);
  }
}
