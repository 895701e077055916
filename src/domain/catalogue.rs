//! The catalogue of common processors (`assets/catalogue/processors.json`):
//! who contracts, where, the public agreement and sub-processor list, the
//! US parent's Data Privacy Framework status and the usual transfer tool —
//! each fact with the page it was read from and the day it was checked.
//! Choosing an entry drafts a processor, its agreement and its transfers;
//! the facts are as of their date, so each draft says where to check them.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::country::{country_name, is_eea};
use super::dpa::{Dpa, DpaStatus};
use super::processor::{ProcessorFields, ProcessorStatus, RecipientRole};
use super::transfer::{adequacy_for, Transfer, TransferTool, ADEQUACY_LAST_CHECKED};
use crate::platform::fuzzy;
use crate::platform::words::counted;

/// The Data Privacy Framework List, where a US recipient's certification is
/// looked up (its organisation's page names what the certification covers).
const DPF_LIST: &str = "https://www.dataprivacyframework.gov/list";

/// The catalogue as shipped, read once.
pub fn shipped() -> &'static Catalogue {
    static SHIPPED: OnceLock<Catalogue> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        // Compiled in and checked by the tests below, so it always reads.
        Catalogue::read(include_str!("../../assets/catalogue/processors.json"))
            .unwrap_or_else(|e| panic!("the shipped processor catalogue does not read: {e}"))
    })
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub about: String,
    pub services: Vec<Service>,
}

/// One fact, the public page it was read from and the day it was read there
/// (`None`: not yet confirmed from a page; shown as unchecked).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    pub value: T,
    pub source: String,
    pub checked: Option<NaiveDate>,
}

/// Whether the provider's US parent is on the EU-US Data Privacy Framework List.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DpfStatus {
    Certified,
    NotCertified,
    NoUsParent,
}

impl DpfStatus {
    pub fn label(self) -> &'static str {
        match self {
            DpfStatus::Certified => "on the DPF List",
            DpfStatus::NotCertified => "not on the DPF List",
            DpfStatus::NoUsParent => "no US parent",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    /// The product's name, as users type it.
    pub name: String,
    /// Other names it is known by (products, former names).
    pub also: Vec<String>,
    /// What it does for a customer.
    pub service: String,
    /// The legal entity an EU/EEA customer contracts with.
    pub entity: Fact<String>,
    pub country: Fact<String>,
    pub dpa_url: Fact<String>,
    pub subprocessors_url: Fact<String>,
    pub us_parent_dpf: Fact<DpfStatus>,
    /// A transfer tool's code (`dpf`, `scc_m2`, `inside_eea`…).
    pub transfer_tool: Fact<String>,
    /// Third countries the data usually goes to.
    pub transfer_to: Fact<Vec<String>>,
}

impl Catalogue {
    /// Reads a catalogue and checks every entry, naming the first that is wrong.
    pub fn read(json: &str) -> Result<Catalogue, String> {
        let catalogue: Catalogue = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut ids = std::collections::HashSet::new();
        for s in &catalogue.services {
            if !ids.insert(s.id.as_str()) {
                return Err(format!("{}: the id is used twice", s.id));
            }
            s.check().map_err(|e| format!("{}: {e}", s.id))?;
        }
        Ok(catalogue)
    }

