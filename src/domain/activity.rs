//! Records of processing activities (GDPR Art. 30): the controller's record of
//! each activity (30(1)) and the processor's record per controller (30(2)),
//! the lawful bases, DPIA screening (EDPB/WP248) and the retention grammar.
//! Pure: what a record lacks is computed here, from the record and what the
//! register knows about its organisation and processors.

use chrono::NaiveDate;

use super::country::outside_eea;
use super::validation::is_placeholder;

crate::code_enum!(
    ActivityStatus {
        Draft => ("draft", "Draft"),
        InReview => ("in_review", "In review"),
        Approved => ("approved", "Approved"),
        Retired => ("retired", "Retired"),
    }
);

crate::code_enum!(
    /// Art. 6(1); (ea) is the UK's "recognised legitimate interests" (DUAA 2025).
    Art6Basis default Contract unknown LegitimateInterests {
        Consent => ("a", "(a) consent"),
        Contract => ("b", "(b) contract"),
        LegalObligation => ("c", "(c) legal obligation"),
        VitalInterests => ("d", "(d) vital interests"),
        PublicTask => ("e", "(e) public task"),
        RecognisedLegitimateInterests => ("ea", "(ea) recognised legitimate interests (UK only)"),
        LegitimateInterests => ("f", "(f) legitimate interests"),
    }
);

crate::code_enum!(
    /// Art. 9(2) conditions for special categories of personal data.
    Art9Condition {
        ExplicitConsent => ("a", "(a) explicit consent"),
        Employment => ("b", "(b) employment and social security law"),
        VitalInterests => ("c", "(c) vital interests, no capacity to consent"),
        NotForProfit => ("d", "(d) not-for-profit body, members"),
        MadePublic => ("e", "(e) manifestly made public"),
        LegalClaims => ("f", "(f) legal claims"),
        SubstantialPublicInterest => ("g", "(g) substantial public interest"),
        HealthCare => ("h", "(h) health or social care"),
        PublicHealth => ("i", "(i) public health"),
        Archiving => ("j", "(j) archiving, research, statistics"),
    }
);

/// The nine criteria of the EDPB-endorsed WP248 guidelines; two or more
/// suggest that a DPIA is required (Art. 35).
pub const DPIA_CRITERIA: [&str; 9] = [
    "Evaluation or scoring, including profiling",
    "Automated decisions with legal or similarly significant effect",
    "Systematic monitoring",
    "Sensitive or highly personal data",
    "Data processed on a large scale",
    "Matching or combining data sets",
    "Data about vulnerable data subjects",
    "Innovative use of technology",
    "Prevents exercising a right or using a service",
];

/// How long a category of data is kept, in the documented grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// (amount, unit) when a period is given.
    pub period: Option<(u32, RetentionUnit)>,
    /// The event the period runs from ("end of financial year"), or that ends keeping.
    pub trigger: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl RetentionUnit {
    pub fn word(self, amount: u32) -> &'static str {
        match (self, amount == 1) {
            (RetentionUnit::Days, true) => "day",
            (RetentionUnit::Days, false) => "days",
            (RetentionUnit::Weeks, true) => "week",
            (RetentionUnit::Weeks, false) => "weeks",
            (RetentionUnit::Months, true) => "month",
            (RetentionUnit::Months, false) => "months",
            (RetentionUnit::Years, true) => "year",
            (RetentionUnit::Years, false) => "years",
        }
    }
}

/// The accepted forms, shown with every retention error.
pub const RETENTION_FORMS: &str =
    "\"7 days\", \"12 months\", \"5 years after end of financial year\" or \"until the account is closed\"";

impl std::fmt::Display for Retention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.period, &self.trigger) {
            (Some((n, unit)), Some(trigger)) => write!(f, "{n} {} after {trigger}", unit.word(*n)),
            (Some((n, unit)), None) => write!(f, "{n} {}", unit.word(*n)),
            (None, Some(trigger)) => write!(f, "until {trigger}"),
            (None, None) => Ok(()),
        }
    }
}

