//! The snippet of a hit: the text that matched, matched words in `**bold**`.

use super::fold;
use super::rank::{self, Term};

/// Words of context a snippet shows.
const SNIPPET_WORDS: usize = 24;

/// Whether a written word matches a query term: some word of its keys equals or starts with
/// a term, or is within the term's typo budget.
fn matches(word: &str, terms: &[Term]) -> bool {
    fold::keys(word)
        .iter()
        .any(|key| terms.iter().any(|t| rank::matches(t, key)))
}

/// The snippet of the text that best matches: the field (title, names, body) matching the most
/// distinct terms, without typos first, cut to a window of words around its first match,
/// matches in `**bold**`.
pub fn snippet(terms: &[Term], fields: [&str; 3]) -> String {
    // two points for a term a word of the field spells as the query does, one for a typo
    let distinct = |text: &str| -> usize {
        let keys: Vec<String> = fold::keys(text);
        terms
            .iter()
            .map(|t| {
                keys.iter()
                    .filter_map(|k| rank::typos(t, k))
                    .min()
                    .map_or(0, |typos| if typos == 0 { 2 } else { 1 })
            })
            .sum()
    };
    let mut best = fields[0];
    let mut best_n = distinct(fields[0]);
    for field in &fields[1..] {
        let n = distinct(field);
        if n > best_n {
            best = field;
            best_n = n;
        }
    }
    let words: Vec<&str> = best.split_whitespace().collect();
    let first = words
        .iter()
        .position(|w| {
            w.split(|c: char| !c.is_alphanumeric())
                .any(|p| matches(p, terms))
        })
        .unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_WORDS / 3);
    let end = (start + SNIPPET_WORDS).min(words.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, w) in words[start..end].iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if w.split(|c: char| !c.is_alphanumeric())
            .any(|p| matches(p, terms))
        {
            out.push_str("**");
            out.push_str(w);
            out.push_str("**");
        } else {
            out.push_str(w);
        }
    }
    if end < words.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_in_any_spelling() {
        let terms = [Term {
            key: "nekso".to_owned(),
            prefix: "nekso".to_owned(),
            budget: 1,
        }];
        assert_eq!(
            snippet(&terms, ["Martin Andersen Nexo", "Martin Andersen Nexø", ""]),
            "Martin Andersen **Nexo**"
        );
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone \
                    twentytwo twentythree twentyfour twentyfive twentysix twentyseven nexø.";
        let s = snippet(&terms, ["", "", long]);
        assert!(s.starts_with('…') && s.ends_with("**nexø.**"), "{s}");
    }
}
