//! `ttl` strings, in the forms pandas' `Timedelta` accepts (Streamlit passes a string ttl
//! to `pd.Timedelta`): unit strings (`"1d"`, `"1.5 days"`, `"1h23s"`, `"2 hours 5 min"`),
//! clock strings (`"00:30:00"`, `"1 days 02:00:00"`) and ISO 8601 (`"PT1H30M"`).

/// Why a ttl string was refused; `Display` says what was wrong and what is accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationError {
    Empty,
    Negative,
    /// A number with no unit: pandas reads `"30"` as 30 nanoseconds, which is never meant.
    MissingUnit(String),
    UnknownUnit(String),
    /// Months and years have no fixed length.
    VariableUnit(String),
    Malformed,
}

impl std::fmt::Display for DurationError {
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

/// The forms, for error messages.
pub const ACCEPTED_FORMS: &str = "\"90s\", \"1.5 days\", \"1h23s\", \"2 hours 5 min\", \"10ms\", \
\"3 weeks\", \"00:30:00\", \"1 days 02:00:00\", \"PT1H30M\"";

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
pub fn parse_duration(text: &str) -> Result<f64, DurationError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(DurationError::Empty);
    }
    let (negative, body) = match s.as_bytes()[0] {
        b'-' => (true, s[1..].trim_start()),
        b'+' => (false, s[1..].trim_start()),
        _ => (false, s),
    };
    let seconds = if body.starts_with(['P', 'p']) {
        iso8601(&body[1..])?
    } else {
        units_and_clock(body)?
    };
    if negative && seconds > 0.0 {
        return Err(DurationError::Negative);
    }
    if !seconds.is_finite() {
        return Err(DurationError::Malformed);
    }
    Ok(seconds)
}

fn unit_seconds(unit: &str) -> Result<f64, DurationError> {
    // pandas' spellings; single capitals it still accepts (T, S, L, U, N) included.
    Ok(match unit {
        "w" | "W" | "week" | "weeks" => 604_800.0,
        "d" | "D" | "day" | "days" => 86_400.0,
        "h" | "H" | "hr" | "hrs" | "hour" | "hours" => 3_600.0,
        "m" | "T" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "s" | "S" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "ms" | "L" | "milli" | "millis" | "millisecond" | "milliseconds" => 1e-3,
        "us" | "µs" | "μs" | "U" | "micro" | "micros" | "microsecond" | "microseconds" => 1e-6,
        "ns" | "N" | "nano" | "nanos" | "nanosecond" | "nanoseconds" => 1e-9,
        "M" | "Y" | "y" | "month" | "months" | "year" | "years" => {
            return Err(DurationError::VariableUnit(unit.to_string()))
        }
        _ => {
            let lower = unit.to_ascii_lowercase();
            if lower != unit && lower.len() > 1 {
                return unit_seconds(&lower);
            }
            return Err(DurationError::UnknownUnit(unit.to_string()));
        }
    })
}

/// `[N unit]... [hh:mm:ss[.f]]`, separators spaces or commas.
fn units_and_clock(s: &str) -> Result<f64, DurationError> {
    let mut total = 0.0;
    let mut rest = s;
    let mut parts = 0;
    loop {
        rest = rest.trim_start_matches([' ', ',', '\t']);
        if rest.is_empty() {
            break;
        }
        let token = rest.split([' ', ',', '\t']).next().unwrap_or("");
        if token.contains(':') {
            // A clock ends the string: "1 days 02:00:00" but not "02:00:00 1 day".
            let clock = clock_seconds(rest)?.ok_or(DurationError::Malformed)?;
            total += clock;
            parts += 1;
            break;
        }
        let (number, after) = leading_number(rest).ok_or(DurationError::Malformed)?;
        let after = after.trim_start();
        let unit_len = after
            .char_indices()
            .find(|(_, c)| !(c.is_alphabetic() || *c == 'µ' || *c == 'μ'))
            .map_or(after.len(), |(i, _)| i);
        if unit_len == 0 {
            return Err(DurationError::MissingUnit(rest[..rest.len() - after.len()].trim().to_string()));
        }
        total += number * unit_seconds(&after[..unit_len])?;
        rest = &after[unit_len..];
        parts += 1;
    }
    if parts == 0 {
        return Err(DurationError::Malformed);
    }
    Ok(total)
}

