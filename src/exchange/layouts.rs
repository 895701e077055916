//! Records of processing in the column layouts of two authorities' templates,
//! for a DPO who must hand the record over in the form the authority knows.
//! Export only: these layouts merge several tables into one cell and cannot
//! be read back without loss. Sources are given in `docs/csv-format.md`.

use std::collections::HashMap;
use std::io::Write;

use super::columns::{cells, header, Column};
use super::export::CsvOut;
use super::profile::Profile;
use super::ExchangeError;
use crate::domain::activity::{Art6Basis, Art9Condition, SubjectContact};
use crate::domain::country::{country_name, is_eea};
use crate::domain::organisation::Organisation;
use crate::domain::transfer::TransferTool;
use crate::store::{ActivityRow, Register};

/// An activity with what the layouts need from elsewhere in the register.
pub struct LayoutRow {
    pub row: ActivityRow,
    pub organisation: Organisation,
    /// Ids of the breaches recorded as affecting the activity.
    pub breaches: Vec<i64>,
}

/// Writes every activity in `profile`'s layout; returns the record count.
pub fn write_activities<W: Write>(
    register: &Register,
    profile: Profile,
    out: &mut CsvOut<W>,
) -> Result<usize, ExchangeError> {
    let columns = columns_of(profile).ok_or_else(|| {
        ExchangeError::Profile(format!("{} is not an authority layout", profile.name()))
    })?;
    out.header(&header(columns))?;
    let mut rows = 0;
    for_each_row(register, |line| {
        out.row(cells(columns, line))?;
        rows += 1;
        Ok(())
    })?;
    Ok(rows)
}

/// The columns of an authority's layout; `None` for the plain profiles.
pub fn columns_of(profile: Profile) -> Option<&'static [Column<LayoutRow>]> {
    match profile {
        Profile::Ico => Some(ICO_COLUMNS),
        Profile::Datatilsynet => Some(DATATILSYNET_COLUMNS),
        Profile::Imy => Some(IMY_COLUMNS),
        Profile::Rfc4180 | Profile::Excel => None,
    }
}

/// The layout of the authority a register answers to: Datatilsynet's for
/// Norway, IMY's for Sweden, the ICO's for the United Kingdom.
pub fn layout_for(jurisdiction: Option<&str>) -> Option<Profile> {
    match jurisdiction? {
        "NO" => Some(Profile::Datatilsynet),
        "SE" => Some(Profile::Imy),
        code if code.starts_with("GB") => Some(Profile::Ico),
        _ => None,
    }
}

/// Every activity with what the layouts need from around it, in turn.
pub fn for_each_row(
    register: &Register,
    mut each: impl FnMut(&LayoutRow) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    let organisation = register.organisation()?;
    // Breach links are few (one per breach and activity hit), unlike activities.
    let mut breaches: HashMap<i64, Vec<i64>> = HashMap::new();
    register.for_each_breach_activity(|(breach, activity, _)| {
        breaches.entry(*activity).or_default().push(*breach);
        Ok::<_, ExchangeError>(())
    })?;
    register.for_each_activity(|row| {
        let line = LayoutRow {
            row: row.clone(),
            organisation: organisation.clone(),
            breaches: breaches.remove(&row.id).unwrap_or_default(),
        };
        each(&line)
    })
}

/// The column reference of the layouts (for `docs/csv-format.md`).
pub fn layout_docs() -> Vec<(Profile, Vec<(&'static str, &'static str)>)> {
    [
        (Profile::Ico, ICO_COLUMNS),
        (Profile::Datatilsynet, DATATILSYNET_COLUMNS),
        (Profile::Imy, IMY_COLUMNS),
    ]
    .into_iter()
    .map(|(p, cols)| (p, cols.iter().map(|c| (c.name, c.description)).collect()))
    .collect()
}

