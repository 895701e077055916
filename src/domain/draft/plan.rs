//! What accepted suggestions become in the register: the organisation's
//! fields, processors (a catalogue entry with its agreement and transfers, a
//! named one, or one to be identified) and Draft records of processing — one
//! per heading of the policy that gave a purpose, a lawful basis or a
//! retention period, the categories found under it attached. Every record
//! notes the policy's line it came from.

use super::{Confidence, Suggestion, SuggestionKind as K};
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
    pub activities: Vec<Activity>,
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
    Plan {
        organisation: organisation(accepted, current),
        processors: accepted
            .iter()
            .filter(|s| s.kind == K::Processor)
            .map(processor)
            .collect(),
        activities: activities(accepted),
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
    if let Some(j) = jurisdiction.and_then(|j| Jurisdiction::parse(&j).ok()) {
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
    match (roles.contains(&"controller"), roles.contains(&"processor")) {
        (true, true) => org.role = OurRole::Both,
        (false, true) => org.role = OurRole::Processor,
        (true, false) => org.role = OurRole::Controller,
        (false, false) => {}
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
    let vague = s.value.strip_prefix("to be identified: ");
    let fields = ProcessorFields {
        name: vague.map_or(s.value.clone(), |what| format!("To be identified: {what}")),
        service: vague.unwrap_or_default().to_string(),
        role: RecipientRole::Processor,
        status: if vague.is_some() {
            ProcessorStatus::ToIdentify
        } else {
            ProcessorStatus::Active
        },
        notes: provenance(s),
        ..ProcessorFields::default()
    };
    PlannedProcessor {
        fields,
        agreement: None,
        transfers: Vec::new(),
    }
}

/// The suggestions of one heading that gives a purpose, or a lawful basis
/// by its article, make one record of processing; what stands elsewhere
/// (a basis named in the rights section, the retention list, categories
/// under general headings) goes into one record of what the policy
/// describes in general, for the DPO to place.
fn activities(accepted: &[Suggestion]) -> Vec<Activity> {
    let defines = |s: &&Suggestion| {
        s.kind == K::Purpose || (s.kind == K::LawfulBasis && s.confidence == Confidence::High)
    };
    let mut sections: Vec<&str> = Vec::new();
    for s in accepted.iter().filter(defines) {
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
                | K::Purpose
        )
    };
    let homeless: Vec<&Suggestion> = accepted
        .iter()
        .filter(|s| belongs(s) && !sections.contains(&s.section.as_str()))
        .collect();
    let mut out: Vec<Activity> = sections
        .iter()
        .map(|section| {
            let own: Vec<&Suggestion> = accepted.iter().filter(|s| s.section == *section).collect();
            activity(section, &own)
        })
        .collect();
    if !homeless.is_empty() {
        out.push(activity("", &homeless));
    }
    out
}

fn activity(section: &str, own: &[&Suggestion]) -> Activity {
    let of = |kind| own.iter().filter(move |s| s.kind == kind);
    let purposes: Vec<String> = of(K::Purpose).map(|s| s.value.clone()).collect();
    let name = match (section, purposes.first()) {
        ("", Some(p)) => capitalised(p),
        ("", None) => "Processing described in the privacy policy".to_string(),
        (heading, _) => heading.trim_end_matches(['?', ':']).to_string(),
    };
    // Under a heading, its period is the heading's data's; in the general
    // record each period is a category of its own, named by what it is said of.
    let general = section.is_empty();
    let retention = of(K::Retention)
        .find_map(|s| parse_retention(&s.value).ok())
        .filter(|_| !general);
    let specials: Vec<String> = of(K::SpecialCategory)
        .filter(|s| !s.value.starts_with("not processed"))
        .map(|s| s.value.clone())
        .collect();
    let mut data_categories: Vec<DataCategory> = of(K::DataCategory)
        .map(|s| DataCategory {
            name: s.value.clone(),
            retention: retention.clone(),
            ..DataCategory::default()
        })
        .collect();
    for special in specials {
        data_categories.push(DataCategory {
            name: special.clone(),
            criminal: special.contains("Art. 10"),
            special: (!special.contains("Art. 10")).then_some(special),
            retention: retention.clone(),
        });
    }
    if general {
        for s in of(K::Retention) {
            let Ok(period) = parse_retention(&s.value) else {
                continue;
            };
            let what = s.applies_to.clone().filter(|a| !a.is_empty());
            data_categories.push(DataCategory {
                name: what.unwrap_or_else(|| "personal data".into()),
                retention: Some(period),
                ..DataCategory::default()
            });
        }
    }
    if data_categories.is_empty() && retention.is_some() {
        // The period is kept, on a category the DPO names.
        data_categories.push(DataCategory {
            name: "personal data".into(),
            retention,
            ..DataCategory::default()
        });
    }
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
        data_categories,
        bases: bases(&name, of(K::LawfulBasis).copied().collect()),
        measures: String::new(),
        status: ActivityStatus::Draft,
        source: own
            .iter()
            .map(|s| format!("privacy policy, line {}", s.line))
            .next()
            .unwrap_or_default(),
        name,
        ..Activity::default()
    }
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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
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
            said(K::Processor, "Recruitment Manager", ""),
            said(K::Processor, "to be identified: e-mail provider", ""),
        ];
        let plan = plan(&accepted, &Organisation::default());
        let [catalogue, named, vague] = plan.processors.as_slice() else {
            panic!("three processors")
        };
        assert!(catalogue.agreement.is_some());
        assert!(catalogue
            .fields
            .notes
            .starts_with("From the privacy policy, line 7"));
        assert_eq!(
            (named.fields.name.as_str(), named.fields.status),
            ("Recruitment Manager", ProcessorStatus::Active)
        );
        assert_eq!(vague.fields.name, "To be identified: e-mail provider");
        assert_eq!(vague.fields.status, ProcessorStatus::ToIdentify);
        assert!(named.agreement.is_none() && vague.agreement.is_none());
    }

    #[test]
    fn each_heading_makes_one_draft_record_with_its_categories() {
        let accepted = [
            said(
                K::Purpose,
                "provide you with customer support",
                "Technical Support",
            ),
            said(
                K::LawfulBasis,
                "Art. 6(1)(f) legitimate interests",
                "Technical Support",
            ),
            said(
                K::LawfulBasis,
                "Art. 9(2)(a) explicit consent",
                "Technical Support",
            ),
            said(
                K::Retention,
                "7 years after the last contact",
                "Technical Support",
            ),
            said(
                K::DataCategory,
                "messages and correspondence",
                "Technical Support",
            ),
            said(K::DataCategory, "IP address", "When you visit our websites"),
            said(K::SubjectCategory, "customers", ""),
        ];
        let plan = plan(&accepted, &Organisation::default());
        let [support, rest] = plan.activities.as_slice() else {
            panic!("two records: {:?}", plan.activities)
        };
        assert_eq!(support.name, "Technical Support");
        assert_eq!(support.status, ActivityStatus::Draft);
        assert_eq!(support.purposes, "provide you with customer support");
        assert_eq!(support.bases.len(), 1);
        assert_eq!(
            (support.bases[0].art6, support.bases[0].art9),
            (
                Art6Basis::LegitimateInterests,
                Some(Art9Condition::ExplicitConsent)
            )
        );
        let category = &support.data_categories[0];
        assert_eq!(category.name, "messages and correspondence");
        assert_eq!(
            category.retention.as_ref().and_then(|r| r.period),
            Some((7, crate::domain::activity::RetentionUnit::Years))
        );
        assert_eq!(rest.name, "Processing described in the privacy policy");
        assert_eq!(rest.subject_categories, "customers");
        assert_eq!(plan.summary(), "2 Draft records of processing");
    }
}
