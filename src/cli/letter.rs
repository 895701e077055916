//! `dpo letter`: a letter drafted from the register, about a request or a
//! breach, in Norwegian, Swedish or English; its gaps and the rules behind its
//! dates on standard error. The journal records that it was produced.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;

use super::CliError;
use crate::domain::breach_clock::read_instant;
use crate::domain::letter::{Lang, LetterFormat, LetterKind};
use crate::domain::request::Step;
use crate::domain::typed_date::{expand_typed_time, parse_typed_date};
use crate::exchange::letters::{self, LetterError, LetterOrder, LetterTarget};
use crate::platform::clock::Clock;
use crate::store::{LetterAbout, Register};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("record").required(true).args(["request", "breach"])))]
pub struct LetterArgs {
    /// Register file
    pub file: PathBuf,
    /// The request the letter answers, by its reference (e.g. DSR-2026-0042)
    #[arg(long, value_name = "REF")]
    pub request: Option<String>,
    /// The breach the letter concerns, by its id
    #[arg(long, value_name = "ID")]
    pub breach: Option<i64>,
    /// acknowledgement, identity, extension, refusal or answer (a request);
    /// authority, subjects or controller (a breach)
    #[arg(long, value_parser = parse_kind)]
    pub kind: LetterKind,
    /// nb, sv or en [default: the language of the register's jurisdiction, else en]
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// text or markdown
    #[arg(long, default_value = "text", value_parser = parse_format)]
    pub format: LetterFormat,
    /// Write the letter to FILE (never over an existing one without --force) instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// For an access answer: a category of data subjects the person belongs to
    /// (repeatable; picks the activities whose categories contain it, any case), or "all"
    #[arg(long = "subjects", value_name = "CATEGORY")]
    pub subjects: Vec<String>,
    /// The reasons for an extension or a refusal, where the request does not hold them yet
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Record that the letter was sent: an extension notice's day (2026-12-06,
    /// today) or a controller notice's time (2026-12-06 14:30, now), in the register's zone
    #[arg(long, value_name = "WHEN")]
    pub sent: Option<String>,
}

fn parse_kind(text: &str) -> Result<LetterKind, String> {
    LetterKind::parse(text).ok_or_else(|| format!("expected {}", LetterKind::expected()))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("expected {}", Lang::expected()))
}

fn parse_format(text: &str) -> Result<LetterFormat, String> {
    LetterFormat::parse(text).ok_or_else(|| format!("expected {}", LetterFormat::expected()))
}

