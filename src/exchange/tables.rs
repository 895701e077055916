//! The tables a register exports, by their stable CSV names.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::columns::{cells, header, Column};
use super::export::CsvOut;
use super::ExchangeError;
use crate::domain::dpa::{ClauseEntry, ClauseIndex, ClauseLine};
use crate::record::activity::{
    ActivityKind, ActivityProcessorKind, BasisKind, CategoryKind, Child, JointControllerKind,
};
use crate::record::breach::{BreachActivityKind, BreachKind, BreachNotificationKind};
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::columns;
use crate::record::dpa::{ClauseKind, DpaKind};
use crate::record::letter::LetterRecordKind;
use crate::record::organisation::OrganisationKind;
use crate::record::processor::ProcessorKind;
use crate::record::processor_record::{
    ProcessorRecordKind, ProcessorRecordProcessorKind, RecordProcessorLink,
};
use crate::record::request::{RequestEventKind, RequestKind, RequestPauseKind};
use crate::record::settings::SettingsKind;
use crate::record::transfer::TransferKind;
use crate::store::Register;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Organisation,
    DeadlineSettings,
    Processors,
    Requests,
    RequestPauses,
    RequestEvents,
    Breaches,
    BreachNotifications,
    Activities,
    ActivityDataCategories,
    ActivityBases,
    ActivityProcessors,
    ActivityJointControllers,
    ProcessorRecords,
    ProcessorRecordProcessors,
    BreachActivities,
    Dpas,
    DpaClauses,
    Transfers,
    ChangeNotices,
    Letters,
}

