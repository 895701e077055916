//! International transfers (GDPR Chapter V): the transfer tools, the adequacy
//! decisions in force as data, and the consistency checks shown where a
//! transfer is edited. Pure: the date to judge on is a parameter.

use chrono::NaiveDate;

use super::country::{country_name, is_eea, normalise_code};

crate::code_enum!(
    /// The Chapter V ground a transfer relies on (gdpr-rules.md §4.3 enumeration).
    TransferTool default SccModule2 {
        InsideEea => ("inside_eea", "Inside the EEA (no Chapter V transfer)"),
        Adequacy => ("adequacy", "Adequacy decision (Art. 45)"),
        Dpf => ("dpf", "EU-US Data Privacy Framework (Art. 45)"),
        SccModule1 => ("scc_m1", "SCC 2021/914 module 1 (controller to controller)"),
        SccModule2 => ("scc_m2", "SCC 2021/914 module 2 (controller to processor)"),
        SccModule3 => ("scc_m3", "SCC 2021/914 module 3 (processor to processor)"),
        SccModule4 => ("scc_m4", "SCC 2021/914 module 4 (processor to controller)"),
        UkIdta => ("uk_idta", "UK IDTA"),
        UkAddendum => ("uk_addendum", "UK Addendum to the EU SCCs"),
        BcrController => ("bcr_c", "Binding corporate rules, controller (Art. 47)"),
        BcrProcessor => ("bcr_p", "Binding corporate rules, processor (Art. 47)"),
        Code => ("code", "Code of conduct (Art. 46(2)(e))"),
        Certification => ("certification", "Certification (Art. 46(2)(f))"),
        AdHocClauses => ("ad_hoc_clauses", "Ad hoc clauses authorised by the SA (Art. 46(3)(a))"),
        AdminArrangement => ("admin_arrangement", "Administrative arrangement (Art. 46(3)(b))"),
        PublicInstrument => ("public_instrument", "Instrument between public bodies (Art. 46(2)(a))"),
        Derogation49a => ("derogation_49_1_a", "Art. 49(1)(a) explicit consent"),
        Derogation49b => ("derogation_49_1_b", "Art. 49(1)(b) contract with the data subject"),
        Derogation49c => ("derogation_49_1_c", "Art. 49(1)(c) contract in the data subject's interest"),
        Derogation49d => ("derogation_49_1_d", "Art. 49(1)(d) important public interest"),
        Derogation49e => ("derogation_49_1_e", "Art. 49(1)(e) legal claims"),
        Derogation49f => ("derogation_49_1_f", "Art. 49(1)(f) vital interests"),
        Derogation49g => ("derogation_49_1_g", "Art. 49(1)(g) public register"),
        Derogation49Residual => ("derogation_49_1_2", "Art. 49(1) second subparagraph, compelling legitimate interests"),
    }
);

impl TransferTool {
    pub fn is_derogation(self) -> bool {
        self.code().starts_with("derogation_")
    }

    pub fn is_scc(self) -> bool {
        self.code().starts_with("scc_") || self == TransferTool::UkAddendum
    }
}

/// An adequacy decision in force (Art. 45), as listed in gdpr-rules.md §4.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adequacy {
    /// ISO 3166-1 alpha-2, or "EPO" for the European Patent Organisation.
    pub code: &'static str,
    pub name: &'static str,
    /// What the decision covers: everything, or only some recipients.
    pub scope: &'static str,
    /// Whether only part of the destination is covered (the recipient must be checked).
    pub partial: bool,
    pub decision: &'static str,
    pub adopted_on: (i32, u32, u32),
    pub expires_on: Option<(i32, u32, u32)>,
}

/// When the list below was last checked against the Commission's page.
pub const ADEQUACY_LAST_CHECKED: (i32, u32, u32) = (2026, 1, 27);