/// Why a retention period is refused; the message shows the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    /// None of the accepted forms (the text as typed, trimmed).
    #[error("'{0}' is not a retention period: write {forms}", forms = RETENTION_FORMS)]
    NotAPeriod(String),
}

/// Reads a retention period: `N unit`, `N unit after EVENT` or `until EVENT`.
pub fn parse_retention(input: &str) -> Result<Retention, RetentionError> {
    let text = input.trim();
    let refuse = || RetentionError::NotAPeriod(text.to_string());
    if let Some(event) = text.strip_prefix("until ").map(str::trim) {
        return if event.is_empty() {
            Err(refuse())
        } else {
            Ok(Retention {
                period: None,
                trigger: Some(event.to_string()),
            })
        };
    }
    let mut words = text.splitn(3, ' ');
    let amount: u32 = words
        .next()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .ok_or_else(refuse)?;
    let unit = match words.next().map(str::to_ascii_lowercase).as_deref() {
        Some("day" | "days") => RetentionUnit::Days,
        Some("week" | "weeks") => RetentionUnit::Weeks,
        Some("month" | "months") => RetentionUnit::Months,
        Some("year" | "years") => RetentionUnit::Years,
        _ => return Err(refuse()),
    };
    let trigger = match words.next().map(str::trim) {
        None | Some("") => None,
        Some(rest) => match rest.strip_prefix("after ").map(str::trim) {
            Some(event) if !event.is_empty() => Some(event.to_string()),
            _ => return Err(refuse()),
        },
    };
    Ok(Retention {
        period: Some((amount, unit)),
        trigger,
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataCategory {
    pub name: String,
    /// Art. 9(1) special category (health, biometric…), named.
    pub special: Option<String>,
    /// Art. 10 criminal-offence data.
    pub criminal: bool,
    pub retention: Option<Retention>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LawfulBasis {
    pub purpose: String,
    pub art6: Art6Basis,
    pub art9: Option<Art9Condition>,
    /// The national-law authorisation for Art. 10 data.
    pub art10_basis: String,
    /// E.g. the reference of a legitimate-interest assessment.
    pub justification: String,
    /// For consent: how consent is recorded and withdrawn.
    pub consent_record: String,
}

crate::code_enum!(
    /// Who answers the data subjects under an Art. 26 arrangement (Art.
    /// 26(1): "their respective duties"; whatever it says, data subjects may
    /// still turn to each of them, Art. 26(3)).
    SubjectContact {
        Us => ("us", "We answer them"),
        Them => ("them", "The joint controller answers them"),
        Each => ("each", "Each answers its own"),
    }
);

/// A joint controller of an activity (Art. 26): who, how to reach them,
/// the arrangement that sets out their respective duties, and who answers
/// the data subjects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JointController {
    pub name: String,
    /// Their contact details (Art. 30(1)(a)).
    pub contact: String,
    /// The Art. 26(1) arrangement's reference; empty: none recorded.
    pub arrangement: String,
    pub arrangement_date: Option<NaiveDate>,
    pub answers: SubjectContact,
}

/// An Art. 30(1) record of one processing activity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activity {
    pub name: String,
    pub purposes: String,
    /// The business function that owns it.
    pub owner: String,
    pub subject_categories: String,
    pub data_categories: Vec<DataCategory>,
    pub source: String,
    /// Recipients other than the linked processors, as text ("none" when there are none).
    pub other_recipients: String,
    /// Transfers to third countries not shown by the linked processors, as text.
    pub other_transfers: String,
    /// Art. 26: the controllers that decide the purposes and means with us.
    pub joint_controllers: Vec<JointController>,
    pub measures: String,
    pub bases: Vec<LawfulBasis>,
    pub dpia_criteria: [bool; 9],
    pub dpia_reference: String,
    pub dpia_date: Option<NaiveDate>,
    pub status: ActivityStatus,
    pub last_reviewed: Option<NaiveDate>,
}

/// What the register knows around an activity, for completeness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Art. 30(1)(a): the controller's name and a contact are on the organisation record.
    pub controller_identified: bool,
    /// Countries of the processors the activity is linked to.
    pub processor_countries: Vec<String>,
}

/// A mandatory point of Art. 30(1) the record lacks, or a finding about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// "30(1)(b)", "Art. 9(2)", "Art. 35"…
    pub point: &'static str,
    pub message: String,
}

