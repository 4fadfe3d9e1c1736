//! CSV export's text: one record written as the csv crate writes it, and a
//! cell a spreadsheet would run as a formula defused. Written here instead
//! of depending on the csv crate in the page's build: with it and
//! `str::parse::<f64>` (which only this needed) the plain wasm was 15 KB
//! gzipped larger. The csv crate stays the oracle: the tests compare.

/// One CSV record as `csv::Writer::from_writer` writes it: fields joined by
/// commas, a field with a comma, quote, CR or LF quoted with its quotes
/// doubled, `\n` after the record. (Every record here has 30 fields, so
/// csv's quoting of a record's only, empty field never applies.)
pub fn write_record<I: IntoIterator<Item = S>, S: AsRef<str>>(out: &mut String, fields: I) {
    for (i, field) in fields.into_iter().enumerate() {
        let field = field.as_ref();
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// A cell that a spreadsheet would read as a formula gets a leading apostrophe.
pub fn defuse(cell: &str) -> String {
    let numeric = is_float(cell);
    if !numeric && cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Whether `s.parse::<f64>()` would succeed (the grammar of `f64::from_str`:
/// an optional sign, then `inf`, `infinity` or `nan` in any case, or digits
/// with an optional point and an optional exponent), without the parser and
/// its tables.
fn is_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if ["inf", "infinity", "nan"].iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return true;
    }
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let int = digits(s);
    let mut rest = &s[int..];
    let mut frac = 0;
    if let Some(r) = rest.strip_prefix('.') {
        frac = digits(r);
        rest = &r[frac..];
    }
    if int + frac == 0 {
        return false;
    }
    if let Some(r) = rest.strip_prefix(['e', 'E']) {
        let r = r.strip_prefix(['+', '-']).unwrap_or(r);
        let exp = digits(r);
        return exp > 0 && exp == r.len();
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The csv crate (a native dev-dependency) is the oracle: what it
    /// writes, with its default settings, is what export must write.
    fn via_csv(fields: &[String]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(fields).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        #[test]
        fn a_record_is_written_as_the_csv_crate_writes_it(fields in proptest::collection::vec("[a-c,\"\r\n\t#;| =+@ \\-'é가]{0,6}", 2..8)) {
            let mut out = String::new();
            write_record(&mut out, &fields);
            prop_assert_eq!(out, via_csv(&fields));
        }

        #[test]
        fn is_float_agrees_with_the_standard_parser(s in "[+\\-]?[0-9.eE+\\-]{0,6}|[+\\-]?(?i:inf|infinity|nan|infin|na|in)[0-9 ]?| ?[0-9]{1,3}(\\.[0-9]*)?([eE][+\\-]?[0-9]{0,2})? ?|[0-9a-zA-Z.+\\-_ ]{0,8}") {
            prop_assert_eq!(is_float(&s), s.parse::<f64>().is_ok(), "{:?}", s);
        }
    }

    #[test]
    fn is_float_on_edge_cases() {
        for s in
            ["", ".", "+", "-", "1", "-1.5", "1.", ".5", "1e5", "1e", "1e+", "e5", "+.e1", "1.e3", ".e3", "inf", "-INF", "+Infinity", "NaN", "nan1", "infinit", "1_0", " 1", "1 ", "1e5.0", "0x10", "١"]
        {
            assert_eq!(is_float(s), s.parse::<f64>().is_ok(), "{s:?}");
        }
    }

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        assert_eq!(defuse("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(defuse("@x"), "'@x");
        assert_eq!(defuse("-1.5"), "-1.5");
        assert_eq!(defuse("+1e3"), "+1e3");
        assert_eq!(defuse("-x"), "'-x");
    }
}
