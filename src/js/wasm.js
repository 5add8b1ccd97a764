// The wasm module's instance, made once by the entry module (index.js fetches the file,
// node.js reads it), and its exports, which the other modules call directly: every export
// takes and returns plain numbers (see src/wasm/), so wasm-bindgen's generated wrappers
// would only re-box them, at 3 KB of JS.

/** The instance's exports; set before any other module runs a call. */
export let core = null;

// The one import the module has: wasm-bindgen's start code fills in the reference table it
// always emits. Nothing in this package passes JS values into wasm, so the table stays empty.
const imports = { "./cache_resource_bg.js": { __wbindgen_init_externref_table() {} } };

function start(instance) {
  core = instance.exports;
  core.__wbindgen_start();
  return core;
}

/** Instantiates the module from its bytes, synchronously (Node). */
export function instantiateSync(bytes) {
  return start(new WebAssembly.Instance(new WebAssembly.Module(bytes), imports));
}

/** Fetches and instantiates the module, compiling it as it downloads where the server allows. */
export async function instantiateFrom(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cache-resource: fetching ${url} failed: ${response.status} ${response.statusText}`);
  // Streaming compilation needs the wasm MIME type; a server without it still works, slower.
  const streams = typeof WebAssembly.instantiateStreaming === "function" && response.headers.get("Content-Type") === "application/wasm";
  const { instance } = streams
    ? await WebAssembly.instantiateStreaming(response, imports)
    : await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  return start(instance);
}
