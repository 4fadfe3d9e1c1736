//! A refusal as the page receives it — a link or file not read, or runs too
//! large for a link: thrown by `Page` and `checkFileSize`, it keeps its
//! reason (not only its words), so the page can say it again in another
//! language when the reader switches (a link shared by a Korean reader is
//! refused in Korean; its reader asks for English). Plain build only, like
//! the page.

use super::page::lang_of;
use crate::i18n::Lang;
use crate::intake::IntakeError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Refusal {
    why: Why,
    /// The language it was refused in: `message`'s.
    lang: Lang,
}

/// What was refused, and why.
enum Why {
    /// A link or file that was not read.
    Intake(IntakeError),
    /// No link: the runs would need `chars` characters (the text at `key` says so).
    TooLong { key: &'static str, chars: usize },
}

impl Refusal {
    /// `error`, said in `lang` until asked otherwise.
    pub(super) fn in_lang(lang: Lang) -> impl Fn(IntakeError) -> Refusal {
        move |error| Refusal { why: Why::Intake(error), lang }
    }

    /// No link for runs that are too large for one, said in `lang` by the
    /// text at `key` until asked otherwise.
    pub(super) fn too_long(key: &'static str, lang: Lang) -> impl Fn(crate::share::TooLong) -> Refusal {
        move |e| Refusal { why: Why::TooLong { key, chars: e.chars }, lang }
    }

    fn words(&self, lang: Lang) -> String {
        match &self.why {
            Why::Intake(error) => error.message_in(lang),
            Why::TooLong { key, chars } => lang.say(key, &[("n", chars.to_string()), ("max", crate::share::MAX_FRAGMENT_CHARS.to_string())]),
        }
    }
}

#[wasm_bindgen]
impl Refusal {
    /// Why, in the language of the page when it was refused (as an
    /// `Error`'s message: what a catch reads first).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.words(self.lang)
    }

    /// Why, in `lang` (`en`, `ko`).
    #[wasm_bindgen(js_name = wordedIn)]
    pub fn worded_in(&self, lang: &str) -> String {
        self.words(lang_of(lang))
    }
}
