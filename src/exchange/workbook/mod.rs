//! The auditor's workbook: one XLSX file with a sheet per register a person
//! reads, cells typed, labels in words, times in the register's zone. Written
//! under a temporary name and renamed when whole, like every export; the
//! rows stream through an unnamed temporary file (never left behind), so a
//! million requests do not have to fit in memory.

mod sheet;

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, SecondsFormat, Utc};
use rust_xlsxwriter::Workbook;

pub use sheet::{columns_of, in_words, SheetColumn};
use sheet::{xlsx, Formats, SheetWriter};

use super::layouts;
use super::profile::Profile;
use super::tables::Table;
use super::ExchangeError;
use crate::domain::activity_form::{basis_lines, category_lines};
use crate::record::breach::{BreachKind, BreachNotificationKind};
use crate::record::change_notice::ChangeNoticeKind;
use crate::record::dpa::DpaKind;
use crate::record::organisation::OrganisationKind;
use crate::record::processor::ProcessorKind;
use crate::record::processor_record::ProcessorRecordKind;
use crate::record::request::RequestKind;
use crate::record::transfer::TransferKind;
use crate::record::{text_cell, Cell, CellKind, Kind};
use crate::store::{ActivityRow, ProcessorRow, Register};

/// The sheets after "About", in the order an auditor reads them, with the
/// table each shows (the CSV table of the same records).
pub const SHEETS: &[(&str, Table)] = &[
    ("Organisation", Table::Organisation),
    ("Processors", Table::Processors),
    ("Agreements", Table::Dpas),
    ("Transfers", Table::Transfers),
    ("Records of processing", Table::Activities),
    ("Art. 30(2) records", Table::ProcessorRecords),
    ("Requests", Table::Requests),
    ("Breaches", Table::Breaches),
    ("Notifications", Table::BreachNotifications),
    ("Change notices", Table::ChangeNotices),
];

/// Whether `table` has a sheet of its own in the workbook.
pub fn has_sheet(table: Table) -> bool {
    SHEETS.iter().any(|(_, t)| *t == table)
}

/// What a workbook holds and for which moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkbookOptions {
    /// The moment it speaks for.
    pub now: DateTime<Utc>,
    /// The register as it stood at `now`, rebuilt from its journal (not as it is).
    pub as_of: bool,
    /// One sheet only: the one showing this table.
    pub only: Option<Table>,
    /// An authority's words for the record of processing (and, for one
    /// table, the processor or breach register); else the register's
    /// jurisdiction's authority, else plain sheets.
    pub layout: Option<Profile>,
    /// Whether an existing file may be replaced.
    pub replace: bool,
}

impl WorkbookOptions {
    /// Every sheet of the register as it is at `now`, in its authority's words.
    pub fn at(now: DateTime<Utc>) -> Self {
        WorkbookOptions {
            now,
            as_of: false,
            only: None,
            layout: None,
            replace: false,
        }
    }
}