impl Table {
    pub const ALL: &'static [Table] = &[
        Table::Organisation,
        Table::DeadlineSettings,
        Table::Processors,
        Table::ProcessorRecords,
        Table::ProcessorRecordProcessors,
        Table::Requests,
        Table::RequestPauses,
        Table::RequestEvents,
        Table::Breaches,
        Table::BreachNotifications,
        Table::Activities,
        Table::ActivityDataCategories,
        Table::ActivityBases,
        Table::ActivityProcessors,
        Table::ActivityJointControllers,
        Table::BreachActivities,
        Table::Dpas,
        Table::DpaClauses,
        Table::Transfers,
        Table::ChangeNotices,
        Table::Letters,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Organisation => "organisation",
            Table::DeadlineSettings => "deadline_settings",
            Table::Processors => "processors",
            Table::Requests => "requests",
            Table::RequestPauses => "request_pauses",
            Table::RequestEvents => "request_events",
            Table::Breaches => "breaches",
            Table::BreachNotifications => "breach_notifications",
            Table::Activities => "activities",
            Table::ActivityDataCategories => "activity_data_categories",
            Table::ActivityBases => "activity_bases",
            Table::ActivityProcessors => "activity_processors",
            Table::ActivityJointControllers => "activity_joint_controllers",
            Table::ProcessorRecords => "processor_records",
            Table::ProcessorRecordProcessors => "processor_record_processors",
            Table::BreachActivities => "breach_activities",
            Table::Dpas => "dpas",
            Table::DpaClauses => "dpa_clauses",
            Table::Transfers => "transfers",
            Table::ChangeNotices => "change_notices",
            Table::Letters => "letters",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Table::Organisation => "The organisation the register belongs to (one row)",
            Table::DeadlineSettings => "How this register counts request deadlines (one row)",
            Table::Processors => "Processors, sub-processors and other recipients (GDPR Art. 28)",
            Table::Requests => "Data-subject requests and their deadlines (GDPR Art. 12-22)",
            Table::RequestPauses => "Periods during which a request's clock stood still",
            Table::RequestEvents => "Every change of every request",
            Table::Breaches => "Personal-data breaches (GDPR Art. 33(5)), notified or not",
            Table::BreachNotifications => "Notifications of breaches to supervisory authorities",
            Table::Activities => "Records of processing activities (GDPR Art. 30(1))",
            Table::ActivityDataCategories => {
                "Categories of personal data of each activity, with their retention"
            }
            Table::ActivityBases => "Lawful bases of each activity (Art. 6(1), 9(2), 10)",
            Table::ActivityProcessors => "The processors each activity's data go to",
            Table::ActivityJointControllers => {
                "Joint controllers of each activity and their Art. 26 arrangements"
            }
            Table::ProcessorRecords => {
                "Records of processing carried out as a processor (Art. 30(2))"
            }
            Table::ProcessorRecordProcessors => {
                "The sub-processors used for each controller of an Art. 30(2) record"
            }
            Table::BreachActivities => "The activities each breach affected",
            Table::Dpas => "Processor agreements (GDPR Art. 28 contracts), current and earlier",
            Table::DpaClauses => "The Art. 28(3)/(4) clause checklist of each agreement",
            Table::Transfers => "Transfers to third countries per processor (GDPR Chapter V)",
            Table::ChangeNotices => {
                "Sub-processor change notices and the objection deadlines they start"
            }
            Table::Letters => "Letters drafted from the register: their kind, language, when and where (never their text)",
        }
    }

    pub fn parse(name: &str) -> Result<Table, ExchangeError> {
        Table::ALL
            .iter()
            .copied()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| ExchangeError::UnknownTable {
                name: name.to_string(),
                near: crate::platform::fuzzy::near(name, Table::ALL.iter().map(|t| t.name())),
                known: Table::ALL
                    .iter()
                    .map(|t| t.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Columns the workbench computes from other data: written by export for
    /// the reader's sake, ignored by import (which computes them again).
    pub fn derived_columns(self) -> &'static [&'static str] {
        match self {
            Table::DeadlineSettings => &["jurisdiction"],
            Table::Processors => &["parent_name"],
            Table::Requests => &[
                "deadline",
                "extension_notice_by",
                "extended_deadline",
                "due_on",
                "rule",
                "rule_set",
                "days_late",
                "promised_on",
            ],
            Table::RequestPauses => &["reference"],
            Table::Breaches => &[
                "deadline_at",
                "processor_name",
                "first_notified_at",
                "first_notified_hours_late",
                "controller_deadline_at",
            ],
            Table::Activities => &[
                "processors",
                "processor_transfers",
                "missing_points",
                "findings",
            ],
            Table::ActivityDataCategories
            | Table::ActivityBases
            | Table::ActivityJointControllers
            | Table::BreachActivities => &["activity"],
            Table::ActivityProcessors => &["activity", "processor", "country"],
            Table::ProcessorRecords => &["missing_points", "sub_processor_names"],
            Table::ProcessorRecordProcessors => &["controller", "processor", "country"],
            Table::Dpas => &["missing_clauses"],
            Table::DpaClauses => &["clause_name"],
            Table::ChangeNotices => &["processor", "objection_deadline"],
            Table::Organisation
            | Table::RequestEvents
            | Table::BreachNotifications
            | Table::Transfers
            | Table::Letters => &[],
        }
    }

    /// Columns an imported file must have: every column that is neither
    /// derived nor the record's own `id` (without it, rows are new records).
    pub fn required_columns(self) -> Vec<&'static str> {
        let derived = self.derived_columns();
        self.column_docs()
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| *name != "id" && !derived.contains(name))
            .collect()
    }

    /// (name, description) of each column, for documentation and `--help`.
    pub fn column_docs(self) -> Vec<(&'static str, &'static str)> {
        fn docs<T>(columns: &[Column<T>]) -> Vec<(&'static str, &'static str)> {
            columns.iter().map(|c| (c.name, c.description)).collect()
        }
        match self {
            Table::Organisation => docs(&columns::<OrganisationKind>()),
            Table::DeadlineSettings => docs(&columns::<SettingsKind>()),
            Table::Processors => docs(&columns::<ProcessorKind>()),
            Table::Requests => docs(&columns::<RequestKind>()),
            Table::RequestPauses => docs(&columns::<RequestPauseKind>()),
            Table::RequestEvents => docs(&columns::<RequestEventKind>()),
            Table::Breaches => docs(&columns::<BreachKind>()),
            Table::BreachNotifications => docs(&columns::<BreachNotificationKind>()),
            Table::Activities => docs(&columns::<ActivityKind>()),
            Table::ActivityDataCategories => docs(&columns::<CategoryKind>()),
            Table::ActivityBases => docs(&columns::<BasisKind>()),
            Table::ActivityJointControllers => docs(&columns::<JointControllerKind>()),
            Table::ActivityProcessors => docs(&columns::<ActivityProcessorKind>()),
            Table::ProcessorRecords => docs(&columns::<ProcessorRecordKind>()),
            Table::ProcessorRecordProcessors => docs(&columns::<ProcessorRecordProcessorKind>()),
            Table::BreachActivities => docs(&columns::<BreachActivityKind>()),
            Table::Dpas => docs(&columns::<DpaKind>()),
            Table::DpaClauses => docs(&columns::<ClauseKind>()),
            Table::Transfers => docs(&columns::<TransferKind>()),
            Table::ChangeNotices => docs(&columns::<ChangeNoticeKind>()),
            Table::Letters => docs(&columns::<LetterRecordKind>()),
        }
    }

    /// Writes the whole table as CSV with a header row; returns the number of records.
    /// Rows are streamed from the store, never held all at once.
    pub fn write_csv<W: Write>(
        self,
        register: &Register,
        now: DateTime<Utc>,
        out: &mut CsvOut<W>,
    ) -> Result<usize, ExchangeError> {
        match self {
            Table::Organisation => {
                let columns = columns::<OrganisationKind>();
                out.header(&header(&columns))?;
                out.row(cells(&columns, &register.organisation()?))?;
                Ok(1)
            }
            Table::DeadlineSettings => {
                let columns = columns::<SettingsKind>();
                out.header(&header(&columns))?;
                out.row(cells(&columns, &register.deadline_settings()?))?;
                Ok(1)
            }
            Table::Processors => stream(out, &columns::<ProcessorKind>(), |each| {
                register.for_each_processor(each)
            }),
            Table::Requests => {
                let today =
                    crate::platform::clock::date_in(now, &register.organisation()?.time_zone);
                stream(out, &columns::<RequestKind>(), |each| {
                    register.for_each_request(today, each)
                })
            }
            Table::RequestPauses => stream(out, &columns::<RequestPauseKind>(), |each| {
                register.for_each_request_pause(each)
            }),
            Table::RequestEvents => stream(out, &columns::<RequestEventKind>(), |each| {
                register.for_each_request_event(each)
            }),
            Table::Breaches => stream(out, &columns::<BreachKind>(), |each| {
                register.for_each_breach(each)
            }),
            Table::BreachNotifications => {
                stream(out, &columns::<BreachNotificationKind>(), |each| {
                    register.for_each_notification(each)
                })
            }
            Table::Activities => stream(out, &columns::<ActivityKind>(), |each| {
                register.for_each_activity(each)
            }),
            Table::ActivityDataCategories => {
                children(register, out, &columns::<CategoryKind>(), |a| {
                    &a.activity.data_categories
                })
            }
            Table::ActivityBases => children(register, out, &columns::<BasisKind>(), |a| {
                &a.activity.bases
            }),
            Table::ActivityProcessors => {
                children(register, out, &columns::<ActivityProcessorKind>(), |a| {
                    &a.processors
                })
            }
            Table::ActivityJointControllers => {
                children(register, out, &columns::<JointControllerKind>(), |a| {
                    &a.activity.joint_controllers
                })
            }
            Table::ProcessorRecords => stream(out, &columns::<ProcessorRecordKind>(), |each| {
                register.for_each_processor_record(each)
            }),
            Table::ProcessorRecordProcessors => {
                stream(out, &columns::<ProcessorRecordProcessorKind>(), |each| {
                    register.for_each_processor_record(|row| {
                        for processor in &row.sub_processors {
                            each(&RecordProcessorLink {
                                record_id: row.id,
                                controller: row.record.controller_name.clone(),
                                processor: processor.clone(),
                            })?;
                        }
                        Ok(())
                    })
                })
            }
            Table::BreachActivities => stream(out, &columns::<BreachActivityKind>(), |each| {
                register.for_each_breach_activity(each)
            }),
            Table::Dpas => stream(out, &columns::<DpaKind>(), |each| {
                register.for_each_dpa(each)
            }),
            Table::DpaClauses => stream(out, &columns::<ClauseKind>(), |each| {
                register.for_each_dpa(|dpa| {
                    for (index, (state, note)) in dpa.dpa.clauses.iter().enumerate() {
                        let entry = ClauseEntry {
                            clause: ClauseIndex(index),
                            state: *state,
                            note: note.clone(),
                        };
                        each(&ClauseLine {
                            dpa_id: dpa.id,
                            entry,
                        })?;
                    }
                    Ok(())
                })
            }),
            Table::Transfers => stream(out, &columns::<TransferKind>(), |each| {
                register.for_each_transfer(each)
            }),
            Table::ChangeNotices => stream(out, &columns::<ChangeNoticeKind>(), |each| {
                register.for_each_change_notice(each)
            }),
            Table::Letters => stream(out, &columns::<LetterRecordKind>(), |each| {
                register.for_each_letter(each)
            }),
        }
    }

    /// A table of exactly one record (the register's organisation and its
    /// deadline settings): a file of it holds one row.
    pub fn is_one_record(self) -> bool {
        matches!(self, Table::Organisation | Table::DeadlineSettings)
    }

    /// How many records the table holds (for `dpo info`): the big tables are
    /// counted by SQL, the small ones by walking them.
    pub fn count(self, register: &Register) -> Result<usize, ExchangeError> {
        Ok(match self {
            Table::Organisation | Table::DeadlineSettings => 1,
            Table::Processors => register.count_processors("")?,
            Table::Requests => register.count_requests("")?,
            Table::RequestPauses => register.count_request_pauses()?,
            Table::RequestEvents => register.count_request_events()?,
            Table::Breaches => register.count_breaches("")?,
            Table::BreachNotifications => register.count_breach_notifications()?,
            Table::Activities => register.count_activities("", false)?,
            Table::Letters => register.count_letters()?,
            other => {
                let mut sink =
                    CsvOut::new(std::io::sink(), super::profile::Profile::Rfc4180.format())
                        .map_err(|e| ExchangeError::Csv(e.into()))?;
                // The moment changes the requests' dates only, counted above.
                other.write_csv(register, DateTime::UNIX_EPOCH, &mut sink)?
            }
        })
    }
}

