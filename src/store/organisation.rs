//! The one-row organisation table.

use super::error::{StoreError, StoreResult};
use super::kinds;
use super::register::Register;
use crate::domain::organisation::Organisation;
use crate::domain::request::DeadlineSettings;
use crate::record::organisation::OrganisationKind;

impl Register {
    pub(super) fn insert_organisation(&mut self, org: &Organisation) -> StoreResult<()> {
        kinds::insert_first::<OrganisationKind>(&self.conn, org)
    }

    pub fn organisation(&self) -> StoreResult<Organisation> {
        read(&self.conn).map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => StoreError::NotARegister {
                path: self.path().to_path_buf(),
                reason: "it has no organisation record".into(),
            },
            other => other,
        })
    }

    /// The organisation record's revision, for `update_organisation`.
    pub fn organisation_revision(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT revision FROM organisation WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Saves over revision `revision`, with the deadline settings when given, in
    /// one transaction; refused with `Conflict` when someone else saved in between.
    pub fn update_organisation(
        &mut self,
        org: &Organisation,
        settings: Option<&DeadlineSettings>,
        revision: i64,
    ) -> StoreResult<()> {
        self.writing(|tx| {
            kinds::update_one::<OrganisationKind>(tx, revision, org)?;
            if let Some(settings) = settings {
                super::requests::write_settings(tx, settings)?;
            }
            // A new jurisdiction brings other holidays: every request's dates follow.
            super::requests::recompute_all(tx)?;
            // Art. 30(1)(a) names the controller and its contact details.
            super::activities::refresh_completeness(tx)?;
            Ok(())
        })
    }
}

/// The organisation record, read on `conn` (a transaction's too).
pub(super) fn read(conn: &rusqlite::Connection) -> StoreResult<Organisation> {
    Ok(conn.query_row(
        &format!(
            "SELECT {} FROM organisation o WHERE o.id = 1",
            kinds::select_columns::<OrganisationKind>("o")
        ),
        [],
        |row| kinds::read::<OrganisationKind>(row, 0),
    )?)
}
