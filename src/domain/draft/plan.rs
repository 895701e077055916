//! What accepted suggestions become in the register: the organisation's
//! fields, processors (a catalogue entry with its agreement and transfers, a
//! named one, or one to be identified) and Draft records of processing — one
//! per heading of the policy that gave a purpose, a lawful basis or a
//! retention period, the categories found under it attached. Every record
//! notes the policy's line it came from.

use super::{Suggestion, SuggestionKind as K};
use crate::domain::activity::{
    parse_retention, Activity, ActivityStatus, Art6Basis, Art9Condition, DataCategory, LawfulBasis,
};
use crate::domain::catalogue::shipped;
use crate::domain::dpa::Dpa;
use crate::domain::jurisdiction::Jurisdiction;
use crate::domain::organisation::{Organisation, OurRole};
use crate::domain::processor::{ProcessorFields, ProcessorStatus, RecipientRole};
use crate::domain::transfer::Transfer;

/// A processor to record, with its agreement and transfers when the
/// catalogue gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedProcessor {
    pub fields: ProcessorFields,
    pub agreement: Option<Dpa>,
    pub transfers: Vec<Transfer>,
}

/// Everything the accepted suggestions write, in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The organisation as it will be (`None`: no field of it accepted).
    pub organisation: Option<Organisation>,
    pub processors: Vec<PlannedProcessor>,
    pub activities: Vec<PlannedActivity>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.organisation.is_none() && self.processors.is_empty() && self.activities.is_empty()
    }

    /// "the organisation, 3 processors and 2 records of processing".
    pub fn summary(&self) -> String {
        use crate::platform::words::counted;
        let mut parts = Vec::new();
        if self.organisation.is_some() {
            parts.push("the organisation's details".to_string());
        }
        if !self.processors.is_empty() {
            parts.push(counted(self.processors.len(), "processor"));
        }
        if !self.activities.is_empty() {
            parts.push(crate::platform::words::counted_as(
                self.activities.len(),
                "Draft record of processing",
                "Draft records of processing",
            ));
        }
        match parts.split_last() {
            None => "nothing".to_string(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }
}

/// Where a record came from, for its notes: the policy, line and sentence.
fn provenance(s: &Suggestion) -> String {
    format!("From the privacy policy, line {}: \"{}\"", s.line, s.quote)
}

/// The plan for `accepted` over the register's organisation as it is now.
pub fn plan(accepted: &[Suggestion], current: &Organisation) -> Plan {
    let processors: Vec<&Suggestion> = accepted.iter().filter(|s| s.kind == K::Processor).collect();
    Plan {
        organisation: organisation(accepted, current),
        processors: processors.iter().map(|s| processor(s)).collect(),
        activities: activities(accepted, &processors),
    }
}

fn organisation(accepted: &[Suggestion], current: &Organisation) -> Option<Organisation> {
    let mut org = current.clone();
    let first = |kind| {
        accepted
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.value.clone())
    };
    if let Some(name) = first(K::OrganisationName) {
        org.name = name;
    }
    if let Some(number) = first(K::OrgNumber) {
        org.org_number = number;
    }
    if let Some(address) = first(K::Address) {
        org.address = address;
    }
    if let Some(email) = first(K::ContactEmail) {
        org.contact_email = email;
    }
    if let Some(phone) = first(K::ContactPhone) {
        org.contact_phone = phone;
    }
    let jurisdiction = first(K::Jurisdiction).or_else(|| {
        accepted
            .iter()
            .find(|s| s.kind == K::Authority)
            .and_then(|s| {
                crate::domain::authorities::AUTHORITIES
                    .iter()
                    .find(|a| a.name == s.value)
            })
            .map(|a| a.country.to_string())
    });
    // A new jurisdiction brings its zone; the same one keeps the zone chosen.
    let new = jurisdiction
        .and_then(|j| Jurisdiction::parse(&j).ok())
        .filter(|j| current.jurisdiction != Some(*j));
    if let Some(j) = new {
        org.jurisdiction = Some(j);
        if let Some(zone) = j.default_zone() {
            org.time_zone = zone;
        }
    }
    let roles: Vec<&str> = accepted
        .iter()
        .filter(|s| s.kind == K::Role)
        .map(|s| s.value.as_str())
        .collect();
    // A role the policy states adds to the register's: "controller" leaves
    // a register kept as both as both.
    let was = (
        matches!(current.role, OurRole::Controller | OurRole::Both),
        matches!(current.role, OurRole::Processor | OurRole::Both),
    );
    let controller = roles.contains(&"controller");
    let processor = roles.contains(&"processor");
    if controller || processor {
        org.role = match (controller || was.0, processor || was.1) {
            (true, true) => OurRole::Both,
            (false, true) => OurRole::Processor,
            _ => OurRole::Controller,
        };
    }
    (org != *current).then_some(org)
}