const fn a(
    code: &'static str,
    name: &'static str,
    scope: &'static str,
    partial: bool,
    decision: &'static str,
    adopted_on: (i32, u32, u32),
) -> Adequacy {
    Adequacy {
        code,
        name,
        scope,
        partial,
        decision,
        adopted_on,
        expires_on: None,
    }
}

pub const ADEQUACY: &[Adequacy] = &[
    a(
        "AD",
        "Andorra",
        "whole",
        false,
        "2010/625/EU",
        (2010, 10, 19),
    ),
    a(
        "AR",
        "Argentina",
        "whole",
        false,
        "2003/490/EC",
        (2003, 6, 30),
    ),
    a(
        "CA",
        "Canada",
        "commercial organisations subject to PIPEDA",
        true,
        "2002/2/EC",
        (2001, 12, 20),
    ),
    a(
        "FO",
        "Faroe Islands",
        "whole",
        false,
        "2010/146/EU",
        (2010, 3, 5),
    ),
    a(
        "GG",
        "Guernsey",
        "whole",
        false,
        "2003/821/EC",
        (2003, 11, 21),
    ),
    a(
        "IM",
        "Isle of Man",
        "whole",
        false,
        "2004/411/EC",
        (2004, 4, 28),
    ),
    a(
        "IL",
        "Israel",
        "whole (automated processing)",
        false,
        "2011/61/EU",
        (2011, 1, 31),
    ),
    a("JE", "Jersey", "whole", false, "2008/393/EC", (2008, 5, 8)),
    a(
        "NZ",
        "New Zealand",
        "whole",
        false,
        "2013/65/EU",
        (2012, 12, 19),
    ),
    a(
        "CH",
        "Switzerland",
        "whole",
        false,
        "2000/518/EC",
        (2000, 7, 26),
    ),
    a(
        "UY",
        "Uruguay",
        "whole",
        false,
        "2012/484/EU",
        (2012, 8, 21),
    ),
    a(
        "JP",
        "Japan",
        "private sector (APPI)",
        true,
        "(EU) 2019/419",
        (2019, 1, 23),
    ),
    a(
        "KR",
        "Republic of Korea",
        "organisations covered by PIPA",
        true,
        "(EU) 2022/254",
        (2021, 12, 17),
    ),
    Adequacy {
        expires_on: Some((2031, 12, 27)),
        ..a(
            "GB",
            "United Kingdom",
            "whole (GDPR decision, renewed 19 Dec 2025)",
            false,
            "(EU) 2021/1772",
            (2021, 6, 28),
        )
    },
    a(
        "US",
        "United States",
        "only organisations certified under the EU-US Data Privacy Framework",
        true,
        "(EU) 2023/1795",
        (2023, 7, 10),
    ),
    a(
        "BR",
        "Brazil",
        "controllers and processors subject to the LGPD",
        true,
        "(EU) 2026/179",
        (2026, 1, 26),
    ),
    a(
        "EPO",
        "European Patent Organisation",
        "international organisation",
        false,
        "adequacy decision of 15 Jul 2025",
        (2025, 7, 15),
    ),
];

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("the adequacy table holds real dates")
}

/// The adequacy decision covering `code` on `on`, if one is in force then.
pub fn adequacy_for(code: &str, on: NaiveDate) -> Option<&'static Adequacy> {
    let code = code.trim().to_ascii_uppercase();
    ADEQUACY.iter().find(|d| {
        d.code == code && date(d.adopted_on) <= on && d.expires_on.is_none_or(|end| on <= date(end))
    })
}

/// A transfer as recorded for a processor or sub-processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// ISO 3166-1 alpha-2 of the destination.
    pub country: String,
    pub tool: TransferTool,
    /// For the DPF: the recipient appears on the DPF List.
    pub dpf_certified: bool,
    /// The transfer happens regularly (derogations are for occasional transfers).
    pub regular: bool,
    /// Transfer impact assessment (SCC Clause 14; EDPB Recommendations 01/2020).
    pub tia_reference: String,
    pub tia_date: Option<NaiveDate>,
    pub notes: String,
}

