//! The only code that contains SQL. Opens, recognises, creates and migrates
//! register files and offers typed reads and writes per table.

mod activities;
mod agreements;
mod binary_values;
mod breaches;
mod copy;
mod draft;
mod error;
mod identity;
mod import;
pub mod iso_date;
mod journal;
mod keyset;
mod kinds;
mod letters;
mod migrations;
mod named;
mod order_indexes;
mod organisation;
mod processor_records;
mod processors;
mod read_only;
mod register;
mod register_file;
mod rekey;
mod request_clocks;
mod request_order;
mod request_search;
mod requests;
mod schema_check;
mod search;
pub mod server;
mod template;
mod undo;
mod verify;

pub use activities::{ActivityRow, LinkedProcessor};
pub use agreements::{ChangeNotice, ChangeNoticeRow, DpaRow, TransferRow};
pub use breaches::{BreachRow, NotificationRow};
pub use copy::{copied_tables, Loader, PulledFrom};
pub use draft::DraftWritten;
pub use error::{Found, StoreError, StoreResult};
pub use identity::{parse_header, read_identity, Identity, APPLICATION_ID};
pub use import::{
    Finished, ImportTx, Imported, LateError, Links, Outcome, Write, ACTIVITY_PROCESSORS,
    BREACH_ACTIVITIES, RECORD_PROCESSORS,
};
pub use journal::{
    differences, Author, JournalEntry, JournalFilter, Verification, ABOUT_THE_FILE, DERIVED,
    JOURNALED,
};
pub use letters::{LetterAbout, LetterRow};
pub use migrations::{on_upgrade, UpgradeNotice, SCHEMA_VERSION};
pub use named::Named;
pub use processor_records::ProcessorRecordRow;
pub use processors::ProcessorRow;
pub use register::Register;
pub use register_file::is_open_register;
pub use request_order::{RequestOrder, RequestSort};
pub use requests::{PauseRow, RequestEvent, RequestRow, QUICK_COUNT};
pub use schema_check::SchemaFinding;
pub use template::Copied;
pub use undo::Reverted;