/// Writes the workbook of `register` to `path` as `options` say. Returns
/// (sheet, records) per sheet.
pub fn export_workbook(
    register: &Register,
    options: WorkbookOptions,
    path: &Path,
) -> Result<Vec<(&'static str, usize)>, ExchangeError> {
    let WorkbookOptions { now, only, .. } = options;
    let organisation = register.organisation()?;
    let chosen = options.layout.filter(|p| p.is_authority_layout());
    let layout = chosen.or_else(|| layouts::layout_for(Some(organisation.jurisdiction_code())));
    // One table an authority's words were asked for: its register in them.
    if let (Some(profile), Some(table @ (Table::Processors | Table::Breaches))) = (chosen, only) {
        let mut workbook = Workbook::new();
        let formats = Formats::new();
        let name = authority_sheets(profile)
            .into_iter()
            .find(|(_, t)| *t == table)
            .map_or("Register", |(name, _)| name);
        about(&mut workbook, register, options, &[(name, table)], chosen)?;
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx)?;
        let zone = organisation.time_zone;
        let rows = authority_sheet(sheet, &formats, register, (profile, zone), name, table)?;
        save(&mut workbook, path, options.replace)?;
        return Ok(vec![(name, rows)]);
    }
    let sheets: Vec<(&'static str, Table)> = match only {
        None => SHEETS.to_vec(),
        Some(table) => vec![SHEETS
            .iter()
            .copied()
            .find(|(_, t)| *t == table)
            .ok_or_else(|| {
                ExchangeError::Profile(format!(
                    "the workbook has no sheet of its own for '{}' (it is part of another sheet, or CSV only); its sheets show: {}",
                    table.name(),
                    SHEETS.iter().map(|(_, t)| t.name()).collect::<Vec<_>>().join(", ")
                ))
            })?],
    };
    let mut workbook = Workbook::new();
    if let Some(folder) = path.parent().filter(|p| p.is_dir()) {
        // The rows' temporary file beside the workbook, on the user's disk.
        workbook.set_tempdir(folder).map_err(xlsx)?;
    }
    let formats = Formats::new();
    about(&mut workbook, register, options, &sheets, layout)?;
    let mut written = Vec::new();
    for (name, table) in sheets {
        let rows = write_sheet(
            &mut workbook,
            &formats,
            register,
            (now, layout),
            name,
            table,
        )?;
        written.push((name, rows));
    }
    if only.is_none() {
        let sheet = workbook.add_worksheet();
        codes_sheet(sheet, &formats, register)?;
        written.push(("Codes", 0)); // a key to the others, not records
    }
    // The processor and breach registers in the authority's own words too.
    if let (None, Some(profile)) = (only, layout) {
        let zone = organisation.time_zone;
        for (name, table) in authority_sheets(profile) {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(xlsx)?;
            authority_sheet(sheet, &formats, register, (profile, zone), name, table)?;
            // The same records as the Processors and Breaches sheets: a
            // count of records does not take them twice.
            written.push((name, 0));
        }
    }
    save(&mut workbook, path, options.replace)?;
    Ok(written)
}

/// Writes the finished workbook: whole or not at all, and, unless
/// `replace`, never over a file that appeared meanwhile.
fn save(workbook: &mut Workbook, path: &Path, replace: bool) -> Result<(), ExchangeError> {
    let write =
        |out: &mut std::io::BufWriter<std::fs::File>| workbook.save_to_writer(out).map_err(xlsx);
    if replace {
        super::export::write_atomically(path, write)
    } else {
        super::export::write_new_atomically(path, write)
    }
}

/// The codes that remain in the sheets — countries by their ISO code, the
/// supervisory authorities by theirs — with what each one means.
fn codes_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    formats: &Formats,
    register: &Register,
) -> Result<usize, ExchangeError> {
    use std::collections::BTreeMap;
    let organisation = register.organisation()?;
    let mut countries: BTreeMap<String, &'static str> = BTreeMap::new();
    let mut note = |code: &str| {
        if let Some(name) = crate::domain::country::country_name(code) {
            countries.insert(code.to_string(), name);
        }
    };
    note(organisation.jurisdiction_code());
    register.for_each_processor(|row| {
        note(&row.processor.fields.country);
        Ok::<_, ExchangeError>(())
    })?;
    register.for_each_transfer(|row| {
        note(&row.transfer.country);
        Ok::<_, ExchangeError>(())
    })?;
    let mut authorities: BTreeMap<String, &'static str> = BTreeMap::new();
    register.for_each_notification(|row| {
        let code = &row.notification.authority;
        if let Some(a) = crate::domain::authorities::AUTHORITIES
            .iter()
            .find(|a| a.code == code)
        {
            authorities.insert(code.clone(), a.name);
        }
        Ok::<_, ExchangeError>(())
    })?;
    let lines: Vec<(String, String, &str)> = countries
        .into_iter()
        .map(|(code, name)| (code, name.to_string(), "Country (ISO 3166-1)"))
        .chain(
            authorities
                .into_iter()
                .map(|(code, name)| (code, name.to_string(), "Supervisory authority")),
        )
        .collect();
    let columns = vec![
        SheetColumn::derived("Code", |l: &(String, String, &str)| Cell::Text(l.0.clone())),
        SheetColumn::derived("Meaning", |l: &(String, String, &str)| {
            Cell::Text(l.1.clone())
        }),
        SheetColumn::derived("Kind", |l: &(String, String, &str)| {
            Cell::Text(l.2.to_string())
        }),
    ];
    let mut writer = SheetWriter::new(sheet, "Codes", columns, formats, organisation.time_zone)?;
    for line in &lines {
        writer.write(line)?;
    }
    writer.finish()
}

