//! Folding: the spellings of one name to one key.
//!
//! The records are Russian, Soviet and CIS names in Cyrillic and in several romanizations
//! (BGN/PCGN, ISO 9, scholarly, passport, French and German forms), with the sources' own
//! misspellings. Two forms of a text are kept:
//!
//! - [`norm`]: lower case, Latin accents stripped, Cyrillic transliterated by one table
//!   (BGN/PCGN-like), every other character a space. Two names with the same `norm` are the
//!   same spelling; it decides *exact* matches.
//! - [`key`]: `norm` with the romanization systems folded together, word by word: the tables
//!   [`CLUSTERS`] (left to right, longest match first, one pass so that no rule eats another's
//!   output), then doubled letters made one, then [`ENDINGS`], then final devoicing. Two
//!   spellings with the same key match; what is left is for the typo budget.
//!
//! Every rule is a row of a table below, documented with what it catches.

/// The version of these rules: the index is rebuilt when the version it was built with differs.
pub const VERSION: i32 = 2;

/// Cyrillic letters, Russian values (BGN/PCGN without diacritics): `я` → `ya`, `х` → `kh`…
const RUSSIAN: &[(char, &str)] = &[
    ('а', "a"),
    ('б', "b"),
    ('в', "v"),
    ('г', "g"),
    ('д', "d"),
    ('е', "e"),
    ('ё', "e"),
    ('ж', "zh"),
    ('з', "z"),
    ('и', "i"),
    ('й', "y"),
    ('к', "k"),
    ('л', "l"),
    ('м', "m"),
    ('н', "n"),
    ('о', "o"),
    ('п', "p"),
    ('р', "r"),
    ('с', "s"),
    ('т', "t"),
    ('у', "u"),
    ('ф', "f"),
    ('х', "kh"),
    ('ц', "ts"),
    ('ч', "ch"),
    ('ш', "sh"),
    ('щ', "shch"),
    ('ъ', ""),
    ('ы', "y"),
    ('ь', ""),
    ('э', "e"),
    ('ю', "yu"),
    ('я', "ya"),
    // Ukrainian and Belarusian letters (their г is h, below)
    ('і', "i"),
    ('ї', "yi"),
    ('є', "ye"),
    ('ґ', "g"),
    ('ў', "u"),
];

/// Letters that mark a word as Ukrainian or Belarusian, where `г` is `h` and `и` is `y`.
const EAST_SLAVIC_MARKS: &[char] = &['і', 'ї', 'є', 'ґ', 'ў'];

/// Scholarly, ISO 9 and Central European letters, before accents are stripped (which would
/// make `č` a `c`).
const SCHOLARLY: &[(char, &str)] = &[
    ('č', "ch"),
    ('š', "sh"),
    ('ž', "zh"),
    ('ŝ', "shch"),
    ('ĭ', "y"),
    ('ǵ', "g"),
    ('ß', "ss"),
    ('ʹ', ""),
    ('ʺ', ""),
    ('ʼ', ""),
    ('’', ""),
    ('\'', ""),
    ('`', ""),
];