/// The items that are not empty, joined with "; ".
pub(super) fn joined<I: IntoIterator<Item = String>>(items: I) -> String {
    let items: Vec<String> = items.into_iter().filter(|s| !s.is_empty()).collect();
    items.join("; ")
}

/// The data categories, special (Art. 9) and criminal-offence (Art. 10)
/// ones marked in the words `(special, criminal)`.
fn category_names_in(r: &LayoutRow, (special, criminal): (&str, &str)) -> String {
    joined(
        r.row
            .activity
            .data_categories
            .iter()
            .map(|c| match &c.special {
                Some(kind) => format!("{} ({special}: {kind})", c.name),
                None if c.criminal => format!("{} ({criminal})", c.name),
                None => c.name.clone(),
            }),
    )
}

fn category_names(r: &LayoutRow) -> String {
    category_names_in(r, ("special category", "criminal offence data"))
}

fn category_names_no(r: &LayoutRow) -> String {
    category_names_in(
        r,
        (
            "særlig kategori",
            "opplysninger om straffedommer og lovovertredelser",
        ),
    )
}

fn category_names_sv(r: &LayoutRow) -> String {
    category_names_in(r, ("särskild kategori", "uppgifter om lagöverträdelser"))
}

fn recipients(r: &LayoutRow) -> String {
    joined(
        r.row
            .processors
            .iter()
            .map(|(_, name, _)| name.clone())
            .chain([r.row.activity.other_recipients.clone()]),
    )
}

fn processors_with_country(r: &LayoutRow) -> String {
    joined(
        r.row
            .processors
            .iter()
            .map(|(_, name, country)| format!("{name} ({country})")),
    )
}

/// Destinations outside the EEA: the linked processors' and the transfers
/// recorded for them and their sub-processors, by name, then the activity's own text.
fn third_countries(r: &LayoutRow) -> String {
    let mut codes: Vec<&str> = r
        .row
        .processors
        .iter()
        .map(|(_, _, c)| c.as_str())
        .chain(r.row.transfers.iter().map(|(_, c, _)| c.as_str()))
        .filter(|c| !c.is_empty() && !is_eea(c))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    joined(
        codes
            .into_iter()
            .map(|c| country_name(c).unwrap_or(c).to_string())
            .chain([r.row.activity.other_transfers.clone()]),
    )
}

/// Each recorded transfer: "US: <tool in `words`> (processor)".
fn safeguards_in(r: &LayoutRow, words: fn(TransferTool) -> &'static str) -> String {
    joined(
        r.row
            .transfers
            .iter()
            .map(|(processor, country, tool)| format!("{country}: {} ({processor})", words(*tool))),
    )
}

fn safeguards(r: &LayoutRow) -> String {
    safeguards_in(r, TransferTool::label)
}

fn retention(r: &LayoutRow) -> String {
    joined(
        r.row
            .activity
            .data_categories
            .iter()
            .map(|c| match &c.retention {
                Some(keep) => format!("{}: {keep}", c.name),
                None => String::new(),
            }),
    )
}

/// Each item once, in the order first met (an activity may name one basis
/// for several purposes, not always one after the other).
fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut kept = Vec::new();
    for item in items {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept
}

/// The activity's Art. 6(1) grounds, each once, in `words`.
fn art6_in(r: &LayoutRow, words: fn(Art6Basis) -> &'static str) -> Vec<String> {
    distinct(
        r.row
            .activity
            .bases
            .iter()
            .map(|b| words(b.art6).to_string()),
    )
}

/// The activity's Art. 9(2) conditions, each once, in `words`.
fn art9_in(r: &LayoutRow, words: fn(Art9Condition) -> String) -> Vec<String> {
    distinct(
        r.row
            .activity
            .bases
            .iter()
            .filter_map(|b| b.art9.map(words)),
    )
}

fn art6(r: &LayoutRow) -> String {
    joined(art6_in(r, Art6Basis::label))
}

fn art9(r: &LayoutRow) -> String {
    joined(art9_in(r, |c| c.label().to_string()))
}

