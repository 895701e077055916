//! The export and import dialogs (`E`, `I`), the progress of the work they
//! start, and the report that follows. An import is always checked first: the
//! user sees every error, or what would be inserted and updated, and only a
//! `y` to that runs it for real.

use crate::platform::words::noun_for;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::activities::Activities;
use super::breaches::Breaches;
use super::list_screen as ls;
use super::processor_records::ProcessorRecords;
use super::processors::Processors;
use super::requests::Requests;
use crate::domain::validation::FieldErrors;
use crate::exchange::export::ExportOptions;
use crate::exchange::import::{ImportOptions, ImportReport};
use crate::exchange::profile::{parse_delimiter, Profile};
use crate::exchange::tables::Table;
use crate::store::Register;
use crate::tui::action::Action;
use crate::tui::effect::{Effect, Focus};
use crate::tui::job::{ImportSource, Job, JobOutcome, Unit};
use crate::tui::keymap::{Command, Mode};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, JobView, Modal, Report, State};
use crate::tui::widgets::form::{Form, FormField};

/// Where an export goes unless the user names another place: beside the
/// register, named after it, what is written and the moment, so that two
/// exports never mix — `acme-2026-11-23-1405.xlsx`,
/// `acme-excel-2026-11-23-1405`.
pub fn default_target(file_label: &str, what: &str, moment: chrono::NaiveDateTime) -> String {
    let stem = Path::new(file_label)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "register".to_string());
    let when = moment.format("%Y-%m-%d-%H%M");
    match what {
        "xlsx" => format!("{stem}-{when}.xlsx"),
        profile => format!("{stem}-{profile}-{when}"),
    }
}

pub fn open_export(state: &mut State) -> Vec<Effect> {
    if show_running(state) {
        return Vec::new();
    }
    let form = state.last_export.clone().unwrap_or_else(|| {
        let mut tables = vec![(
            "all".to_string(),
            "All: every sheet, or every table as a file".to_string(),
        )];
        tables.extend(
            Table::ALL
                .iter()
                .map(|t| (t.name().to_string(), t.name().to_string())),
        );
        let profiles = Profile::ALL
            .iter()
            .map(|p| (p.name().to_string(), profile_label(*p).to_string()))
            .collect();
        let formats = vec![
            (
                "xlsx".to_string(),
                "Workbook (.xlsx): one file to read, a sheet per register".to_string(),
            ),
            (
                "csv".to_string(),
                "CSV files, in the profile below".to_string(),
            ),
        ];
        Form::new(
            "Export",
            vec![
                // The dialog is for people sending files to people: the
                // workbook first; the CSV profile defaults as `dpo export`'s.
                FormField::choice("format", "Format", formats, "xlsx"),
                FormField::choice("tables", "Tables", tables, "all"),
                FormField::choice("profile", "CSV profile", profiles, Profile::Rfc4180.name()),
                FormField::line(
                    "delimiter",
                    "Delimiter",
                    false,
                    "",
                    "the profile's; or one character, or tab",
                ),
                FormField::line(
                    "folder",
                    "Save as",
                    false,
                    "",
                    "empty: beside the register, named with what and when",
                ),
            ],
        )
        .submitting("export")
    });
    open(state, FormTarget::Export, form);
    Vec::new()
}

pub fn open_import(state: &mut State) -> Vec<Effect> {
    if show_running(state) {
        return Vec::new();
    }
    let form = state.last_import.clone().unwrap_or_else(|| {
        let mut tables = vec![(
            String::new(),
            "named by the file (processors.csv …)".to_string(),
        )];
        tables.extend(
            Table::ALL
                .iter()
                .map(|t| (t.name().to_string(), t.name().to_string())),
        );
        Form::new(
            "Import CSV files",
            vec![
                FormField::line(
                    "source",
                    "From",
                    true,
                    "",
                    "a CSV file, or a folder an export wrote",
                ),
                FormField::choice("table", "Table", tables, "").optional(),
                FormField::line(
                    "delimiter",
                    "Delimiter",
                    false,
                    "",
                    "found from the header; or one character",
                ),
            ],
        )
        .submitting("check")
    });
    open(state, FormTarget::Import, form);
    Vec::new()
}