/// Letter clusters of the romanization systems, each to one spelling (longest match first,
/// one left-to-right pass over each word).
pub const CLUSTERS: &[(&str, &str)] = &[
    // щ: German, French, Polish, English
    ("schtsch", "shch"),
    ("shtsh", "shch"),
    ("chtch", "shch"),
    ("szcz", "shch"),
    // ч: German tsch, French tch, Polish cz; ш: German sch, Polish sz
    ("tsch", "ch"),
    ("tch", "ch"),
    ("cz", "ch"),
    ("sch", "sh"),
    ("sz", "sh"),
    // ч stays ch (not k + h); German tz and z after t are ц
    ("ch", "ch"),
    ("tz", "ts"),
    // х: BGN kh, ISO/GOST h, Ukrainian г (h), Turkmen g: all `h`
    ("kh", "h"),
    ("g", "h"),
    // я ю ё е: ia/ja/ya, iu/ju/yu/iou/you, io/jo/yo, je/ye
    ("iou", "yu"),
    ("you", "yu"),
    ("ia", "ya"),
    ("ja", "ya"),
    ("iu", "yu"),
    ("ju", "yu"),
    ("jo", "e"),
    ("yo", "e"),
    ("io", "e"),
    ("je", "e"),
    ("ye", "e"),
    // й and the -ий/-ый endings: j and i after a vowel are y
    ("aj", "ay"),
    ("ej", "ey"),
    ("oj", "oy"),
    ("uj", "uy"),
    ("ai", "ay"),
    ("ei", "ey"),
    ("oi", "oy"),
    ("ui", "uy"),
    // French ou = у; German w = в; x = кс; ph = ф; ck = к; ts = ц (c in ISO 9)
    ("ou", "u"),
    ("w", "v"),
    ("x", "ks"),
    ("ph", "f"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("j", "y"),
];

/// [`CLUSTERS`] by the first byte of their pattern, longest first.
static BY_FIRST_BYTE: std::sync::LazyLock<Vec<Vec<(&str, &str)>>> =
    std::sync::LazyLock::new(|| {
        let mut table: Vec<Vec<(&str, &str)>> = vec![Vec::new(); 128];
        for (from, to) in CLUSTERS {
            if let Some(rules) = from
                .bytes()
                .next()
                .and_then(|b| table.get_mut(usize::from(b)))
            {
                rules.push((from, to));
            }
        }
        for rules in &mut table {
            rules.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        }
        table
    });

/// Word endings, after doubled letters are made one: -iy/-ij/-ii/-yi/-yy/-y → -i
/// (Dmitry, Dmitrii, Dmitriy), French -ine → -in (Gagarine).
pub const ENDINGS: &[(&str, &str)] = &[
    ("iy", "i"),
    ("yi", "i"),
    ("y", "i"),
    ("ine", "in"),
    ("yne", "yn"),
];

/// Final consonants devoiced, as Russian speaks them and German writes them (Ashkhabad,
/// Ashgabat; -ov, -off, -ow).
pub const DEVOICED: &[(char, char)] = &[('b', 'p'), ('d', 't'), ('v', 'f'), ('z', 's')];

fn lookup<'a>(table: &'a [(char, &'a str)], c: char) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// Lower case, Cyrillic transliterated, accents stripped, every run of other characters
/// one space: `Славянский базар` → `slavyanskiy bazar`, `Nexø` → `nexo`.
pub fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c)) {
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        let east = lower.chars().any(|c| EAST_SLAVIC_MARKS.contains(&c));
        let mut latin = String::with_capacity(lower.len());
        for c in lower.chars() {
            if east && c == 'г' {
                latin.push('h');
            } else if east && c == 'и' {
                latin.push('y');
            } else if let Some(s) = lookup(RUSSIAN, c).or_else(|| lookup(SCHOLARLY, c)) {
                latin.push_str(s);
            } else {
                latin.push(c);
            }
        }
        let ascii = deunicode::deunicode(&latin).to_ascii_lowercase();
        for part in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !part.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(part);
            }
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | 'ʹ' | 'ʺ' | '`')
}

/// The key of one word of [`norm`] output (ASCII letters and digits).
pub fn word_key(word: &str) -> String {
    let mut key = stem(word);
    if key.len() > 3 && !word.bytes().all(|b| b.is_ascii_digit()) {
        ending(&mut key);
    }
    key
}

/// The key of a word that may be cut short (the last word of a query as it is typed): the
/// clusters and doubled letters of [`word_key`] but not its end-of-word rules, so `rossotrud`
/// is `rosotrud`, a start of `rosotrudnichestvo`, not `rosotrut`.
pub fn prefix_key(word: &str) -> String {
    stem(word)
}

/// Clusters, then doubled letters made one.
fn stem(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.to_owned();
    }
    // clusters, longest match first, one pass
    let bytes = word.as_bytes();
    let mut clustered = String::with_capacity(word.len() + 4);
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let hit = BY_FIRST_BYTE.get(usize::from(rest[0])).and_then(|rules| {
            rules
                .iter()
                .find(|(from, _)| rest.starts_with(from.as_bytes()))
        });
        match hit {
            Some((from, to)) => {
                clustered.push_str(to);
                i += from.len();
            }
            None => {
                clustered.push(char::from(rest[0]));
                i += 1;
            }
        }
    }
    // doubled letters made one
    let mut single = String::with_capacity(clustered.len());
    for c in clustered.chars() {
        if !single.ends_with(c) {
            single.push(c);
        }
    }
    single
}