/// What a DPIA's state is called in a language: "done" and "in progress"
/// are followed by the day or the reference, "not indicated" by how many
/// of WP248's nine criteria were ticked (`of_nine`): the register says no
/// more than that, not that a DPIA was found not to be required.
struct DpiaWords {
    done: &'static str,
    in_progress: &'static str,
    required: &'static str,
    not_indicated: &'static str,
    of_nine: &'static str,
}

fn dpia_in(r: &LayoutRow, words: &DpiaWords) -> String {
    let a = &r.row.activity;
    match (a.dpia_date, a.dpia_reference.is_empty(), a.dpia_suggested()) {
        (Some(day), _, _) => joined([format!("{} {day}", words.done), a.dpia_reference.clone()]),
        (None, false, _) => format!("{}: {}", words.in_progress, a.dpia_reference),
        (None, true, true) => words.required.to_string(),
        (None, true, false) => {
            let ticked = a.dpia_criteria.iter().filter(|c| **c).count();
            format!("{} ({ticked} {})", words.not_indicated, words.of_nine)
        }
    }
}

fn legitimate_interests(r: &LayoutRow) -> String {
    joined(
        r.row
            .activity
            .bases
            .iter()
            .filter(|b| b.art6 == Art6Basis::LegitimateInterests)
            .map(|b| b.justification.clone()),
    )
}

fn consent_records(r: &LayoutRow) -> String {
    joined(
        r.row
            .activity
            .bases
            .iter()
            .filter(|b| b.art6 == Art6Basis::Consent)
            .map(|b| b.consent_record.clone()),
    )
}

/// The rights that apply under the activity's Art. 6 bases, as the ICO's
/// lawful-basis guidance tabulates them: access, rectification and restriction
/// always; erasure except under (c) and (e); portability under (a) and (b);
/// objection under (e) and (f); withdrawal of consent under (a).
fn rights(r: &LayoutRow) -> String {
    let bases: Vec<Art6Basis> = r.row.activity.bases.iter().map(|b| b.art6).collect();
    if bases.is_empty() {
        return String::new();
    }
    let any = |f: fn(Art6Basis) -> bool| bases.iter().any(|&b| f(b));
    let mut rights = vec!["access", "rectification"];
    if any(|b| !matches!(b, Art6Basis::LegalObligation | Art6Basis::PublicTask)) {
        rights.push("erasure");
    }
    rights.push("restriction");
    if any(|b| matches!(b, Art6Basis::Consent | Art6Basis::Contract)) {
        rights.push("data portability");
    }
    if any(|b| {
        matches!(
            b,
            Art6Basis::PublicTask
                | Art6Basis::LegitimateInterests
                | Art6Basis::RecognisedLegitimateInterests
        )
    }) {
        rights.push("objection");
    }
    if any(|b| b == Art6Basis::Consent) {
        rights.push("withdraw consent");
    }
    rights.join("; ")
}

/// "Yes" where two or more WP248 criteria are ticked; else not "No", which
/// would say more than the register knows, but how many are.
fn dpia_required(r: &LayoutRow) -> String {
    let a = &r.row.activity;
    let ticked = a.dpia_criteria.iter().filter(|c| **c).count();
    let answer = if a.dpia_suggested() {
        "Yes"
    } else {
        "Not indicated"
    };
    format!("{answer} ({ticked} of 9 WP248 criteria)")
}

fn dpia_progress(r: &LayoutRow) -> String {
    let a = &r.row.activity;
    match (a.dpia_date, a.dpia_reference.is_empty()) {
        (Some(day), _) => format!("Completed {day}"),
        (None, false) => "In progress".to_string(),
        (None, true) if a.dpia_suggested() => "Not started".to_string(),
        (None, true) => String::new(),
    }
}

fn breach_ids(r: &LayoutRow) -> String {
    joined(r.breaches.iter().map(|id| format!("breaches.csv id {id}")))
}

