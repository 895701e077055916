//! How every screen's `perform` saves a form's record: over the stored one
//! when the form edited one, else as a new one.

use crate::store::{Register, StoreResult};
use crate::tui::effect::Save;

/// What a save wrote: the record's id, and whether it is a new record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub id: i64,
    pub created: bool,
}

impl<T> Save<T> {
    /// Writes the record with `update` (id, revision, record) when the form
    /// edited a stored one, else with `insert`, which gives the new record's id.
    pub fn write(
        &self,
        register: &mut Register,
        update: impl FnOnce(&mut Register, i64, i64, &T) -> StoreResult<()>,
        insert: impl FnOnce(&mut Register, &T) -> StoreResult<i64>,
    ) -> StoreResult<Written> {
        match self.id {
            Some(id) => update(register, id, self.revision, &self.record)
                .map(|()| Written { id, created: false }),
            None => insert(register, &self.record).map(|id| Written { id, created: true }),
        }
    }
}
