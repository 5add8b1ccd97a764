// Another realm's global, for the cases that pass objects across realms: an iframe's window
// in a page, a `vm` context in Node; null where neither exists.
export async function otherRealm() {
  if (typeof document !== "undefined") {
    const frame = document.createElement("iframe");
    document.body.append(frame);
    return frame.contentWindow;
  }
  const vm = await import("node:vm").catch(() => null);
  return vm === null ? null : vm.runInNewContext("globalThis");
}
