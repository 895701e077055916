//! The one-row organisation table.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::register::{Register, NOW};
use crate::domain::organisation::{Organisation, OurRole};
use crate::domain::request::DeadlineSettings;

impl Register {
    pub(super) fn insert_organisation(&mut self, org: &Organisation) -> StoreResult<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO organisation (id, name, org_number, jurisdiction, time_zone, role,
                 dpo_name, dpo_email, dpo_phone, created_at, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {NOW},
                 {NOW})"
            ),
            params![
                org.name,
                org.org_number,
                org.jurisdiction,
                org.time_zone,
                org.role.code(),
                org.dpo_name,
                org.dpo_email,
                org.dpo_phone
            ],
        )?;
        Ok(())
    }

    pub fn organisation(&self) -> StoreResult<Organisation> {
        self.conn
            .query_row(
                "SELECT name, org_number, jurisdiction, time_zone, role, dpo_name, dpo_email, dpo_phone
                 FROM organisation WHERE id = 1",
                [],
                |row| {
                    let role: String = row.get(4)?;
                    Ok(Organisation {
                        name: row.get(0)?,
                        org_number: row.get(1)?,
                        jurisdiction: row.get(2)?,
                        time_zone: row.get(3)?,
                        role: OurRole::parse(&role).unwrap_or(OurRole::Controller),
                        dpo_name: row.get(5)?,
                        dpo_email: row.get(6)?,
                        dpo_phone: row.get(7)?,
                    })
                },
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => StoreError::NotARegister {
                    path: self.path().to_path_buf(),
                    reason: "it has no organisation record".into(),
                },
                other => other.into(),
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
        let tx = self.write_tx()?;
        let changed = super::register::exec(
            &tx,
            &format!("UPDATE organisation SET name = ?1, org_number = ?2, jurisdiction = ?3, time_zone = ?4,
                 role = ?5, dpo_name = ?6, dpo_email = ?7, dpo_phone = ?8,
                 revision = revision + 1, updated_at = {NOW}
             WHERE id = 1 AND revision = ?9"),
            params![
                org.name,
                org.org_number,
                org.jurisdiction,
                org.time_zone,
                org.role.code(),
                org.dpo_name,
                org.dpo_email,
                org.dpo_phone,
                revision
            ],
        )?;
        if let Some(settings) = settings {
            super::requests::write_settings(&tx, settings)?;
        }
        // A new jurisdiction brings other holidays: every request's dates follow.
        super::requests::recompute_all(&tx)?;
        // Art. 30(1)(a) names the controller and its contact details.
        super::activities::refresh_completeness(&tx)?;
        if changed == 0 {
            return Err(StoreError::Conflict {
                what: "organisation record",
            });
        }
        Ok(tx.commit()?)
    }
}
