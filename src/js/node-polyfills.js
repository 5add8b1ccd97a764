// Globals the package uses that a test runner's window may lack: Jest's jsdom environment
// runs modules in a jsdom window, which has no TextEncoder (the key encoder writes strings
// with it) and no structuredClone (cacheData's copies). Node lends its own where the
// global has none, as a browser would have them. Imported before any module that uses them.
import { TextEncoder } from "node:util";
import { deserialize, serialize } from "node:v8";

globalThis.TextEncoder ??= TextEncoder;
// The structured clone algorithm, as V8's own serializer writes it.
globalThis.structuredClone ??= (value) => deserialize(serialize(value));
