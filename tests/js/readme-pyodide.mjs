// `pyodide` for the README's Python example (tests/js/readme.test.js): the real Pyodide,
// with the one function the example leaves to the reader, `open_model`, defined, and what
// Python prints kept for the test to read.
import { loadPyodide as load } from "pyodide";

export const printed = [];

export async function loadPyodide(options = {}) {
  const pyodide = await load({ ...options, stdout: (line) => printed.push(line) });
  pyodide.runPython(`
import builtins, types
builtins.open_model = lambda name, precision: types.SimpleNamespace(name=name, precision=precision, close=lambda: None)
`);
  return pyodide;
}