fn open(state: &mut State, target: FormTarget, mut form: Form) {
    form.focus = 0; // the dialog starts at its first field, whatever was used last
    form.select_values();
    form.errors = FieldErrors::default();
    form.tried_to_save = false;
    form.confirm_discard = false;
    form.warnings = vec![match target {
        FormTarget::Import => {
            "Checked first: nothing is written until you have seen the result".to_string()
        }
        _ => "A new folder or file each time: an export never replaces another".to_string(),
    }];
    state.open_form(target, 0, form);
}

fn profile_label(profile: Profile) -> &'static str {
    match profile {
        Profile::Rfc4180 => "rfc4180: comma, for scripts and tools",
        Profile::Excel => "excel: BOM and ;, for Excel and LibreOffice",
        Profile::Ico => "ico: activities in the ICO template",
        Profile::Datatilsynet => "datatilsynet: activities, Norwegian protocol",
        Profile::Imy => "imy: activities, Swedish registerförteckning",
    }
}

/// When a job runs, its progress comes back on screen instead of a new dialog.
fn show_running(state: &mut State) -> bool {
    if state.job.is_none() {
        return false;
    }
    state.modal = Some(Modal::Progress);
    state.error("One export or import at a time: this one is still running");
    true
}

fn delimiter(form: &Form, errors: &mut FieldErrors) -> Option<u8> {
    let typed = form.value("delimiter");
    // Spaces around a character are slips; a lone space or tab is meant.
    let typed = if typed.trim().is_empty() {
        typed.as_str()
    } else {
        typed.trim()
    };
    if typed.is_empty() {
        return None;
    }
    match parse_delimiter(typed) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push("delimiter", e);
            None
        }
    }
}

/// The export the form asks for, speaking for `now` (in the register's
/// zone `zone` for the name it is saved under).
pub fn export_effect(
    form: &Form,
    now: DateTime<Utc>,
    file_label: &str,
    zone: chrono_tz::Tz,
) -> Result<Effect, FieldErrors> {
    let mut errors = FieldErrors::default();
    let tables = match form.value("tables").as_str() {
        "all" => Table::ALL.to_vec(),
        name => Table::parse(name).map_or_else(|_| Table::ALL.to_vec(), |t| vec![t]),
    };
    let profile = Profile::parse(&form.value("profile")).unwrap_or(Profile::Rfc4180);
    let workbook = form.value("format") == "xlsx";
    let options = ExportOptions {
        profile,
        delimiter: delimiter(form, &mut errors),
        now,
    };
    let readable = matches!(
        tables.as_slice(),
        [Table::Activities | Table::Processors | Table::Breaches]
    );
    if workbook && tables.len() == 1 && !crate::exchange::workbook::has_sheet(tables[0]) {
        errors.push(
            "tables",
            format!(
                "the workbook has no sheet of its own for {}: choose all, or CSV files",
                tables[0].name()
            ),
        );
    }
    if !workbook && profile.is_authority_layout() && !readable {
        errors.push(
            "profile",
            format!(
                "the {} layout has the record of processing, the processors and the breaches: choose the activities, processors or breaches table",
                profile.name()
            ),
        );
    }
    let mut folder = form.value("folder").trim().to_string();
    if folder.is_empty() {
        let what = if workbook { "xlsx" } else { profile.name() };
        folder = default_target(file_label, what, now.with_timezone(&zone).naive_local());
    }
    // A spreadsheet opens a file by its ending: a workbook's is .xlsx, and
    // CSV files are never put under that name.
    let xlsx = Path::new(&folder)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if workbook && !xlsx {
        folder.push_str(".xlsx");
    }
    if !workbook && xlsx {
        errors.push(
            "folder",
            "CSV files go in a folder: name one without .xlsx, or choose the workbook",
        );
    }
    errors.into_result(Effect::StartJob(Job::Export {
        tables,
        options,
        folder: folder.into(),
        as_of: None,
        workbook,
    }))
}

