//! The processor register and the breach register (Art. 33(5)
//! documentation) in the words of the three authorities' layouts: English
//! for the ICO, Norwegian for Datatilsynet, Swedish for IMY. None of them
//! publishes a processor template; Datatilsynet's breach columns follow the
//! headings of its "Melde avvik" guidance and IMY's the questions of its
//! e-service, in their order (legal addendum, 3.1 and 3.2). Export only, like
//! the activities' layouts.

use std::collections::HashMap;
use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::columns::{cells, header, Column};
use super::export::CsvOut;
use super::layouts::joined;
use super::profile::Profile;
use super::ExchangeError;
use crate::domain::breach::{BreachStatus, NotificationKind, RiskLevel};
use crate::domain::letter::{cause_words, Lang};
use crate::domain::processor::{ProcessorStatus, RecipientRole};
use crate::domain::transfer::TransferTool;
use crate::store::{BreachRow, ProcessorRow, Register};

/// A processor with its transfers and its current agreement's status.
pub struct ProcessorLine {
    pub row: ProcessorRow,
    /// (destination, tool) of each recorded transfer.
    pub transfers: Vec<(String, TransferTool)>,
    /// The export's day in the register's zone: a review before it is overdue.
    pub today: NaiveDate,
}

/// A breach with the register's zone, to write its times as the DPO knows them.
pub struct BreachLine {
    pub row: BreachRow,
    pub zone: Tz,
}

/// The words of one language for the processor register.
struct Words {
    role: fn(RecipientRole) -> &'static str,
    tool: fn(TransferTool) -> &'static str,
    agreement: fn(crate::domain::dpa::DpaStatus) -> &'static str,
    status: fn(ProcessorStatus) -> &'static str,
    none: &'static str,
    /// Before the day the current agreement is to be reviewed by, and
    /// before that day once it has passed.
    review_by: &'static str,
    review_overdue: &'static str,
}

const EN: Words = Words {
    role: RecipientRole::label,
    tool: TransferTool::label,
    agreement: crate::domain::dpa::DpaStatus::label,
    status: ProcessorStatus::label,
    none: "none recorded",
    review_by: "review by",
    review_overdue: "review overdue since",
};

const NO: Words = Words {
    tool: super::tool_words::norwegian,
    role: |r| match r {
        RecipientRole::Processor => "databehandler",
        RecipientRole::SubProcessor => "underdatabehandler",
        RecipientRole::JointController => "felles behandlingsansvarlig",
        RecipientRole::IndependentController => "selvstendig behandlingsansvarlig",
        RecipientRole::OtherRecipient => "annen mottaker",
    },
    agreement: |s| {
        use crate::domain::dpa::DpaStatus as S;
        match s {
            S::NotStarted => "ikke startet",
            S::Requested => "bedt om",
            S::InNegotiation => "under forhandling",
            S::Signed => "signert",
            S::Superseded => "erstattet",
            S::Terminated => "avsluttet",
        }
    },
    status: |s| match s {
        ProcessorStatus::Active => "aktiv",
        ProcessorStatus::Ended => "avsluttet",
        ProcessorStatus::ToIdentify => "ikke identifisert ennå",
    },
    none: "ingen registrert",
    review_by: "gjennomgås innen",
    review_overdue: "gjennomgang forfalt",
};

const SV: Words = Words {
    tool: super::tool_words::swedish,
    role: |r| match r {
        RecipientRole::Processor => "personuppgiftsbiträde",
        RecipientRole::SubProcessor => "underbiträde",
        RecipientRole::JointController => "gemensamt personuppgiftsansvarig",
        RecipientRole::IndependentController => "självständigt personuppgiftsansvarig",
        RecipientRole::OtherRecipient => "annan mottagare",
    },
    agreement: |s| {
        use crate::domain::dpa::DpaStatus as S;
        match s {
            S::NotStarted => "inte påbörjat",
            S::Requested => "begärt",
            S::InNegotiation => "under förhandling",
            S::Signed => "undertecknat",
            S::Superseded => "ersatt",
            S::Terminated => "upphört",
        }
    },
    status: |s| match s {
        ProcessorStatus::Active => "aktiv",
        ProcessorStatus::Ended => "avslutad",
        ProcessorStatus::ToIdentify => "ännu inte identifierad",
    },
    none: "inget registrerat",
    review_by: "granskas senast",
    review_overdue: "granskning försenad sedan",
};

