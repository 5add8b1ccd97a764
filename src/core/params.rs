//! Parameter names from a function's source text (`fn.toString()`), so that parameters
//! named with a leading underscore can be left out of the key, as Streamlit leaves out
//! `_conn`, and so that errors can name the parameter.
//!
//! Handles declarations, expressions, arrows with and without parentheses, `async`,
//! generators, methods (also computed names, getters, `static`), classes (their
//! constructor), default values holding commas, strings, templates, regex literals,
//! comments and nested calls, rest parameters and destructuring.

use alloc::vec::Vec;

/// One declared parameter; names borrow from the source, so the wasm layer can hand JS
/// their positions instead of copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param<'a> {
    /// `x` or `x = default`.
    Named(&'a str),
    /// `{a, b}` or `[a, b]` (with or without a default): hashed, it has no single name.
    Destructured,
    /// `...rest`: it takes every remaining argument.
    Rest(&'a str),
    /// `...{a}` / `...[a]`.
    RestDestructured,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Ident(&'a str),
    Punct(&'a str),
    /// Strings, templates, numbers, regex literals: opaque here.
    Literal,
}

/// The parameters of the function whose source is `source`. Unparseable text gives the
/// parameters it could read (possibly none): the worst outcome is hashing an argument
/// that could have been skipped, never skipping one that should be hashed.
///
/// ```
/// use cache_resource::core::params::{parse_params, Param::*};
/// assert_eq!(parse_params("function load(name, _progress = () => {}) {}"), vec![Named("name"), Named("_progress")]);
/// assert_eq!(parse_params("x => x * 2"), vec![Named("x")]);
/// assert_eq!(parse_params("({ id, opts }, [a, b]) => id"), vec![Destructured, Destructured]);
/// ```
pub fn parse_params(source: &str) -> Vec<Param<'_>> {
    let toks = lex(source);
    let Some(start) = param_list_start(&toks) else {
        return single_arrow_param(&toks).into_iter().collect();
    };
    split_params(&toks[start + 1..])
}

/// Index of the `(` that opens the parameter list, if the function has one.
fn param_list_start(toks: &[Tok]) -> Option<usize> {
    let mut i = 0;
    if toks.first() == Some(&Tok::Ident("class")) {
        return class_constructor(toks);
    }
    // Skip modifiers and the name: async, function, *, get, set, static, a name, [computed].
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct("(") => return Some(i),
            Tok::Punct("=>") => return None,
            Tok::Punct("*") | Tok::Ident(_) | Tok::Literal => i += 1,
            Tok::Punct("#") => i += 1,
            Tok::Punct("[") => i = skip_balanced(toks, i)?,
            _ => return None,
        }
    }
    None
}

/// `class A { ... constructor(a, b) { ... } ... }`: the constructor's list, if declared.
fn class_constructor(toks: &[Tok]) -> Option<usize> {
    let body = toks.iter().position(|t| *t == Tok::Punct("{"))?;
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(body) {
        match t {
            Tok::Punct("{" | "(" | "[") => depth += 1,
            Tok::Punct("}" | ")" | "]") => depth -= 1,
            Tok::Ident("constructor") if depth == 1 && toks.get(i + 1) == Some(&Tok::Punct("(")) => {
                return Some(i + 1)
            }
            _ => {}
        }
    }
    None
}

/// `x => ...` or `async x => ...`.
fn single_arrow_param<'a>(toks: &[Tok<'a>]) -> Option<Param<'a>> {
    let at = toks.iter().position(|t| *t == Tok::Punct("=>"))?;
    match toks[..at] {
        [Tok::Ident(name)] | [Tok::Ident("async"), Tok::Ident(name)] => Some(Param::Named(name)),
        _ => None,
    }
}

