// Parameter names from a function's source text (`fn.toString()`), so that parameters
// named with a leading underscore can be left out of the key, as Streamlit leaves out
// `_conn`, and so that errors can name the parameter.
//
// Handles declarations, expressions, arrows with and without parentheses, `async`,
// generators, methods (also computed names, getters, `static`), classes (their
// constructor), default values holding commas, strings, templates, regex literals,
// comments and nested calls, rest parameters and destructuring. In JS rather than in the
// wasm module, where it cost 2.8 KB gzipped, for a function that runs once per wrap.

// A token is a string: a name as written, a punctuator, or LITERAL for a string, template,
// number or regex literal (opaque here). No name or punctuator is empty.
const LITERAL = "";

// One token at `lastIndex`: space or a comment (group 1: skipped), a quoted string, a
// number, a name, or a punctuator. `\s` is JavaScript's whitespace and line terminators,
// Unicode's included; any other non-ASCII character outside strings, comments and regexes
// can only be part of a name in valid source.
const TOKEN = /(\s+|\/\/.*|\/\*[^]*?(?:\*\/|$))|(["'])(?:\\[^]|(?!\2)[^\\])*\2?|(?:\d|\.\d)[\w.]*|((?:[\w$\\]|[^\0-\x7f\s])+)|(\.\.\.|=>|\+\+|--|[^])/y;

// Words after which `/` starts a regex literal (`typeof /re/`); after any other word it
// divides. Contextual words (`of`) are names as often as not: only reserved ones count.
const TAKES_OPERAND = new Set(["return", "typeof", "instanceof", "in", "new", "delete", "void", "throw", "case", "do", "else", "await", "yield"]);

const opens = (t) => t === "(" || t === "[" || t === "{";
const closes = (t) => t === ")" || t === "]" || t === "}";
const isName = (t) => t !== LITERAL && /^[\w$\\\u0080-\uffff]/.test(t);

/**
 * The parameters of the function whose source is `source`: a name, "" for a destructured
 * one, "...name" (or "..." when destructured) for a rest parameter. Unparseable text gives
 * the parameters it could read (possibly none): the worst outcome is hashing an argument
 * that could have been skipped, never skipping one that should be hashed.
 */
export function paramNames(source) {
  const toks = lex(String(source));
  const start = listStart(toks);
  if (start === -1) {
    // `x => …` or `async x => …`.
    const arrow = toks.indexOf("=>");
    const [a, b] = toks;
    if (arrow === 1 && isName(a)) return [a];
    if (arrow === 2 && a === "async" && isName(b)) return [b];
    return [];
  }
  return split(toks, start + 1);
}

/** Index of the `(` that opens the parameter list, or -1 when there is none. */
function listStart(toks) {
  if (toks[0] === "class") {
    // `class A { … constructor(a, b) { … } … }`: the constructor's list, if declared.
    let depth = 0;
    for (let i = toks.indexOf("{"); i !== -1 && i < toks.length; i++) {
      const t = toks[i];
      if (opens(t)) depth++;
      else if (closes(t)) depth--;
      else if (t === "constructor" && depth === 1 && toks[i + 1] === "(") return i + 1;
    }
    return -1;
  }
  // Skip modifiers and the name: async, function, *, get, set, static, a name, #, [computed].
  for (let i = 0; i < toks.length; ) {
    const t = toks[i];
    if (t === "(") return i;
    if (t === "[") i = pastGroup(toks, i);
    else if (t === "*" || t === "#" || t === LITERAL || isName(t)) i++;
    else return -1;
  }
  return -1;
}

/** Index just past the bracket group that opens at `open`, or the end. */
function pastGroup(toks, open) {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (opens(toks[i])) depth++;
    else if (closes(toks[i]) && --depth === 0) return i + 1;
  }
  return toks.length;
}

/** The parameters in the tokens from `from` (just past `(`) up to the matching `)`. */
function split(toks, from) {
  const params = [];
  let depth = 0;
  let first = from;
  const end = (i) => {
    // A parameter is named by its first token, after `...`; a trailing comma names none.
    const rest = toks[first] === "...";
    const head = rest ? first + 1 : first;
    if (head < i) params.push((rest ? "..." : "") + (isName(toks[head]) ? toks[head] : ""));
  };
  for (let i = from; i < toks.length; i++) {
    const t = toks[i];
    if (opens(t)) depth++;
    else if (closes(t)) {
      if (depth === 0) {
        end(i);
        return params;
      }
      depth--;
    } else if (t === "," && depth === 0) {
      end(i);
      first = i + 1;
    }
  }
  end(toks.length);
  return params;
}

/**
 * The tokens of `src`, up to its end (the text is short). Templates and regex literals are
 * skipped by hand: a template nests, and whether `/` starts a regex depends on what came
 * before it, as in JavaScript's own grammar.
 */
function lex(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "`") {
      i = pastTemplate(src, i);
      toks.push(LITERAL);
      continue;
    }
    if (c === "/" && src[i + 1] !== "/" && src[i + 1] !== "*" && !endsOperand(toks, toks.length)) {
      i = pastRegex(src, i);
      toks.push(LITERAL);
      continue;
    }
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    i = TOKEN.lastIndex;
    if (m[1] !== undefined) continue;
    toks.push(m[3] ?? m[4] ?? LITERAL);
  }
  return toks;
}

/** Whether the first `n` tokens end with an operand (a value), after which `/` divides. */
function endsOperand(toks, n) {
  if (n === 0) return false;
  const t = toks[n - 1];
  if (t === LITERAL) return true;
  // After `.` any word is a property name (`o.in / 2`).
  if (isName(t)) return toks[n - 2] === "." || !TAKES_OPERAND.has(t);
  if (closes(t)) return true;
  // `i++ / 2` divides; `x = ++/re/.lastIndex` does not: postfix after an operand.
  if (t === "++" || t === "--") return endsOperand(toks, n - 1);
  return false;
}

function pastString(src, start) {
  const quote = src[start];
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (src[i] === quote) return i + 1;
  }
  return src.length;
}

function pastRegex(src, start) {
  let inClass = false;
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "\n") return i;
    else if (c === "/" && !inClass) {
      i++;
      while (i < src.length && /[A-Za-z]/.test(src[i])) i++;
      return i;
    }
  }
  return src.length;
}

/** Skips a template literal, with `${ … }` substitutions that nest braces, strings and templates. */
function pastTemplate(src, start) {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (c === "`") return i + 1;
    else if (c === "$" && src[i + 1] === "{") {
      i += 2;
      for (let depth = 1; i < src.length && depth > 0; ) {
        const d = src[i];
        if (d === '"' || d === "'") i = pastString(src, i);
        else if (d === "`") i = pastTemplate(src, i);
        else {
          if (d === "{") depth++;
          else if (d === "}") depth--;
          i++;
        }
      }
    } else i++;
  }
  return src.length;
}