fn contact(l: &ProcessorLine) -> String {
    let p = &l.row.processor.fields;
    joined([p.address.replace('\n', ", "), p.contact_email.clone()])
}

/// Each recorded transfer: "US (<tool in the layout's words>)".
fn transfers_in(l: &ProcessorLine, words: &Words) -> String {
    joined(
        l.transfers
            .iter()
            .map(|(country, tool)| format!("{country} ({})", (words.tool)(*tool))),
    )
}

/// "signed 2024-12-17, review by 2026-11-25": a signed agreement with the
/// day it was signed, then the review's day, said overdue once it has
/// passed; another status alone.
fn agreement_in(l: &ProcessorLine, words: &Words) -> String {
    let Some(status) = l.row.agreement else {
        return words.none.to_string();
    };
    // The days belong to an agreement in force: a terminated one's signing
    // day would read as the day it ended, its review as overdue.
    if status != crate::domain::dpa::DpaStatus::Signed {
        return (words.agreement)(status).to_string();
    }
    let status = match l.row.signed_on {
        Some(day) => format!("{} {day}", (words.agreement)(status)),
        None => (words.agreement)(status).to_string(),
    };
    match l.row.review_on {
        Some(day) if day < l.today => format!("{status}, {} {day}", words.review_overdue),
        Some(day) => format!("{status}, {} {day}", words.review_by),
        None => status,
    }
}

macro_rules! processor_columns {
    ($words:expr, [$name:literal, $number:literal, $country:literal, $contact:literal,
      $service:literal, $role:literal, $parent:literal, $agreement:literal,
      $transfers:literal, $used:literal, $status:literal]) => {
        &[
            Column {
                name: $name,
                description: "Legal name",
                value: |l: &ProcessorLine| l.row.processor.fields.name.clone(),
            },
            Column {
                name: $number,
                description: "Organisation number",
                value: |l: &ProcessorLine| l.row.processor.fields.org_number.clone(),
            },
            Column {
                name: $country,
                description: "Country of establishment (ISO code)",
                value: |l: &ProcessorLine| l.row.processor.fields.country.clone(),
            },
            Column {
                name: $contact,
                description: "Address and privacy contact",
                value: contact,
            },
            Column {
                name: $service,
                description: "What it does for the organisation",
                value: |l: &ProcessorLine| l.row.processor.fields.service.clone(),
            },
            Column {
                name: $role,
                description: "Its role, in the layout's language",
                value: |l: &ProcessorLine| ($words.role)(l.row.processor.fields.role).to_string(),
            },
            Column {
                name: $parent,
                description: "For a sub-processor: the processor it works for",
                value: |l: &ProcessorLine| l.row.parent_name.clone().unwrap_or_default(),
            },
            Column {
                name: $agreement,
                description: "The current Art. 28 agreement's status, the day it was signed, and its review's day (said overdue once passed)",
                value: |l: &ProcessorLine| agreement_in(l, &$words),
            },
            Column {
                name: $transfers,
                description: "Recorded transfers outside the EEA with their tool (Chapter V)",
                value: |l: &ProcessorLine| transfers_in(l, &$words),
            },
            Column {
                name: $used,
                description: "The processing activities that send it data",
                value: |l: &ProcessorLine| l.row.used_by.join("; "),
            },
            Column {
                name: $status,
                description: "active, ended or to be identified, in the layout's language",
                value: |l: &ProcessorLine| {
                    ($words.status)(l.row.processor.fields.status).to_string()
                },
            },
        ]
    };
}

pub const ICO_PROCESSORS: &[Column<ProcessorLine>] = processor_columns!(
    EN,
    [
        "Processor",
        "Company number",
        "Country",
        "Contact details",
        "Service provided",
        "Role",
        "Sub-processor of",
        "Written contract (Art. 28)",
        "Restricted transfers and safeguards",
        "Processing activities",
        "Status"
    ]
);

pub const DATATILSYNET_PROCESSORS: &[Column<ProcessorLine>] = processor_columns!(
    NO,
    [
        "Databehandler",
        "Organisasjonsnummer",
        "Land",
        "Adresse og kontakt",
        "Tjeneste",
        "Rolle",
        "Underdatabehandler for",
        "Databehandleravtale",
        "Overføring til tredjestat (land, overføringsgrunnlag)",
        "Behandlingsaktiviteter",
        "Status"
    ]
);

