// The wasm module's instance, made by the entry module (index.js fetches the file, node.js
// and inline.js decode it from JS), and its exports, which the other modules call
// directly: every export takes and returns plain numbers (see src/wasm/), so
// wasm-bindgen's generated wrappers would only re-box them, at 3 KB of JS.

/** The instance's exports; set before any other module runs a call. */
export let core = null;

// The shipped module imports nothing: the build removed wasm-bindgen's start code, which
// only filled in a table of JS references that this package never passes to wasm.
// The first instance stays: a bundle holding two entries (this package's main one and
// cache-resource/inline) instantiates twice, and caches made against one instance's
// memory must keep it.
function start(instance) {
  return (core ??= instance.exports);
}

/** Instantiates the module from its bytes, synchronously (Node). */
export function instantiateSync(bytes) {
  return start(new WebAssembly.Instance(new WebAssembly.Module(bytes)));
}

/** Fetches and instantiates the module, compiling it as it downloads where the server allows. */
export async function instantiateFrom(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cache-resource: fetching ${url} failed: ${response.status} ${response.statusText}`);
  // Streaming compilation needs the wasm MIME type; a server without it still works, slower.
  const streams = typeof WebAssembly.instantiateStreaming === "function" && response.headers.get("Content-Type") === "application/wasm";
  const { instance } = streams
    ? await WebAssembly.instantiateStreaming(response)
    : await WebAssembly.instantiate(await response.arrayBuffer());
  return start(instance);
}