/// `hh:mm:ss` or `hh:mm:ss.fff` when `s` is exactly that; `None` when `s` has no colon.
fn clock_seconds(s: &str) -> Result<Option<f64>, DurationError> {
    if !s.contains(':') {
        return Ok(None);
    }
    let fields: Vec<&str> = s.trim_end().split(':').collect();
    if fields.len() != 3 || fields.iter().any(|f| f.is_empty()) {
        return Err(DurationError::Malformed);
    }
    let all_digits = |f: &str| f.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(fields[0]) || !all_digits(fields[1]) {
        return Err(DurationError::Malformed);
    }
    let (h, m) = (decimal(fields[0]), decimal(fields[1]));
    let sec = match leading_number(fields[2]) {
        Some((n, "")) if !fields[2].starts_with(['+', '-']) => n,
        _ => return Err(DurationError::Malformed),
    };
    if m >= 60.0 || sec >= 60.0 {
        return Err(DurationError::Malformed);
    }
    Ok(Some(h * 3_600.0 + m * 60.0 + sec))
}

/// `P[nW][nD][T[nH][nM][nS]]` (after the `P`), numbers may have fractions.
fn iso8601(s: &str) -> Result<f64, DurationError> {
    let (date, time) = match s.find(['T', 't']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut total = 0.0;
    let mut parts = 0;
    for (section, is_time) in [(date, false), (time.unwrap_or(""), true)] {
        let mut rest = section;
        while !rest.is_empty() {
            let (n, after) = leading_number(rest).ok_or(DurationError::Malformed)?;
            let designator = after.chars().next().ok_or(DurationError::Malformed)?;
            let seconds = match (designator.to_ascii_uppercase(), is_time) {
                ('W', false) => 604_800.0,
                ('D', false) => 86_400.0,
                ('H', true) => 3_600.0,
                ('M', true) => 60.0,
                ('S', true) => 1.0,
                ('Y', false) | ('M', false) => return Err(DurationError::VariableUnit(designator.to_string())),
                _ => return Err(DurationError::Malformed),
            };
            total += n * seconds;
            parts += 1;
            rest = &after[designator.len_utf8()..];
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
    Some((decimal(&s[..end]), &s[end..]))
}

/// The value of `s`: ASCII digits with at most one `.`. Hand-rolled because `str::parse::<f64>`
/// pulls Rust's general float parser and its tables into the wasm module (measured: about
/// 14 KB of its 57 KB gzipped) for inputs that never need more than this.
fn decimal(s: &str) -> f64 {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let int = whole.bytes().fold(0.0, |acc, b| acc * 10.0 + f64::from(b - b'0'));
    // Past 17 digits a fraction adds nothing an f64 can hold.
    let (num, scale) = fraction.bytes().take(17).fold((0u64, 1u64), |(n, d), b| (n * 10 + u64::from(b - b'0'), d * 10));
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
        assert_eq!(parse_duration("30"), Err(DurationError::MissingUnit("30".into())));
        assert_eq!(parse_duration("1 fortnight"), Err(DurationError::UnknownUnit("fortnight".into())));
        assert_eq!(parse_duration("1M"), Err(DurationError::VariableUnit("M".into())));
        assert_eq!(parse_duration("2 years"), Err(DurationError::VariableUnit("years".into())));
        assert_eq!(parse_duration("P1M"), Err(DurationError::VariableUnit("M".into())));
        for bad in ["P", "PT", "P1H", "PT1D", "1:2", "00:61:00", "00:00:60", "a:b:c", "1d 00:00", "1..5s", "d", "1d foo", "P1DT"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(DurationError::MissingUnit("30".into()).to_string().contains("\"30s\""));
    }

    #[test]
    fn arbitrary_text_never_panics() {
        for text in ["\u{0}", "1\u{301}s", "１d", "1e5s", "99999999999999999999999999999999999999d", "::", "P.T.", "µ", "1 µ", "1ś"] {
            let _ = parse_duration(text);
        }
        assert!(parse_duration(&"9".repeat(400)).is_err());
    }
}