pub const IMY_PROCESSORS: &[Column<ProcessorLine>] = processor_columns!(
    SV,
    [
        "Personuppgiftsbiträde",
        "Organisationsnummer",
        "Land",
        "Adress och kontaktuppgifter",
        "Tjänst",
        "Roll",
        "Underbiträde till",
        "Personuppgiftsbiträdesavtal",
        "Överföring till tredjeland (land, skyddsåtgärder)",
        "Behandlingar",
        "Status"
    ]
);

/// A moment in the register's zone: "2026-12-05 14:30 (Europe/Oslo)".
fn local(at: Option<DateTime<Utc>>, zone: Tz) -> String {
    at.map(|at| {
        format!(
            "{} ({})",
            at.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
            zone.name()
        )
    })
    .unwrap_or_default()
}

fn count(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Each notification: to which authority, which one (in `kind`'s words),
/// when, their reference.
fn notified_in(l: &BreachLine, kind: fn(NotificationKind) -> &'static str) -> String {
    joined(l.row.notifications.iter().map(|n| {
        joined([
            format!(
                "{} {} {}",
                n.authority,
                kind(n.kind),
                local(Some(n.sent_at), l.zone)
            ),
            n.reference.clone(),
        ])
    }))
}

fn notified(l: &BreachLine) -> String {
    notified_in(l, NotificationKind::label)
}

fn notified_no(l: &BreachLine) -> String {
    notified_in(l, |k| match k {
        NotificationKind::Initial => "første melding",
        NotificationKind::Additional => "tilleggsopplysninger",
        NotificationKind::Final => "endelig melding",
    })
}

fn notified_sv(l: &BreachLine) -> String {
    notified_in(l, |k| match k {
        NotificationKind::Initial => "första anmälan",
        NotificationKind::Additional => "komplettering",
        NotificationKind::Final => "slutlig anmälan",
    })
}

/// The Art. 34(3) ground for not telling the data subjects, and why.
fn exception(l: &BreachLine) -> String {
    use crate::domain::breach::Art34Exception;
    let b = &l.row.breach;
    match b.art34_exception {
        Art34Exception::NotUsed => b.art34_justification.clone(),
        ground => joined([
            format!("art. 34.3 {}", ground.code()),
            b.art34_justification.clone(),
        ]),
    }
}

/// The risk as assessed and why (Art. 33(1), 34(1)).
/// The risk as assessed (in `level`'s words) and why.
fn risk_in(l: &BreachLine, level: fn(RiskLevel) -> &'static str) -> String {
    let b = &l.row.breach;
    joined([level(b.risk_level).to_string(), b.risk_rationale.clone()])
}

fn risk_no(l: &BreachLine) -> String {
    risk_in(l, |level| match level {
        RiskLevel::NoRisk => "ingen risiko: bare dokumentert",
        RiskLevel::Risk => "risiko: meldes til Datatilsynet",
        RiskLevel::High => "høy risiko: de berørte skal også informeres",
    })
}

fn risk_sv(l: &BreachLine) -> String {
    risk_in(l, |level| match level {
        RiskLevel::NoRisk => "ingen risk: endast dokumenterad",
        RiskLevel::Risk => "risk: anmäls till IMY",
        RiskLevel::High => "hög risk: de registrerade ska också informeras",
    })
}

fn delay(l: &BreachLine) -> String {
    joined(l.row.notifications.iter().map(|n| n.delay_reason.clone()))
}

fn subjects_told(l: &BreachLine) -> String {
    let b = &l.row.breach;
    joined([
        local(b.subjects_told_at, l.zone),
        b.subjects_told_how.clone(),
    ])
}

fn data(l: &BreachLine) -> String {
    l.row.breach.data_categories.clone()
}

fn measures(l: &BreachLine) -> String {
    let b = &l.row.breach;
    joined([b.containment.clone(), b.mitigation.clone()])
}

fn cause_no(l: &BreachLine) -> String {
    cause_words(l.row.breach.cause, Lang::Nb).to_string()
}

fn cause_sv(l: &BreachLine) -> String {
    cause_words(l.row.breach.cause, Lang::Sv).to_string()
}

fn status_no(l: &BreachLine) -> String {
    match l.row.breach.status {
        BreachStatus::Open => "åpen",
        BreachStatus::Assessed => "vurdert",
        BreachStatus::Notified => "meldt",
        BreachStatus::Closed => "lukket",
    }
    .to_string()
}

fn status_sv(l: &BreachLine) -> String {
    match l.row.breach.status {
        BreachStatus::Open => "öppen",
        BreachStatus::Assessed => "bedömd",
        BreachStatus::Notified => "anmäld",
        BreachStatus::Closed => "avslutad",
    }
    .to_string()
}

/// The ICO's breach log: what a controller must document under Art. 33(5).
pub const ICO_BREACHES: &[Column<BreachLine>] = &[
    Column {
        name: "Breach",
        description: "Its title",
        value: |l| l.row.breach.title.clone(),
    },
    Column {
        name: "Date and time of breach",
        description: "When it happened, as recorded",
        value: |l| l.row.breach.occurred.clone(),
    },
    Column {
        name: "Date and time discovered",
        description: "When the organisation became aware, in its time zone",
        value: |l| local(Some(l.row.breach.aware_at), l.zone),
    },
    Column {
        name: "Description of the breach",
        description: "What happened",
        value: |l| l.row.breach.description.clone(),
    },
    Column {
        name: "Cause",
        description: "The cause, in words",
        value: |l| l.row.breach.cause.label().to_string(),
    },
    Column {
        name: "Individuals affected",
        description: "Categories of data subjects",
        value: |l| l.row.breach.subject_categories.clone(),
    },
    Column {
        name: "Approximate number of individuals",
        description: "Approximate count",
        value: |l| count(l.row.breach.approx_subjects),
    },
    Column {
        name: "Personal data involved",
        description: "Categories of personal data",
        value: data,
    },
    Column {
        name: "Likely consequences",
        description: "Art. 33(3)(c)",
        value: |l| l.row.breach.likely_consequences.clone(),
    },
    Column {
        name: "Risk assessment",
        description: "The risk level and why",
        value: |l| {
            joined([
                l.row.breach.risk_level.label().to_string(),
                l.row.breach.risk_rationale.clone(),
            ])
        },
    },
    Column {
        name: "Action taken",
        description: "Containment and mitigation (Art. 33(3)(d))",
        value: measures,
    },
    Column {
        name: "Reported to the ICO",
        description: "Each notification: kind, time, the ICO's reference",
        value: notified,
    },
    Column {
        name: "Reason for late report",
        description: "Art. 33(1): the reasons for a notification after 72 hours",
        value: delay,
    },
    Column {
        name: "Reason not reported",
        description: "Why the authority was not notified",
        value: |l| l.row.breach.not_notified_reasoning.clone(),
    },
    Column {
        name: "Individuals informed",
        description: "When and how data subjects were told (Art. 34)",
        value: subjects_told,
    },
    Column {
        name: "Status",
        description: "open, assessed, notified or closed",
        value: |l| l.row.breach.status.label().to_string(),
    },
];

/// Datatilsynet's avvik: the headings of its "Melde avvik" guidance in order.
pub const DATATILSYNET_BREACHES: &[Column<BreachLine>] = &[
    Column {
        name: "Avvik",
        description: "Its title",
        value: |l| l.row.breach.title.clone(),
    },
    Column {
        name: "Hovedårsak",
        description: "The cause, in Norwegian",
        value: cause_no,
    },
    Column {
        name: "Tidsrom",
        description: "When it happened, as recorded",
        value: |l| l.row.breach.occurred.clone(),
    },
    Column {
        name: "Når ble avviket oppdaget",
        description: "When the organisation became aware, in its time zone",
        value: |l| local(Some(l.row.breach.aware_at), l.zone),
    },
    Column {
        name: "Antall berørte personer",
        description: "Approximate count",
        value: |l| count(l.row.breach.approx_subjects),
    },
    Column {
        name: "Beskrivelse av hva som har skjedd",
        description: "What happened",
        value: |l| l.row.breach.description.clone(),
    },
    Column {
        name: "Hvordan ble avviket oppdaget",
        description: "How it was discovered",
        value: |l| l.row.breach.discovered_how.clone(),
    },
    Column {
        name: "Type personopplysninger som ble berørt",
        description: "Categories of personal data",
        value: data,
    },
    Column {
        name: "Relasjon til de berørte personene",
        description: "Categories of data subjects",
        value: |l| l.row.breach.subject_categories.clone(),
    },
    Column {
        name: "Konsekvenser",
        description: "Likely consequences (Art. 33(3)(c))",
        value: |l| l.row.breach.likely_consequences.clone(),
    },
    Column {
        name: "Tiltak",
        description: "Containment and mitigation (Art. 33(3)(d))",
        value: measures,
    },
    Column {
        name: "Informasjon",
        description: "When and how the data subjects were told (Art. 34)",
        value: subjects_told,
    },
    Column {
        name: "Risikovurdering",
        description: "The risk as assessed and why (Art. 33(1), 34(1))",
        value: risk_no,
    },
    Column {
        name: "Begrunnelse for ikke å melde",
        description: "Why the authority was not notified (Art. 33(5))",
        value: |l| l.row.breach.not_notified_reasoning.clone(),
    },
    Column {
        name: "Meldt til Datatilsynet",
        description: "Each notification: kind, time, Datatilsynet's reference",
        value: notified_no,
    },
    Column {
        name: "Begrunnelse for forsinkelse",
        description: "Art. 33(1): reasons for a notification after 72 hours",
        value: delay,
    },
    Column {
        name: "Status",
        description: "åpen, vurdert, meldt or lukket",
        value: status_no,
    },
];

/// IMY's e-service questions that the register can answer, in their order
/// (the numbered ones as numbered there; the rest are [unverified] there).
pub const IMY_BREACHES: &[Column<BreachLine>] = &[
    Column {
        name: "Incident",
        description: "Its title",
        value: |l| l.row.breach.title.clone(),
    },
    Column {
        name: "När inträffade incidenten?",
        description: "When it happened, as recorded",
        value: |l| l.row.breach.occurred.clone(),
    },
    Column {
        name: "När upptäcktes incidenten?",
        description: "When the organisation became aware, in its time zone",
        value: |l| local(Some(l.row.breach.aware_at), l.zone),
    },
    Column {
        name: "13. När upphörde incidenten?",
        description: "Still ongoing, or over",
        value: |l| {
            if l.row.breach.ongoing {
                "pågår".to_string()
            } else {
                "har upphört".to_string()
            }
        },
    },
    Column {
        name: "Beskrivning av incidenten",
        description: "What happened",
        value: |l| l.row.breach.description.clone(),
    },
    Column {
        name: "25. Vilka grupper tillhör de registrerade?",
        description: "Categories of data subjects",
        value: |l| l.row.breach.subject_categories.clone(),
    },
    Column {
        name: "Antal registrerade",
        description: "Approximate count",
        value: |l| count(l.row.breach.approx_subjects),
    },
    Column {
        name: "26. Vilken sorts personuppgifter har incidenten drabbat?",
        description: "Categories of personal data",
        value: data,
    },
    Column {
        name: "28. Vad kan bli konsekvenserna av incidenten?",
        description: "Likely consequences (Art. 33(3)(c))",
        value: |l| l.row.breach.likely_consequences.clone(),
    },
    Column {
        name: "30. Hur har ni agerat efter incidenten?",
        description: "Containment and mitigation (Art. 33(3)(d))",
        value: measures,
    },
    Column {
        name: "32. När informerade ni de registrerade?",
        description: "When and how the data subjects were told (Art. 34)",
        value: subjects_told,
    },
    Column {
        name: "35. Varför kommer ni inte att informera de registrerade?",
        description: "The Art. 34(3) exception and why",
        value: exception,
    },
    Column {
        name: "Riskbedömning",
        description: "The risk as assessed and why (Art. 33(1), 34(1))",
        value: risk_sv,
    },
    Column {
        name: "Varför anmäldes incidenten inte?",
        description: "Why the authority was not notified (Art. 33(5))",
        value: |l| l.row.breach.not_notified_reasoning.clone(),
    },
    Column {
        name: "Anmäld till IMY",
        description: "Each notification: kind, time, IMY's reference",
        value: notified_sv,
    },
    Column {
        name: "Skäl till försening",
        description: "Art. 33(1): reasons for a notification after 72 hours",
        value: delay,
    },
    Column {
        name: "Orsak",
        description: "The cause, in Swedish",
        value: cause_sv,
    },
    Column {
        name: "Status",
        description: "öppen, bedömd, anmäld or avslutad",
        value: status_sv,
    },
];

/// How a breach register's row gives one of its moments.
pub type Moment = fn(&BreachLine) -> Option<DateTime<Utc>>;

/// A breach register's column that holds one moment, and how to read it:
/// a workbook writes it as a date-time in the register's zone, UTC beside it.
pub fn moment_of(heading: &str) -> Option<Moment> {
    match heading {
        "Date and time discovered" | "Når ble avviket oppdaget" | "När upptäcktes incidenten?" => {
            Some(|l| Some(l.row.breach.aware_at))
        }
        _ => None,
    }
}

pub fn processor_columns(profile: Profile) -> Option<&'static [Column<ProcessorLine>]> {
    match profile {
        Profile::Ico => Some(ICO_PROCESSORS),
        Profile::Datatilsynet => Some(DATATILSYNET_PROCESSORS),
        Profile::Imy => Some(IMY_PROCESSORS),
        Profile::Rfc4180 | Profile::Excel => None,
    }
}

pub fn breach_columns(profile: Profile) -> Option<&'static [Column<BreachLine>]> {
    match profile {
        Profile::Ico => Some(ICO_BREACHES),
        Profile::Datatilsynet => Some(DATATILSYNET_BREACHES),
        Profile::Imy => Some(IMY_BREACHES),
        Profile::Rfc4180 | Profile::Excel => None,
    }
}

