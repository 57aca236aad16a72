//! The subset of EDTF (Library of Congress, ISO 8601-2) that the sources need, parsed into the
//! year window a date can hold in.
//!
//! No maintained Rust crate parses EDTF level 2 sets (`[..1957]`, `[1970..1989]`, `[a,b]`), which
//! "by 1957" and "1970s-80s" need, so this module is small and hand-written. Supported:
//! `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, qualifiers `?` `~` `%`, unspecified digits (`198X`),
//! intervals with known, unknown (`""`) or open (`..`) ends, and sets `[…]` / `{…}` whose members
//! are dates or ranges (`a..b`, `..a`, `a..`).

/// The earliest and latest year a dated fact can hold in; `None` is unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearWindow {
    /// Earliest year, or `None` when the start is open or unknown.
    pub from: Option<i32>,
    /// Latest year, or `None` when the end is open or unknown.
    pub to: Option<i32>,
}

/// Parses an EDTF string into its year window, or says why it is not valid EDTF.
pub fn parse(input: &str) -> Result<YearWindow, String> {
    let s = input.trim();
    if s.is_empty() || s != input {
        return Err("empty, or surrounded by spaces".into());
    }
    let window = if let Some(body) = strip(s, '[', ']').or_else(|| strip(s, '{', '}')) {
        parse_set(body)?
    } else if let Some((start, end)) = s.split_once('/') {
        parse_interval(start, end)?
    } else {
        parse_date(s)?
    };
    if let (Some(a), Some(b)) = (window.from, window.to)
        && a > b
    {
        return Err(format!("the start ({a}) is after the end ({b})"));
    }
    Ok(window)
}

fn strip(s: &str, open: char, close: char) -> Option<&str> {
    s.strip_prefix(open)?.strip_suffix(close)
}

fn parse_interval(start: &str, end: &str) -> Result<YearWindow, String> {
    if start.is_empty() && end.is_empty() {
        return Err("an interval needs at least one end".into());
    }
    let bound = |part: &str| -> Result<Option<YearWindow>, String> {
        match part {
            "" | ".." => Ok(None),
            date => parse_date(date).map(Some),
        }
    };
    let (a, b) = (bound(start)?, bound(end)?);
    if a.is_none() && b.is_none() {
        return Err("an interval needs at least one known end".into());
    }
    ordered(start, end)?;
    Ok(YearWindow {
        from: a.and_then(|w| w.from),
        to: b.and_then(|w| w.to),
    })
}

/// A calendar day as (year, month, day), ordered.
type Day = (i32, u32, u32);

/// The earliest and latest day a single date can be, ignoring qualifiers.
fn date_bounds(s: &str) -> Option<(Day, Day)> {
    let core = s.trim_end_matches(['?', '~', '%']);
    let mut parts = core.split('-');
    let year = parts.next()?;
    let lo: i32 = year.replace('X', "0").parse().ok()?;
    let hi: i32 = year.replace('X', "9").parse().ok()?;
    let month: Option<u32> = parts.next().and_then(|m| m.parse().ok());
    let day: Option<u32> = parts.next().and_then(|d| d.parse().ok());
    Some((
        (lo, month.unwrap_or(1), day.unwrap_or(1)),
        (hi, month.unwrap_or(12), day.unwrap_or(31)),
    ))
}

/// Checks that a range or interval does not end before it starts (open ends always pass).
fn ordered(start: &str, end: &str) -> Result<(), String> {
    if let (Some((lo, _)), Some((_, hi))) = (date_bounds(start), date_bounds(end))
        && lo > hi
    {
        return Err(format!("`{start}` is after `{end}`"));
    }
    Ok(())
}

