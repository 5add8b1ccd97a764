// Where cacheData's `persist: "disk"` keeps entries in a browser: one IndexedDB store for
// the page's origin, a record per entry, keyed by the function (a digest of its name, source
// and `key`, so a deployment that changes the function reads none of the old records) and
// the call's key. Tabs of one origin share the records, and a clear in one tab reaches the
// others through a BroadcastChannel. Any storage failure (quota, private mode, a blocked
// database) turns persistence off for the page with one warning: calls go on in memory.

const DB = "cache-resource";
const STORE = "data";
const CHANNEL = "cache-resource data";

let opening = null;
let failed = false;
let channel = null;
/** Function digest -> what to do when another tab clears (one of its keys, or all). */
const clearers = new Map();

function fail(e) {
  if (failed) return;
  failed = true;
  console.warn("cache-resource: cacheData could not use IndexedDB, so entries are kept in memory only:", e);
}

const request = (r) => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

function open() {
  opening ??= new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE).createIndex("fn", "fn");
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error("the database is blocked by another tab"));
  });
  return opening;
}

async function withStore(mode, use) {
  if (failed) return undefined;
  try {
    const db = await open();
    return await use(db.transaction(STORE, mode).objectStore(STORE));
  } catch (e) {
    fail(e);
    return undefined;
  }
}

function listen() {
  if (channel !== null || typeof BroadcastChannel !== "function") return;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = ({ data }) => {
    if (data?.fn === null) for (const clear of clearers.values()) clear(null);
    else clearers.get(data?.fn)?.(data.key ?? null);
  };
}

/**
 * The records of one function (`fn`, its digest). `onClear(key)` runs when another tab
 * clears one of its entries (`key`) or all of them (null).
 */
export function recordsOf(fn, onClear) {
  listen();
  clearers.set(fn, onClear);
  const id = (key) => `${fn} ${key}`;
  return {
    /** The value stored under `key` if it was written less than `maxAgeMs` ago, else undefined. */
    read: (key, maxAgeMs) =>
      withStore("readonly", async (store) => {
        const record = await request(store.get(id(key)));
        return record !== undefined && Date.now() - record.at < maxAgeMs ? record : undefined;
      }),
    /** Every record of the function written less than `maxAgeMs` ago, by key. */
    readAll: (maxAgeMs) =>
      withStore("readonly", async (store) => {
        const records = await request(store.index("fn").getAll(fn));
        const now = Date.now();
        return new Map(records.filter((r) => now - r.at < maxAgeMs).map((r) => [r.key, r]));
      }),
    /** Stores `value` under `key`, keeping at most `maxEntries` records (the newest). */
    write: (key, value, maxEntries) =>
      withStore("readwrite", async (store) => {
        await request(store.put({ fn, key, value, at: Date.now() }, id(key)));
        if (maxEntries === 0) return;
        const records = await request(store.index("fn").getAll(fn));
        records.sort((a, b) => a.at - b.at);
        for (const r of records.slice(0, Math.max(0, records.length - maxEntries))) store.delete(id(r.key));
      }),
    /** Deletes one record (`key`), or all of the function's (null), here and in other tabs. */
    clear(key, fromAnotherTab = false) {
      const done = withStore("readwrite", async (store) => {
        if (key !== null) return request(store.delete(id(key)));
        for (const k of await request(store.index("fn").getAllKeys(fn))) store.delete(k);
      });
      if (!fromAnotherTab) channel?.postMessage({ fn, key });
      return done;
    },
  };
}

/** Deletes every persisted record of the origin, here and in other tabs. */
export function clearAllRecords(fromAnotherTab = false) {
  if (!fromAnotherTab) channel?.postMessage({ fn: null });
  return withStore("readwrite", (store) => request(store.clear()));
}