/// ICO "Documentation template for controllers", sheet "Template", row 9,
/// every heading in the template's order.
pub const ICO_COLUMNS: &[Column<LayoutRow>] = &[
    Column { name: "Business function", description: "The activity's owner (department)", value: |r| r.row.activity.owner.clone() },
    Column { name: "Purpose of processing", description: "Purposes", value: |r| r.row.activity.purposes.clone() },
    Column { name: "Name and contact details of joint controller (if applicable)", description: "Each joint controller (Art. 26): name, contact, the arrangement's reference and date, who answers data subjects", value: joint_controllers },
    Column { name: "Categories of individuals", description: "Categories of data subjects", value: |r| r.row.activity.subject_categories.clone() },
    Column { name: "Categories of personal data", description: "Data categories, special and criminal-offence categories marked", value: category_names },
    Column { name: "Categories of recipients", description: "Linked processors, then other recipients", value: recipients },
    Column { name: "Link to contract with processor", description: "Not per activity: the agreements are in dpas.csv (column document); empty", value: |_| String::new() },
    Column { name: "Names of third countries or international organisations that personal data are transferred to (if applicable)", description: "Countries outside the EEA of the processors and their recorded transfers, then the activity's own transfer text", value: third_countries },
    Column { name: "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)", description: "Each recorded transfer: country, tool, processor", value: safeguards },
    Column { name: "Retention schedule (if possible)", description: "Retention per data category", value: retention },
    Column { name: "General description of technical and organisational security measures (if possible)", description: "Security measures", value: |r| r.row.activity.measures.clone() },
    Column { name: "Article 6 lawful basis for processing personal data", description: "Art. 6(1) bases", value: art6 },
    Column { name: "Article 9 condition for processing special category data", description: "Art. 9(2) conditions", value: art9 },
    Column { name: "Legitimate interests for the processing (if applicable)", description: "Justification of each 6(1)(f) basis", value: legitimate_interests },
    Column { name: "Link to record of legitimate interests assessment (if applicable)", description: "Kept in the justification (previous column); empty", value: |_| String::new() },
    Column { name: "Rights available to individuals", description: "Derived from the Art. 6 bases as in the ICO's lawful-basis guidance", value: rights },
    Column { name: "Existence of automated decision-making, including profiling (if applicable)", description: "Not kept by the workbench: empty", value: |_| String::new() },
    Column { name: "The source of the personal data (if applicable)", description: "Source of the data", value: |r| r.row.activity.source.clone() },
    Column { name: "Link to record of consent", description: "How consent is recorded, for each consent basis", value: consent_records },
    Column { name: "Location of personal data", description: "Linked processors with their country", value: processors_with_country },
    Column { name: "Data Protection Impact Assessment required?", description: "Yes when two or more WP248 criteria are ticked, else not indicated; with how many are", value: dpia_required },
    Column { name: "Data Protection Impact Assessment progress", description: "Completed (date), In progress (reference, no date) or Not started", value: dpia_progress },
    Column { name: "Link to the Data Protection Impact Assessment", description: "DPIA reference", value: |r| r.row.activity.dpia_reference.clone() },
    Column { name: "Has a personal data breach occurred?", description: "Yes when a breach record names the activity", value: |r| if r.breaches.is_empty() { "No" } else { "Yes" }.to_string() },
    Column { name: "Link to record of personal data breach", description: "The breach ids (breaches.csv)", value: breach_ids },
    Column { name: "Data Protection Act 2018 Schedule 1 condition for processing", description: "Art. 10 authorisation of the bases", value: |r| joined(r.row.activity.bases.iter().map(|b| b.art10_basis.clone())) },
    Column { name: "GDPR Article 6 lawful basis for processing", description: "Art. 6(1) bases (as above)", value: art6 },
    Column { name: "Link to retention and erasure policy document", description: "Not kept by the workbench: empty", value: |_| String::new() },
    Column { name: "Is personal data retained and erased in accordance with the policy document?", description: "Not kept by the workbench: empty", value: |_| String::new() },
    Column { name: "Reasons for not adhering to policy document (if applicable)", description: "Not kept by the workbench: empty", value: |_| String::new() },
];