    /// The entries whose name (or another name) matches `typed`, best first.
    pub fn matching(&self, typed: &str) -> Vec<&Service> {
        if typed.trim().is_empty() {
            return Vec::new();
        }
        // One name per line of the search: each entry's name and its others.
        let names: Vec<(usize, String)> = self
            .services
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                std::iter::once(&s.name)
                    .chain(&s.also)
                    .map(move |n| (i, n.clone()))
            })
            .collect();
        let texts: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
        let mut seen = Vec::new();
        for hit in fuzzy::ranked(typed, &texts) {
            let entry = names[hit].0;
            if !seen.contains(&entry) {
                seen.push(entry);
            }
        }
        seen.into_iter().map(|i| &self.services[i]).collect()
    }

    pub fn get(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

impl Service {
    fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() || self.entity.value.trim().is_empty() {
            return Err("name and entity are required".into());
        }
        if country_name(&self.country.value).is_none() {
            return Err(format!("'{}' is not a country code", self.country.value));
        }
        for url in [&self.dpa_url.value, &self.subprocessors_url.value] {
            if !url.starts_with("https://") {
                return Err(format!("'{url}' is not an https address"));
            }
        }
        for source in self.sources() {
            if !source.starts_with("https://") && !source.starts_with("http://") {
                return Err(format!("the source '{source}' is not a web address"));
            }
        }
        let tool = self.tool()?;
        for country in &self.transfer_to.value {
            if country_name(country).is_none() || is_eea(country) {
                return Err(format!("'{country}' is not a third country"));
            }
            match (tool_to(tool, country), country.as_str()) {
                (TransferTool::Adequacy, "US") => {
                    return Err("the US has adequacy only through the DPF: dpf".into())
                }
                (TransferTool::Dpf, other) if other != "US" => {
                    return Err(format!("the DPF covers only the US, not {other}"))
                }
                _ => {}
            }
        }
        let home = &self.country.value;
        if !is_eea(home) && !self.transfer_to.value.contains(home) {
            return Err(format!(
                "its entity is in {home}, a third country missing from transfer_to"
            ));
        }
        match (tool, self.transfer_to.value.is_empty()) {
            (TransferTool::InsideEea, false) => Err("a transfer cannot be inside the EEA".into()),
            (TransferTool::InsideEea, true) | (_, false) => Ok(()),
            (_, true) => Err("a transfer tool needs a country to go to".into()),
        }
    }

    fn tool(&self) -> Result<TransferTool, String> {
        TransferTool::parse(&self.transfer_tool.value)
            .ok_or_else(|| format!("'{}' is not a transfer tool", self.transfer_tool.value))
    }

    /// Every fact's source, in the order the facts are listed.
    pub fn sources(&self) -> [&str; 7] {
        [
            &self.entity.source,
            &self.country.source,
            &self.dpa_url.source,
            &self.subprocessors_url.source,
            &self.us_parent_dpf.source,
            &self.transfer_tool.source,
            &self.transfer_to.source,
        ]
        .map(String::as_str)
    }

    /// Every fact's day of checking (`None` where not confirmed).
    pub fn checked_days(&self) -> [Option<NaiveDate>; 7] {
        [
            self.entity.checked,
            self.country.checked,
            self.dpa_url.checked,
            self.subprocessors_url.checked,
            self.us_parent_dpf.checked,
            self.transfer_tool.checked,
            self.transfer_to.checked,
        ]
    }

    /// "checked 2026-12-06", or the span of days, or how many are not yet checked.
    pub fn as_of(&self) -> String {
        let days = self.checked_days();
        let checked: Vec<NaiveDate> = days.iter().flatten().copied().collect();
        let span = match (checked.iter().min(), checked.iter().max()) {
            (Some(a), Some(b)) if a == b => format!("checked {a}"),
            (Some(a), Some(b)) => format!("checked {a} to {b}"),
            _ => String::new(),
        };
        match days.iter().filter(|d| d.is_none()).count() {
            0 => span,
            n if span.is_empty() => format!("{} not yet checked", counted(n, "fact")),
            n => format!("{span}, {n} not yet"),
        }
    }

    /// The processor this entry describes: its legal entity, active.
    pub fn processor(&self) -> ProcessorFields {
        ProcessorFields {
            name: self.entity.value.clone(),
            country: self.country.value.clone(),
            service: format!("{}: {}", self.name, self.service),
            role: RecipientRole::Processor,
            status: ProcessorStatus::Active,
            notes: self.provenance(),
            ..ProcessorFields::default()
        }
    }

    /// Where the facts came from, for the processor's notes (an auditor asks).
    fn provenance(&self) -> String {
        let fact = |what: &str, value: &str, source: &str, checked: Option<NaiveDate>| {
            let when = checked.map_or("not yet checked".to_string(), |d| format!("checked {d}"));
            if source == value {
                format!("- {what}: {value} ({when})")
            } else {
                format!("- {what}: {value} (source {source}, {when})")
            }
        };
        let tool = self.tool().map_or("?", TransferTool::label);
        let to = self.transfer_to.value.join(", ");
        [
            format!(
                "From the processor catalogue ({}): check these facts against the sources before relying on them.",
                self.name
            ),
            fact("Contracting entity", &self.entity.value, &self.entity.source, self.entity.checked),
            fact("Country", &self.country.value, &self.country.source, self.country.checked),
            fact("Agreement", &self.dpa_url.value, &self.dpa_url.source, self.dpa_url.checked),
            fact(
                "Sub-processors",
                &self.subprocessors_url.value,
                &self.subprocessors_url.source,
                self.subprocessors_url.checked,
            ),
            fact(
                "US parent",
                self.us_parent_dpf.value.label(),
                &self.us_parent_dpf.source,
                self.us_parent_dpf.checked,
            ),
            fact(
                "Transfers",
                &if to.is_empty() { tool.to_string() } else { format!("{to} under {tool}") },
                &self.transfer_to.source,
                self.transfer_to.checked,
            ),
        ]
        .join("\n")
    }

    /// The agreement to be had: not started, its public text as the
    /// document. How it authorises sub-processors (and the days to object)
    /// is not a fact of the catalogue: the new agreement asks, as any does.
    pub fn agreement(&self) -> Dpa {
        Dpa {
            status: DpaStatus::NotStarted,
            document: self.dpa_url.value.clone(),
            ..Dpa::default()
        }
    }

    /// The transfers the provider usually makes, one per third country.
    /// (Where the DPF is the tool, the recipient's entry on the List is what counts.)
    pub fn transfers(&self) -> Vec<Transfer> {
        let Ok(tool) = self.tool() else {
            return Vec::new();
        };
        self.transfer_to
            .value
            .iter()
            .map(|country| {
                let dpf = tool_to(tool, country) == TransferTool::Dpf;
                // Ticked only once the List itself was checked.
                let listed = dpf
                    && self.us_parent_dpf.value == DpfStatus::Certified
                    && self.us_parent_dpf.checked.is_some();
                let mut notes = format!(
                    "From the processor catalogue ({}), as of its sources: {}",
                    self.name, self.transfer_to.source
                );
                if dpf && !listed {
                    notes.push_str(&format!(
                        ". Not ticked as on the DPF List: the catalogue has not checked the List for it; look the recipient up on {DPF_LIST} and tick it if it is there"
                    ));
                }
                Transfer {
                    country: country.clone(),
                    tool: tool_to(tool, country),
                    dpf_certified: listed,
                    regular: true,
                    notes,
                    ..Transfer::default()
                }
            })
            .collect()
    }

    /// What choosing the entry adds besides the processor, in words.
    pub fn also_adds(&self) -> String {
        let transfers = self.transfers();
        let transfers = match transfers.as_slice() {
            [] => "no transfer (data stays in the EU/EEA)".to_string(),
            list => list
                .iter()
                .map(|t| format!("a transfer to {} ({})", t.country, t.tool.label()))
                .collect::<Vec<_>>()
                .join(", "),
        };
        format!("an agreement to complete (not started, the public DPA as its document) and {transfers}")
    }
}