fn processor(s: &Suggestion) -> PlannedProcessor {
    if let Some(service) = s.catalogue.as_deref().and_then(|id| shipped().get(id)) {
        let mut fields = service.processor();
        fields.notes = format!("{}\n{}", provenance(s), fields.notes);
        return PlannedProcessor {
            fields,
            agreement: Some(service.agreement()),
            transfers: service.transfers(),
        };
    }
    // Named but not in the catalogue: who contracts, and where, is still to
    // be found out — an open item, as one named only by what it does.
    let vague = s.value.strip_prefix("to be identified: ");
    let notes = match vague {
        Some(_) => provenance(s),
        None => format!(
            "{}\nNamed in the policy: its legal entity, country and agreement are to be confirmed.",
            provenance(s)
        ),
    };
    let fields = ProcessorFields {
        name: vague.map_or(s.value.clone(), |what| format!("To be identified: {what}")),
        service: vague.unwrap_or_default().to_string(),
        role: RecipientRole::Processor,
        status: ProcessorStatus::ToIdentify,
        notes,
        ..ProcessorFields::default()
    };
    PlannedProcessor {
        fields,
        agreement: None,
        transfers: Vec::new(),
    }
}

/// A record of processing to write, and the planned processors it sends
/// data to (indices into `Plan::processors`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedActivity {
    pub activity: Activity,
    pub processors: Vec<usize>,
}

/// The suggestions of one heading that gives a purpose make one record of
/// processing; what stands elsewhere (bases named among the rights, the
/// retention list, categories under general headings) goes into one record
/// of what the policy describes in general, for the DPO to place. A record
/// sends data to the processors named under its heading; the general one to
/// those named nowhere else. The policy's statements on transfers stand in
/// every record's "other transfers".
fn activities(accepted: &[Suggestion], processors: &[&Suggestion]) -> Vec<PlannedActivity> {
    let mut sections: Vec<&str> = Vec::new();
    for s in accepted.iter().filter(|s| s.kind == K::Purpose) {
        if !sections.contains(&s.section.as_str()) {
            sections.push(&s.section);
        }
    }
    let belongs = |s: &Suggestion| {
        matches!(
            s.kind,
            K::SubjectCategory
                | K::DataCategory
                | K::SpecialCategory
                | K::LawfulBasis
                | K::Retention
        )
    };
    let homeless: Vec<&Suggestion> = accepted
        .iter()
        .filter(|s| belongs(s) && !sections.contains(&s.section.as_str()))
        .collect();
    // Where data goes, as the policy says it of all processing; where one
    // provider's servers stand ("within the EU/EEA") is that provider's.
    let transfers: Vec<&str> = accepted
        .iter()
        .filter(|s| s.kind == K::Transfer && s.value != "within the EU/EEA")
        .map(|s| s.value.as_str())
        .collect();
    let linked = |section: &str| -> Vec<usize> {
        (0..processors.len())
            .filter(|&i| processors[i].section == section)
            .collect()
    };
    let mut out: Vec<PlannedActivity> = sections
        .iter()
        .map(|section| {
            let own: Vec<&Suggestion> = accepted.iter().filter(|s| s.section == *section).collect();
            PlannedActivity {
                activity: activity(section, &own, &transfers),
                processors: linked(section),
            }
        })
        .collect();
    if !homeless.is_empty() {
        let placed: Vec<usize> = out.iter().flat_map(|a| a.processors.clone()).collect();
        let rest = (0..processors.len())
            .filter(|i| !placed.contains(i))
            .collect();
        out.push(PlannedActivity {
            activity: activity("", &homeless, &transfers),
            processors: rest,
        });
    }
    out
}