impl From<LetterError> for CliError {
    fn from(e: LetterError) -> Self {
        CliError {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

pub(super) fn run(args: LetterArgs, clock: Clock) -> Result<(), CliError> {
    if args.sent.is_some() && !matches!(args.kind, LetterKind::Extension | LetterKind::Controller) {
        return Err(CliError::input(
            "--sent records the sending of an extension notice or of a controller notice",
        ));
    }
    let mut register = super::open_register(&args.file, clock)?;
    let target = match (&args.request, args.breach) {
        (Some(reference), _) => LetterTarget::Request(reference.clone()),
        (None, Some(id)) => LetterTarget::Breach(id),
        (None, None) => unreachable!("clap requires --request or --breach"),
    };
    let about = letters::find(&register, &target)?;
    let lang = match args.lang {
        Some(lang) => lang,
        None => Lang::of_jurisdiction(register.organisation()?.jurisdiction),
    };
    // Kept in the register with --sent and written into the letter: text
    // as a form's field takes it, never a control character.
    if let Some(problem) = args
        .reason
        .as_deref()
        .and_then(|r| crate::domain::text::control_character_problem(r, true))
    {
        return Err(CliError::input(format!("--reason {problem}")));
    }
    let order = LetterOrder {
        kind: args.kind,
        lang,
        format: args.format,
        subjects: args.subjects.clone(),
        reason: args.reason.clone(),
    };
    let now = clock.now();
    let sent = match &args.sent {
        Some(when) => Some(sent_event(&register, about, &order, when, now)?),
        None => None,
    };
    let folder = letters::templates::override_folder();
    let letter = letters::draft(&register, about, &order, now, folder.as_deref())?;
    let produced_to = match &args.output {
        Some(path) => {
            crate::exchange::export::write_text_file(path, args.force, &letter.text)?;
            path.display().to_string()
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(letter.text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| CliError::input(format!("standard output: {e}")))?;
            "standard output".to_string()
        }
    };
    for rule in &letter.rules {
        tell!("dpo: {rule}");
    }
    for warning in &letter.warnings {
        tell!("dpo: warning: {warning}");
    }
    if !letter.gaps.is_empty() {
        tell!(
            "dpo: {} to fill in: {}",
            crate::platform::words::counted(letter.gaps.len(), "gap"),
            letter.gaps.join("; ")
        );
    }
    register.record_letter(about, order.kind.code(), lang.code(), &produced_to)?;
    if let Some(sent) = sent {
        record_sent(&mut register, sent)?;
    }
    Ok(())
}

/// What `--sent` records once the letter is out.
enum Sent {
    /// The extension notice: the step that extends the request.
    Extension {
        id: i64,
        revision: i64,
        step: Step,
        today: NaiveDate,
    },
    /// The controller notice: when the controller was told.
    Controller { id: i64, at: DateTime<Utc> },
}

/// Letters as events: the extension notice sets the request's "notice sent
/// on" (and extends it), the controller notice the breach's "controller
/// told". Read and checked before anything is written, so a bad `--sent`
/// changes nothing.
fn sent_event(
    register: &Register,
    about: LetterAbout,
    order: &LetterOrder,
    when: &str,
    now: DateTime<Utc>,
) -> Result<Sent, CliError> {
    let zone = register.organisation()?.time_zone;
    let today = now.with_timezone(&zone).date_naive();
    match about {
        LetterAbout::Request(id) => {
            let on = parse_typed_date(when, today)
                .map_err(|e| CliError::input(format!("--sent: {e}")))?;
            let row = register
                .request(id)?
                .ok_or_else(|| CliError::input(format!("no request with id {id}")))?;
            if let Some(sent) = row.request.extension_notice_sent_on {
                return Err(CliError::input(format!(
                    "--sent: {} was already extended; its notice was sent on {sent}",
                    row.request.reference
                )));
            }
            let reason = [
                row.request.extension_reason.as_str(),
                order.reason.as_deref().unwrap_or(""),
            ]
            .into_iter()
            .map(str::trim)
            .find(|r| !r.is_empty())
            .ok_or_else(|| {
                CliError::input(
                    "--sent: an extension needs its reasons (Art. 12(3)): give --reason",
                )
            })?
            .to_string();
            let step = Step::Extend {
                reason,
                notice_sent_on: on,
            };
            // The rules for the step (an open request, a day between receipt and today).
            let settings = register.deadline_settings()?;
            row.request
                .apply(&step, &settings, today)
                .map_err(|e| CliError::input(format!("--sent: {e}")))?;
            Ok(Sent::Extension {
                id,
                revision: row.revision,
                step,
                today,
            })
        }
        LetterAbout::Breach(id) => {
            let typed = if when.trim().eq_ignore_ascii_case("now") {
                now.to_rfc3339()
            } else {
                expand_typed_time(when, today).unwrap_or_else(|| when.to_string())
            };
            let at = read_instant(&typed, &zone, now)
                .map_err(|e| CliError::input(format!("--sent: {e}")))?;
            let told = register
                .breach(id)?
                .and_then(|r| r.breach.controller_told_at);
            if let Some(told) = told {
                return Err(CliError::input(format!(
                    "--sent: {}",
                    letters::already_told(told)
                )));
            }
            Ok(Sent::Controller { id, at })
        }
    }
}

fn record_sent(register: &mut Register, sent: Sent) -> Result<(), CliError> {
    match sent {
        Sent::Extension {
            id,
            revision,
            step,
            today,
        } => {
            let detail = register.apply_request_step(id, revision, &step, today)?;
            tell!("dpo: {detail}");
        }
        Sent::Controller { id, at } => {
            letters::record_controller_told(register, id, at)?;
            tell!("dpo: breach {id}: controller told {}", at.to_rfc3339());
        }
    }
    Ok(())
}