fn parse_set(body: &str) -> Result<YearWindow, String> {
    if body.trim().is_empty() {
        return Err("an empty set".into());
    }
    let mut from: Option<Option<i32>> = None;
    let mut to: Option<Option<i32>> = None;
    for member in body.split(',') {
        let w = match member.split_once("..") {
            Some((a, b)) => {
                let lo = if a.is_empty() {
                    None
                } else {
                    parse_date(a)?.from
                };
                let hi = if b.is_empty() {
                    None
                } else {
                    parse_date(b)?.to
                };
                if a.is_empty() && b.is_empty() {
                    return Err("a range needs at least one end".into());
                }
                ordered(a, b)?;
                YearWindow { from: lo, to: hi }
            }
            None => parse_date(member)?,
        };
        from = Some(match from {
            None => w.from,
            Some(prev) => prev.zip(w.from).map(|(x, y)| x.min(y)),
        });
        to = Some(match to {
            None => w.to,
            Some(prev) => prev.zip(w.to).map(|(x, y)| x.max(y)),
        });
    }
    Ok(YearWindow {
        from: from.flatten(),
        to: to.flatten(),
    })
}

/// A single date: `YYYY[-MM[-DD]]` with optional `X` digits and a trailing qualifier.
fn parse_date(s: &str) -> Result<YearWindow, String> {
    let (core, qualified) = match s.strip_suffix(['?', '~', '%']) {
        Some(core) => (core, true),
        None => (s, false),
    };
    let mut parts = core.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() {
        return Err(format!("`{s}` has too many parts"));
    }
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit() || c == 'X') {
        return Err(format!("`{s}` does not start with a four-digit year"));
    }
    if year.starts_with('X') {
        return Err(format!("`{s}` leaves the millennium unspecified"));
    }
    let lo: i32 = year
        .replace('X', "0")
        .parse()
        .map_err(|_| format!("`{s}`: bad year"))?;
    let hi: i32 = year
        .replace('X', "9")
        .parse()
        .map_err(|_| format!("`{s}`: bad year"))?;
    if let Some(m) = month {
        let m = number(m, 2, s)?;
        if !(1..=12).contains(&m) {
            return Err(format!("`{s}`: month {m} is not 01-12"));
        }
        if let Some(d) = day {
            let d = number(d, 2, s)?;
            if d < 1 || d > days_in_month(lo, m) {
                return Err(format!("`{s}`: day {d} does not exist in that month"));
            }
        }
    }
    if year.contains('X') && month.is_some() {
        return Err(format!("`{s}`: a month needs a fully known year"));
    }
    let widen = i32::from(qualified && month.is_none());
    Ok(YearWindow {
        from: Some(lo - widen),
        to: Some(hi + widen),
    })
}

fn number(part: &str, len: usize, whole: &str) -> Result<u32, String> {
    if part.len() != len || !part.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{whole}`: `{part}` is not a {len}-digit number"));
    }
    part.parse().map_err(|_| format!("`{whole}`: bad number"))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> (Option<i32>, Option<i32>) {
        let w = parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (w.from, w.to)
    }

    #[test]
    fn the_source_phrases_expand_to_their_windows() {
        assert_eq!(w("1925-04"), (Some(1925), Some(1925)));
        assert_eq!(w("1924~"), (Some(1923), Some(1925)));
        assert_eq!(w("[..1957]"), (None, Some(1957)));
        assert_eq!(w("197X/198X"), (Some(1970), Some(1989)));
        assert_eq!(w("[1970..1989]"), (Some(1970), Some(1989)));
        assert_eq!(w("198X"), (Some(1980), Some(1989)));
        assert_eq!(w("1994-04-08"), (Some(1994), Some(1994)));
        assert_eq!(w("1994-04-08?"), (Some(1994), Some(1994)));
        assert_eq!(w("[2004..2008]"), (Some(2004), Some(2008)));
        assert_eq!(w("2006/.."), (Some(2006), None));
        assert_eq!(w("[2013-04-11,2013-11-04]"), (Some(2013), Some(2013)));
        assert_eq!(w("[2015,2025]"), (Some(2015), Some(2025)));
        assert_eq!(w("1925?/"), (Some(1924), None));
        assert_eq!(w("/1925?"), (None, Some(1926)));
        assert_eq!(w("[1933..]"), (Some(1933), None));
        assert_eq!(w("1947~/1991"), (Some(1946), Some(1991)));
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for bad in [
            "",
            "..",
            "/",
            "19",
            "1992-13",
            "1993-02-29",
            "[]",
            "2008/1994",
            "abcd",
            " 1925",
            "1925-4",
            "XX25",
            "[..]",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
