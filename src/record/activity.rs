//! Records of processing activities (Art. 30(1)) and their child rows (data
//! categories, lawful bases, processors): the kinds of record. On the form
//! the categories and bases are text in a small grammar (`activity_form`);
//! in the CSV and the store they are rows of their own.

use super::{
    any_line, any_text, line, text, wanted, wanted_text, Context, Entry, Field, FieldValue, Input,
    Parent, Spec, Stored,
};
use crate::domain::activity::{
    parse_retention, Activity, ActivityStatus, Art6Basis, Art9Condition, DataCategory,
    JointController, LawfulBasis, Retention, SubjectContact, DPIA_CRITERIA,
};
use crate::domain::activity_form::{
    basis_lines, category_lines, joint_lines, parse_basis_lines, parse_category_lines,
    parse_joint_lines, BASIS_FORM, CATEGORY_FORM, JOINT_FORM,
};
use crate::store::{ActivityRow, LinkedProcessor};

/// A child row of an activity, with the activity it belongs to.
pub struct Child<T> {
    pub activity_id: i64,
    pub activity_name: String,
    pub item: T,
}

pub struct ActivityKind;

fn activity_of(r: &ActivityRow) -> &Activity {
    &r.activity
}

/// The WP248 criteria that apply, as the form's checklist holds them.
fn criteria_indices(flags: &[bool; 9]) -> String {
    let ticked: Vec<String> = (0..flags.len())
        .filter(|i| flags[*i])
        .map(|i| i.to_string())
        .collect();
    ticked.join(",")
}

/// The criteria that apply by name, as the CSV writes them.
fn criteria_names(flags: &[bool; 9]) -> String {
    let names: Vec<&str> = (0..flags.len())
        .filter(|i| flags[*i])
        .map(|i| DPIA_CRITERIA[i])
        .collect();
    names.join("; ")
}

/// Reads criteria by index (the form's checklist) or by name (a CSV cell).
fn read_criteria(text: &str) -> Result<[bool; 9], String> {
    let mut flags = [false; 9];
    for item in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let index = match item.parse::<usize>() {
            Ok(i) if i < DPIA_CRITERIA.len() => i,
            Ok(_) => return Err(format!("'{item}' is not one of the nine criteria")),
            Err(_) => DPIA_CRITERIA
                .iter()
                .position(|known| known.eq_ignore_ascii_case(item))
                .ok_or_else(|| {
                    format!(
                        "'{item}' is not one of the WP248 criteria: {}",
                        DPIA_CRITERIA.join("; ")
                    )
                })?,
        };
        flags[index] = true;
    }
    Ok(flags)
}

/// The criteria as the store keeps them: one 0 or 1 per criterion.
fn criteria_stored(flags: &[bool; 9]) -> String {
    flags.iter().map(|f| if *f { '1' } else { '0' }).collect()
}

fn criteria_from_stored(text: &str) -> [bool; 9] {
    let mut flags = [false; 9];
    for (flag, c) in flags.iter_mut().zip(text.chars()) {
        *flag = c == '1';
    }
    flags
}

fn criteria_options() -> Vec<(String, String)> {
    DPIA_CRITERIA
        .iter()
        .enumerate()
        .map(|(i, c)| (i.to_string(), c.to_string()))
        .collect()
}

/// A field of the form only whose lines are an activity's child rows, each
/// line in the grammar `$parse` reads and `$show` writes.
macro_rules! form_lines {
    ($key:literal, $label:literal, $form:expr, $field:ident, $show:path, $parse:path) => {
        Field::on_form(
            $key,
            $label,
            text($form),
            Some(Entry {
                show: |a, _| $show(&a.$field),
                read: |a, t, _| {
                    a.$field = $parse(t).map_err(|e| e.to_string())?;
                    Ok(())
                },
            }),
        )
    };
}

