//! The ranking rules: which record people mean comes first.
//!
//! Hits are ordered by level, then within a level by fewer typos, fewer prefix-only matches,
//! closer matched words, shorter names, the database's own score, record type and id:
//!
//! | level | the hit… |
//! |---|---|
//! | 0 | has a name or name variant equal to the query (after folding) |
//! | 1 | has one name holding every query word as a whole word |
//! | 2 | has every query word in its names (as a prefix or with typos, or across names) |
//! | 3 | has some query word only in its description or other text |
//! | 4 | is a citation (a source passage): records come before the passages that mention them |
//!
//! Every query word must match. Only when no record has them all does the search fall back to
//! the records with some of them, fewest missing words first ([`rank_some`]).

use std::cmp::Ordering;

/// One word of a query, as a key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    /// The folded key.
    pub key: String,
    /// The key of the word as a possible start of a longer word ([`super::fold::prefix_key`]).
    pub prefix: String,
    /// How many typos it may have.
    pub budget: usize,
}

/// How a word of a record matched a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    typos: usize,
    prefix: bool,
}

/// How a term matches a word, if it does: equal, the word starts with it, or within its typo
/// budget (optimal string alignment distance: a swap of two letters is one typo).
fn cost(term: &Term, word: &str) -> Option<Cost> {
    if word == term.key {
        return Some(Cost {
            typos: 0,
            prefix: false,
        });
    }
    if word.starts_with(term.key.as_str()) || word.starts_with(term.prefix.as_str()) {
        return Some(Cost {
            typos: 0,
            prefix: true,
        });
    }
    if term.budget == 0 || word.len().abs_diff(term.key.len()) > term.budget {
        return None;
    }
    let typos = strsim::osa_distance(&term.key, word);
    (typos <= term.budget).then_some(Cost {
        typos,
        prefix: false,
    })
}

/// Whether a term matches a word: equal, a prefix, or within the term's typo budget.
pub fn matches(term: &Term, word: &str) -> bool {
    cost(term, word).is_some()
}

/// The typos with which a term matches a word, if it does.
pub fn typos(term: &Term, word: &str) -> Option<usize> {
    cost(term, word).map(|c| c.typos)
}

/// The best match of a term among words: its cost and position.
fn best(term: &Term, words: &[String]) -> Option<(Cost, usize)> {
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| cost(term, w).map(|c| (c, i)))
        .min_by_key(|(c, i)| (*c, *i))
}

/// The text of a hit, as keys.
#[derive(Clone, Debug, Default)]
pub struct Text {
    /// Each name (the main one first, then the variants) as its words' keys.
    pub names: Vec<Vec<String>>,
    /// The other text's words' keys.
    pub body: Vec<String>,
    /// Whether the hit is a citation.
    pub citation: bool,
}

/// Where a hit stands; smaller is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank {
    /// Query words the hit lacks: 0, unless no record has them all and the search fell back
    /// to records with some of them.
    pub missing: usize,
    /// The level of the table above.
    pub level: u8,
    /// Typos over all query words.
    pub typos: usize,
    /// Query words matched only as the start of a word.
    pub prefixes: usize,
    /// Words between the first and last matched word of the best name.
    pub span: usize,
    /// Words of the best name.
    pub length: usize,
}

/// The sum of the best matches of every term in `words`, with their spread, or `None` if a
/// term does not match.
fn all_in(terms: &[Term], words: &[String]) -> Option<(usize, usize, usize)> {
    let mut typos = 0;
    let mut prefixes = 0;
    let (mut lo, mut hi) = (usize::MAX, 0);
    for term in terms {
        let (c, at) = best(term, words)?;
        typos += c.typos;
        prefixes += usize::from(c.prefix);
        lo = lo.min(at);
        hi = hi.max(at);
    }
    Some((typos, prefixes, hi.saturating_sub(lo)))
}

/// Ranks a hit for the query `phrase` (every word's key, in order) and its distinct `terms`.
/// `None` when some term matches nowhere in the text (the hit is then ranked last).
pub fn rank(phrase: &[String], terms: &[Term], text: &Text) -> Option<Rank> {
    let level_of = |level: u8| if text.citation { 4 } else { level };
    // a name equal to the query
    if text.names.iter().any(|n| n.as_slice() == phrase) {
        let length = phrase.len();
        return Some(Rank {
            missing: 0,
            level: level_of(0),
            typos: 0,
            prefixes: 0,
            span: length.saturating_sub(1),
            length,
        });
    }
    // the best single name holding every term
    let in_one = text
        .names
        .iter()
        .filter_map(|n| all_in(terms, n).map(|(t, p, s)| (t, p, s, n.len())))
        .min();
    if let Some((typos, prefixes, span, length)) = in_one {
        let level = if typos == 0 && prefixes == 0 { 1 } else { 2 };
        return Some(Rank {
            missing: 0,
            level: level_of(level),
            typos,
            prefixes,
            span,
            length,
        });
    }
    // every term somewhere: in some name (level 2) or in the text (level 3)
    let mut typos = 0;
    let mut prefixes = 0;
    let mut level = 2;
    for term in terms {
        let in_names = text.names.iter().filter_map(|n| best(term, n)).min();
        let found = match in_names {
            Some(found) => found,
            None => {
                level = 3;
                best(term, &text.body)?
            }
        };
        typos += found.0.typos;
        prefixes += usize::from(found.0.prefix);
    }
    let length = text.names.first().map_or(0, Vec::len);
    Some(Rank {
        missing: 0,
        level: level_of(level),
        typos,
        prefixes,
        span: usize::MAX,
        length,
    })
}

/// Ranks a hit that may lack some query words (when no record has them all): by the words it
/// has, with the number it lacks first.
pub fn rank_some(phrase: &[String], terms: &[Term], text: &Text) -> Option<Rank> {
    let has = |t: &&Term| {
        text.names.iter().any(|n| best(t, n).is_some()) || best(t, &text.body).is_some()
    };
    let present: Vec<Term> = terms.iter().filter(has).cloned().collect();
    if present.is_empty() {
        return None;
    }
    let mut r = rank(phrase, &present, text)?;
    r.missing = terms.len() - present.len();
    Some(r)
}

/// A relevance score for the API, higher is better: 5 for level 0 down to 1 for level 4,
/// less a fraction for typos, prefixes and spread. It orders one result list only.
pub fn score(rank: Option<&Rank>) -> f64 {
    let Some(r) = rank else { return 0.0 };
    let penalty = r.typos as f64 + 0.5 * r.prefixes as f64 + 0.05 * r.span.min(20) as f64;
    let level = f64::from(5 - r.level) / (1.0 + r.missing as f64);
    level - penalty / (1.0 + penalty) / (1.0 + r.missing as f64)
}

/// Orders ranks, best first; unranked hits last.
pub fn compare(a: Option<&Rank>, b: Option<&Rank>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
