//! The pre-parse scan: length, tokens and bracket nesting of a query document, in one pass
//! over its characters and before the parser (which recurses over nesting, and whose cost
//! grows with the token count) ever sees it.

/// What the scan measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Characters in the document.
    pub chars: usize,
    /// Lexical tokens: punctuators, names, numbers and strings (commas, white space and
    /// comments are not tokens in GraphQL).
    pub tokens: usize,
    /// Deepest nesting of `{`, `[` and `(`, outside strings and comments.
    pub nesting: usize,
    /// A string holds a NUL character (raw or as `\u0000`), which no database stores.
    pub nul: bool,
    /// A string holds a `\uD800`–`\uDFFF` escape: a lone surrogate is not a character (and
    /// the parser does not decode pairs of them either).
    pub surrogate: bool,
}

/// Scans a query document. Linear in its length; never fails (the parser reports syntax
/// errors later).
pub fn scan(query: &str) -> Scan {
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        out.chars += 1;
        match c {
            '#' => {
                while let Some(&c) = chars.peek() {
                    if c == '\n' || c == '\r' {
                        break;
                    }
                    out.chars += 1;
                    chars.next();
                }
            }
            '"' => {
                out.tokens += 1;
                let block = chars.peek() == Some(&'"') && {
                    let rest: String = chars.clone().take(2).collect();
                    rest == "\"\""
                };
                if block {
                    chars.next();
                    chars.next();
                    out.chars += 2;
                    let mut quotes = 0;
                    while let Some(c) = chars.next() {
                        out.chars += 1;
                        if c == '\\' && chars.clone().take(3).eq("\"\"\"".chars()) {
                            // `\"""` is an escaped triple quote inside a block string
                            chars.nth(2);
                            out.chars += 3;
                            quotes = 0;
                            continue;
                        }
                        out.nul |= c == '\0';
                        quotes = if c == '"' { quotes + 1 } else { 0 };
                        if quotes == 3 {
                            break;
                        }
                    }
                } else {
                    while let Some(c) = chars.next() {
                        out.chars += 1;
                        match c {
                            '\\' => {
                                let escaped = chars.next();
                                if escaped.is_some() {
                                    out.chars += 1;
                                }
                                if escaped == Some('u') {
                                    let hex: String = chars.clone().take(4).collect();
                                    match u32::from_str_radix(&hex, 16) {
                                        Ok(0) => out.nul = true,
                                        Ok(0xD800..=0xDFFF) => out.surrogate = true,
                                        _ => {}
                                    }
                                }
                            }
                            '\0' => out.nul = true,
                            '"' | '\n' => break,
                            _ => {}
                        }
                    }
                }
            }
            '{' | '[' | '(' => {
                out.tokens += 1;
                depth += 1;
                out.nesting = out.nesting.max(depth);
            }
            '}' | ']' | ')' => {
                out.tokens += 1;
                depth = depth.saturating_sub(1);
            }
            '.' => {
                // `...` is one token
                if chars.peek() == Some(&'.') {
                    chars.next();
                    out.chars += 1;
                    if chars.peek() == Some(&'.') {
                        chars.next();
                        out.chars += 1;
                    }
                }
                out.tokens += 1;
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => {
                // a name or a number (with sign, fraction and exponent)
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' || n == '.' || n == '+' || n == '-' {
                        if n == '.' && chars.clone().nth(1) == Some('.') {
                            break;
                        }
                        out.chars += 1;
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.tokens += 1;
            }
            ',' => {}
            c if c.is_whitespace() || c == '\u{feff}' => {}
            _ => out.tokens += 1,
        }
    }
    out
}

/// The deepest nesting of lists and objects in a value (variables), without recursion.
pub fn value_nesting(value: &async_graphql::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            async_graphql::Value::List(items) => {
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            async_graphql::Value::Object(fields) => {
                stack.extend(fields.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tokens_nesting_and_skips_strings_and_comments() {
        let q = "query Q($a: Int = -1.5e3) { a(x: \"{{{\") { ...F } } # { {\n";
        let s = scan(q);
        assert_eq!(s.nesting, 2);
        // query Q ( $ a : Int = -1.5e3 ) { a ( x : "..." ) { ... F } }
        assert_eq!(s.tokens, 22);
        assert_eq!(s.chars, q.chars().count());
        let q = "{ a(x: \"\"\" { [ ( \\\"\"\" still \"\"\") { b } }";
        let block = scan(q);
        assert_eq!((block.nesting, block.tokens), (2, 11));
        assert_eq!(block.chars, q.chars().count());
    }

    #[test]
    fn finds_nul_and_surrogate_escapes_in_strings_only() {
        assert!(scan("{ a(x: \"a\\u0000b\") }").nul);
        assert!(scan("{ a(x: \"a\0b\") }").nul);
        assert!(scan("{ a(x: \"\\uD83D\\ude00\") }").surrogate);
        let clean = scan("# \\u0000 \\ud800\n{ a(x: \"\\u00e9\\\\u0000\") }");
        assert!(!clean.nul && !clean.surrogate);
    }
}
