// The README that ships in the npm package: the repository's README without what only
// makes sense in a clone (its screenshot, a file of the repository; the Develop section,
// which runs the repository's scripts). Usage: node scripts/package-readme.mjs <out>
import { readFileSync, writeFileSync } from "node:fs";

export function packageReadme(text) {
  // An image line and the blank line after it.
  let out = text.replace(/^!\[[^\]]*\]\((?!https?:)[^)]*\)\n\n/gm, "");
  const develop = out.indexOf("\n## Develop\n");
  if (develop !== -1) {
    const next = out.indexOf("\n## ", develop + 1);
    out = out.slice(0, develop + 1) + (next === -1 ? "" : out.slice(next + 1));
  }
  return out.replace(" ·\n[Develop](#develop)", "");
}

if (process.argv[2]) {
  writeFileSync(process.argv[2], packageReadme(readFileSync(new URL("../README.md", import.meta.url), "utf8")));
}