/// The headings of the processor register and the breach register of
/// `profile` (for `docs/csv-format.md`).
pub fn layout_docs(profile: Profile) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let processors = processor_columns(profile).unwrap_or_default();
    let breaches = breach_columns(profile).unwrap_or_default();
    vec![
        (
            "processor register",
            processors.iter().map(|c| (c.name, c.description)).collect(),
        ),
        (
            "breach register",
            breaches.iter().map(|c| (c.name, c.description)).collect(),
        ),
    ]
}

/// Each processor's recorded transfers as people read them:
/// "US (EU-US Data Privacy Framework (Art. 45))".
pub fn transfers_by_processor(
    register: &Register,
) -> Result<HashMap<i64, Vec<(String, TransferTool)>>, ExchangeError> {
    let mut transfers: HashMap<i64, Vec<(String, TransferTool)>> = HashMap::new();
    register.for_each_transfer(|row| {
        let t = &row.transfer;
        transfers
            .entry(row.processor_id)
            .or_default()
            .push((t.country.clone(), t.tool));
        Ok::<_, ExchangeError>(())
    })?;
    Ok(transfers)
}

/// Every processor in tree order with its transfers, in turn.
pub fn for_each_processor(
    register: &Register,
    mut each: impl FnMut(&ProcessorLine) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    let mut transfers = transfers_by_processor(register)?;
    let zone = register.organisation()?.time_zone;
    let today = crate::platform::clock::date_in(register.clock().now(), &zone);
    register.for_each_processor(|row| {
        let line = ProcessorLine {
            row: row.clone(),
            transfers: transfers.remove(&row.processor.id).unwrap_or_default(),
            today,
        };
        each(&line)
    })
}