/// The name of the record of processing a heading's suggestions make: the
/// heading, or for what stands under no heading that gives a purpose, one
/// record of what the policy describes in general.
pub(crate) fn record_name(section: &str) -> String {
    match section {
        "" => "Processing described in the privacy policy".to_string(),
        heading => heading.trim_end_matches(['?', ':']).to_string(),
    }
}

fn activity(section: &str, own: &[&Suggestion], transfers: &[&str]) -> Activity {
    let of = |kind| own.iter().filter(move |s| s.kind == kind);
    let purposes: Vec<String> = of(K::Purpose).map(|s| s.value.clone()).collect();
    let name = record_name(section);
    Activity {
        purposes: if purposes.is_empty() {
            name.clone()
        } else {
            purposes.join("; ")
        },
        subject_categories: of(K::SubjectCategory)
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        data_categories: categories(own),
        bases: bases(&name, of(K::LawfulBasis).copied().collect()),
        other_transfers: if transfers.is_empty() {
            String::new()
        } else {
            format!("As the privacy policy says: {}", transfers.join("; "))
        },
        status: ActivityStatus::Draft,
        source: own
            .first()
            .map(|s| format!("privacy policy, line {}", s.line))
            .unwrap_or_default(),
        name,
        ..Activity::default()
    }
}

/// The record's categories of data. A period is tied to a category only
/// where one sentence names both ("the recordings are deleted after 7
/// days"); a period tied to none is a category of its own, named by what the
/// policy says it is of (a list item's label) or "personal data" — never
/// spread over categories the sentence does not name.
fn categories(own: &[&Suggestion]) -> Vec<DataCategory> {
    let periods: Vec<(&Suggestion, crate::domain::activity::Retention)> = own
        .iter()
        .filter(|s| s.kind == K::Retention)
        .filter_map(|s| parse_retention(&s.value).ok().map(|r| (*s, r)))
        .collect();
    let period_of = |s: &Suggestion| {
        periods
            .iter()
            .find(|(p, _)| p.line == s.line && p.quote == s.quote)
            .map(|(_, r)| r.clone())
    };
    let mut out = Vec::new();
    for s in own.iter().filter(|s| s.kind == K::DataCategory) {
        out.push(DataCategory {
            name: s.value.clone(),
            retention: period_of(s),
            ..DataCategory::default()
        });
    }
    for s in own
        .iter()
        .filter(|s| s.kind == K::SpecialCategory && !s.value.starts_with("not processed"))
    {
        let criminal = s.value.contains("Art. 10");
        out.push(DataCategory {
            name: s.value.clone(),
            criminal,
            special: (!criminal).then(|| s.value.clone()),
            retention: period_of(s),
        });
    }
    for (p, period) in &periods {
        let tied = own.iter().any(|s| {
            matches!(s.kind, K::DataCategory | K::SpecialCategory)
                && s.line == p.line
                && s.quote == p.quote
        });
        if tied {
            continue;
        }
        // A list item's label names what the period is of; a heading does not.
        let label = p
            .applies_to
            .clone()
            .filter(|a| !a.is_empty() && *a != p.section);
        out.push(DataCategory {
            name: label.unwrap_or_else(|| "personal data".into()),
            retention: Some(period.clone()),
            ..DataCategory::default()
        });
    }
    out
}