/// Index just past the bracket group that opens at `open`.
fn skip_balanced(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct("(" | "[" | "{") => depth += 1,
            Tok::Punct(")" | "]" | "}") => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Reads parameters from the tokens after `(` up to the matching `)`.
fn split_params<'a>(toks: &[Tok<'a>]) -> Vec<Param<'a>> {
    let mut params = Vec::new();
    let mut depth = 0i32;
    let mut current: Vec<&Tok<'a>> = Vec::new();
    for t in toks {
        match t {
            Tok::Punct("(" | "[" | "{") => depth += 1,
            Tok::Punct(")" | "]" | "}") if depth == 0 => break,
            Tok::Punct(")" | "]" | "}") => depth -= 1,
            Tok::Punct(",") if depth == 0 => {
                params.extend(param_of(&current));
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(t);
    }
    params.extend(param_of(&current));
    params
}

fn param_of<'a>(toks: &[&Tok<'a>]) -> Option<Param<'a>> {
    let (rest, toks) = match toks.first() {
        Some(Tok::Punct("...")) => (true, &toks[1..]),
        _ => (false, toks),
    };
    match (toks.first(), rest) {
        (None, _) => None, // a trailing comma
        (Some(Tok::Ident(name)), false) => Some(Param::Named(name)),
        (Some(Tok::Ident(name)), true) => Some(Param::Rest(name)),
        (Some(_), false) => Some(Param::Destructured),
        (Some(_), true) => Some(Param::RestDestructured),
    }
}

/// Whether the (non-ASCII) code point is JavaScript whitespace. Any other non-ASCII code
/// point outside strings, comments and regexes can only be part of an identifier in valid
/// source, which spares the module Unicode's property tables.
fn is_unicode_space(c: u32) -> bool {
    matches!(c, 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000 | 0xfeff)
}

/// The code point starting at byte `i` of well-formed UTF-8, and its length in bytes.
fn code_point_at(b: &[u8], i: usize) -> (u32, usize) {
    let lead = u32::from(b[i]);
    let (len, init) = match lead {
        0x00..=0x7f => return (lead, 1),
        0xc0..=0xdf => (2, lead & 0x1f),
        0xe0..=0xef => (3, lead & 0x0f),
        _ => (4, lead & 0x07),
    };
    let tail = b.get(i + 1..i + len).unwrap_or(&[]);
    (tail.iter().fold(init, |c, &t| c << 6 | u32::from(t & 0x3f)), len.min(b.len() - i))
}

/// Tokens up to the end of the parameter list's region (the whole text; it is short).
/// Works on bytes: every token boundary is an ASCII byte or a whole code point, so the
/// `get` slices below always succeed.
fn lex(src: &str) -> Vec<Tok<'_>> {
    let b = src.as_bytes();
    let at = |from: usize, to: usize| src.get(from..to).unwrap_or("");
    let starts = |i: usize, s: &[u8]| b[i..].starts_with(s);
    let ident_byte = |c: u8| c == b'_' || c == b'$' || c == b'\\' || c.is_ascii_alphanumeric() || c >= 0x80;
    let mut toks: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c >= 0x80 {
            let (cp, len) = code_point_at(b, i);
            if is_unicode_space(cp) {
                i += len;
                continue;
            }
        }
        if c.is_ascii_whitespace() || c == 0x0b {
            i += 1;
        } else if starts(i, b"//") {
            i = b[i..].iter().position(|&x| x == b'\n').map_or(b.len(), |n| i + n + 1);
        } else if starts(i, b"/*") {
            i = b[i + 2..].windows(2).position(|w| w == b"*/").map_or(b.len(), |n| i + 2 + n + 2);
        } else if c == b'"' || c == b'\'' {
            i = skip_string(b, i, c);
            toks.push(Tok::Literal);
        } else if c == b'`' {
            i = skip_template(b, i);
            toks.push(Tok::Literal);
        } else if c == b'/' && !ends_operand(&toks) {
            i = skip_regex(b, i);
            toks.push(Tok::Literal);
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            toks.push(Tok::Literal);
        } else if ident_byte(c) {
            let start = i;
            while i < b.len() && ident_byte(b[i]) {
                if b[i] >= 0x80 {
                    let (cp, len) = code_point_at(b, i);
                    if is_unicode_space(cp) {
                        break;
                    }
                    i += len;
                } else {
                    i += 1;
                }
            }
            toks.push(Tok::Ident(at(start, i)));
        } else {
            let n = if starts(i, b"...") {
                3
            } else if starts(i, b"=>") || starts(i, b"++") || starts(i, b"--") {
                2
            } else {
                1
            };
            toks.push(Tok::Punct(at(i, i + n)));
            i += n;
        }
    }
    toks
}

