// Parameter names against a real JavaScript parser. Generated parameter lists, whose
// defaults mix division, regex literals, templates, comments, arrows and keywords used as
// property names, are parsed by acorn (the oracle) and wrapped by the built package; each
// parameter must be hashed or left out exactly as its name says, and errors must name it.
import { test } from "node:test";
import { strictEqual, ok } from "node:assert/strict";
import { parse } from "acorn";
import { cacheResource, UnhashableParamError } from "cache-resource";
import { xorshift } from "./random.js";

const LISTS = 1500;

function generator(next) {
  const pick = (xs) => xs[next() % xs.length];
  const comment = () => (next() % 8 === 0 ? pick([" /* , ) / */ ", " // , ) /\n "]) : " ");
  function expr(depth) {
    if (depth > 2) return pick(["1", "2.5", "i", "o.in", "o.of", "o.typeof", "of", "x", "'(/'", '"a,b"']);
    switch (next() % 16) {
      case 0: return `${expr(depth + 1)}${comment()}/ ${expr(depth + 1)}`;
      case 1: return `i++ / ${expr(depth + 1)}`;
      case 2: return `i-- / 2 /${comment()}x`;
      case 3: return pick(["/,/g", "/[)/,]/", "/\\/,/"]);
      case 4: return `(${expr(depth + 1)}, ${expr(depth + 1)}) / 2`;
      case 5: return `[${expr(depth + 1)}, ${expr(depth + 1)}][0] / 2`;
      case 6: return `{ k: ${expr(depth + 1)}, "s,": ${expr(depth + 1)} }`;
      case 7: return `f(${expr(depth + 1)}, ${expr(depth + 1)})`;
      case 8: return `(p, q) => ${expr(depth + 1)}`;
      case 9: return `() => { return ${expr(depth + 1)} / 2 }`;
      case 10: return `\`t,\${${expr(depth + 1)}}\` / 2`;
      case 11: return `typeof ${pick(["/,/", "x / 2"])}`;
      case 12: return `${expr(depth + 1)} ? ${expr(depth + 1)} : ${expr(depth + 1)}`;
      case 13: return `o.in / ${expr(depth + 1)} / 3`;
      case 14: return `x + ++/,/.lastIndex`;
      default: return expr(depth + 1);
    }
  }
  return function paramList() {
    const params = [];
    const count = next() % 5;
    for (let k = 0; k < count; k++) {
      const name = next() % 2 ? `_u${k}` : `v${k}`;
      switch (next() % 5) {
        case 0: params.push(`{ a${k}, b${k}: c${k} }`); break;
        case 1: params.push(`[d${k}, e${k}]`); break;
        case 2: params.push(name); break;
        default: params.push(`${name}${comment()}= ${expr(0)}`);
      }
    }
    if (next() % 4 === 0) params.push(next() % 2 ? "..._rest" : "...rest");
    const list = params.join(`,${comment()}`);
    return next() % 2 ? `function (${list}) { return 0; }` : `(${list}) => 0`;
  };
}

/** What acorn says each parameter is: a name, "{}" or "[]" when destructured, "...name" for a rest. */
function oracle(source) {
  const fn = parse(`(${source})`, { ecmaVersion: "latest" }).body[0].expression;
  return fn.params.map((p) => {
    if (p.type === "AssignmentPattern") p = p.left;
    if (p.type === "Identifier") return p.name;
    if (p.type === "RestElement") return `...${p.argument.name ?? ""}`;
    return p.type === "ArrayPattern" ? "[]" : "{}";
  });
}

test("parameter names match acorn's over generated lists with division, regexes and comments", () => {
  const next = xorshift(20261201);
  const paramList = generator(next);
  let checked = 0;
  for (let n = 0; n < LISTS; n++) {
    const source = paramList();
    let names;
    try {
      names = oracle(source);
    } catch {
      continue; // the grammar can write what JavaScript rejects: not a case
    }
    checked++;
    const fn = (0, eval)(`(${source})`);
    const cached = cacheResource(fn, { key: `fuzz-${n}` });
    // A value per parameter that each kind accepts; underscore ones get an unhashable one.
    const destructured = (name) => name === "{}" || name === "[]";
    const args = names.map((name) => (name === "{}" ? {} : name === "[]" ? [] : name.startsWith("_") || name.startsWith("..._") ? Symbol("skip") : 1));
    try {
      cached(...args);
    } catch (e) {
      throw new Error(`${source}\nacorn: ${JSON.stringify(names)}\nthe call threw: ${e.message}`);
    }
    names.forEach((name, k) => {
      if (name.startsWith("_") || name.startsWith("..._")) return;
      const bad = args.slice();
      bad[k] = Symbol("unhashable");
      let error = null;
      try {
        cached(...bad);
      } catch (e) {
        error = e;
      }
      const context = `${source}\nacorn: ${JSON.stringify(names)}, parameter ${k}`;
      ok(error instanceof UnhashableParamError, `${context}: must be hashed`);
      const label = destructured(name) ? `#${k + 1} (destructured)` : name.startsWith("...") ? `'${name.slice(3)}[0]'` : `'${name}'`;
      strictEqual(error.parameter, label, context);
    });
  }
  ok(checked > LISTS / 2, `only ${checked} of ${LISTS} generated lists were valid JavaScript`);
});