/// The sheets of the processor and breach registers in `profile`'s words.
pub fn authority_sheets(profile: Profile) -> [(&'static str, Table); 2] {
    match profile {
        Profile::Datatilsynet => [
            ("Databehandlere", Table::Processors),
            ("Avvik", Table::Breaches),
        ],
        Profile::Imy => [
            ("Personuppgiftsbiträden", Table::Processors),
            ("Personuppgiftsincidenter", Table::Breaches),
        ],
        _ => [
            ("Processor register", Table::Processors),
            ("Breach log", Table::Breaches),
        ],
    }
}

fn authority_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    formats: &Formats,
    register: &Register,
    (profile, zone): (Profile, chrono_tz::Tz),
    name: &str,
    table: Table,
) -> Result<usize, ExchangeError> {
    use super::authority_registers as words;
    match table {
        Table::Processors => {
            let columns = words::processor_columns(profile).unwrap_or_default();
            let columns = columns.iter().map(SheetColumn::of_layout).collect();
            let mut writer = SheetWriter::new(sheet, name, columns, formats, zone)?;
            words::for_each_processor(register, |line| writer.write(line))?;
            writer.finish()
        }
        _ => {
            let columns = words::breach_columns(profile).unwrap_or_default();
            let columns = columns
                .iter()
                .map(|c| match words::moment_of(c.name) {
                    Some(moment) => SheetColumn {
                        label: c.name.to_string(),
                        kind: CellKind::Instant,
                        cell: sheet::CellOf::Derived(Box::new(move |l| {
                            moment(l).map_or(Cell::Empty, Cell::Instant)
                        })),
                    },
                    None => SheetColumn::of_layout(c),
                })
                .collect();
            let mut writer = SheetWriter::new(sheet, name, columns, formats, zone)?;
            words::for_each_breach(register, |line| writer.write(line))?;
            writer.finish()
        }
    }
}

