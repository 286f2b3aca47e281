//! Go's `strconv.Quote` (what `%q` prints), for the strings Go's `crypto/x509` and `net/url`
//! quote in their error texts.
//!
//! Mirrors `$GOROOT/src/strconv/quote.go` (`appendQuotedWith`, `appendEscapedRune`) of Go 1.26 /
//! 1.27 for the runes certificates carry: the short escapes, `\xNN` for other ASCII controls,
//! `\uNNNN` / `\UNNNNNNNN` for other control characters, every other rune as it is.

/// Go's `%q` (strconv.Quote) for the strings the parser quotes.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