/// "Art. 6(1)(f) …" and "Art. 9(2)(a) …" as the record's bases: each Art. 9
/// condition goes with the Art. 6 basis before it.
fn bases(purpose: &str, said: Vec<&Suggestion>) -> Vec<LawfulBasis> {
    let letter = |value: &str, article: &str| {
        value
            .strip_prefix(article)
            .and_then(|rest| rest.strip_prefix('('))
            .and_then(|rest| rest.split(')').next())
            .map(str::to_string)
    };
    let mut out: Vec<LawfulBasis> = Vec::new();
    for s in said {
        if let Some(art6) = letter(&s.value, "Art. 6(1)").and_then(|l| Art6Basis::parse(&l)) {
            if out.iter().any(|b| b.art6 == art6) {
                continue;
            }
            out.push(LawfulBasis {
                purpose: purpose.to_string(),
                art6,
                ..LawfulBasis::default()
            });
        } else if let Some(art9) =
            letter(&s.value, "Art. 9(2)").and_then(|l| Art9Condition::parse(&l))
        {
            if let Some(last) = out.last_mut() {
                last.art9 = Some(art9);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::{Confidence, SuggestionKind};

    fn said(kind: SuggestionKind, value: &str, section: &str) -> Suggestion {
        Suggestion {
            kind,
            value: value.into(),
            line: 7,
            quote: "the sentence".into(),
            confidence: Confidence::Medium,
            applies_to: None,
            catalogue: None,
            note: None,
            section: section.into(),
            in_register: false,
        }
    }

    #[test]
    fn organisation_fields_take_the_accepted_values() {
        let accepted = [
            said(K::OrganisationName, "Intility AS", ""),
            said(K::OrgNumber, "981 967 070", ""),
            said(K::Jurisdiction, "NO", ""),
            said(K::Role, "controller", ""),
            said(K::Role, "processor", ""),
            said(K::ContactEmail, "privacy@intility.no", ""),
        ];
        let plan = plan(&accepted, &Organisation::default());
        let org = plan.organisation.unwrap();
        assert_eq!(
            (org.name.as_str(), org.org_number.as_str()),
            ("Intility AS", "981 967 070")
        );
        assert_eq!(org.jurisdiction.map(|j| j.code()), Some("NO"));
        assert_eq!(org.time_zone, chrono_tz::Europe::Oslo);
        assert_eq!(org.role, OurRole::Both);
        assert_eq!(org.contact_email, "privacy@intility.no");
        assert!(plan.processors.is_empty() && plan.activities.is_empty());
    }

    #[test]
    fn the_same_jurisdiction_keeps_the_zone_the_register_has() {
        let norway = Jurisdiction::parse("NO").ok();
        let kept = Organisation {
            jurisdiction: norway,
            time_zone: chrono_tz::Arctic::Longyearbyen,
            ..Organisation::default()
        };
        let plan = plan(&[said(K::Jurisdiction, "NO", "")], &kept);
        assert!(
            plan.organisation.is_none(),
            "nothing changes: {:?}",
            plan.organisation
        );
    }

    #[test]
    fn nothing_accepted_changes_nothing() {
        let plan = plan(&[], &Organisation::default());
        assert!(plan.is_empty());
        assert_eq!(plan.summary(), "nothing");
    }

    #[test]
    fn processors_come_from_the_catalogue_by_name_or_to_be_identified() {
        let mut hotjar = said(K::Processor, "Hotjar", "");
        hotjar.catalogue = Some("hotjar".into());
        let accepted = [
            hotjar,
            said(K::Processor, "Recruitment Manager AS", ""),
            said(K::Processor, "to be identified: e-mail provider", ""),
        ];
        let plan = plan(&accepted, &Organisation::default());
        let [catalogue, named, vague] = plan.processors.as_slice() else {
            panic!("three processors")
        };
        assert!(catalogue.agreement.is_some());
        assert_eq!(catalogue.fields.status, ProcessorStatus::Active);
        assert!(catalogue
            .fields
            .notes
            .starts_with("From the privacy policy, line 7"));
        // Named but not in the catalogue: its entity and country are not known.
        assert_eq!(named.fields.name, "Recruitment Manager AS");
        assert_eq!(named.fields.status, ProcessorStatus::ToIdentify);
        assert!(named.fields.notes.contains("to be confirmed"));
        assert_eq!(vague.fields.name, "To be identified: e-mail provider");
        assert_eq!(vague.fields.status, ProcessorStatus::ToIdentify);
        assert!(named.agreement.is_none() && vague.agreement.is_none());
        let mut errors = crate::domain::validation::FieldErrors::default();
        for p in &plan.processors {
            crate::domain::processor::check_processor(&p.fields, &mut errors);
        }
        assert!(errors.is_empty(), "the forms would take them: {errors:?}");
    }

    #[test]
    fn a_role_accepted_adds_to_the_roles_the_register_has() {
        let both = Organisation {
            role: OurRole::Both,
            ..Organisation::default()
        };
        let plan = plan(&[said(K::Role, "controller", "")], &both);
        assert!(plan.organisation.is_none(), "still both: nothing changes");
        let controller = Organisation::default();
        let plan = plan_of(&[said(K::Role, "processor", "")], &controller);
        assert_eq!(plan.organisation.unwrap().role, OurRole::Both);
    }

    fn plan_of(accepted: &[Suggestion], org: &Organisation) -> Plan {
        plan(accepted, org)
    }

    /// Two sentences of one heading, and one of another.
    fn at(kind: SuggestionKind, value: &str, section: &str, line: usize) -> Suggestion {
        Suggestion {
            line,
            quote: format!("sentence {line}"),
            ..said(kind, value, section)
        }
    }

    #[test]
    fn each_heading_with_a_purpose_makes_one_draft_record_with_its_categories() {
        let mut azure = at(K::Processor, "Microsoft Azure", "Technical Support", 2);
        azure.catalogue = Some("microsoft-azure".into());
        let accepted = [
            at(
                K::Purpose,
                "provide you with customer support",
                "Technical Support",
                1,
            ),
            at(
                K::LawfulBasis,
                "Art. 6(1)(f) legitimate interests",
                "Technical Support",
                1,
            ),
            at(
                K::LawfulBasis,
                "Art. 9(2)(a) explicit consent",
                "Technical Support",
                1,
            ),
            at(
                K::DataCategory,
                "messages and correspondence",
                "Technical Support",
                2,
            ),
            at(
                K::Retention,
                "7 years after the last contact",
                "Technical Support",
                2,
            ),
            at(K::DataCategory, "name", "Technical Support", 3),
            at(K::Retention, "3 months", "Technical Support", 4),
            azure,
            at(
                K::LawfulBasis,
                "Art. 6(1)(c) legal obligation",
                "What is our legal basis?",
                5,
            ),
            at(
                K::DataCategory,
                "IP address",
                "When you visit our websites",
                6,
            ),
            at(K::SubjectCategory, "customers", "", 7),
            at(K::Transfer, "none outside the EU/EEA", "Transfers", 8),
            at(
                K::Processor,
                "to be identified: e-mail provider",
                "Service providers",
                9,
            ),
        ];
        let plan = plan(&accepted, &Organisation::default());
        let [support, general] = plan.activities.as_slice() else {
            panic!("two records: {:?}", plan.activities)
        };
        let record = &support.activity;
        assert_eq!(
            (record.name.as_str(), record.status),
            ("Technical Support", ActivityStatus::Draft)
        );
        assert_eq!(record.purposes, "provide you with customer support");
        assert_eq!(record.bases.len(), 1);
        assert_eq!(
            (record.bases[0].art6, record.bases[0].art9),
            (
                Art6Basis::LegitimateInterests,
                Some(Art9Condition::ExplicitConsent)
            )
        );
        let years = crate::domain::activity::RetentionUnit::Years;
        let kept: Vec<(&str, Option<(u32, _)>)> = record
            .data_categories
            .iter()
            .map(|c| (c.name.as_str(), c.retention.as_ref().and_then(|r| r.period)))
            .collect();
        // A period goes with the category its sentence names; one that names
        // none is a category of its own, never spread over the others.
        assert_eq!(
            kept,
            [
                ("messages and correspondence", Some((7, years))),
                ("name", None),
                (
                    "personal data",
                    Some((3, crate::domain::activity::RetentionUnit::Months))
                ),
            ]
        );
        assert_eq!(
            support.processors,
            [0],
            "the processor named under its heading"
        );
        assert_eq!(
            record.other_transfers,
            "As the privacy policy says: none outside the EU/EEA"
        );
        let general_record = &general.activity;
        assert_eq!(
            general_record.name,
            "Processing described in the privacy policy"
        );
        assert_eq!(general_record.subject_categories, "customers");
        assert_eq!(general_record.bases[0].art6, Art6Basis::LegalObligation);
        assert_eq!(general_record.data_categories[0].name, "IP address");
        assert_eq!(
            general.processors,
            [1],
            "the processors named under no record's heading"
        );
        assert_eq!(
            plan.summary(),
            "2 processors and 2 Draft records of processing"
        );
    }
}