const FIELDS: &[Field<Activity, ActivityRow>] = &[
    crate::export_only!("id", "Record number in this register", |r| r.id.to_string()),
    crate::field!("name", "Name", "Name of the processing activity",
        wanted("e.g. Customer administration"), name; activity_of;
        read = any_line),
    crate::field!("purposes", "Purposes", "Purposes of the processing (Art. 30(1)(b))",
        wanted_text("30(1)(b): why the data is processed"), purposes; activity_of;
        read = any_text),
    crate::field!("owner", "Owner", "Business function that owns it",
        line("the business function, e.g. Sales"), owner; activity_of),
    // On the form only: the CSV has a row per joint controller (activity_joint_controllers).
    form_lines!("joint_controllers", "Joint controllers", JOINT_FORM, joint_controllers, joint_lines, parse_joint_lines),
    crate::field!("subject_categories", "Data subjects",
        "Categories of data subjects (Art. 30(1)(c))",
        text("30(1)(c): customers, employees, applicants…"), subject_categories; activity_of),
    // On the form only: the CSV has a row per category (activity_data_categories).
    form_lines!("data_categories", "Data categories", CATEGORY_FORM, data_categories, category_lines, parse_category_lines),
    crate::field!("source", "Source", "Where the data come from",
        line("where the data comes from"), source; activity_of),
    // Kept as links (activity_processors); the form ticks them among the register's.
    Field {
        label: "Processors",
        input: Some(Input::Records),
        ..crate::export_only!(
            "processors",
            "Processors receiving the data, by name (Art. 30(1)(d)); ids in activity_processors.csv",
            |r| {
                let names: Vec<&str> = r.processors.iter().map(|(_, n, _)| n.as_str()).collect();
                names.join("; ")
            }
        )
    },
    crate::field!("other_recipients", "Other recipients", "Other recipients (Art. 30(1)(d))",
        text("30(1)(d): authorities, auditors… or \"none\""), other_recipients; activity_of),
    crate::field!("other_transfers", "Transfers",
        "Transfers to third countries and their safeguards (Art. 30(1)(e))",
        text("30(1)(e): third countries and safeguards not shown by the processors"),
        other_transfers; activity_of),
    crate::field!("measures", "Security measures", "Security measures (Art. 30(1)(g))",
        text("30(1)(g): access control, encryption, logging…"), measures; activity_of),
    // On the form only: the CSV has a row per basis (activity_bases).
    form_lines!("bases", "Lawful bases", BASIS_FORM, bases, basis_lines, parse_basis_lines),
    Field {
        key: "dpia_criteria",
        label: "DPIA criteria",
        description: "WP248 criteria that apply, separated by \"; \"",
        input: Some(Input::Checks(criteria_options)),
        entry: Some(Entry {
            show: |a, _| criteria_indices(&a.dpia_criteria),
            read: |a, t, _| {
                a.dpia_criteria = read_criteria(t)?;
                Ok(())
            },
        }),
        stored: Some(Stored {
            column: "dpia_criteria",
            write: |a| {
                rusqlite::types::ToSqlOutput::Owned(rusqlite::types::Value::Text(criteria_stored(
                    &a.dpia_criteria,
                )))
            },
            read: |a, row, i| {
                let text: String = row.get(i)?;
                a.dpia_criteria = criteria_from_stored(&text);
                Ok(())
            },
        }),
        cell: Some(|r| criteria_names(&r.activity.dpia_criteria)),
        typed: None,
    },
    crate::field!("dpia_reference", "DPIA reference", "The DPIA's reference",
        line("where the assessment is kept"), dpia_reference; activity_of),
    crate::field!("dpia_date", "DPIA date", "The DPIA's date",
        line("YYYY-MM-DD"), dpia_date; activity_of),
    crate::field!("status", "Status", "draft, in_review, approved or retired",
        Input::Codes(ActivityStatus::options), status; activity_of),
    crate::field!("last_reviewed", "Last reviewed", "Date the record was last reviewed",
        line("YYYY-MM-DD"), last_reviewed; activity_of),
    crate::export_only!(
        "processor_transfers",
        "Transfers recorded for its processors and their sub-processors: country, processor and tool, \"; \"-separated",
        |r| {
            let transfers: Vec<String> = r
                .transfers
                .iter()
                .map(|(name, country, tool)| format!("{country} via {name} ({})", tool.code()))
                .collect();
            transfers.join("; ")
        }
    ),
    crate::export_only!(
        "missing_points",
        "Art. 30(1) points the record does not document, \"; \"-separated (empty when complete)",
        |r| {
            let gaps = r.activity.missing_points(&r.context(r.controller_identified));
            crate::domain::activity::points_named(&gaps).join("; ")
        }
    ),
    crate::export_only!(
        "findings",
        "Problems beyond Art. 30: missing Art. 9(2) condition or Art. 10 authorisation, consent record, balancing test, DPIA; \"; \"-separated",
        |r| {
            let findings: Vec<String> = r
                .activity
                .findings()
                .iter()
                .map(|g| format!("{}: {}", g.point, g.message))
                .collect();
            findings.join("; ")
        }
    ),
];

