//! Parameter names from a function's source text (`fn.toString()`), so that parameters
//! named with a leading underscore can be left out of the key, as Streamlit leaves out
//! `_conn`, and so that errors can name the parameter.
//!
//! Handles declarations, expressions, arrows with and without parentheses, `async`,
//! generators, methods (also computed names, getters, `static`), classes (their
//! constructor), default values holding commas, strings, templates, regex literals,
//! comments and nested calls, rest parameters and destructuring.

/// One declared parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// `x` or `x = default`.
    Named(String),
    /// `{a, b}` or `[a, b]` (with or without a default): hashed, it has no single name.
    Destructured,
    /// `...rest`: it takes every remaining argument.
    Rest(String),
    /// `...{a}` / `...[a]`.
    RestDestructured,
}

impl Param {
    /// Whether the argument(s) it binds are left out of the key.
    ///
    /// ```
    /// use cache_resource::core::params::{parse_params, Param};
    /// let params = parse_params("async (url, _conn, ...rest) => fetch(url)");
    /// assert_eq!(params, vec![Param::Named("url".into()), Param::Named("_conn".into()), Param::Rest("rest".into())]);
    /// assert!(params[1].is_ignored() && !params[0].is_ignored());
    /// ```
    pub fn is_ignored(&self) -> bool {
        match self {
            Param::Named(n) | Param::Rest(n) => n.starts_with('_'),
            _ => false,
        }
    }
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
/// assert_eq!(parse_params("function load(name, _progress = () => {}) {}"), vec![Named("name".into()), Named("_progress".into())]);
/// assert_eq!(parse_params("x => x * 2"), vec![Named("x".into())]);
/// assert_eq!(parse_params("({ id, opts }, [a, b]) => id"), vec![Destructured, Destructured]);
/// ```
pub fn parse_params(source: &str) -> Vec<Param> {
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
fn single_arrow_param(toks: &[Tok]) -> Option<Param> {
    let at = toks.iter().position(|t| *t == Tok::Punct("=>"))?;
    match toks[..at] {
        [Tok::Ident(name)] | [Tok::Ident("async"), Tok::Ident(name)] => Some(Param::Named(name.to_string())),
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
fn split_params(toks: &[Tok]) -> Vec<Param> {
    let mut params = Vec::new();
    let mut depth = 0i32;
    let mut current: Vec<&Tok> = Vec::new();
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

fn param_of(toks: &[&Tok]) -> Option<Param> {
    let (rest, toks) = match toks.first() {
        Some(Tok::Punct("...")) => (true, &toks[1..]),
        _ => (false, toks),
    };
    match (toks.first(), rest) {
        (None, _) => None, // a trailing comma
        (Some(Tok::Ident(name)), false) => Some(Param::Named(name.to_string())),
        (Some(Tok::Ident(name)), true) => Some(Param::Rest(name.to_string())),
        (Some(_), false) => Some(Param::Destructured),
        (Some(_), true) => Some(Param::RestDestructured),
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == '\u{200c}' || c == '\u{200d}' || c.is_numeric()
}

/// Tokens up to the end of the parameter list's region (the whole text; it is short).
fn lex(src: &str) -> Vec<Tok<'_>> {
    let b = src.as_bytes();
    let mut toks: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = src[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n + 1);
        } else if src[i..].starts_with("/*") {
            i = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
        } else if c == '"' || c == '\'' {
            i = skip_string(b, i, b[i]);
            toks.push(Tok::Literal);
        } else if c == '`' {
            i = skip_template(src, i);
            toks.push(Tok::Literal);
        } else if c == '/' && regex_allowed(toks.last()) {
            i = skip_regex(b, i);
            toks.push(Tok::Literal);
        } else if is_ident_start(c) || c == '\\' {
            let start = i;
            while i < b.len() {
                let ch = src[i..].chars().next().unwrap_or(' ');
                if is_ident_char(ch) || ch == '\\' {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            toks.push(Tok::Ident(&src[start..i]));
        } else if c.is_ascii_digit() || (c == '.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            toks.push(Tok::Literal);
        } else if src[i..].starts_with("...") {
            toks.push(Tok::Punct(&src[i..i + 3]));
            i += 3;
        } else if src[i..].starts_with("=>") {
            toks.push(Tok::Punct(&src[i..i + 2]));
            i += 2;
        } else {
            let n = c.len_utf8();
            toks.push(Tok::Punct(&src[i..i + n]));
            i += n;
        }
    }
    toks
}

/// A `/` starts a regex where an operand is expected, not after a value.
fn regex_allowed(prev: Option<&Tok>) -> bool {
    match prev {
        None => true,
        Some(Tok::Literal) => false,
        Some(Tok::Ident(w)) => matches!(*w, "return" | "typeof" | "instanceof" | "in" | "of" | "new" | "delete" | "void" | "throw" | "case" | "do" | "else" | "yield" | "await"),
        Some(Tok::Punct(p)) => !matches!(*p, ")" | "]" | "}"),
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
fn skip_template(src: &str, start: usize) -> usize {
    let b = src.as_bytes();
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
                            i = skip_template(src, i);
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

    fn named(names: &[&str]) -> Vec<Param> {
        names.iter().map(|n| Named(n.to_string())).collect()
    }

    #[test]
    fn real_world_function_texts() {
        let table: Vec<(&str, Vec<Param>)> = vec![
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
            ("({ id, opts }, [first, second], _ctx) => id", vec![Destructured, Destructured, Named("_ctx".into())]),
            ("({ a = 1, b: { c } } = {}, d) => a", vec![Destructured, Named("d".into())]),
            ("(a, ...rest) => rest", vec![Named("a".into()), Rest("rest".into())]),
            ("(a, ..._ignored) => a", vec![Named("a".into()), Rest("_ignored".into())]),
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
            ("class Sub extends Base { constructor(...args) { super(...args); } }", vec![Rest("args".into())]),
            ("function ünïcode(naïve, $dollar, _ü) {}", named(&["naïve", "$dollar", "_ü"])),
            ("function f(a,\n  b,\n  c\n) {}", named(&["a", "b", "c"])),
            ("function f(a = '\\'', b) {}", named(&["a", "b"])),
            ("function f(a = {'}': 1}, b) {}", named(&["a", "b"])),
            ("function f(a = [1, [2, 3]], b = new Map([[1, 2]])) {}", named(&["a", "b"])),
            ("function f(a = 1.5e3, b = .5) {}", named(&["a", "b"])),
            ("function f(a = x => x, b) {}", named(&["a", "b"])),
            ("function f(a = typeof /,/ , b) {}", named(&["a", "b"])),
            ("function max() { [native code] }", vec![]),
        ];
        for (src, want) in table {
            assert_eq!(parse_params(src), want, "{src}");
        }
    }

    #[test]
    fn underscore_means_ignored() {
        let p = parse_params("(_conn, url, {_a}, ..._rest) => 1");
        assert_eq!(p.iter().map(Param::is_ignored).collect::<Vec<_>>(), [true, false, false, true]);
    }

    #[test]
    fn garbage_never_panics() {
        for src in ["", "(", ")", "=>", "((((", "function", "class", "class {", "`${", "'", "/", "(/", "(a = `", "(a = /[", "\\u0061 => 1", "(ä", "x =>", "...", "([)]"] {
            let _ = parse_params(src);
        }
    }
}
