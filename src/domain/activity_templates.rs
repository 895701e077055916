//! Records of processing most small companies keep
//! (`assets/catalogue/activities.json`), offered as a new activity's name is
//! typed. Each is written in the activity form's own line grammar, so what it
//! fills in is read by the same rules as what a user types, and nothing in
//! it is kept without the user saving it.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::activity_form::{parse_basis_lines, parse_category_lines};
use crate::platform::fuzzy;

/// The templates as shipped, read once.
pub fn shipped() -> &'static Templates {
    static SHIPPED: OnceLock<Templates> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        // Compiled in and checked by the tests below, so it always reads.
        Templates::read(include_str!("../../assets/catalogue/activities.json"))
            .unwrap_or_else(|e| panic!("the shipped activity templates do not read: {e}"))
    })
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub about: String,
    pub activities: Vec<Template>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// Other words it is found by (Norwegian and Swedish among them).
    pub also: Vec<String>,
    pub purposes: String,
    pub subject_categories: String,
    /// One category per line, as the form takes them.
    pub data_categories: Vec<String>,
    /// One lawful basis per line, as the form takes them.
    pub bases: Vec<String>,
}

impl Templates {
    /// Reads the templates and checks every line by the form's grammar.
    pub fn read(json: &str) -> Result<Templates, String> {
        let templates: Templates = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for t in &templates.activities {
            parse_category_lines(&t.data_categories.join("\n"))
                .map_err(|e| format!("{}: data categories: {e}", t.id))?;
            parse_basis_lines(&t.bases.join("\n")).map_err(|e| format!("{}: bases: {e}", t.id))?;
        }
        Ok(templates)
    }

    /// The templates whose name (or another word for it) matches `typed`, best first.
    pub fn matching(&self, typed: &str) -> Vec<&Template> {
        if typed.trim().is_empty() {
            return Vec::new();
        }
        let names: Vec<(usize, &str)> = self
            .activities
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                std::iter::once(&t.name)
                    .chain(&t.also)
                    .map(move |n| (i, n.as_str()))
            })
            .collect();
        let texts: Vec<&str> = names.iter().map(|(_, n)| *n).collect();
        let mut seen: Vec<usize> = Vec::new();
        for hit in fuzzy::ranked(typed, &texts) {
            if !seen.contains(&names[hit].0) {
                seen.push(names[hit].0);
            }
        }
        seen.into_iter().map(|i| &self.activities[i]).collect()
    }

    pub fn get(&self, id: &str) -> Option<&Template> {
        self.activities.iter().find(|t| t.id == id)
    }
}

impl Template {
    /// The form fields it fills, as (field key, text).
    pub fn form_values(&self) -> [(&'static str, String); 5] {
        [
            ("name", self.name.clone()),
            ("purposes", self.purposes.clone()),
            ("subject_categories", self.subject_categories.clone()),
            ("data_categories", self.data_categories.join("\n")),
            ("bases", self.bases.join("\n")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_reads_by_the_forms_grammar() {
        let templates = shipped();
        assert!(templates.activities.len() >= 10);
        for t in &templates.activities {
            assert!(
                !t.data_categories.is_empty() && !t.bases.is_empty(),
                "{}",
                t.id
            );
            assert!(
                !t.purposes.is_empty() && !t.subject_categories.is_empty(),
                "{}",
                t.id
            );
        }
    }

    #[test]
    fn a_template_is_found_by_its_name_or_a_nordic_word() {
        let first = |typed: &str| shipped().matching(typed).first().map(|t| t.id.as_str());
        assert_eq!(first("cust adm"), Some("customer-administration"));
        assert_eq!(first("lønn"), Some("payroll"));
        assert_eq!(first("varsling"), Some("whistleblowing"));
        assert!(shipped().matching(" ").is_empty());
    }

    #[test]
    fn a_line_the_form_would_refuse_is_named_with_its_template() {
        let good = include_str!("../../assets/catalogue/activities.json");
        let bad = good.replacen("keep 3 years", "keep forever", 1);
        let message = Templates::read(&bad).unwrap_err();
        assert!(
            message.starts_with("customer-administration: data categories"),
            "{message}"
        );
    }
}
