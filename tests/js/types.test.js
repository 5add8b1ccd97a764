// The TypeScript declarations, checked the way a TS user meets them: tests/types/usage.ts
// imports the built package by name and must type-check, including the lines marked
// `@ts-expect-error` failing (tsc reports a marker whose line no longer fails).
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TYPESCRIPTS } from "./typescripts.js";

for (const [version, bin] of TYPESCRIPTS) {
  test(`tsc ${version} --noEmit accepts the usage file and rejects the misuses it marks`, () => {
    const tsc = fileURLToPath(new URL(`../../node_modules/${bin}`, import.meta.url));
    const project = fileURLToPath(new URL("../types/tsconfig.json", import.meta.url));
    try {
      execFileSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      throw new Error(`tsc ${version} failed:\n${e.stdout}${e.stderr}`);
    }
  });
}
