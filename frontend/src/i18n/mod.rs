//! Every string the SPA shows, in French and English, one module per area: [`common`],
//! [`account`], [`requests`], [`consultations`], [`staff`], [`setup`] (the consultation set-up
//! form), [`trustee`] and [`errors`]; what an API error code means is `protocol::text`'s, the
//! server's own words.
//!
//! Each area is an enum whose [`Text::pair`] is one exhaustive `match` giving the French and
//! English side by side, so a text without both translations does not compile. [`Key`] holds a
//! text of any area, for what stores or passes one (a message, a label, a flash). Texts that
//! embed a value (a town name, a delay) are functions in their area's module, again with both
//! languages side by side. The server's own texts (its error messages and mails) are in
//! `backend/src/i18n.rs`.

pub mod account;
pub mod common;
pub mod consultations;
pub mod errors;
pub mod requests;
pub mod setup;
pub mod staff;
pub mod trustee;

pub use account::*;
pub use common::*;
pub use consultations::*;
pub use errors::*;
pub use requests::*;
pub use setup::*;
pub use staff::*;
pub use trustee::Trustee;

use protocol::ErrorCode;
use protocol::api::Language;
use protocol::requests::RequestStatus;

/// A fixed text of the interface: the one way a page looks a text up.
pub trait Text: Copy {
    /// The `(French, English)` pair.
    fn pair(self) -> (&'static str, &'static str);

    /// This text in `lang`.
    fn text(self, lang: Language) -> &'static str {
        let (fr, en) = self.pair();
        match lang {
            Language::Fr => fr,
            Language::En => en,
        }
    }
}

/// Declares [`Key`] over the area enums, with the conversions into it.
macro_rules! keys {
    ($($area:ident),* $(,)?) => {
        /// A fixed text of any area.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($area($area),)*
        }

        $(impl From<$area> for Key {
            fn from(text: $area) -> Self {
                Key::$area(text)
            }
        })*

        impl Text for Key {
            fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $(Key::$area(text) => text.pair(),)*
                }
            }
        }
    };
}

keys!(
    Common,
    Account,
    Requests,
    Consultations,
    Staff,
    Setup,
    Trustee,
    Errors,
    ErrorCode,
    RequestStatus,
);