/// The first sheet: what the workbook is, whose register, when, and the
/// journal's head (the hash that pins the register's history).
fn about(
    workbook: &mut Workbook,
    register: &Register,
    options: WorkbookOptions,
    sheets: &[(&str, Table)],
    layout: Option<Profile>,
) -> Result<(), ExchangeError> {
    let now = options.now;
    let organisation = register.organisation()?;
    let zone = organisation.time_zone;
    let local = now
        .with_timezone(&zone)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    // A register rebuilt as it stood earlier has no journal of its own.
    let (made_at, head) = if options.as_of {
        (
            "The registers as they stood at",
            "not in this copy: the registers were rebuilt from the journal up to that moment; `dpo verify` on the register checks the journal itself".to_string(),
        )
    } else {
        ("Made at", register.journal_head()?)
    };
    let mut lines: Vec<(String, String)> = vec![
        (
            "What this is".into(),
            "The GDPR registers of the organisation below, exported by dpo-workbench for an audit: one sheet per register, dates as dates, times in the register's time zone (UTC beside them).".into(),
        ),
        ("Organisation".into(), organisation.name.clone()),
        (
            "Register file".into(),
            register
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        (made_at.into(), format!("{local} {}", zone.name())),
        (
            format!("{made_at} (UTC)"),
            now.to_rfc3339_opts(SecondsFormat::Secs, true),
        ),
        ("Journal head".into(), head),
        (
            "Journal".into(),
            "Every change to the register is in its hash-chained journal; `dpo verify` checks the register against it, and the head above names the last entry at the moment of this export.".into(),
        ),
    ];
    let extra = layout.filter(|_| sheets.len() > 1).map(authority_sheets);
    for (name, table) in sheets.iter().chain(extra.iter().flatten()) {
        let about = match (table, layout) {
            (Table::Activities, Some(profile)) => {
                format!(
                    "{} — in the layout {}: {}",
                    table.description(),
                    profile.name(),
                    profile.description()
                )
            }
            _ => table.description().to_string(),
        };
        lines.push((format!("Sheet: {name}"), about));
    }
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    let columns = vec![
        SheetColumn::derived("About this workbook", |l: &(String, String)| {
            Cell::Text(l.0.clone())
        }),
        SheetColumn::derived("", |l: &(String, String)| text_cell(l.1.clone())),
    ];
    let mut writer = SheetWriter::new(sheet, "About", columns, &formats, zone)?;
    for line in &lines {
        writer.write(line)?;
    }
    writer.finish()?;
    Ok(())
}

fn write_sheet(
    workbook: &mut Workbook,
    formats: &Formats,
    register: &Register,
    (now, layout): (DateTime<Utc>, Option<Profile>),
    name: &str,
    table: Table,
) -> Result<usize, ExchangeError> {
    let zone = register.organisation()?.time_zone;
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(xlsx)?;
    macro_rules! kind_sheet {
        ($kind:ty, $columns:expr, $for_each:expr) => {{
            let mut writer = SheetWriter::new(sheet, name, $columns, formats, zone)?;
            ($for_each)(&mut |row: &<$kind as Kind>::Row| writer.write(row))?;
            writer.finish()
        }};
    }
    match table {
        Table::Organisation => organisation_sheet(sheet, formats, register, name),
        Table::Processors => {
            kind_sheet!(ProcessorKind, processor_columns(register)?, |each| register
                .for_each_processor(each))
        }
        Table::Dpas => kind_sheet!(DpaKind, columns_of::<DpaKind>(), |each| register
            .for_each_dpa(each)),
        Table::Transfers => kind_sheet!(TransferKind, columns_of::<TransferKind>(), |each| {
            register.for_each_transfer(each)
        }),
        Table::Activities => match layout.and_then(layouts::columns_of) {
            Some(columns) => {
                let columns = columns.iter().map(SheetColumn::of_layout).collect();
                let mut writer = SheetWriter::new(sheet, name, columns, formats, zone)?;
                layouts::for_each_row(register, |row| writer.write(row))?;
                writer.finish()
            }
            None => {
                let mut writer = SheetWriter::new(sheet, name, activity_columns(), formats, zone)?;
                register.for_each_activity(|row| writer.write(row))?;
                writer.finish()
            }
        },
        Table::ProcessorRecords => kind_sheet!(
            ProcessorRecordKind,
            columns_of::<ProcessorRecordKind>(),
            |each| register.for_each_processor_record(each)
        ),
        Table::Requests => {
            let today = crate::platform::clock::date_in(now, &zone);
            kind_sheet!(RequestKind, columns_of::<RequestKind>(), |each| register
                .for_each_request(today, each))
        }
        Table::Breaches => kind_sheet!(BreachKind, breach_columns(), |each| {
            register.for_each_breach(each)
        }),
        Table::BreachNotifications => kind_sheet!(
            BreachNotificationKind,
            columns_of::<BreachNotificationKind>(),
            |each| register.for_each_notification(each)
        ),
        Table::ChangeNotices => {
            kind_sheet!(ChangeNoticeKind, columns_of::<ChangeNoticeKind>(), |each| {
                register.for_each_change_notice(each)
            })
        }
        other => Err(ExchangeError::Profile(format!(
            "no sheet for {}",
            other.name()
        ))),
    }
}

/// The organisation, one field a row: a form to read, not a table.
fn organisation_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    formats: &Formats,
    register: &Register,
    name: &str,
) -> Result<usize, ExchangeError> {
    let organisation = register.organisation()?;
    let zone = organisation.time_zone;
    let lines: Vec<(String, Cell)> = columns_of::<OrganisationKind>()
        .iter()
        .map(|c| (c.label.clone(), c.cell_of(&organisation)))
        .collect();
    let columns = vec![
        SheetColumn::derived("Field", |l: &(String, Cell)| Cell::Text(l.0.clone())),
        SheetColumn::derived("Value", |l: &(String, Cell)| l.1.clone()),
    ];
    let mut writer = SheetWriter::new(sheet, name, columns, formats, zone)?;
    for line in &lines {
        writer.write(line)?;
    }
    writer.finish()
}