/// Writes the header and then each record the store streams; returns the count.
fn stream<W: Write, T>(
    out: &mut CsvOut<W>,
    columns: &[Column<T>],
    for_each: impl FnOnce(&mut dyn FnMut(&T) -> Result<(), ExchangeError>) -> Result<(), ExchangeError>,
) -> Result<usize, ExchangeError> {
    out.header(&header(columns))?;
    let mut rows = 0;
    for_each(&mut |record| {
        out.row(cells(columns, record))?;
        rows += 1;
        Ok(())
    })?;
    Ok(rows)
}

/// Writes the header and then the child rows of every activity (categories,
/// bases or processor links), each with its activity; returns the count.
fn children<W: Write, T: Clone>(
    register: &Register,
    out: &mut CsvOut<W>,
    columns: &[Column<Child<T>>],
    items: impl Fn(&crate::store::ActivityRow) -> &Vec<T>,
) -> Result<usize, ExchangeError> {
    out.header(&header(columns))?;
    let mut rows = 0;
    register.for_each_activity(|a| {
        for item in items(a) {
            let child = Child {
                activity_id: a.id,
                activity_name: a.activity.name.clone(),
                item: item.clone(),
            };
            out.row(cells(columns, &child))?;
            rows += 1;
        }
        Ok::<(), ExchangeError>(())
    })?;
    Ok(rows)
}