/// A new transfer: a regular one under the SCC module for controller to
/// processor, the most common case.
impl Default for Transfer {
    fn default() -> Self {
        Transfer {
            country: String::new(),
            tool: TransferTool::SccModule2,
            dpf_certified: false,
            regular: true,
            tia_reference: String::new(),
            tia_date: None,
            notes: String::new(),
        }
    }
}

/// What is inconsistent about a transfer, in words a DPO acts on. Shown where
/// the transfer is edited; a warning does not stop the save.
pub fn transfer_warnings(t: &Transfer, today: NaiveDate) -> Vec<String> {
    let country = t.country.trim().to_ascii_uppercase();
    let mut out = Vec::new();
    if is_eea(&country) {
        if t.tool != TransferTool::InsideEea {
            out.push(format!(
                "{country} is in the EEA: this is not a Chapter V transfer, no transfer tool is needed"
            ));
        }
        return out;
    }
    let decision = adequacy_for(&country, today);
    match t.tool {
        TransferTool::InsideEea => out.push(format!(
            "{country} is outside the EEA: choose the Chapter V tool the transfer relies on"
        )),
        TransferTool::Adequacy | TransferTool::Dpf if decision.is_none() => out.push(format!(
            "there is no adequacy decision in force for {country}: choose SCCs, BCRs or another Art. 46 tool"
        )),
        TransferTool::Adequacy if country == "US" => out.push(
            "for the United States adequacy covers only DPF-certified recipients: choose the Data Privacy Framework and confirm the certification"
                .into(),
        ),
        TransferTool::Dpf if country != "US" => out.push(format!(
            "the Data Privacy Framework covers transfers to the United States, not {country}"
        )),
        TransferTool::Dpf if !t.dpf_certified => out.push(
            "the DPF covers only recipients on the DPF List: confirm the recipient is certified (and for HR data, that HR data is covered)"
                .into(),
        ),
        _ => {}
    }
    if let (TransferTool::Adequacy, Some(d)) = (t.tool, decision) {
        if d.partial && country != "US" {
            out.push(format!(
                "the decision for {} covers {} only: check that the recipient falls within it",
                d.name, d.scope
            ));
        }
    }
    if t.tool.is_derogation() && t.regular {
        out.push(
            "Art. 49 derogations are for occasional transfers (EDPB Guidelines 2/2018): a regular transfer needs adequacy or an Art. 46 safeguard"
                .into(),
        );
    }
    if t.tool.is_scc() && t.tia_reference.trim().is_empty() {
        out.push(
            "SCC Clause 14 requires a documented transfer impact assessment: add its reference"
                .into(),
        );
    }
    out
}

/// Why a transfer's destination is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    #[error("required: the destination's ISO code, e.g. US")]
    Missing,
    /// Not a code of ISO 3166-1 (the text as typed, trimmed).
    #[error("'{0}' is not an ISO 3166-1 alpha-2 country code")]
    Unknown(String),
}