/// The points `gaps` name, each as short as it can be told from the others:
/// a point missing once by its number ("30(1)(b)"), one missing for two
/// things with what each is ("30(1)(c) categories of data subjects; 30(1)(c)
/// categories of personal data", not the same number twice).
pub fn points_named(gaps: &[Gap]) -> Vec<String> {
    gaps.iter()
        .map(|g| {
            let twice = gaps.iter().filter(|o| o.point == g.point).count() > 1;
            if twice {
                format!("{} {}", g.point, g.message)
            } else {
                g.point.to_string()
            }
        })
        .collect()
}

impl Activity {
    /// Art. 30(1) points the record does not (yet) document.
    pub fn missing_points(&self, context: &Context) -> Vec<Gap> {
        let gap = |point, message: &str| Gap {
            point,
            message: message.to_string(),
        };
        let mut gaps = Vec::new();
        if self.name.trim().is_empty() {
            gaps.push(gap("name", "a name that identifies the activity"));
        }
        if !context.controller_identified {
            gaps.push(gap(
                "30(1)(a)",
                "controller's name and contact details (organisation screen)",
            ));
        }
        for j in self
            .joint_controllers
            .iter()
            .filter(|j| j.contact.trim().is_empty())
        {
            gaps.push(Gap {
                point: "30(1)(a)",
                message: format!("joint controller {}: contact details", j.name),
            });
        }
        if self.purposes.trim().is_empty() {
            gaps.push(gap("30(1)(b)", "purposes of the processing"));
        }
        if self.subject_categories.trim().is_empty() {
            gaps.push(gap("30(1)(c)", "categories of data subjects"));
        }
        if self.data_categories.is_empty() {
            gaps.push(gap("30(1)(c)", "categories of personal data"));
        }
        if context.processor_countries.is_empty() && self.other_recipients.trim().is_empty() {
            gaps.push(gap(
                "30(1)(d)",
                "categories of recipients (link processors, or write \"none\")",
            ));
        }
        let third_countries = context.processor_countries.iter().any(|c| outside_eea(c));
        if third_countries && self.other_transfers.trim().is_empty() {
            gaps.push(gap("30(1)(e)", "transfers: a linked processor is outside the EEA; name the countries and safeguards"));
        }
        if self.data_categories.iter().any(|c| c.retention.is_none()) {
            gaps.push(gap(
                "30(1)(f)",
                "time limits for erasure of each category of data",
            ));
        }
        if self.measures.trim().is_empty() {
            gaps.push(gap(
                "30(1)(g)",
                "general description of the security measures",
            ));
        }
        gaps
    }

    /// Whether two or more WP248 criteria apply, so a DPIA is likely required.
    pub fn dpia_suggested(&self) -> bool {
        self.dpia_criteria.iter().filter(|c| **c).count() >= 2
    }