/// The processors' columns, then the status of each one's agreement and the
/// transfers recorded for it.
fn processor_columns(register: &Register) -> Result<Vec<SheetColumn<ProcessorRow>>, ExchangeError> {
    let transfers = super::authority_registers::transfers_by_processor(register)?;
    Ok(processor_columns_with(Rc::new(transfers)))
}

/// Each processor's transfers: (destination, tool).
type Transfers = HashMap<i64, Vec<(String, crate::domain::transfer::TransferTool)>>;

fn processor_columns_with(transfers: Rc<Transfers>) -> Vec<SheetColumn<ProcessorRow>> {
    let mut columns = columns_of::<ProcessorKind>();
    columns.push(SheetColumn::derived("Agreement", |r: &ProcessorRow| {
        r.agreement
            .map_or(Cell::Empty, |status| Cell::Text(status.label().to_string()))
    }));
    columns.push(SheetColumn::derived(
        "Transfers",
        move |r: &ProcessorRow| {
            let list = transfers.get(&r.processor.id).into_iter().flatten();
            let shown = list.map(|(country, tool)| format!("{country} ({})", tool.label()));
            text_cell(shown.collect::<Vec<_>>().join("; "))
        },
    ));
    columns
}

/// Each sheet's columns as `docs/csv-format.md` documents them (a test keeps
/// the two in step): the header as written, and what its cells hold.
pub fn sheets_markdown() -> String {
    fn rows<T>(columns: &[SheetColumn<T>]) -> String {
        columns
            .iter()
            .map(|c| match c.kind {
                CellKind::Instant => format!(
                    "| {} (*zone*) | date-time in the register's time zone |\n| {} (UTC) | the same moment in UTC |\n",
                    c.label, c.label
                ),
                CellKind::Date => format!("| {} | date |\n", c.label),
                CellKind::Number => format!("| {} | number |\n", c.label),
                CellKind::Text if c.sniffed() => format!(
                    "| {} | a whole number or a date where it is one, else text |\n",
                    c.label
                ),
                CellKind::Text => format!("| {} | text |\n", c.label),
            })
            .collect()
    }
    let mut out = String::from(
        "The sheet *About* comes first: what the workbook is, the organisation, the register file, the moment it was made (local and UTC) and the journal's head hash. After the sheets below come *Codes* (the codes that remain — countries by ISO code, supervisory authorities by theirs — with their meaning) and, for a register in Norway, Sweden or the United Kingdom, the processor and breach registers in that authority's words (see the layouts).\n",
    );
    for (name, table) in SHEETS {
        let columns = match table {
            Table::Organisation => "| Field | each of the organisation's fields by its label (Name, Org. number…) |\n| Value | its value, typed |\n".to_string(),
            Table::Processors => rows(&processor_columns_with(Rc::default())),
            Table::Dpas => rows(&columns_of::<DpaKind>()),
            Table::Transfers => rows(&columns_of::<TransferKind>()),
            Table::Activities => rows(&activity_columns()),
            Table::ProcessorRecords => rows(&columns_of::<ProcessorRecordKind>()),
            Table::Requests => rows(&columns_of::<RequestKind>()),
            Table::Breaches => rows(&breach_columns()),
            Table::BreachNotifications => rows(&columns_of::<BreachNotificationKind>()),
            Table::ChangeNotices => rows(&columns_of::<ChangeNoticeKind>()),
            _ => String::new(),
        };
        let instead = if *table == Table::Activities {
            " For a register in Norway, Sweden or the United Kingdom this sheet is in that authority's layout instead (below: `datatilsynet`, `imy`, `ico`; `--profile` chooses another authority); elsewhere these columns:"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n### {name}\n\n{}.{instead}\n\n| Column | Cells |\n|---|---|\n{columns}",
            table.description().trim_end_matches('.')
        ));
    }
    out
}

