//! `ttl` strings, in the forms pandas' `Timedelta` accepts (Streamlit passes a string ttl
//! to `pd.Timedelta`): unit strings (`"1d"`, `"1.5 days"`, `"1h23s"`, `"2 hours 5 min"`),
//! clock strings (`"00:30:00"`, `"1 days 02:00:00"`) and ISO 8601 (`"PT1H30M"`).
//!
//! The parser works on bytes and slices with `get`: no Unicode tables, float parser or
//! slicing panics reach the wasm module for a function that runs once per wrap.

/// Why a ttl string was refused. The text it names borrows from the input, so the wasm
/// layer can point JS at it; `Display` says what was wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationError<'a> {
    Empty,
    Negative,
    /// A number with no unit: pandas reads `"30"` as 30 nanoseconds, which is never meant.
    MissingUnit(&'a str),
    UnknownUnit(&'a str),
    /// Months and years have no fixed length.
    VariableUnit(&'a str),
    Malformed,
}

impl DurationError<'_> {
    /// The error's kind as a small number, for the wasm layer (src/js/options.js words it).
    pub fn code(&self) -> u32 {
        match self {
            DurationError::Empty => 1,
            DurationError::Negative => 2,
            DurationError::MissingUnit(_) => 3,
            DurationError::UnknownUnit(_) => 4,
            DurationError::VariableUnit(_) => 5,
            DurationError::Malformed => 6,
        }
    }

    /// The part of the input the error is about, if any.
    pub fn text(&self) -> Option<&str> {
        match self {
            DurationError::MissingUnit(t) | DurationError::UnknownUnit(t) | DurationError::VariableUnit(t) => Some(t),
            _ => None,
        }
    }
}

impl std::fmt::Display for DurationError<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DurationError::Empty => write!(f, "it is empty"),
            DurationError::Negative => write!(f, "it is negative"),
            DurationError::MissingUnit(n) => write!(f, "{n} has no unit (write \"{n}s\" for seconds)"),
            DurationError::UnknownUnit(u) => write!(f, "\"{u}\" is not a unit"),
            DurationError::VariableUnit(u) => write!(f, "\"{u}\" (months or years) has no fixed length"),
            DurationError::Malformed => write!(f, "it is not a duration"),
        }
    }
}

/// Parses a ttl string to seconds.
///
/// ```
/// use cache_resource::core::duration::parse_duration;
/// assert_eq!(parse_duration("1d"), Ok(86_400.0));
/// assert_eq!(parse_duration("1h23s"), Ok(3_623.0));
/// assert_eq!(parse_duration("2 hours 5 min"), Ok(7_500.0));
/// assert_eq!(parse_duration("00:30:00"), Ok(1_800.0));
/// assert_eq!(parse_duration("1 days 02:00:00"), Ok(93_600.0));
/// assert_eq!(parse_duration("PT1H30M"), Ok(5_400.0));
/// assert!(parse_duration("soon").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<f64, DurationError<'_>> {
    let s = text.trim_ascii();
    let (negative, body) = match s.as_bytes().first() {
        None => return Err(DurationError::Empty),
        Some(b'-') => (true, from(s, 1).trim_ascii_start()),
        Some(b'+') => (false, from(s, 1).trim_ascii_start()),
        _ => (false, s),
    };
    let seconds = match body.as_bytes().first() {
        Some(b'P' | b'p') => iso8601(from(body, 1))?,
        _ => units_and_clock(body)?,
    };
    if negative && seconds > 0.0 {
        return Err(DurationError::Negative);
    }
    if !seconds.is_finite() {
        return Err(DurationError::Malformed);
    }
    Ok(seconds)
}

/// `s` from byte `i` on; empty where `i` is past the end (never a panic).
fn from(s: &str, i: usize) -> &str {
    s.get(i..).unwrap_or("")
}

fn unit_seconds(unit: &str) -> Result<f64, DurationError<'_>> {
    if let Some(seconds) = unit_exact(unit.as_bytes()) {
        return seconds.ok_or(DurationError::VariableUnit(unit));
    }
    // Longer spellings in any case ("Hours", "MIN"); single letters are case-sensitive
    // ("M" is months, "m" minutes).
    let mut lower = [0u8; 12];
    if unit.len() > 1 && unit.len() <= lower.len() {
        let lower = &mut lower[..unit.len()];
        lower.copy_from_slice(unit.as_bytes());
        lower.make_ascii_lowercase();
        if let Some(seconds) = unit_exact(lower) {
            return seconds.ok_or(DurationError::VariableUnit(unit));
        }
    }
    Err(DurationError::UnknownUnit(unit))
}

