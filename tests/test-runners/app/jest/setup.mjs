// jest.setup.mjs, in setupFiles
import { TextEncoder } from "node:util";
import v8 from "node:v8";
globalThis.TextEncoder ??= TextEncoder;
globalThis.structuredClone ??= (value) => v8.deserialize(v8.serialize(value)); // for cacheData