/// The words a layout describes a joint controller with.
struct JointWords {
    none: &'static str,
    arrangement: &'static str,
    of: &'static str,
    answers: fn(SubjectContact) -> &'static str,
}

const JOINT_EN: JointWords = JointWords {
    none: "no arrangement recorded",
    arrangement: "arrangement",
    of: "of",
    answers: SubjectContact::label,
};

const JOINT_NO: JointWords = JointWords {
    none: "ingen avtale registrert",
    arrangement: "avtale",
    of: "av",
    answers: |who| match who {
        SubjectContact::Us => "vi svarer de registrerte",
        SubjectContact::Them => "de svarer de registrerte",
        SubjectContact::Each => "hver svarer for sin del",
    },
};

/// Each joint controller: "Name (contact; arrangement REF of DATE; who answers)".
fn joint_in(r: &LayoutRow, words: &JointWords) -> String {
    joined(r.row.activity.joint_controllers.iter().map(|j| {
        let arrangement = match (j.arrangement.as_str(), j.arrangement_date) {
            ("", _) => words.none.to_string(),
            (reference, Some(day)) => {
                format!("{} {reference} {} {day}", words.arrangement, words.of)
            }
            (reference, None) => format!("{} {reference}", words.arrangement),
        };
        let answers = (words.answers)(j.answers).to_string();
        format!(
            "{} ({})",
            j.name,
            joined([j.contact.clone(), arrangement, answers])
        )
    }))
}

fn joint_controllers(r: &LayoutRow) -> String {
    joint_in(r, &JOINT_EN)
}

/// How Art. 30(1)(a) is labelled in one language.
struct ControllerWords {
    number: &'static str,
    contact: &'static str,
    dpo: &'static str,
    representative: &'static str,
    joint: &'static str,
    joint_words: JointWords,
}

const CONTROLLER_NO: ControllerWords = ControllerWords {
    number: "org.nr.",
    contact: "kontakt",
    dpo: "personvernombud/kontakt",
    representative: "representant (art. 27)",
    joint: "felles behandlingsansvarlig (art. 26)",
    joint_words: JOINT_NO,
};

/// Art. 30(1)(a): the controller, its number and contact details, the DPO,
/// the representative and any joint controllers, labelled in `words`.
fn controller_in(r: &LayoutRow, words: &ControllerWords) -> String {
    let o = &r.organisation;
    let name = if o.org_number.is_empty() {
        o.name.clone()
    } else {
        format!("{} ({} {})", o.name, words.number, o.org_number)
    };
    let contact = joined([
        o.address.clone(),
        o.contact_email.clone(),
        o.contact_phone.clone(),
        o.website.clone(),
    ]);
    let dpo = joined([o.dpo_name.clone(), o.dpo_email.clone(), o.dpo_phone.clone()]);
    let representative = joined([
        o.representative_name.clone(),
        o.representative_contact.clone(),
    ]);
    let labelled =
        |label: &str, text: String| (!text.is_empty()).then(|| format!("{label}: {text}"));
    joined(
        [
            Some(name),
            labelled(words.contact, contact),
            labelled(words.dpo, dpo),
            labelled(words.representative, representative),
            labelled(words.joint, joint_in(r, &words.joint_words)),
        ]
        .into_iter()
        .flatten(),
    )
}

fn controller_no(r: &LayoutRow) -> String {
    controller_in(r, &CONTROLLER_NO)
}