/// Every breach with the register's zone, in turn.
pub fn for_each_breach(
    register: &Register,
    mut each: impl FnMut(&BreachLine) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    let zone = register.organisation()?.time_zone;
    register.for_each_breach(|row| {
        each(&BreachLine {
            row: row.clone(),
            zone,
        })
    })
}

/// Writes the processors or the breaches in `profile`'s words; returns the count.
pub fn write<W: Write>(
    register: &Register,
    profile: Profile,
    table: super::tables::Table,
    out: &mut CsvOut<W>,
) -> Result<usize, ExchangeError> {
    use super::tables::Table;
    let mut rows = 0;
    let not_layout =
        || ExchangeError::Profile(format!("{} is not an authority layout", profile.name()));
    match table {
        Table::Processors => {
            let columns = processor_columns(profile).ok_or_else(not_layout)?;
            out.header(&header(columns))?;
            for_each_processor(register, |line| {
                rows += 1;
                Ok(out.row(cells(columns, line))?)
            })?;
        }
        Table::Breaches => {
            let columns = breach_columns(profile).ok_or_else(not_layout)?;
            out.header(&header(columns))?;
            for_each_breach(register, |line| {
                rows += 1;
                Ok(out.row(cells(columns, line))?)
            })?;
        }
        other => {
            return Err(ExchangeError::Profile(format!(
                "the {} layout has no {} register",
                profile.name(),
                other.name()
            )))
        }
    }
    Ok(rows)
}
