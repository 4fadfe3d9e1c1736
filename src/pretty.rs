//! Indents compact JSON into the text `serde_json::to_string_pretty` writes
//! (two spaces, `": "`, empty `[]` and `{}` kept on one line). Export JSON
//! writes a pretty file; serializing it with serde_json's pretty formatter
//! compiled a second serializer for every results type into the page's wasm
//! (about 2.5 KB gzipped), where this pass over the text costs a few hundred
//! bytes. The tests hold it to serde_json's own output.

/// `compact` (what `serde_json::to_string` writes) indented.
pub fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays "{}" / "[]".
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.push(chars.next().unwrap_or(c));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::indent;
    use serde_json::json;

    fn same_as_serde(value: &serde_json::Value) {
        assert_eq!(indent(&serde_json::to_string(value).unwrap()), serde_json::to_string_pretty(value).unwrap());
    }

    #[test]
    fn indents_as_serde_json_does() {
        same_as_serde(&json!({}));
        same_as_serde(&json!([]));
        same_as_serde(&json!({ "a": [], "b": {}, "c": [1, 2.5, -3e-7, null, true], "d": { "e": [{ "f": "g" }] } }));
        // Text that looks like structure, escapes and quotes inside strings.
        same_as_serde(&json!({ "label": "a, b: {c} [d] \"e\" \\ \u{1} 가 \u{202E}", "k\"ey:,": "\\\"" }));
    }

    proptest::proptest! {
        #[test]
        fn any_text_in_strings_is_left_alone(text in "\\PC*", key in "[{}\\[\\],:\"\\\\a-z]{0,8}") {
            same_as_serde(&json!({ key.clone(): text, "list": [key, {}], "n": 1 }));
        }
    }

    #[test]
    fn an_exported_run_reads_the_same_either_way() {
        let doc = crate::share::tests::sample("workers=1-4&repeats=3&model=threads,gil", 2, 0.25);
        assert_eq!(indent(&serde_json::to_string(&doc).unwrap()), serde_json::to_string_pretty(&doc).unwrap());
    }
}