fn activity_search_text(a: &Activity) -> String {
    let categories: Vec<&str> = a.data_categories.iter().map(|c| c.name.as_str()).collect();
    [
        a.name.as_str(),
        &a.purposes,
        &a.owner,
        &a.subject_categories,
        &categories.join("\n"),
        a.status.label(),
    ]
    .join("\n")
    .to_lowercase()
}

crate::record_kind! {
    ActivityKind: Activity, ActivityRow; table "activities", one "activity",
    fields FIELDS,
    search activity_search_text
}

/// The activity of a child row, by id and by name: the first columns of each
/// child table.
const fn activity_id<F, T>() -> Field<F, Child<T>> {
    crate::export_only!("activity_id", "The activity's id", |c| c
        .activity_id
        .to_string())
}

const fn activity_name<F, T>() -> Field<F, Child<T>> {
    crate::export_only!("activity", "The activity's name", |c| c
        .activity_name
        .clone())
}

const ACTIVITY: Parent = Parent {
    column: "activity_id",
    table: "activities",
    what: "activity",
};

fn item<T>(c: &Child<T>) -> &T {
    &c.item
}

/// A retention period in the grammar of docs/legal-rules.md, or none.
impl FieldValue for Option<Retention> {
    fn show(&self) -> String {
        self.as_ref().map(ToString::to_string).unwrap_or_default()
    }

    fn parse(text: &str, _: &Spec, _: &Context) -> Result<Self, String> {
        match text.trim() {
            "" => Ok(None),
            period => parse_retention(period).map(Some).map_err(|e| e.to_string()),
        }
    }

    fn to_sql(&self) -> rusqlite::types::ToSqlOutput<'_> {
        rusqlite::types::ToSqlOutput::Owned(
            self.as_ref().map_or(rusqlite::types::Value::Null, |r| {
                rusqlite::types::Value::Text(r.to_string())
            }),
        )
    }

    /// Stored retentions were read by `parse_retention` before they were written.
    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let text: Option<String> = row.get(i)?;
        Ok(text.and_then(|t| parse_retention(&t).ok()))
    }
}

/// The data categories of activities, a row each (`activity_data_categories`).
pub struct CategoryKind;

const CATEGORY_FIELDS: &[Field<DataCategory, Child<DataCategory>>] = &[
    activity_id(),
    activity_name(),
    // The CSV's `category` is the table's `name`.
    Field {
        key: "category",
        ..crate::field!("name", "Category", "Category of personal data (Art. 30(1)(c))",
            super::required(""), name; item)
    },
    crate::field!("special", "Special category",
        "The Art. 9(1) special category, if it is one (health, biometric…)",
        line(""), special; item),
    crate::field!("criminal", "Criminal", "yes for Art. 10 criminal-offence data",
        Input::YesNo, criminal; item),
    crate::field!("retention", "Retention",
        "Time limit for erasure (Art. 30(1)(f)), in the grammar of docs/legal-rules.md",
        line(""), retention; item),
];

crate::record_kind! {
    CategoryKind: DataCategory, Child<DataCategory>; table "activity_data_categories", one "data category",
    fields CATEGORY_FIELDS,
    parent ACTIVITY
}

/// The lawful bases of activities, a row each (`activity_bases`).
pub struct BasisKind;

const BASIS_FIELDS: &[Field<LawfulBasis, Child<LawfulBasis>>] = &[
    activity_id(),
    activity_name(),
    crate::field!("purpose", "Purpose", "The purpose this basis covers",
        line(""), purpose; item),
    crate::field!("art6", "Art. 6(1) letter", "Art. 6(1) letter: a, b, c, d, e, ea (UK) or f",
        Input::Codes(Art6Basis::options), art6; item),
    crate::field!("art9", "Art. 9(2) letter", "Art. 9(2) letter for special categories, a to j",
        Input::Codes(Art9Condition::options), art9; item),
    crate::field!("art10_basis", "Art. 10 basis", "Legal authorisation for Art. 10 data",
        line(""), art10_basis; item),
    crate::field!("justification", "Justification",
        "E.g. the reference of a legitimate-interest assessment",
        line(""), justification; item),
    crate::field!("consent_record", "Consent record", "How consent is recorded and withdrawn",
        line(""), consent_record; item),
];