fn art6_no(r: &LayoutRow) -> String {
    joined(art6_in(r, |basis| match basis {
        Art6Basis::Consent => "art. 6 nr. 1 a (samtykke)",
        Art6Basis::Contract => "art. 6 nr. 1 b (avtale)",
        Art6Basis::LegalObligation => "art. 6 nr. 1 c (rettslig forpliktelse)",
        Art6Basis::VitalInterests => "art. 6 nr. 1 d (vitale interesser)",
        Art6Basis::PublicTask => {
            "art. 6 nr. 1 e (allmennhetens interesse eller offentlig myndighet)"
        }
        Art6Basis::RecognisedLegitimateInterests => "art. 6 nr. 1 ea (UK)",
        Art6Basis::LegitimateInterests => "art. 6 nr. 1 f (berettiget interesse)",
    }))
}

fn art9_no(r: &LayoutRow) -> String {
    joined(art9_in(r, |c| format!("art. 9 nr. 2 {}", c.code())))
}

fn dpia_no(r: &LayoutRow) -> String {
    dpia_in(
        r,
        &DpiaWords {
            done: "gjennomført",
            in_progress: "under arbeid",
            required: "påkrevd, ikke startet",
            not_indicated: "ikke indikert",
            of_nine: "av 9 kriterier i WP248",
        },
    )
}

fn status_no(r: &LayoutRow) -> String {
    use crate::domain::activity::ActivityStatus;
    match r.row.activity.status {
        ActivityStatus::Draft => "utkast",
        ActivityStatus::InReview => "til gjennomgang",
        ActivityStatus::Approved => "godkjent",
        ActivityStatus::Retired => "avsluttet",
    }
    .to_string()
}

/// Datatilsynet's controller protocol: the seven points of Art. 30(1) in the
/// order of its guidance, with Norwegian headings, then optional columns.
pub const DATATILSYNET_COLUMNS: &[Column<LayoutRow>] = &[
    Column {
        name: "Behandlingsaktivitet",
        description: "The activity's name",
        value: |r| r.row.activity.name.clone(),
    },
    Column {
        name: "Behandlingsansvarlig og personvernombud",
        description: "Art. 30(1)(a): the organisation, its number, address and contact, the DPO's contact details, the Art. 27 representative and any joint controllers (Art. 26)",
        value: controller_no,
    },
    Column {
        name: "Formålene med behandlingen",
        description: "Art. 30(1)(b): purposes",
        value: |r| r.row.activity.purposes.clone(),
    },
    Column {
        name: "Kategorier av registrerte",
        description: "Art. 30(1)(c): categories of data subjects",
        value: |r| r.row.activity.subject_categories.clone(),
    },
    Column {
        name: "Kategorier av personopplysninger",
        description: "Art. 30(1)(c): data categories",
        value: category_names_no,
    },
    Column {
        name: "Kategorier av mottakere",
        description: "Art. 30(1)(d): processors and other recipients",
        value: recipients,
    },
    Column {
        name: "Overføring til tredjestat eller internasjonal organisasjon",
        description:
            "Art. 30(1)(e): destinations outside the EEA, then each transfer with its tool",
        value: |r| joined([third_countries(r), safeguards_in(r, super::tool_words::norwegian)]),
    },
    Column {
        name: "Planlagte tidsfrister for sletting",
        description: "Art. 30(1)(f): retention per data category",
        value: retention,
    },
    Column {
        name: "Tekniske og organisatoriske sikkerhetstiltak",
        description: "Art. 30(1)(g): security measures",
        value: |r| r.row.activity.measures.clone(),
    },
    Column {
        name: "Behandlingsgrunnlag (art. 6)",
        description: "Optional: Art. 6(1) bases",
        value: art6_no,
    },
    Column {
        name: "Unntak for særlige kategorier (art. 9)",
        description: "Optional: Art. 9(2) conditions",
        value: art9_no,
    },
    Column {
        name: "Databehandlere",
        description: "Optional: linked processors with their country",
        value: processors_with_country,
    },
    Column {
        name: "Vurdering av personvernkonsekvenser (DPIA)",
        description: "Optional: DPIA state and reference",
        value: dpia_no,
    },
    Column {
        name: "Ansvarlig i virksomheten",
        description: "Optional: the activity's owner",
        value: |r| r.row.activity.owner.clone(),
    },
    Column {
        name: "Sist gjennomgått",
        description: "Optional: date of the last review",
        value: |r| crate::record::FieldValue::show(&r.row.activity.last_reviewed),
    },
    Column {
        name: "Status",
        description: "Optional: utkast, til gjennomgang, godkjent or avsluttet",
        value: status_no,
    },
];

