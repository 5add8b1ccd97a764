// Waiting until cacheData's IndexedDB writes have landed, without guessing how long they
// take: IndexedDB runs read-write transactions on one store in the order they were
// created, so an empty one created now completes after every write already under way.

/**
 * Resolves once every IndexedDB write the page started before this call has completed;
 * at once when the page has no cache-resource database (it is never created here).
 */
export function indexedDbSettled(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const opening = indexedDB.open("cache-resource");
        // No database yet: nothing was written. Aborting keeps it from being created
        // without the store the package makes.
        opening.onupgradeneeded = () => opening.transaction.abort();
        opening.onerror = (e) => {
          e.preventDefault();
          resolve();
        };
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains("data")) {
            db.close();
            resolve();
            return;
          }
          const barrier = db.transaction("data", "readwrite");
          barrier.objectStore("data").count();
          barrier.oncomplete = () => {
            db.close();
            resolve();
          };
          barrier.onabort = () => {
            db.close();
            reject(barrier.error);
          };
        };
      }),
  );
}