/// Seconds per unit in pandas' spellings (single capitals it still accepts, T, S, L, U, N,
/// included; "\u{b5}s" and "\u{3bc}s" are the micro and mu spellings of "us"). A table
/// scan instead of a `match`: a third of the code, for a function that runs once per wrap.
const UNITS: [(&str, f64); 9] = [
    ("w W week weeks", 604_800.0),
    ("d D day days", 86_400.0),
    ("h H hr hrs hour hours", 3_600.0),
    ("m T min mins minute minutes", 60.0),
    ("s S sec secs second seconds", 1.0),
    ("ms L milli millis millisecond milliseconds", 1e-3),
    ("us \u{b5}s \u{3bc}s U micro micros microsecond microseconds", 1e-6),
    ("ns N nano nanos nanosecond nanoseconds", 1e-9),
    // Months and years have no fixed length.
    ("M Y y month months year years", f64::NAN),
];

/// `Some(seconds)` for a known unit, `Some(None)` for months and years.
fn unit_exact(unit: &[u8]) -> Option<Option<f64>> {
    let (_, seconds) = UNITS.iter().find(|(names, _)| names.split(' ').any(|n| n.as_bytes() == unit))?;
    Some((!seconds.is_nan()).then_some(*seconds))
}

const fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b',' | b'\t')
}

/// `[N unit]... [hh:mm:ss[.f]]`, separators spaces or commas.
fn units_and_clock(s: &str) -> Result<f64, DurationError<'_>> {
    let b = s.as_bytes();
    let mut total = 0.0;
    let mut i = 0;
    let mut parts = 0;
    loop {
        while i < b.len() && is_separator(b[i]) {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let token_end = b[i..].iter().position(|&c| is_separator(c)).map_or(b.len(), |n| i + n);
        if b[i..token_end].contains(&b':') {
            // A clock ends the string: "1 days 02:00:00" but not "02:00:00 1 day".
            total += clock_seconds(from(s, i))?;
            parts += 1;
            break;
        }
        let (number, after) = leading_number(from(s, i)).ok_or(DurationError::Malformed)?;
        let number_end = b.len() - after.len();
        let unit_start = b.len() - after.trim_ascii_start().len();
        // A unit is letters, and the µ and μ of "µs" (any non-ASCII byte: unknown ones are
        // refused by name).
        let unit_end = b[unit_start..].iter().position(|&c| !(c.is_ascii_alphabetic() || c >= 0x80)).map_or(b.len(), |n| unit_start + n);
        if unit_end == unit_start {
            return Err(DurationError::MissingUnit(s.get(i..number_end).unwrap_or("")));
        }
        total += number * unit_seconds(s.get(unit_start..unit_end).ok_or(DurationError::Malformed)?)?;
        i = unit_end;
        parts += 1;
    }
    if parts == 0 {
        return Err(DurationError::Malformed);
    }
    Ok(total)
}

/// `hh:mm:ss` or `hh:mm:ss.fff`, the whole of `s`.
fn clock_seconds(s: &str) -> Result<f64, DurationError<'_>> {
    let mut fields = s.trim_ascii_end().split(':');
    let (Some(h), Some(m), Some(sec), None) = (fields.next(), fields.next(), fields.next(), fields.next()) else {
        return Err(DurationError::Malformed);
    };
    let whole = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    if !whole(h) || !whole(m) {
        return Err(DurationError::Malformed);
    }
    let (h, m) = (decimal(h), decimal(m));
    let sec = match leading_number(sec) {
        Some((n, "")) => n,
        _ => return Err(DurationError::Malformed),
    };
    if m >= 60.0 || sec >= 60.0 {
        return Err(DurationError::Malformed);
    }
    Ok(h * 3_600.0 + m * 60.0 + sec)
}

/// `P[nW][nD][T[nH][nM][nS]]` (after the `P`), numbers may have fractions.
fn iso8601(s: &str) -> Result<f64, DurationError<'_>> {
    let (date, time) = match s.bytes().position(|c| c == b'T' || c == b't') {
        Some(i) => (s.get(..i).unwrap_or(""), Some(from(s, i + 1))),
        None => (s, None),
    };
    let mut total = 0.0;
    let mut parts = 0;
    for (section, is_time) in [(date, false), (time.unwrap_or(""), true)] {
        let mut rest = section;
        while !rest.is_empty() {
            let (n, after) = leading_number(rest).ok_or(DurationError::Malformed)?;
            let designator = after.as_bytes().first().ok_or(DurationError::Malformed)?;
            let seconds = match (designator.to_ascii_uppercase(), is_time) {
                (b'W', false) => 604_800.0,
                (b'D', false) => 86_400.0,
                (b'H', true) => 3_600.0,
                (b'M', true) => 60.0,
                (b'S', true) => 1.0,
                (b'Y' | b'M', false) => return Err(DurationError::VariableUnit(after.get(..1).unwrap_or(""))),
                _ => return Err(DurationError::Malformed),
            };
            total += n * seconds;
            parts += 1;
            rest = from(after, 1);
        }
    }
    if parts == 0 || time == Some("") {
        return Err(DurationError::Malformed);
    }
    Ok(total)
}

