// Where cacheData's `persist: { dir }` keeps entries in Node: a folder per function (named
// by the digest of its name, source and `key`) in `dir`, a file per entry holding the value
// and its write time in V8's serialization (the structured clone format). Read and written
// synchronously: a server's miss reads its file at once, so sync functions read back too.
// A failing disk turns persistence off for the process with one warning.

import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";

let failed = false;
/** Every folder this process wrote to, for cacheData.clear(). */
const folders = new Set();

function fail(e) {
  if (failed) return;
  failed = true;
  console.warn("cache-resource: cacheData could not use its persist directory, so entries are kept in memory only:", e);
}

/** The records of one function (`fn`, its digest) in `dir`. */
export function fileRecords(dir, fn) {
  const folder = join(dir, fn);
  folders.add(folder);
  const file = (key) => join(folder, `${key.replaceAll(" ", "-")}.v8`);
  return {
    sync: true,
    /** The record stored under `key` if it was written less than `maxAgeMs` ago. */
    read(key, maxAgeMs) {
      if (failed) return undefined;
      let record;
      try {
        record = deserialize(readFileSync(file(key)));
      } catch {
        return undefined; // none yet, or unreadable: computed again
      }
      return Date.now() - record.at < maxAgeMs ? record : undefined;
    },
    /** Stores `value` under `key`, keeping at most `maxEntries` files (the newest). */
    write(key, value, maxEntries) {
      if (failed) return;
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(file(key), serialize({ value, at: Date.now() }));
        if (maxEntries === 0) return;
        const files = readdirSync(folder).map((name) => join(folder, name));
        if (files.length <= maxEntries) return;
        files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
        for (const old of files.slice(0, files.length - maxEntries)) rmSync(old, { force: true });
      } catch (e) {
        fail(e);
      }
    },
    /** Deletes one record (`key`), or all of the function's (null). */
    clear(key) {
      rmSync(key === null ? folder : file(key), { recursive: true, force: true });
    },
  };
}

/** Deletes every record this process's functions wrote. */
export function clearAllFiles() {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