/// A destination: an ISO 3166-1 alpha-2 code, normalised.
pub fn parse_destination(text: &str) -> Result<String, DestinationError> {
    let country = normalise_code(text);
    if country.is_empty() {
        Err(DestinationError::Missing)
    } else if country_name(&country).is_none() {
        Err(DestinationError::Unknown(text.trim().to_string()))
    } else {
        Ok(country)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    fn transfer(country: &str, tool: TransferTool) -> Transfer {
        Transfer {
            country: country.into(),
            tool,
            dpf_certified: false,
            regular: true,
            tia_reference: String::new(),
            tia_date: None,
            notes: String::new(),
        }
    }

    #[test]
    fn the_adequacy_list_matches_the_table_of_the_rules() {
        // gdpr-rules.md §4.3 says "15 + 1" but its table lists 16 destinations
        // (Brazil, adopted 26 Jan 2026, is the one its total predates) and the EPO.
        assert_eq!(ADEQUACY.len(), 17);
        let codes: Vec<&str> = ADEQUACY.iter().map(|d| d.code).collect();
        for code in ["CH", "GB", "US", "JP", "KR", "BR", "EPO"] {
            assert!(codes.contains(&code), "{code}");
        }
        assert!(
            ADEQUACY.iter().all(|d| !is_eea(d.code)),
            "no EEA state needs a decision"
        );
    }

    #[test]
    fn adequacy_counts_from_adoption_until_expiry() {
        assert!(
            adequacy_for("br", day("2026-01-25")).is_none(),
            "before adoption"
        );
        assert_eq!(
            adequacy_for("BR", day("2026-01-26")).unwrap().name,
            "Brazil"
        );
        assert!(adequacy_for("GB", day("2031-12-27")).is_some());
        assert!(
            adequacy_for("GB", day("2031-12-28")).is_none(),
            "after the renewal runs out"
        );
        assert!(adequacy_for("CN", day("2026-11-23")).is_none());
        assert!(adequacy_for("US", day("2023-07-09")).is_none());
    }

    #[test]
    fn inconsistent_choices_are_named() {
        let today = day("2026-11-23");
        assert!(transfer_warnings(&transfer("SE", TransferTool::InsideEea), today).is_empty());
        assert!(
            transfer_warnings(&transfer("NO", TransferTool::SccModule2), today)[0]
                .contains("not a Chapter V transfer")
        );
        assert!(
            transfer_warnings(&transfer("IN", TransferTool::InsideEea), today)[0]
                .contains("outside the EEA")
        );
        assert!(
            transfer_warnings(&transfer("CN", TransferTool::Adequacy), today)[0]
                .contains("no adequacy decision in force for CN")
        );
        assert!(
            transfer_warnings(&transfer("US", TransferTool::Adequacy), today)[0]
                .contains("DPF-certified")
        );
        assert!(
            transfer_warnings(&transfer("US", TransferTool::Dpf), today)[0].contains("DPF List")
        );
        let certified = Transfer {
            dpf_certified: true,
            ..transfer("US", TransferTool::Dpf)
        };
        assert!(transfer_warnings(&certified, today).is_empty());
        assert!(
            transfer_warnings(&transfer("CA", TransferTool::Adequacy), today)[0].contains("PIPEDA")
        );
        assert!(transfer_warnings(&transfer("CH", TransferTool::Adequacy), today).is_empty());
    }

    #[test]
    fn destinations_are_codes() {
        assert_eq!(parse_destination(" us "), Ok("US".into()));
        let err = parse_destination(" ").unwrap_err();
        assert_eq!(err, DestinationError::Missing);
        assert_eq!(
            err.to_string(),
            "required: the destination's ISO code, e.g. US"
        );
        let err = parse_destination(" Narnia ").unwrap_err();
        assert_eq!(err, DestinationError::Unknown("Narnia".into()));
        assert_eq!(
            err.to_string(),
            "'Narnia' is not an ISO 3166-1 alpha-2 country code"
        );
    }

    #[test]
    fn derogations_for_regular_transfers_and_sccs_without_a_tia_are_flagged() {
        let today = day("2026-11-23");
        let w = transfer_warnings(&transfer("IN", TransferTool::Derogation49a), today);
        assert!(w[0].contains("occasional transfers"), "{w:?}");
        let occasional = Transfer {
            regular: false,
            ..transfer("IN", TransferTool::Derogation49a)
        };
        assert!(transfer_warnings(&occasional, today).is_empty());
        let scc = transfer("IN", TransferTool::SccModule2);
        assert!(transfer_warnings(&scc, today)[0].contains("transfer impact assessment"));
        let with_tia = Transfer {
            tia_reference: "TIA-2026-04".into(),
            ..scc
        };
        assert!(transfer_warnings(&with_tia, today).is_empty());
    }
}