/// The endings of [`ENDINGS`], then final devoicing.
fn ending(key: &mut String) {
    if let Some((from, to)) = ENDINGS.iter().find(|(from, _)| key.ends_with(from)) {
        key.truncate(key.len() - from.len());
        key.push_str(to);
    }
    if let Some(last) = key.pop() {
        let devoiced = DEVOICED
            .iter()
            .find(|(voiced, _)| *voiced == last)
            .map_or(last, |(_, voiceless)| *voiceless);
        key.push(devoiced);
    }
}

/// The keys of the words of a text, in order.
pub fn keys(text: &str) -> Vec<String> {
    norm(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(word_key)
        .collect()
}

/// How many typos a query word of this key may have: none under 5 letters or for numbers,
/// 1 from 5, 2 from 9 (as typo-tolerant engines do).
pub fn typo_budget(key: &str) -> usize {
    let letters = key.chars().count();
    if key.bytes().any(|b| b.is_ascii_digit()) || letters < 5 {
        0
    } else if letters < 9 {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> String {
        keys(text).join(" ")
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let groups: &[&[&str]] = &[
            &[
                "Shostakovich",
                "Шостакович",
                "Schostakowitsch",
                "Šostakovič",
                "Szostakowicz",
            ],
            &[
                "Tchaikovsky",
                "Чайковский",
                "Tschaikowski",
                "Čajkovskij",
                "Chaykovskiy",
            ],
            &["Mayakovsky", "Маяковский", "Majakowski", "Maiakovski"],
            &["Yuri", "Юрий", "Yuriy", "Iurii", "Jurij", "Iouri"],
            &[
                "Slavyanski Bazaar",
                "Славянский базар",
                "Slavianski Bazar",
                "Slavyansky Bazaar",
            ],
            &[
                "Rossotrudnichestvo",
                "Россотрудничество",
                "Rosotrudnichestvo",
            ],
            &["Ashkhabad", "Ashgabat", "Ашхабад"],
            &["Kyiv", "Київ"],
            &["Gorbachev", "Горбачёв"],
            &["Trotsky", "Троцкий", "Trotzki", "Trotskiy"],
            &["Nexø", "Nexo", "NEXO"],
            &["Fyodor", "Fjodor", "Fiodor", "Фёдор"],
            &["Prokofiev", "Prokofieff"],
        ];
        for group in groups {
            let first = key(group[0]);
            for other in &group[1..] {
                assert_eq!(key(other), first, "{other} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Einstein", "Eisenstein"),
            ("Kamenev", "Kameneva"),
            ("Popova", "Pavlova"),
            ("Moscow", "Minsk"),
            ("Kazakhstan", "Kyrgyzstan"),
        ] {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
    }

    #[test]
    fn norm_keeps_the_spelling_and_numbers() {
        assert_eq!(norm("Martin Andersen Nexø"), "martin andersen nexo");
        assert_eq!(norm("Славянский базар"), "slavyanskiy bazar");
        assert_eq!(norm("Filmmakers' Unions, 1991!"), "filmmakers unions 1991");
        assert_eq!(norm("  --  "), "");
        assert_eq!(keys("90th 1925"), ["90th", "1925"]);
    }

    #[test]
    fn a_word_cut_short_keeps_its_start() {
        assert!(word_key("rossotrudnichestvo").starts_with(&prefix_key("rossotrud")));
        assert!(word_key("bazaar").starts_with(&prefix_key("baz")));
        assert_ne!(word_key("rossotrud"), prefix_key("rossotrud"));
    }

    #[test]
    fn typo_budgets_grow_with_length() {
        assert_eq!(typo_budget("usfs"), 0);
        assert_eq!(typo_budget("1925"), 0);
        assert_eq!(typo_budget("nekso"), 1);
        assert_eq!(typo_budget("shostakovich"), 2);
    }
}
