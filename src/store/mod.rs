//! The only code that contains SQL. Opens, recognises, creates and migrates
//! register files and offers typed reads and writes per table.

mod activities;
mod agreements;
mod breaches;
mod error;
mod identity;
mod import;
pub mod iso_date;
mod journal;
mod keyset;
mod migrations;
mod order_indexes;
mod organisation;
mod processor_records;
mod processors;
mod register;
mod request_order;
mod requests;
mod search;

pub use activities::{ActivityRow, LinkedProcessor};
pub use agreements::{ChangeNotice, ChangeNoticeRow, DpaRow, TransferRow};
pub use breaches::{BreachRow, NotificationRow};
pub use error::{StoreError, StoreResult};
pub use identity::{check_register_file, parse_header, APPLICATION_ID};
pub use import::{Finished, ImportTx, LateError, Outcome};
pub use journal::{
    differences, Author, JournalEntry, JournalFilter, Verification, DERIVED, JOURNALED,
};
pub use migrations::{on_upgrade, UpgradeNotice, SCHEMA_VERSION};
pub use processor_records::ProcessorRecordRow;
pub use processors::ProcessorRow;
pub use register::Register;
pub use request_order::{RequestOrder, RequestSort};
pub use requests::{PauseRow, RequestEvent, RequestRow, QUICK_COUNT};
