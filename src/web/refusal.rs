//! A refused link or file as the page receives it: thrown by `Page` and
//! `checkFileSize`, it keeps its reason (not only its words), so the page
//! can say it again in another language when the reader switches (a link
//! shared by a Korean reader is refused in Korean; its reader asks for
//! English). Plain build only, like the page.

use super::page::lang_of;
use crate::i18n::Lang;
use crate::intake::IntakeError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Refusal {
    error: IntakeError,
    /// The language it was refused in: `message`'s.
    lang: Lang,
}

impl Refusal {
    /// `error`, said in `lang` until asked otherwise.
    pub(super) fn in_lang(lang: Lang) -> impl Fn(IntakeError) -> Refusal {
        move |error| Refusal { error, lang }
    }
}

#[wasm_bindgen]
impl Refusal {
    /// Why, in the language of the page when it was refused (as an
    /// `Error`'s message: what a catch reads first).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.error.message_in(self.lang)
    }

    /// Why, in `lang` (`en`, `ko`).
    #[wasm_bindgen(js_name = wordedIn)]
    pub fn worded_in(&self, lang: &str) -> String {
        self.error.message_in(lang_of(lang))
    }
}