/// An unsigned decimal number (`12`, `1.5`, `.5`) at the start of `s`, and what follows.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut digits = 0;
    let mut dot = false;
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' => digits += 1,
            b'.' if !dot => dot = true,
            _ => break,
        }
        end += 1;
    }
    if digits == 0 {
        return None;
    }
    Some((decimal(&bytes[..end]), from(s, end)))
}

/// The value of `s`: ASCII digits with at most one `.`. Hand-rolled because `str::parse::<f64>`
/// pulls Rust's general float parser and its tables into the wasm module (measured: about
/// 14 KB of its 57 KB gzipped) for inputs that never need more than this.
fn decimal(s: impl AsRef<[u8]>) -> f64 {
    let s = s.as_ref();
    let (whole, fraction) = match s.iter().position(|&c| c == b'.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, &[][..]),
    };
    let int = whole.iter().fold(0.0, |acc, &b| acc * 10.0 + f64::from(b - b'0'));
    // Past 17 digits a fraction adds nothing an f64 can hold.
    let (num, scale) = fraction.iter().take(17).fold((0u64, 1u64), |(n, d), &b| (n * 10 + u64::from(b - b'0'), d * 10));
    int + num as f64 / scale as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_strings() {
        let cases = [
            ("1d", 86_400.0),
            ("1.5 days", 129_600.0),
            ("1 day", 86_400.0),
            ("1h23s", 3_623.0),
            ("2 hours 5 min", 7_500.0),
            ("2 hours, 5 minutes", 7_500.0),
            ("10ms", 0.01),
            ("3 weeks", 1_814_400.0),
            ("90s", 90.0),
            ("90 sec", 90.0),
            ("1H", 3_600.0),
            ("1 Hours", 3_600.0),
            ("5T", 300.0),
            ("250us", 0.000_25),
            ("1 µs", 0.000_001),
            ("1 μs", 0.000_001),
            ("2 MINUTES", 120.0),
            ("500000000ns", 0.5),
            (".5s", 0.5),
            ("0s", 0.0),
            ("  1m  ", 60.0),
            ("+1m", 60.0),
            ("1d2h3m4s5ms", 93_784.005),
        ];
        for (text, secs) in cases {
            let got = parse_duration(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!((got - secs).abs() < 1e-9, "{text:?}: got {got}, expected {secs}");
        }
    }

    #[test]
    fn clock_strings() {
        for (text, secs) in [
            ("00:30:00", 1_800.0),
            ("1:00:00", 3_600.0),
            ("25:00:00", 90_000.0),
            ("00:00:01.5", 1.5),
            ("1 days 02:00:00", 93_600.0),
            ("1 day, 02:00:00", 93_600.0),
            ("2 days 00:00:00.250", 172_800.25),
        ] {
            assert_eq!(parse_duration(text), Ok(secs), "{text:?}");
        }
    }

    #[test]
    fn iso_8601() {
        for (text, secs) in [
            ("PT1H30M", 5_400.0),
            ("P1D", 86_400.0),
            ("P1DT2H", 93_600.0),
            ("P2W", 1_209_600.0),
            ("PT0.5S", 0.5),
            ("pt15m", 900.0),
            ("P1DT1H1M1S", 90_061.0),
        ] {
            assert_eq!(parse_duration(text), Ok(secs), "{text:?}");
        }
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("   "), Err(DurationError::Empty));
        assert_eq!(parse_duration("soon"), Err(DurationError::Malformed));
        assert_eq!(parse_duration("-1d"), Err(DurationError::Negative));
        assert_eq!(parse_duration("30"), Err(DurationError::MissingUnit("30")));
        assert_eq!(parse_duration("1 fortnight"), Err(DurationError::UnknownUnit("fortnight")));
        assert_eq!(parse_duration("1M"), Err(DurationError::VariableUnit("M")));
        assert_eq!(parse_duration("2 years"), Err(DurationError::VariableUnit("years")));
        assert_eq!(parse_duration("P1M"), Err(DurationError::VariableUnit("M")));
        for bad in ["P", "PT", "P1H", "PT1D", "1:2", "00:61:00", "00:00:60", "a:b:c", "1d 00:00", "1..5s", "d", "1d foo", "P1DT"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(DurationError::MissingUnit("30").to_string().contains("\"30s\""));
        // The named text is a slice of the input, where the wasm layer finds its position.
        let text = "  1h 2 lightyears";
        let Err(e) = parse_duration(text) else { panic!("{text:?} parsed") };
        let unit = e.text().unwrap();
        assert_eq!((e.code(), unit), (4, "lightyears"));
        assert_eq!(unit.as_ptr() as usize - text.as_ptr() as usize, 7);
    }

    #[test]
    fn arbitrary_text_never_panics() {
        for text in ["\u{0}", "1\u{301}s", "１d", "1e5s", "99999999999999999999999999999999999999d", "::", "P.T.", "µ", "1 µ", "1ś"] {
            let _ = parse_duration(text);
        }
        assert!(parse_duration(&"9".repeat(400)).is_err());
    }
}