    /// Problems beyond the Art. 30 points: lawful basis, special categories, DPIA.
    pub fn findings(&self) -> Vec<Gap> {
        let mut out = Vec::new();
        for j in self
            .joint_controllers
            .iter()
            .filter(|j| is_placeholder(&j.arrangement))
        {
            out.push(Gap {
                point: "Art. 26(1)",
                message: format!(
                    "joint controller {}: no arrangement setting out the respective duties is referenced",
                    j.name
                ),
            });
        }
        if self.bases.is_empty() {
            out.push(Gap {
                point: "Art. 6(1)",
                message: "no lawful basis recorded".into(),
            });
        }
        // Each special category once, as first named (health for two categories).
        let mut special: Vec<&str> = Vec::new();
        for named in self
            .data_categories
            .iter()
            .filter_map(|c| c.special.as_deref())
        {
            if !special.contains(&named) {
                special.push(named);
            }
        }
        if !special.is_empty() && self.bases.iter().all(|b| b.art9.is_none()) {
            out.push(Gap {
                point: "Art. 9(2)",
                message: format!(
                    "special category data ({}) without an Art. 9(2) condition",
                    special.join(", ")
                ),
            });
        }
        if self.data_categories.iter().any(|c| c.criminal)
            && self.bases.iter().all(|b| b.art10_basis.trim().is_empty())
        {
            out.push(Gap {
                point: "Art. 10",
                message: "criminal-offence data without the legal authorisation".into(),
            });
        }
        for b in self
            .bases
            .iter()
            .filter(|b| b.art6 == Art6Basis::Consent && b.consent_record.trim().is_empty())
        {
            out.push(Gap {
                point: "Art. 7(1)",
                message: format!(
                    "consent for \"{}\": say how it is recorded and withdrawn",
                    b.purpose
                ),
            });
        }
        for b in self.bases.iter().filter(|b| {
            b.art6 == Art6Basis::LegitimateInterests && is_placeholder(&b.justification)
        }) {
            out.push(Gap {
                point: "Art. 6(1)(f)",
                message: format!(
                    "legitimate interests for \"{}\": reference the balancing test",
                    b.purpose
                ),
            });
        }
        if self.dpia_suggested() && self.dpia_reference.trim().is_empty() {
            out.push(Gap {
                point: "Art. 35",
                message: "two or more WP248 criteria apply: a DPIA is needed and none is recorded"
                    .into(),
            });
        }
        out
    }

    /// The status a save may give the record: an incomplete record asked to be
    /// approved is kept as a draft, with the reason.
    pub fn status_on_save(
        &self,
        requested: ActivityStatus,
        context: &Context,
    ) -> (ActivityStatus, Option<String>) {
        let missing = self.missing_points(context);
        if requested == ActivityStatus::Approved && !missing.is_empty() {
            let points = points_named(&missing);
            return (
                ActivityStatus::Draft,
                Some(format!("kept as a draft: {} missing", points.join(", "))),
            );
        }
        (requested, None)
    }
}

/// An Art. 30(2) record: what the organisation does as a processor for one controller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcessorRecord {
    pub controller_name: String,
    pub controller_contact: String,
    pub representative: String,
    pub controller_dpo: String,
    pub processing_categories: String,
    pub transfers: String,
    pub measures: String,
    /// The hours the contract with this controller sets for telling it of a
    /// breach (Art. 28(3)(f), 33(2)); `None`: "without undue delay".
    pub notify_within_hours: Option<u32>,
    /// Ids of the (sub-)processors the organisation uses for this controller.
    pub sub_processors: Vec<i64>,
}

impl ProcessorRecord {
    /// Art. 30(2) points the record does not document ("where applicable" points
    /// count as documented when they say "none").
    pub fn missing_points(&self) -> Vec<Gap> {
        let gap = |point, message: &str| Gap {
            point,
            message: message.to_string(),
        };
        let mut gaps = Vec::new();
        if self.controller_name.trim().is_empty() || self.controller_contact.trim().is_empty() {
            gaps.push(gap(
                "30(2)(a)",
                "name and contact details of the controller",
            ));
        }
        if self.processing_categories.trim().is_empty() {
            gaps.push(gap(
                "30(2)(b)",
                "categories of processing carried out for the controller",
            ));
        }
        if self.transfers.trim().is_empty() {
            gaps.push(gap(
                "30(2)(c)",
                "transfers to third countries (or \"none\")",
            ));
        }
        if self.measures.trim().is_empty() {
            gaps.push(gap(
                "30(2)(d)",
                "general description of the security measures",
            ));
        }
        gaps
    }

