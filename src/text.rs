//! Strangers' text made safe to show: labels, user agents and answers that
//! arrive in links and files, and URL values quoted in messages. Control
//! characters and the bidirectional controls (which can reverse the text
//! around them, e.g. U+202E RIGHT-TO-LEFT OVERRIDE) are removed or escaped,
//! and the length is bounded. Markup needs no treatment here: the page only
//! ever puts text into the DOM with `textContent`.

/// Whether `c` can reorder or hide the text around it when shown.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is invisible on its own, so that two labels could look the
/// same: zero-width spaces, the soft hyphen, invisible operators, fillers,
/// interlinear annotation marks and the tag characters (which can also hide
/// text after an emoji). The joiners U+200C and U+200D are kept: scripts
/// and emoji need them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Whether `c` must not be shown as it is: a control, bidi or invisible character.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c)
}

/// `s` without unsafe characters, whitespace runs folded to one space,
/// trimmed, and at most `max_chars` characters long (an ellipsis marks a cut).
pub fn clean(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max_chars * 4));
    let mut last_space = true;
    let mut count = 0;
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if is_unsafe_char(c) || (c == ' ' && last_space) {
            continue;
        }
        if count == max_chars {
            out.pop();
            out.push('…');
            break;
        }
        last_space = c == ' ';
        out.push(c);
        count += 1;
    }
    out.trim_end().to_string()
}

/// A stranger's value quoted for a message: unsafe characters shown as
/// `\u{…}` escapes (so a reader sees they were there), and cut after 40 characters.
pub fn quoted(v: &str) -> String {
    format!("\"{}\"", escaped(v, 40))
}

/// `v` with unsafe characters shown as `\u{…}` escapes, cut after
/// `max_chars` characters (an ellipsis marks a cut): for messages that may
/// carry a stranger's text, such as a JSON reader's, which quotes the bad
/// value whole.
pub fn escaped(v: &str, max_chars: usize) -> String {
    let mut short = String::new();
    let mut shown = 0;
    for c in v.chars() {
        let piece = if is_unsafe_char(c) { format!("\\u{{{:04X}}}", u32::from(c)) } else { c.to_string() };
        // Counted as shown: an escape is several characters.
        shown += piece.chars().count();
        if shown > max_chars {
            short.push('…');
            break;
        }
        short.push_str(&piece);
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_and_bidi_overrides() {
        assert_eq!(clean("Chrome\u{202E}evil\u{0007}\n on  Linux ", 80), "Chromeevil on Linux");
        assert_eq!(clean("\u{2066}a\u{2069}\u{200F}", 80), "a");
        assert_eq!(clean("Firefox 153 on Linux", 80), "Firefox 153 on Linux");
    }

    #[test]
    fn bounds_the_length() {
        assert_eq!(clean("abcdef", 4), "abc…");
        assert_eq!(clean("abcd", 4), "abcd");
        assert_eq!(clean("ab  cd", 4), "ab …");
    }

    #[test]
    fn quoting_escapes_what_it_cannot_show() {
        assert_eq!(quoted("pi\u{202E}x"), "\"pi\\u{202E}x\"");
        assert_eq!(quoted("a\tb"), "\"a\\u{0009}b\"");
        assert!(quoted(&"y".repeat(50)).ends_with("…\""));
        assert_eq!(quoted(&"y".repeat(40)), format!("\"{}\"", "y".repeat(40)), "no cut, no ellipsis");
        assert_eq!(escaped("a\u{200B}b\u{2060}", 20), "a\\u{200B}b\\u{2060}", "invisible characters shown");
        assert_eq!(escaped(&"\u{202E}".repeat(100), 20), "\\u{202E}\\u{202E}…", "bounded as shown, escapes counted");
    }

    #[test]
    fn invisible_format_characters_cannot_make_two_labels_look_alike() {
        for hidden in ['\u{00AD}', '\u{034F}', '\u{180E}', '\u{2062}', '\u{206F}', '\u{3164}', '\u{FFF9}', '\u{E0041}', '\u{E007F}'] {
            assert_eq!(clean(&format!("pi{hidden}"), 80), "pi", "U+{:04X}", u32::from(hidden));
            assert!(quoted(&format!("pi{hidden}")).contains("\\u{"), "U+{:04X} shown as an escape", u32::from(hidden));
        }
        assert_eq!(clean("여기\u{200D}👩\u{200C}", 80), "여기\u{200D}👩\u{200C}", "joiners stay");
    }
}