const JOINT_SV: JointWords = JointWords {
    none: "inget arrangemang registrerat",
    arrangement: "arrangemang",
    of: "av",
    answers: |who| match who {
        SubjectContact::Us => "vi svarar de registrerade",
        SubjectContact::Them => "de svarar de registrerade",
        SubjectContact::Each => "var och en svarar för sin del",
    },
};

const CONTROLLER_SV: ControllerWords = ControllerWords {
    number: "org.nr",
    contact: "kontaktuppgifter",
    dpo: "dataskyddsombud",
    representative: "företrädare (art. 27)",
    joint: "gemensamt personuppgiftsansvarig (art. 26)",
    joint_words: JOINT_SV,
};

/// Art. 30(1)(a) in Swedish (gemensamt personuppgiftsansvariga for Art. 26).
fn controller_sv(r: &LayoutRow) -> String {
    controller_in(r, &CONTROLLER_SV)
}

/// The Art. 6(1) grounds in Swedish (rättslig grund: practice, not an Art. 30 term).
fn art6_sv(r: &LayoutRow) -> String {
    let art6 = art6_in(r, |basis| match basis {
        Art6Basis::Consent => "art. 6.1 a (samtycke)",
        Art6Basis::Contract => "art. 6.1 b (avtal)",
        Art6Basis::LegalObligation => "art. 6.1 c (rättslig förpliktelse)",
        Art6Basis::VitalInterests => "art. 6.1 d (grundläggande intressen)",
        Art6Basis::PublicTask => "art. 6.1 e (allmänt intresse eller myndighetsutövning)",
        Art6Basis::RecognisedLegitimateInterests => "art. 6.1 ea (UK)",
        Art6Basis::LegitimateInterests => "art. 6.1 f (berättigat intresse)",
    });
    let art9 = art9_in(r, |c| format!("art. 9.2 {}", c.code()));
    joined(art6.into_iter().chain(art9))
}

fn dpia_sv(r: &LayoutRow) -> String {
    dpia_in(
        r,
        &DpiaWords {
            done: "genomförd",
            in_progress: "pågår",
            required: "krävs, inte påbörjad",
            not_indicated: "inte indikerad",
            of_nine: "av 9 kriterier i WP248",
        },
    )
}

fn status_sv(r: &LayoutRow) -> String {
    use crate::domain::activity::ActivityStatus;
    match r.row.activity.status {
        ActivityStatus::Draft => "utkast",
        ActivityStatus::InReview => "under granskning",
        ActivityStatus::Approved => "godkänd",
        ActivityStatus::Retired => "avslutad",
    }
    .to_string()
}

