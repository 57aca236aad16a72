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

/// The two readings of a fuzzy date, as year bounds a record's span is tested against.
///
/// A dated record holds over a span `[start, end]` whose ends are fuzzy. It *possibly* holds
/// in a year when some reading of its dates makes the span meet that year (the
/// [`YearWindow`]); it *certainly* holds there when every reading does. Every reading meets
/// the years from the latest possible start to the earliest possible end, so those two years
/// are all the certain reading needs: the record certainly holds in `[from, to]` (a year is
/// `from == to`) when `latest_start <= to` and `earliest_end >= from`. A missing or open end
/// adds no certain years: the end can be as early as the start, and a missing start as late
/// as the end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Certain {
    /// The latest year the record can have started in; `None`: never certain.
    pub latest_start: Option<i32>,
    /// The earliest year the record can have ended in; `None`: never certain.
    pub earliest_end: Option<i32>,
}

impl Certain {
    /// The certain bounds of a record that starts at the date `start` and ends at the date
    /// `end`, each given as its year window (`None` when the sources give no date).
    pub fn of(start: Option<YearWindow>, end: Option<YearWindow>) -> Self {
        let s = start.unwrap_or(YearWindow::UNKNOWN);
        let e = end.unwrap_or(YearWindow::UNKNOWN);
        // the span starts no later than it ends, so each end also bounds the other
        let latest_start = min_known(s.to, e.to);
        let earliest_end = max_known(e.from, s.from);
        Self {
            latest_start,
            earliest_end,
        }
    }

    /// The certain bounds of a record dated by one EDTF value: a single date or a set is both
    /// its start and its end; an interval `a/b` starts at `a` and ends at `b`.
    pub fn of_edtf(input: &str) -> Result<Self, String> {
        let (start, end) = span(input)?;
        Ok(Self::of(start, end))
    }

    /// Whether, under every reading of its dates, the record holds at some time in the years
    /// `from..=to`.
    pub fn holds(&self, from: i32, to: i32) -> bool {
        matches!((self.latest_start, self.earliest_end), (Some(s), Some(e)) if s <= to && e >= from)
    }
}

fn min_known(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_known(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

impl YearWindow {
    /// No date at all.
    pub const UNKNOWN: YearWindow = YearWindow {
        from: None,
        to: None,
    };
}

/// The start and end of a record dated by one EDTF value, each as its year window (`None`:
/// unknown or open): a single date or a set is both its start and its end; an interval `a/b`
/// starts at `a` and ends at `b`.
pub fn span(input: &str) -> Result<(Option<YearWindow>, Option<YearWindow>), String> {
    let whole = parse(input)?;
    let s = input.trim();
    if s.starts_with(['[', '{']) {
        return Ok((Some(whole), Some(whole)));
    }
    match s.split_once('/') {
        Some((a, b)) => {
            let end = |part: &str| match part {
                "" | ".." => Ok(None),
                date => parse_date(date).map(Some),
            };
            Ok((end(a)?, end(b)?))
        }
        None => Ok((Some(whole), Some(whole))),
    }
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

    fn c(s: &str) -> (Option<i32>, Option<i32>) {
        let c = Certain::of_edtf(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (c.latest_start, c.earliest_end)
    }

    #[test]
    fn the_certain_reading_keeps_only_what_every_reading_shares() {
        // an interval: the latest start and the earliest end
        assert_eq!(c("197X/198X"), (Some(1979), Some(1980)));
        assert_eq!(c("1947~/1991"), (Some(1948), Some(1991)));
        // an open end adds nothing past the start
        assert_eq!(c("2006/.."), (Some(2006), Some(2006)));
        assert_eq!(c("../1991"), (Some(1991), Some(1991)));
        // a single fuzzy date is certain in no year; an exact one in its own
        assert_eq!(c("1992?"), (Some(1993), Some(1991)));
        assert_eq!(c("1925-04"), (Some(1925), Some(1925)));
        // "one of" sets
        assert_eq!(c("[..1957]"), (Some(1957), None));
        assert_eq!(c("[1970..1989]"), (Some(1989), Some(1970)));
        let cert = Certain::of_edtf("1947~/1991").unwrap_or_default();
        assert!(!cert.holds(1947, 1947) && cert.holds(1948, 1948) && cert.holds(1991, 1991));
        assert!(!cert.holds(1900, 1947) && cert.holds(1900, 1948) && !cert.holds(1992, 2000));
        let fuzzy = Certain::of_edtf("1992?").unwrap_or_default();
        assert!(!fuzzy.holds(1992, 1992) && fuzzy.holds(1991, 1993) && !fuzzy.holds(1992, 1993));
        // a record from two dated fields: founded by 1957, dissolved 1991
        let by = Certain::of(parse("[..1957]").ok(), parse("1991").ok());
        assert_eq!((by.latest_start, by.earliest_end), (Some(1957), Some(1991)));
        let open = Certain::of(parse("[1970..1989]").ok(), None);
        assert_eq!(
            (open.latest_start, open.earliest_end),
            (Some(1989), Some(1970))
        );
        assert_eq!(Certain::of(None, None), Certain::default());
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