/// The tool for data going to `country`: an adequacy decision for the whole
/// country where there is one (other than the US's, which is the DPF),
/// else the provider's usual tool.
fn tool_to(usual: TransferTool, country: &str) -> TransferTool {
    let (y, m, d) = ADEQUACY_LAST_CHECKED;
    let on = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    match adequacy_for(country, on) {
        Some(decision) if country != "US" && !decision.partial => TransferTool::Adequacy,
        _ => usual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_reads_and_every_entry_is_whole() {
        let catalogue = shipped();
        assert!(!catalogue.services.is_empty());
        for s in &catalogue.services {
            let mut errors = crate::domain::validation::FieldErrors::default();
            crate::domain::processor::check_processor(&s.processor(), &mut errors);
            crate::domain::dpa::check_dpa(&s.agreement(), &mut errors);
            assert!(errors.0.is_empty(), "{}: {errors:?}", s.id);
            assert_eq!(s.transfers().len(), s.transfer_to.value.len(), "{}", s.id);
        }
    }

    #[test]
    fn typing_part_of_a_name_or_another_name_finds_the_entry() {
        let catalogue = shipped();
        let first = |typed: &str| catalogue.matching(typed).first().map(|s| s.id.clone());
        assert_eq!(first("micros").as_deref(), Some("microsoft-365"));
        assert_eq!(first("teams").as_deref(), Some("microsoft-365"));
        assert_eq!(first("fike").as_deref(), Some("fiken"));
        assert_eq!(first("tripletex").as_deref(), Some("tripletex"));
        assert!(catalogue.matching("").is_empty());
        assert!(catalogue.matching("zzqx").is_empty());
    }

    #[test]
    fn an_entry_drafts_the_processor_its_agreement_and_its_transfers() {
        let ms = shipped().get("microsoft-365").unwrap();
        let p = ms.processor();
        assert_eq!(
            (p.name.as_str(), p.country.as_str()),
            ("Microsoft Ireland Operations Limited", "IE")
        );
        assert!(p.service.starts_with("Microsoft 365: "));
        assert!(p.notes.contains("check these facts"), "{}", p.notes);
        assert_eq!(ms.agreement().document, ms.dpa_url.value);
        assert_eq!(ms.agreement().status, DpaStatus::NotStarted);
        let transfers = ms.transfers();
        assert_eq!(transfers.len(), 1);
        assert_eq!(
            (transfers[0].country.as_str(), transfers[0].tool),
            ("US", TransferTool::Dpf)
        );
        assert_eq!(
            transfers[0].dpf_certified,
            ms.us_parent_dpf.checked.is_some(),
            "on the DPF List only once the List was checked"
        );
        assert_eq!(
            transfers[0].notes.contains("tick it if it is there"),
            !transfers[0].dpf_certified,
            "an unticked DPF transfer says how to settle it: {}",
            transfers[0].notes
        );
        if !transfers[0].dpf_certified {
            assert!(transfers[0].notes.contains(DPF_LIST));
        }
        let tripletex = shipped().get("tripletex").unwrap();
        assert!(tripletex.transfers().is_empty());
        assert!(tripletex.also_adds().contains("no transfer"));
    }

    #[test]
    fn a_wrong_entry_is_named_with_what_is_wrong() {
        let good = include_str!("../../assets/catalogue/processors.json");
        let bad = good.replacen("\"IE\"", "\"XX\"", 1);
        assert!(Catalogue::read(&bad)
            .unwrap_err()
            .contains("'XX' is not a country code"));
        let bad = good.replacen("\"dpf\"", "\"trust_us\"", 1);
        assert!(Catalogue::read(&bad)
            .unwrap_err()
            .contains("not a transfer tool"));
        let bad = good.replacen("\"fiken\"", "\"microsoft-365\"", 1);
        assert!(Catalogue::read(&bad).unwrap_err().contains("used twice"));
    }
}