/// The column reference of every table as Markdown, the generated part of
/// `docs/csv-format.md` (a test keeps the file equal to this).
pub fn columns_markdown() -> String {
    let mut out = String::new();
    for &table in Table::ALL {
        out.push_str(&format!(
            "### `{}.csv`\n\n{}.\n\n",
            table.name(),
            table.description()
        ));
        out.push_str("| # | Column | Meaning |\n|---|---|---|\n");
        let derived = table.derived_columns();
        for (i, (name, description)) in table.column_docs().into_iter().enumerate() {
            let note = if derived.contains(&name) {
                " *(computed; ignored by import)*"
            } else if name == "id" {
                " *(optional on import: a new record when empty)*"
            } else {
                ""
            };
            out.push_str(&format!("| {} | `{name}` | {description}{note} |\n", i + 1));
        }
        out.push('\n');
    }
    for (profile, columns) in super::layouts::layout_docs() {
        out.push_str(&format!(
            "### Layout `--profile {}`\n\n{}.\n\n| # | Heading | Filled from |\n|---|---|---|\n",
            profile.name(),
            profile.description()
        ));
        for (i, (name, description)) in columns.into_iter().enumerate() {
            out.push_str(&format!("| {} | {name} | {description} |\n", i + 1));
        }
        out.push('\n');
        let words = super::authority_registers::layout_docs(profile);
        for (what, columns) in words {
            out.push_str(&format!(
                "The {what} in this layout (`--table {}`):\n\n| # | Heading | Filled from |\n|---|---|---|\n",
                if what == "processor register" { "processors" } else { "breaches" }
            ));
            for (i, (name, description)) in columns.into_iter().enumerate() {
                out.push_str(&format!("| {} | {name} | {description} |\n", i + 1));
            }
            out.push('\n');
        }
    }
    out.push_str("### Authority codes (`breach_notifications.csv`, column `authority`)\n\n| Code | Authority |\n|---|---|\n");
    for a in crate::domain::authorities::AUTHORITIES {
        out.push_str(&format!("| `{}` | {} |\n", a.code, a.name));
    }
    out.push('\n');
    out
}
