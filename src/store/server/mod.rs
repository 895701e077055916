//! Registers on a PostgreSQL server, for a team: one schema per client
//! register, its tables and journal as in a file (see `schema`), reached by a
//! `postgres://` address (see `address`). `dpo push` puts a file's register
//! there with its journal, `dpo pull` makes a read-only copy for travel, and
//! `dpo verify URL` checks the server's chain and rows with the code that
//! checks a file.

mod address;
mod connection;
pub(crate) mod link;
mod migrate;
pub(crate) mod schema;
mod setup;
mod transfer;
mod write;

pub use address::{address_in, is_server_address, valid_register_name, ServerAddress, Tls};
pub use migrate::{migrate_server_register, ServerStep, SERVER_STEPS};
pub use setup::{server_setup, SetupReport};
pub use transfer::{pull, push, registers_on_server, verify_on_server, Moved};
pub(crate) use write::{begin_write, catch_up, ServerWrite};