pub fn import_effect(form: &Form) -> Result<Effect, FieldErrors> {
    let mut errors = FieldErrors::default();
    let source = form.value("source").trim().to_string();
    if source.is_empty() {
        errors.push("source", "name a CSV file, or a folder an export wrote");
    }
    let table = Table::parse(&form.value("table")).ok();
    let options = ImportOptions {
        dry_run: true,
        delimiter: delimiter(form, &mut errors),
    };
    errors.into_result(Effect::StartJob(Job::Import {
        source: ImportSource::File {
            path: source.into(),
            table,
        },
        options,
    }))
}

/// Keeps the dialog that started the job, to open it again with its values.
fn remember_dialog(state: &mut State) {
    if let Some(Modal::Form(open)) = &state.modal {
        match open.target {
            FormTarget::Export => state.last_export = Some(open.form.clone()),
            FormTarget::Import => state.last_import = Some(open.form.clone()),
            _ => {}
        }
    }
}

pub fn started(state: &mut State, job: Job) -> Vec<Effect> {
    remember_dialog(state);
    state.message = None; // e.g. a path refused a moment ago
    state.job = Some(JobView {
        job,
        done: 0,
        total: 0,
        stopping: false,
        quit_after: false,
    });
    state.modal = Some(Modal::Progress);
    Vec::new()
}

pub fn progressed(state: &mut State, done: u64, total: u64) {
    if let Some(view) = &mut state.job {
        view.done = done;
        view.total = total;
    }
}