/// Whether the tokens so far end with an operand (a value), after which `/` divides;
/// anywhere else it starts a regex literal, as in JavaScript's own grammar.
fn ends_operand(toks: &[Tok]) -> bool {
    match toks {
        [] => false,
        [.., Tok::Literal] => true,
        // After `.` any word is a property name (`o.in / 2`); otherwise a word that takes an
        // operand (`typeof /re/`) expects one. `of` and `yield`-like contextual words are
        // names as often as not: only the reserved ones count.
        [.., Tok::Punct("."), Tok::Ident(_)] => true,
        [.., Tok::Ident(w)] => !matches!(
            *w,
            "return" | "typeof" | "instanceof" | "in" | "new" | "delete" | "void" | "throw" | "case" | "do" | "else" | "await" | "yield"
        ),
        [.., Tok::Punct(")" | "]" | "}")] => true,
        // `i++ / 2` divides; `x = ++/re/.lastIndex` does not: postfix after an operand.
        [rest @ .., Tok::Punct("++" | "--")] => ends_operand(rest),
        [.., Tok::Punct(_)] => false,
    }
}

fn skip_string(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            q if q == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

fn skip_regex(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Skips a template literal, including `${ ... }` substitutions that nest braces,
/// strings and templates of their own.
fn skip_template(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                i += 2;
                let mut depth = 1;
                while i < b.len() && depth > 0 {
                    match b[i] {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        b'"' | b'\'' => {
                            i = skip_string(b, i, b[i]);
                            continue;
                        }
                        b'`' => {
                            i = skip_template(b, i);
                            continue;
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::Param::*;
    use super::*;

    fn named<'a>(names: &[&'a str]) -> Vec<Param<'a>> {
        names.iter().map(|n| Named(n)).collect()
    }

    #[test]
    fn real_world_function_texts() {
        let table: Vec<(&str, Vec<Param<'_>>)> = vec![
            ("function load(name, _progress) { return name; }", named(&["name", "_progress"])),
            ("function (a, b) {}", named(&["a", "b"])),
            ("function() {}", vec![]),
            ("async function fetchModel(url, _bar) { await fetch(url); }", named(&["url", "_bar"])),
            ("function* gen(a, b) { yield a; }", named(&["a", "b"])),
            ("async function* stream(_conn, topic) {}", named(&["_conn", "topic"])),
            ("(a, b) => a + b", named(&["a", "b"])),
            ("() => 42", vec![]),
            ("x => x * 2", named(&["x"])),
            ("_ => 1", named(&["_"])),
            ("async x => await x", named(&["x"])),
            ("async (x, _y) => x", named(&["x", "_y"])),
            ("async(x)=>x", named(&["x"])),
            ("(a = 1, b = [1, 2], c = {d: 3, e: 4}) => a", named(&["a", "b", "c"])),
            ("(a = f(1, g(2, 3)), _b = 'x,y', c = \"(\") => a", named(&["a", "_b", "c"])),
            ("(a = `t,${x, y}`, b) => a", named(&["a", "b"])),
            ("(a = `${`${1,2}`}`, b) => a", named(&["a", "b"])),
            ("(a = /[,)]/g, b) => a", named(&["a", "b"])),
            ("(a = 4 / 2, b = 1) => a", named(&["a", "b"])),
            ("(a /* , fake */, // comment ,)\n b) => a", named(&["a", "b"])),
            ("({ id, opts }, [first, second], _ctx) => id", vec![Destructured, Destructured, Named("_ctx")]),
            ("({ a = 1, b: { c } } = {}, d) => a", vec![Destructured, Named("d")]),
            ("(a, ...rest) => rest", vec![Named("a"), Rest("rest")]),
            ("(a, ..._ignored) => a", vec![Named("a"), Rest("_ignored")]),
            ("(...[a, b]) => a", vec![RestDestructured]),
            ("(a, b,) => a", named(&["a", "b"])),
            ("(a = () => {}, b = (x, y) => x) => a", named(&["a", "b"])),
            ("method(a, b) { return a; }", named(&["a", "b"])),
            ("async method(a) {}", named(&["a"])),
            ("*items(a) {}", named(&["a"])),
            ("async *items(_a, b) {}", named(&["_a", "b"])),
            ("get value() { return 1; }", vec![]),
            ("set value(v) {}", named(&["v"])),
            ("static create(cfg) {}", named(&["cfg"])),
            ("[Symbol.iterator](a) {}", named(&["a"])),
            ("['computed' + (1, 2)](x, y) {}", named(&["x", "y"])),
            ("#secret(a) {}", named(&["a"])),
            ("class Model { constructor(path, _opts) { this.p = path; } run(x) {} }", named(&["path", "_opts"])),
            ("class Empty { run(x) {} }", vec![]),
            ("class Sub extends Base { constructor(...args) { super(...args); } }", vec![Rest("args")]),
            ("function ünïcode(naïve, $dollar, _ü) {}", named(&["naïve", "$dollar", "_ü"])),
            ("(\u{a0}a,\u{3000}_日本, π\u{200d}x\u{feff}) => 1", named(&["a", "_日本", "π\u{200d}x"])),
            ("(𝑥, _𝑦) => 1", named(&["𝑥", "_𝑦"])),
            ("(a,\u{2028}\u{2029}b\u{0b}) => 1", named(&["a", "b"])),
            ("function f(a,\n  b,\n  c\n) {}", named(&["a", "b", "c"])),
            ("function f(a = '\\'', b) {}", named(&["a", "b"])),
            ("function f(a = {'}': 1}, b) {}", named(&["a", "b"])),
            ("function f(a = [1, [2, 3]], b = new Map([[1, 2]])) {}", named(&["a", "b"])),
            ("function f(a = 1.5e3, b = .5) {}", named(&["a", "b"])),
            ("function f(a = x => x, b) {}", named(&["a", "b"])),
            ("function f(a = typeof /,/ , b) {}", named(&["a", "b"])),
            ("function max() { [native code] }", vec![]),
            // `/` after an operand divides: nothing here is a regex that hides a comma.
            ("function (a = i++ / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = i-- / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = o.in / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = o.of / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = of / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = o?.typeof / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = this.#p / 2, x = 1 / 2, _y) {}", named(&["a", "x", "_y"])),
            ("function (a = x + ++/,/.lastIndex, b) {}", named(&["a", "b"])),
            ("function (a = void /,/, b) {}", named(&["a", "b"])),
        ];
        for (src, want) in table {
            assert_eq!(parse_params(src), want, "{src}");
        }
    }

    /// Underscores are kept as written: the rule that leaves those arguments out of the key
    /// is src/js/api.js's (skipsOf), which also takes names given as options.
    #[test]
    fn underscore_names_are_kept_as_written() {
        let p = parse_params("(_conn, url, {_a}, ..._rest) => 1");
        assert_eq!(p, vec![Named("_conn"), Named("url"), Destructured, Rest("_rest")]);
    }

    #[test]
    fn garbage_never_panics() {
        for src in ["", "(", ")", "=>", "((((", "function", "class", "class {", "`${", "'", "/", "(/", "(a = `", "(a = /[", "\\u0061 => 1", "(ä", "x =>", "...", "([)]"] {
            let _ = parse_params(src);
        }
    }
}
