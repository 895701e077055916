//! What the program needs from the machine it runs on, apart from the
//! register: the clock, passphrases, the list of recent registers, agreement
//! documents on disk, signing keys, private files and fuzzy matching.

pub mod clock;
pub mod config;
pub mod document;
pub mod fuzzy;
pub mod hex;
pub mod passphrase;
pub mod pgpass;
pub mod policy_file;
pub mod private_file;
pub mod recent;
pub mod signing;
pub mod words;