/// Esc on the progress dialog, and Enter, which hides it.
pub fn job_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::StopJob if state.job.is_some() => vec![Effect::StopJob],
        Command::HideJob => {
            state.modal = None;
            let (export, import) = (
                state.key(Mode::Global, Command::Export),
                state.key(Mode::Global, Command::Import),
            );
            state.info(format!(
                "Still running: the status bar shows how far; {export} or {import} shows it again"
            ));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn stop_asked(state: &mut State) {
    if let Some(view) = &mut state.job {
        view.stopping = true;
    }
}

/// Quitting while a job runs stops it first, so no half-written file is left.
pub fn quit(state: &mut State) -> Vec<Effect> {
    match &mut state.job {
        Some(view) => {
            view.quit_after = true;
            view.stopping = true;
            state.modal = Some(Modal::Progress);
            vec![Effect::StopJob]
        }
        None => {
            state.should_quit = true;
            Vec::new()
        }
    }
}

pub fn report_command(state: &mut State, command: Command) {
    if let Some(Modal::Report(report)) = &mut state.modal {
        match command {
            Command::Down => report.scroll = report.scroll.saturating_add(1),
            Command::Up => report.scroll = report.scroll.saturating_sub(1),
            _ => state.modal = None,
        }
    }
}

pub fn finished(state: &mut State, job: Job, outcome: JobOutcome) -> Vec<Effect> {
    remember_dialog(state);
    let quit_after = state.job.take().is_some_and(|v| v.quit_after);
    state.modal = None;
    if quit_after {
        state.should_quit = true;
        return Vec::new();
    }
    let import = matches!(job, Job::Import { .. });
    match outcome {
        JobOutcome::Stopped if import => state.info("Import stopped: nothing was written"),
        JobOutcome::Stopped => {
            state.info("Export stopped: files finished before it are in the folder")
        }
        JobOutcome::Failed(message) => {
            let mut lines = vec![message];
            if import {
                lines.push(String::new());
                lines.push("Nothing was written to the register.".to_string());
            }
            show_report(
                state,
                if import {
                    "Import failed"
                } else {
                    "Export failed"
                },
                lines,
                true,
            );
            state.error(if import {
                "Import failed: nothing was written"
            } else {
                "Export failed"
            });
        }
        JobOutcome::Exported(files) => exported(state, &job, &files),
        JobOutcome::Imported(report) if !report.is_ok() => {
            let count = report.error_count;
            let mut lines: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
            let more = count - report.errors.len();
            if more > 0 {
                lines.push(format!("… and {more} more {}", noun_for(more, "error")));
            }
            lines.push(String::new());
            lines
                .push("Nothing was written. Correct the file, then I checks it again.".to_string());
            let title = format!("Not imported: {count} {}", noun_for(count, "error"));
            show_report(state, &title, lines, true);
            state.error(format!("{title}; nothing was written"));
        }
        JobOutcome::Imported(report) if !report.committed => {
            let mut lines = summary_lines(&report, true);
            lines.push(String::new());
            lines.push(format!(
                "One transaction: {} imports all of it, {} changes nothing.",
                state.key(Mode::Confirm, Command::Yes),
                state.key(Mode::Confirm, Command::No)
            ));
            state.modal = Some(Modal::Confirm(Confirm {
                title: "Import these files?".to_string(),
                lines,
                on_yes: ConfirmAction::Import(Box::new(job.for_real())),
            }));
            state.info("Checked: no errors");
        }
        JobOutcome::Imported(report) => {
            let records: usize = report.tables.iter().map(|t| t.inserted + t.updated).sum();
            show_report(state, "Imported", summary_lines(&report, false), false);
            state.info(format!(
                "Imported {records} {}",
                noun_for(records, "record")
            ));
            return reload_everything(state);
        }
    }
    Vec::new()
}

fn exported(state: &mut State, job: &Job, files: &[(std::path::PathBuf, usize)]) {
    let folder = match job {
        Job::Export { folder, .. } => folder.display().to_string(),
        Job::Import { .. } => String::new(),
    };
    let mut lines = vec![format!("Into {folder}"), job.summary(), String::new()];
    let width = files
        .iter()
        .map(|(p, _)| crate::tui::widgets::text::columns(&name_of(p)))
        .max()
        .unwrap_or(0);
    lines.extend(files.iter().map(|(path, rows)| {
        format!(
            "{:<width$}  {rows:>7} {}",
            name_of(path),
            noun_for(*rows, "record")
        )
    }));
    let title = format!("Exported {} {}", files.len(), noun_for(files.len(), "file"));
    state.info(format!("{title} into {folder}"));
    show_report(state, &title, lines, false);
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One line per file: what was (or would be) inserted and updated, then the notes.
fn summary_lines(report: &ImportReport, check: bool) -> Vec<String> {
    let (insert, update) = if check {
        ("to insert", "to update")
    } else {
        ("inserted", "updated")
    };
    let mut lines: Vec<String> = report
        .tables
        .iter()
        .map(|t| {
            let mut line = format!(
                "{}: {} {insert}, {} {update}",
                name_of(&t.file),
                t.inserted,
                t.updated
            );
            if t.unchanged > 0 {
                line.push_str(&format!(", {} already there", t.unchanged));
            }
            line
        })
        .collect();
    lines.extend(report.notes.iter().map(|n| format!("Note: {n}")));
    lines
}

fn show_report(state: &mut State, title: &str, lines: Vec<String>, failed: bool) {
    state.modal = Some(Modal::Report(Report {
        title: title.to_string(),
        lines,
        failed,
        scroll: 0,
    }));
}

/// After an import anything may have changed: every list and count again,
/// each keeping its place.
pub fn reload_everything(state: &mut State) -> Vec<Effect> {
    state.processor_extras = None;
    state.request_events = None;
    // Another program may have changed the schema too; an earlier day shown
    // is a copy rebuilt in memory, with no file and no triggers to check.
    let mut effects = vec![Effect::LoadOrganisation];
    if state.as_of.is_none() {
        effects.push(Effect::CheckSchema);
    }
    let at = |i: usize| Focus::Index(i);
    effects.extend(ls::reload::<Processors>(
        state,
        at(state.processors.selected),
    ));
    effects.extend(ls::reload::<Activities>(
        state,
        at(state.activities.selected),
    ));
    effects.extend(ls::reload::<ProcessorRecords>(
        state,
        at(state.processor_records.selected),
    ));
    effects.extend(ls::reload::<Requests>(state, at(state.requests.selected)));
    effects.extend(ls::reload::<Breaches>(state, at(state.breaches.selected)));
    effects
}

/// "45% · 12,345 of 27,000 records", or "1.2 MB of 3.4 MB" for an import.
pub fn progress_text(view: &JobView) -> String {
    let amount = |n: u64| match view.job.unit() {
        Unit::Records => crate::domain::text::thousands(n),
        Unit::Bytes => bytes(n),
    };
    if view.total == 0 {
        return match view.job.unit() {
            Unit::Records => "counting…".to_string(),
            Unit::Bytes => "starting…".to_string(),
        };
    }
    let unit = match view.job.unit() {
        Unit::Records => " records",
        Unit::Bytes => "",
    };
    format!(
        "{}% · {} of {}{unit}",
        percent(view),
        amount(view.done),
        amount(view.total)
    )
}

pub fn percent(view: &JobView) -> u64 {
    (view.done.min(view.total) * 100)
        .checked_div(view.total)
        .unwrap_or(0)
}

fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

/// Runs the job in place (where `perform` is called directly, as tests do).
pub fn run_in_place(register: &mut Register, job: Job) -> Action {
    match crate::tui::job::prepare(job, &register.folder()) {
        Ok(job) => {
            let outcome = crate::tui::job::run(register, &job, &Default::default());
            Action::JobFinished { job, outcome }
        }
        Err(fields) => refused(fields),
    }
}

/// Starts a job on its own thread, or says why it cannot start.
pub fn start(
    register: &Register,
    job: Job,
    running: &mut Option<crate::tui::job::Running>,
) -> Action {
    match crate::tui::job::prepare(job, &register.folder()) {
        Ok(job) => {
            *running = Some(crate::tui::job::spawn(
                register.path(),
                register.clock(),
                job.clone(),
            ));
            Action::JobStarted(job)
        }
        Err(fields) => refused(fields),
    }
}

fn refused(fields: crate::domain::validation::FieldErrors) -> Action {
    Action::Failed {
        message: fields
            .0
            .first()
            .map_or_else(String::new, |f| f.message.clone()),
        fields: Some(fields),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1500), "1.5 kB");
        assert_eq!(bytes(3_400_000), "3.4 MB");
    }

    #[test]
    fn an_export_is_named_after_the_register_what_it_holds_and_the_moment() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap();
        assert_eq!(
            default_target("~/clients/acme.dpo", "xlsx", at),
            "acme-2026-11-23-1405.xlsx"
        );
        assert_eq!(
            default_target("~/clients/acme.dpo", "excel", at),
            "acme-excel-2026-11-23-1405"
        );
        assert_eq!(
            default_target("", "rfc4180", at),
            "register-rfc4180-2026-11-23-1405"
        );
    }

    fn moment() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn form_with(values: &[(&str, &str)], open: fn(&mut State) -> Vec<Effect>) -> Form {
        let mut state = State::new(
            "~/acme.dpo",
            crate::tui::theme::Theme::monochrome(),
            moment(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            120,
            40,
        );
        open(&mut state);
        let mut form = state.form().unwrap().form.clone();
        for (key, value) in values {
            let field = form.fields.iter_mut().find(|f| f.key == *key).unwrap();
            match &mut field.input {
                crate::tui::widgets::form::FieldInput::Line(area) => {
                    *area = tui_textarea::TextArea::new(vec![value.to_string()]);
                }
                crate::tui::widgets::form::FieldInput::Choice(choice) => {
                    choice.index = choice.options.iter().position(|(v, _)| v == value).unwrap();
                }
                _ => unreachable!(),
            }
        }
        form
    }

    #[test]
    fn the_workbook_of_every_register_is_what_the_dialog_offers_first() {
        let form = form_with(&[], open_export);
        let Ok(Effect::StartJob(Job::Export {
            tables,
            options,
            folder,
            as_of: None,
            workbook: true,
        })) = export_effect(&form, moment(), "~/acme.dpo", chrono_tz::Europe::Oslo)
        else {
            panic!("a valid export of the workbook")
        };
        assert_eq!(tables.len(), Table::ALL.len());
        assert_eq!(options.profile, Profile::Rfc4180, "the CLI's default too");
        assert_eq!(options.delimiter, None);
        assert_eq!(
            options.now,
            moment(),
            "the export speaks for the workbench's moment"
        );
        assert_eq!(
            folder,
            std::path::PathBuf::from("acme-2026-11-23-1100.xlsx"),
            "named with the moment in the register's zone"
        );
    }

    #[test]
    fn an_authority_layout_needs_the_activities_table_and_a_delimiter_one_character() {
        let form = form_with(
            &[("format", "csv"), ("profile", "ico"), ("delimiter", "ab")],
            open_export,
        );
        let errors =
            export_effect(&form, moment(), "~/acme.dpo", chrono_tz::Europe::Oslo).unwrap_err();
        errors.assert_says("profile", "activities");
        assert!(errors.get("delimiter").is_some());
        let form = form_with(
            &[
                ("format", "csv"),
                ("profile", "ico"),
                ("tables", "activities"),
                ("delimiter", "tab"),
            ],
            open_export,
        );
        let Ok(Effect::StartJob(Job::Export { options, .. })) =
            export_effect(&form, moment(), "~/acme.dpo", chrono_tz::Europe::Oslo)
        else {
            panic!("activities in the ICO layout")
        };
        assert_eq!(options.delimiter, Some(b'\t'));
        let form = form_with(
            &[("format", "csv"), ("profile", "excel"), ("folder", "  ")],
            open_export,
        );
        let Ok(Effect::StartJob(Job::Export { folder, .. })) =
            export_effect(&form, moment(), "~/acme.dpo", chrono_tz::Europe::Oslo)
        else {
            panic!("an empty name is made from the register, the profile and the moment")
        };
        assert_eq!(
            folder,
            std::path::PathBuf::from("acme-excel-2026-11-23-1100")
        );
    }

    #[test]
    fn a_workbook_is_named_xlsx_and_csv_files_never_are() {
        let export = |values: &[(&str, &str)]| {
            export_effect(
                &form_with(values, open_export),
                moment(),
                "~/acme.dpo",
                chrono_tz::Europe::Oslo,
            )
        };
        let Ok(Effect::StartJob(Job::Export { folder, .. })) = export(&[("folder", "report")])
        else {
            panic!("a workbook named by the user")
        };
        assert_eq!(folder, std::path::PathBuf::from("report.xlsx"));
        let Ok(Effect::StartJob(Job::Export { folder, .. })) = export(&[("folder", "r.XLSX")])
        else {
            panic!("a workbook named with its ending")
        };
        assert_eq!(folder, std::path::PathBuf::from("r.XLSX"));
        export(&[("format", "csv"), ("folder", "x.xlsx")])
            .unwrap_err()
            .assert_says("folder", "CSV files go in a folder");
    }

    #[test]
    fn an_import_starts_as_a_check_and_needs_a_source() {
        let form = form_with(&[], open_import);
        assert!(import_effect(&form).unwrap_err().get("source").is_some());
        let form = form_with(
            &[("source", "in/x.csv"), ("table", "requests")],
            open_import,
        );
        let Ok(Effect::StartJob(Job::Import { source, options })) = import_effect(&form) else {
            panic!("a valid import")
        };
        assert!(options.dry_run, "the first run only checks");
        assert_eq!(
            source,
            ImportSource::File {
                path: "in/x.csv".into(),
                table: Some(Table::Requests)
            }
        );
    }
}
