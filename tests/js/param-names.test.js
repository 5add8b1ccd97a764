// Parameter names read from function texts (src/js/param-names.js), on the forms people
// and tools write: the underscore rule and error messages rest on these names.
// tests/js/params-fuzz.test.js checks generated lists against acorn through the package.
import { test } from "node:test";
import { deepStrictEqual } from "node:assert/strict";
import { paramNames } from "../../pkg/param-names.js";

const D = ""; // a destructured parameter
const R = (name = "") => `...${name}`; // a rest parameter

const TEXTS = [
  ["function load(name, _progress) { return name; }", ["name", "_progress"]],
  ["function (a, b) {}", ["a", "b"]],
  ["function() {}", []],
  ["async function fetchModel(url, _bar) { await fetch(url); }", ["url", "_bar"]],
  ["function* gen(a, b) { yield a; }", ["a", "b"]],
  ["async function* stream(_conn, topic) {}", ["_conn", "topic"]],
  ["(a, b) => a + b", ["a", "b"]],
  ["() => 42", []],
  ["x => x * 2", ["x"]],
  ["_ => 1", ["_"]],
  ["async x => await x", ["x"]],
  ["async (x, _y) => x", ["x", "_y"]],
  ["async(x)=>x", ["x"]],
  ["(a = 1, b = [1, 2], c = {d: 3, e: 4}) => a", ["a", "b", "c"]],
  ["(a = f(1, g(2, 3)), _b = 'x,y', c = \"(\") => a", ["a", "_b", "c"]],
  ["(a = `t,${x, y}`, b) => a", ["a", "b"]],
  ["(a = `${`${1,2}`}`, b) => a", ["a", "b"]],
  ["(a = /[,)]/g, b) => a", ["a", "b"]],
  ["(a = 4 / 2, b = 1) => a", ["a", "b"]],
  ["(a /* , fake */, // comment ,)\n b) => a", ["a", "b"]],
  ["({ id, opts }, [first, second], _ctx) => id", [D, D, "_ctx"]],
  ["({ a = 1, b: { c } } = {}, d) => a", [D, "d"]],
  ["(a, ...rest) => rest", ["a", R("rest")]],
  ["(a, ..._ignored) => a", ["a", R("_ignored")]],
  ["(...[a, b]) => a", [R()]],
  ["(a, b,) => a", ["a", "b"]],
  ["(a = () => {}, b = (x, y) => x) => a", ["a", "b"]],
  ["method(a, b) { return a; }", ["a", "b"]],
  ["async method(a) {}", ["a"]],
  ["*items(a) {}", ["a"]],
  ["async *items(_a, b) {}", ["_a", "b"]],
  ["get value() { return 1; }", []],
  ["set value(v) {}", ["v"]],
  ["static create(cfg) {}", ["cfg"]],
  ["[Symbol.iterator](a) {}", ["a"]],
  ["['computed' + (1, 2)](x, y) {}", ["x", "y"]],
  ["#secret(a) {}", ["a"]],
  ["class Model { constructor(path, _opts) { this.p = path; } run(x) {} }", ["path", "_opts"]],
  ["class Empty { run(x) {} }", []],
  ["class Sub extends Base { constructor(...args) { super(...args); } }", [R("args")]],
  ["function ünïcode(naïve, $dollar, _ü) {}", ["naïve", "$dollar", "_ü"]],
  ["(\u00a0a,\u3000_日本, π\u200dx\ufeff) => 1", ["a", "_日本", "π\u200dx"]],
  ["(𝑥, _𝑦) => 1", ["𝑥", "_𝑦"]],
  ["(a,\u2028\u2029b\u000b) => 1", ["a", "b"]],
  ["function f(a,\n  b,\n  c\n) {}", ["a", "b", "c"]],
  ["function f(a = '\\'', b) {}", ["a", "b"]],
  ["function f(a = {'}': 1}, b) {}", ["a", "b"]],
  ["function f(a = [1, [2, 3]], b = new Map([[1, 2]])) {}", ["a", "b"]],
  ["function f(a = 1.5e3, b = .5) {}", ["a", "b"]],
  ["function f(a = x => x, b) {}", ["a", "b"]],
  ["function f(a = typeof /,/ , b) {}", ["a", "b"]],
  ["function max() { [native code] }", []],
  ["function (a = i++ / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = i-- / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = o.in / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = o.of / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = of / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = o?.typeof / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = this.#p / 2, x = 1 / 2, _y) {}", ["a", "x", "_y"]],
  ["function (a = x + ++/,/.lastIndex, b) {}", ["a", "b"]],
  ["function (a = void /,/, b) {}", ["a", "b"]],
  // Underscores are kept as written: the rule that leaves those arguments out is params.js's.
  ["(_conn, url, {_a}, ..._rest) => 1", ["_conn", "url", D, R("_rest")]],
];

test("parameter names from the forms function texts take", () => {
  for (const [source, names] of TEXTS) deepStrictEqual(paramNames(source), names, source);
});

test("real functions' own texts", () => {
  class Model {
    constructor(path, _opts = { lazy: true }) {
      this.path = path;
    }
    async *stream(_conn, { topic }, ...rest) {}
  }
  deepStrictEqual(paramNames(Model), ["path", "_opts"]);
  deepStrictEqual(paramNames(Model.prototype.stream), ["_conn", D, R("rest")]);
  deepStrictEqual(paramNames(async (url, _bar = () => "(") => url), ["url", "_bar"]);
  deepStrictEqual(paramNames(Math.max), []);
});

test("unfinished or garbled texts give what could be read, and never throw", () => {
  for (const source of ["", "(", ")", "=>", "((((", "function", "class", "class {", "`${", "'", "/", "(/", "(a = `", "(a = /[", "\\u0061 => 1", "(ä", "x =>", "...", "([)]", "(...)"]) {
    paramNames(source);
  }
  deepStrictEqual(paramNames("(a, b = `x"), ["a", "b"]);
  deepStrictEqual(paramNames("(a, ...)"), ["a"]);
});