/// A Swedish registerförteckning: IMY publishes no template of its own, and
/// its guidance restates Art. 30(1)(a)–(g); the headings are the Swedish
/// text of Art. 30 in that order, with the legal basis ("rättslig grund")
/// after the purposes as Swedish practice has it (legal addendum, 1.3).
pub const IMY_COLUMNS: &[Column<LayoutRow>] = &[
    Column {
        name: "Behandling",
        description: "The activity's name",
        value: |r| r.row.activity.name.clone(),
    },
    Column {
        name: "Personuppgiftsansvarig, företrädare och dataskyddsombud",
        description: "Art. 30(1)(a): the organisation, its number and contact details, the DPO, the Art. 27 representative and any joint controllers (Art. 26)",
        value: controller_sv,
    },
    Column {
        name: "Ändamålen med behandlingen",
        description: "Art. 30(1)(b): purposes",
        value: |r| r.row.activity.purposes.clone(),
    },
    Column {
        name: "Rättslig grund",
        description: "Practice, not an Art. 30 point: the Art. 6(1) grounds and any Art. 9(2) conditions",
        value: art6_sv,
    },
    Column {
        name: "Kategorier av registrerade",
        description: "Art. 30(1)(c): categories of data subjects",
        value: |r| r.row.activity.subject_categories.clone(),
    },
    Column {
        name: "Kategorier av personuppgifter",
        description: "Art. 30(1)(c): data categories",
        value: category_names_sv,
    },
    Column {
        name: "Kategorier av mottagare",
        description: "Art. 30(1)(d): processors (personuppgiftsbiträden) and other recipients",
        value: recipients,
    },
    Column {
        name: "Överföring till tredjeland (land, skyddsåtgärder)",
        description: "Art. 30(1)(e): destinations outside the EEA, then each transfer with its tool",
        value: |r| joined([third_countries(r), safeguards_in(r, super::tool_words::swedish)]),
    },
    Column {
        name: "Tidsfrister för radering (gallringsfrist)",
        description: "Art. 30(1)(f): retention per data category",
        value: retention,
    },
    Column {
        name: "Tekniska och organisatoriska säkerhetsåtgärder",
        description: "Art. 30(1)(g): security measures",
        value: |r| r.row.activity.measures.clone(),
    },
    Column {
        name: "Personuppgiftsbiträden",
        description: "Optional: linked processors with their country",
        value: processors_with_country,
    },
    Column {
        name: "Konsekvensbedömning (DPIA)",
        description: "Optional: DPIA state and reference",
        value: dpia_sv,
    },
    Column {
        name: "Ansvarig i verksamheten",
        description: "Optional: the activity's owner",
        value: |r| r.row.activity.owner.clone(),
    },
    Column {
        name: "Senast granskad",
        description: "Optional: date of the last review",
        value: |r| crate::record::FieldValue::show(&r.row.activity.last_reviewed),
    },
    Column {
        name: "Status",
        description: "Optional: utkast, under granskning, godkänd or avslutad",
        value: status_sv,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::{Activity, LawfulBasis};

    /// An activity naming contract, consent, contract again (for another
    /// purpose), the last two also under Art. 9(2)(a), the first under (b).
    fn with_bases_named_twice() -> LayoutRow {
        let basis = |art6, art9| LawfulBasis {
            art6,
            art9: Some(art9),
            ..LawfulBasis::default()
        };
        let activity = Activity {
            bases: vec![
                basis(Art6Basis::Contract, Art9Condition::Employment),
                basis(Art6Basis::Consent, Art9Condition::ExplicitConsent),
                basis(Art6Basis::Contract, Art9Condition::ExplicitConsent),
            ],
            ..Activity::default()
        };
        LayoutRow {
            row: ActivityRow {
                id: 1,
                revision: 1,
                activity,
                processors: Vec::new(),
                controller_identified: true,
                transfers: Vec::new(),
            },
            organisation: Organisation::default(),
            breaches: Vec::new(),
        }
    }

    #[test]
    fn a_ground_named_for_two_purposes_is_listed_once_in_every_language() {
        let r = with_bases_named_twice();
        assert_eq!(art6(&r), "(b) contract; (a) consent");
        assert_eq!(
            art9(&r),
            "(b) employment and social security law; (a) explicit consent"
        );
        assert_eq!(
            art6_no(&r),
            "art. 6 nr. 1 b (avtale); art. 6 nr. 1 a (samtykke)"
        );
        assert_eq!(art9_no(&r), "art. 9 nr. 2 b; art. 9 nr. 2 a");
        assert_eq!(
            art6_sv(&r),
            "art. 6.1 b (avtal); art. 6.1 a (samtycke); art. 9.2 b; art. 9.2 a"
        );
    }
}
