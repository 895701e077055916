//! `dpo draft FILE --from POLICY`: a client's register drafted from its privacy
//! policy — every suggestion with its kind, value, line and sentence. Nothing
//! is written: the workbench's "draft from a policy" accepts them one by one.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;
use crate::domain::draft::language::Lang;
use crate::domain::draft::{draft, Draft, Known, Suggestion, SuggestionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// As the policy's most frequent words say
    Auto,
    En,
    /// Norwegian, bokmål or nynorsk
    Nb,
    Sv,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The register the draft is for (it need not exist yet: the workbench makes it)
    pub file: PathBuf,
    /// The privacy policy: plain text, Markdown or HTML
    #[arg(long, value_name = "POLICY")]
    pub from: PathBuf,
    /// The policy's language
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// Print JSON for scripts: {"suggestions": [{"kind", "value", "line", "quote", "confidence", …}]}
    #[arg(long)]
    pub json: bool,
}

/// What the register at `path` holds, when there is one.
fn known(
    path: &std::path::Path,
    clock: crate::platform::clock::Clock,
) -> Result<Option<Known>, CliError> {
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(super::open_register(path, clock)?.draft_known()?))
}

pub(super) fn run(args: DraftArgs, clock: crate::platform::clock::Clock) -> Result<(), CliError> {
    let policy = crate::platform::policy_file::read(&args.from).map_err(CliError::input)?;
    let lang = match args.lang {
        LangArg::Auto => None,
        LangArg::En => Some(Lang::En),
        LangArg::Nb => Some(Lang::Nb),
        LangArg::Sv => Some(Lang::Sv),
    };
    let mut drafted = draft(&policy, lang);
    let known = known(&args.file, clock)?;
    if let Some(known) = &known {
        drafted.mark_known(known);
    }
    if args.json {
        super::output::print_json_of(&drafted);
        return Ok(());
    }
    print_for_people(&drafted, &args, known.is_some());
    Ok(())
}

fn print_for_people(drafted: &Draft, args: &DraftArgs, exists: bool) {
    let lang = Lang::parse(drafted.language).map_or("", Lang::name);
    say!(
        "Draft of {} ({lang}): {} for {}.",
        args.from.display(),
        crate::platform::words::counted(drafted.suggestions.len(), "suggestion"),
        args.file.display()
    );
    say!("Each comes from the sentence quoted under it; check each before you accept it.");
    for kind in SuggestionKind::ALL {
        let of_kind: Vec<&Suggestion> = drafted
            .suggestions
            .iter()
            .filter(|s| s.kind == *kind)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        say!();
        say!("{}", kind.label());
        for s in of_kind {
            print_one(s);
        }
    }
    say!();
    if exists {
        say!(
            "Accept them in the workbench: `dpo {}`, then P and the policy's file.",
            args.file.display()
        );
    } else {
        // Made where it was named (the workbench's Ctrl-O n makes a register
        // in the folder of the one open, which need not be the client's).
        say!(
            "{file} does not exist yet: make it with `dpo init {file}`, then accept the suggestions in the workbench: `dpo {file}`, P and the policy's file.",
            file = args.file.display()
        );
    }
}

fn print_one(s: &Suggestion) {
    let applies = s
        .applies_to
        .as_deref()
        .map(|a| format!("  ({a})"))
        .unwrap_or_default();
    let held = if s.in_register {
        "  = in the register"
    } else {
        ""
    };
    say!(
        "  {}{applies}  [{}, line {}]{held}",
        s.value,
        s.confidence.label(),
        s.line
    );
    if let Some(note) = &s.note {
        say!("    ! {note}");
    }
    say!("    \"{}\"", shortened(&s.quote, 160));
}

/// At most `max` characters, cut at a word with an ellipsis.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}