    /// The same, knowing the countries of the sub-processors it uses: one
    /// outside the EU/EEA is a transfer the record must name (30(2)(c)),
    /// "none" will not do.
    pub fn missing_points_given(&self, sub_processor_countries: &[String]) -> Vec<Gap> {
        let mut gaps = self.missing_points();
        let abroad: Vec<&str> = sub_processor_countries
            .iter()
            .map(String::as_str)
            .filter(|c| outside_eea(c))
            .collect();
        let says_none = self.transfers.trim().eq_ignore_ascii_case("none");
        if !abroad.is_empty() && says_none {
            gaps.push(Gap {
                point: "30(2)(c)",
                message: format!(
                    "a sub-processor is outside the EU/EEA ({}): name the transfer and its safeguard, not \"none\"",
                    abroad.join(", ")
                ),
            });
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(name: &str, retention: Option<&str>) -> DataCategory {
        DataCategory {
            name: name.into(),
            special: None,
            criminal: false,
            retention: retention.map(|r| parse_retention(r).unwrap()),
        }
    }

    fn basis(art6: Art6Basis) -> LawfulBasis {
        LawfulBasis {
            purpose: "Newsletter".into(),
            art6,
            art9: None,
            art10_basis: String::new(),
            justification: String::new(),
            consent_record: String::new(),
        }
    }

    fn complete() -> Activity {
        Activity {
            name: "Customer administration".into(),
            purposes: "Deliver the service; invoicing".into(),
            owner: "Sales".into(),
            subject_categories: "Contact persons at customers".into(),
            data_categories: vec![category(
                "Contact details",
                Some("7 years after last contact"),
            )],
            source: "The customer".into(),
            other_recipients: "none".into(),
            other_transfers: String::new(),
            measures: "Access control, encryption at rest".into(),
            bases: vec![basis(Art6Basis::Contract)],
            ..Activity::default()
        }
    }

    fn context() -> Context {
        Context {
            controller_identified: true,
            processor_countries: vec![],
        }
    }

    #[test]
    fn retention_grammar_reads_periods_and_triggers() {
        let r = parse_retention("5 years after end of financial year").unwrap();
        assert_eq!(r.period, Some((5, RetentionUnit::Years)));
        assert_eq!(r.trigger.as_deref(), Some("end of financial year"));
        assert_eq!(r.to_string(), "5 years after end of financial year");
        assert_eq!(parse_retention(" 7 Days ").unwrap().to_string(), "7 days");
        assert_eq!(parse_retention("1 month").unwrap().to_string(), "1 month");
        assert_eq!(
            parse_retention("until the account is closed")
                .unwrap()
                .to_string(),
            "until the account is closed"
        );
    }

    #[test]
    fn other_retention_texts_are_refused_with_the_accepted_forms() {
        for bad in [
            "",
            "forever",
            "seven years",
            "0 days",
            "5 decades",
            "5 years when done",
            "until ",
            "5 years after",
        ] {
            let err = parse_retention(bad).unwrap_err();
            assert!(err.to_string().contains("\"7 days\""), "{bad}: {err}");
        }
    }

    #[test]
    fn a_retention_error_names_the_text_and_the_forms() {
        let err = parse_retention(" 5 decades ").unwrap_err();
        assert_eq!(err, RetentionError::NotAPeriod("5 decades".into()));
        assert_eq!(
            err.to_string(),
            "'5 decades' is not a retention period: write \"7 days\", \"12 months\", \"5 years after end of financial year\" or \"until the account is closed\""
        );
    }

    #[test]
    fn a_complete_record_misses_nothing_and_can_be_approved() {
        let a = complete();
        assert_eq!(a.missing_points(&context()), vec![]);
        assert_eq!(
            a.status_on_save(ActivityStatus::Approved, &context()),
            (ActivityStatus::Approved, None)
        );
        assert!(a.findings().is_empty());
    }

    #[test]
    fn each_missing_art_30_point_is_named() {
        let empty = Activity {
            purposes: String::new(),
            subject_categories: String::new(),
            data_categories: vec![],
            other_recipients: String::new(),
            measures: String::new(),
            ..complete()
        };
        let points: Vec<&str> = empty
            .missing_points(&Context::default())
            .iter()
            .map(|g| g.point)
            .collect();
        assert_eq!(
            points,
            ["30(1)(a)", "30(1)(b)", "30(1)(c)", "30(1)(c)", "30(1)(d)", "30(1)(g)"]
        );
        let named = points_named(&empty.missing_points(&Context::default()));
        assert_eq!(named[1], "30(1)(b)");
        assert_eq!(named[2], "30(1)(c) categories of data subjects");
        assert_eq!(named[3], "30(1)(c) categories of personal data");
        let no_retention = Activity {
            data_categories: vec![category("CCTV footage", None)],
            ..complete()
        };
        assert_eq!(no_retention.missing_points(&context())[0].point, "30(1)(f)");
    }

    #[test]
    fn a_processor_outside_the_eea_asks_for_the_transfer() {
        let a = Activity {
            other_recipients: String::new(),
            ..complete()
        };
        let in_eea = Context {
            controller_identified: true,
            processor_countries: vec!["IE".into()],
        };
        assert!(
            a.missing_points(&in_eea).is_empty(),
            "a processor is a recipient"
        );
        let us = Context {
            controller_identified: true,
            processor_countries: vec!["US".into()],
        };
        assert_eq!(a.missing_points(&us)[0].point, "30(1)(e)");
        let described = Activity {
            other_transfers: "US: EU-US DPF (certified)".into(),
            ..a
        };
        assert!(described.missing_points(&us).is_empty());
    }

    #[test]
    fn an_incomplete_record_asked_to_be_approved_stays_a_draft() {
        let a = Activity {
            purposes: " ".into(),
            ..complete()
        };
        let (status, why) = a.status_on_save(ActivityStatus::Approved, &context());
        assert_eq!(status, ActivityStatus::Draft);
        assert_eq!(why.unwrap(), "kept as a draft: 30(1)(b) missing");
        assert_eq!(
            a.status_on_save(ActivityStatus::InReview, &context()).0,
            ActivityStatus::InReview
        );
    }

    #[test]
    fn special_categories_need_an_art_9_condition_and_consent_its_record() {
        let mut a = complete();
        a.data_categories.push(DataCategory {
            special: Some("health".into()),
            ..category("Sick notes", Some("2 years"))
        });
        a.data_categories.push(DataCategory {
            special: Some("health".into()),
            ..category("Occupational health records", Some("5 years"))
        });
        assert_eq!(a.findings()[0].point, "Art. 9(2)");
        assert_eq!(
            a.findings()[0].message,
            "special category data (health) without an Art. 9(2) condition",
            "each category named once"
        );
        a.bases[0].art9 = Some(Art9Condition::Employment);
        assert!(a.findings().is_empty());
        a.bases.push(basis(Art6Basis::Consent));
        assert_eq!(a.findings()[0].point, "Art. 7(1)");
        a.bases[1].consent_record = "Double opt-in logged in Brevo; unsubscribe link".into();
        a.bases.push(basis(Art6Basis::LegitimateInterests));
        assert_eq!(a.findings()[0].point, "Art. 6(1)(f)");
    }

    #[test]
    fn two_wp248_criteria_call_for_a_dpia() {
        let mut a = complete();
        a.dpia_criteria[2] = true; // systematic monitoring
        assert!(!a.dpia_suggested());
        a.dpia_criteria[6] = true; // vulnerable data subjects
        assert!(a.dpia_suggested());
        assert_eq!(a.findings()[0].point, "Art. 35");
        a.dpia_reference = "DPIA-2026-02".into();
        assert!(a.findings().is_empty());
    }

    #[test]
    fn processor_records_name_their_missing_art_30_2_points() {
        let r = ProcessorRecord {
            controller_name: "Kunde AS".into(),
            controller_contact: String::new(),
            representative: String::new(),
            controller_dpo: String::new(),
            processing_categories: "Hosting of telemetry".into(),
            transfers: "none".into(),
            measures: String::new(),
            notify_within_hours: None,
            sub_processors: Vec::new(),
        };
        let points: Vec<&str> = r.missing_points().iter().map(|g| g.point).collect();
        assert_eq!(points, ["30(2)(a)", "30(2)(d)"]);
    }
}
