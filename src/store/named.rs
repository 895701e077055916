//! How a row of the register is named outside its screen: the area of the
//! register it belongs to, its id and the words that name it. Findings
//! (`dpo check`, the dashboard) and a record's history name it so.

use crate::domain::findings::{Area, RecordRef};

use super::{ActivityRow, BreachRow, ProcessorRecordRow, ProcessorRow, RequestRow};

/// A row named by its area, id and label.
pub trait Named {
    const AREA: Area;
    fn id(&self) -> i64;
    /// What names it to a person: a name, a reference, a title.
    fn label(&self) -> String;

    /// The reference a finding about it carries.
    fn record(&self) -> RecordRef {
        RecordRef {
            area: Self::AREA,
            id: self.id(),
            label: self.label(),
        }
    }
}

/// Each row type's area, where its id is, and what names it.
macro_rules! named {
    ($($row:ty: $area:ident, |$r:ident| $id:expr, $label:expr;)*) => {$(
        impl Named for $row {
            const AREA: Area = Area::$area;
            fn id(&self) -> i64 {
                let $r = self;
                $id
            }
            fn label(&self) -> String {
                let $r = self;
                $label.clone()
            }
        }
    )*};
}

named! {
    ProcessorRow: Processors, |r| r.processor.id, r.processor.fields.name;
    ActivityRow: Activities, |r| r.id, r.activity.name;
    RequestRow: Requests, |r| r.id, r.request.reference;
    BreachRow: Breaches, |r| r.id, r.breach.title;
    ProcessorRecordRow: ProcessorRecords, |r| r.id, r.record.controller_name;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{self, Kind};

    #[test]
    fn each_row_s_area_is_the_table_its_kind_keeps_it_in() {
        // A record's history is read from the journal by its area's name.
        assert_eq!(
            ProcessorRow::AREA.name(),
            record::processor::ProcessorKind::TABLE
        );
        assert_eq!(
            ActivityRow::AREA.name(),
            record::activity::ActivityKind::TABLE
        );
        assert_eq!(RequestRow::AREA.name(), record::request::RequestKind::TABLE);
        assert_eq!(BreachRow::AREA.name(), record::breach::BreachKind::TABLE);
        assert_eq!(
            ProcessorRecordRow::AREA.name(),
            record::processor_record::ProcessorRecordKind::TABLE
        );
    }
}
