//! Small reusable pieces of the interface.

pub mod error_summary;
pub mod footer;
pub mod form_field;
pub mod header;
pub mod language_switch;
pub mod load;
pub mod page_heading;
pub mod rejected_rows;
pub mod rows;
pub mod skip_link;
pub mod status_message;

pub use error_summary::ErrorSummary;
pub use footer::Footer;
pub use form_field::{Checkbox, FormError, FormField, LanguageField, Msg, focus_by_id};
pub use header::Header;
pub use language_switch::LanguageSwitch;
pub use load::{Load, LoadFailed, Loader, Loading};
pub use page_heading::{PageHeading, PageHeadingText};
pub use rejected_rows::RejectedRowsTable;
pub use skip_link::SkipLink;
pub use status_message::{ServiceNotice, StatusMessage};