crate::record_kind! {
    BasisKind: LawfulBasis, Child<LawfulBasis>; table "activity_bases", one "lawful basis",
    fields BASIS_FIELDS,
    parent ACTIVITY
}

/// The joint controllers of activities (Art. 26), a row each
/// (`activity_joint_controllers`).
pub struct JointControllerKind;

const JOINT_FIELDS: &[Field<JointController, Child<JointController>>] = &[
    activity_id(),
    activity_name(),
    crate::field!("name", "Joint controller", "Name of the joint controller (Art. 26)",
        super::required(""), name; item),
    crate::field!("contact", "Contact", "Its contact details (Art. 30(1)(a))",
        line(""), contact; item),
    crate::field!("arrangement", "Arrangement",
        "Reference of the Art. 26(1) arrangement setting out the respective duties; empty: none (a finding)",
        line(""), arrangement; item),
    crate::field!("arrangement_date", "Arrangement date", "The arrangement's date",
        line("YYYY-MM-DD"), arrangement_date; item),
    crate::field!("answers", "Who answers data subjects",
        "us, them or each: who answers the data subjects under the arrangement (they may turn to either, Art. 26(3))",
        Input::Codes(SubjectContact::options), answers; item),
];

crate::record_kind! {
    JointControllerKind: JointController, Child<JointController>; table "activity_joint_controllers", one "joint controller",
    fields JOINT_FIELDS,
    parent ACTIVITY
}

/// The processors of activities, a link each (`activity_processors`): the
/// CSV names them; the import reads the two ids.
pub struct ActivityProcessorKind;

const LINK_FIELDS: &[Field<(), Child<LinkedProcessor>>] = &[
    activity_id(),
    activity_name(),
    crate::export_only!("processor_id", "The processor's id (processors.csv)", |c| c
        .item
        .0
        .to_string()),
    crate::export_only!("processor", "The processor's name", |c| c.item.1.clone()),
    crate::export_only!("country", "The processor's country", |c| c.item.2.clone()),
];

crate::record_kind! {
    ActivityProcessorKind: (), Child<LinkedProcessor>; table "activity_processors", one "processor link",
    fields LINK_FIELDS,
    parent ACTIVITY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{draft_of, entered, test_context, validate, Draft};

    use crate::testing::day;

    #[test]
    fn the_draft_of_an_activity_validates_back_to_it() {
        let draft = Draft::default()
            .with("name", "Recruitment")
            .with("purposes", "Hire staff")
            .with(
                "data_categories",
                "CV; keep 6 months after end of recruitment",
            )
            .with("bases", "Assess applicants; art6 b")
            .with("dpia_criteria", "0,4")
            .with("dpia_date", "2026-02-30")
            .with("status", "approved");
        let errors = validate::<ActivityKind>(&draft, &test_context()).unwrap_err();
        errors.assert_says("dpia_date", "not a calendar date");
        let draft = draft.with("dpia_date", "2026-02-27");
        let activity = validate::<ActivityKind>(&draft, &test_context()).unwrap();
        assert!(activity.dpia_criteria[0] && activity.dpia_criteria[4]);
        assert_eq!(activity.status, ActivityStatus::Approved);
        assert_eq!(activity.dpia_date, Some(day("2026-02-27")));
        let shown = draft_of::<ActivityKind>(&activity, &test_context());
        for field in entered::<ActivityKind>() {
            assert_eq!(shown.get(field.key), draft.get(field.key), "{}", field.key);
        }
    }

    #[test]
    fn criteria_are_read_by_index_or_by_name_and_written_three_ways() {
        let flags = read_criteria("Systematic monitoring; 4").unwrap();
        assert_eq!(criteria_indices(&flags), "2,4");
        assert_eq!(
            criteria_names(&flags),
            "Systematic monitoring; Data processed on a large scale"
        );
        assert_eq!(criteria_from_stored(&criteria_stored(&flags)), flags);
        assert!(read_criteria("9").unwrap_err().contains("nine criteria"));
        assert!(read_criteria("Astrology").unwrap_err().contains("WP248"));
    }
}