/// The breaches' columns, then the processing activities each one hit.
fn breach_columns() -> Vec<SheetColumn<crate::store::BreachRow>> {
    let mut columns = columns_of::<BreachKind>();
    columns.push(SheetColumn::derived(
        "Activities affected",
        |r: &crate::store::BreachRow| {
            let names: Vec<&str> = r.activities.iter().map(|(_, name)| name.as_str()).collect();
            text_cell(names.join("; "))
        },
    ));
    columns
}

/// A record of processing on one row, readable: its categories with their
/// retention and its lawful bases in the form's own lines, its processors
/// by name, not split across child tables.
fn activity_columns() -> Vec<SheetColumn<ActivityRow>> {
    fn text(label: &str, f: fn(&ActivityRow) -> String) -> SheetColumn<ActivityRow> {
        SheetColumn::derived(label, move |r: &ActivityRow| text_cell(f(r)))
    }
    vec![
        text("Activity", |r| r.activity.name.clone()),
        text("Status", |r| r.activity.status.label().to_string()),
        text("Purposes (Art. 30(1)(b))", |r| r.activity.purposes.clone()),
        text("Owner", |r| r.activity.owner.clone()),
        text("Joint controllers (Art. 26)", |r| {
            crate::domain::activity_form::joint_lines(&r.activity.joint_controllers)
        }),
        text("Data subjects (Art. 30(1)(c))", |r| {
            r.activity.subject_categories.clone()
        }),
        text("Data categories and retention (Art. 30(1)(c), (f))", |r| {
            category_lines(&r.activity.data_categories)
        }),
        text("Lawful bases (Art. 6, 9, 10)", |r| {
            basis_lines(&r.activity.bases)
        }),
        text("Processors (Art. 30(1)(d))", |r| {
            r.processors
                .iter()
                .map(|p| format!("{} ({})", p.1, p.2))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        text("Other recipients (Art. 30(1)(d))", |r| {
            r.activity.other_recipients.clone()
        }),
        text("Transfers (Art. 30(1)(e))", |r| {
            let recorded = r.transfers.iter().map(|(processor, country, tool)| {
                format!("{country} via {processor} ({})", tool.label())
            });
            recorded
                .chain(
                    (!r.activity.other_transfers.is_empty())
                        .then(|| r.activity.other_transfers.clone()),
                )
                .collect::<Vec<_>>()
                .join("; ")
        }),
        text("Security measures (Art. 30(1)(g))", |r| {
            r.activity.measures.clone()
        }),
        text("Source", |r| r.activity.source.clone()),
        text("DPIA reference", |r| r.activity.dpia_reference.clone()),
        SheetColumn {
            label: "Last reviewed".into(),
            kind: CellKind::Date,
            cell: sheet::CellOf::Derived(Box::new(|r: &ActivityRow| {
                r.activity.last_reviewed.map_or(Cell::Empty, Cell::Date)
            })),
        },
    ]
}
