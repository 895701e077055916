//! Transfers of personal data to third countries by a processor or
//! sub-processor (Chapter V): the kind of record.

use super::{line, required, text, Field, Input, Parent};
use crate::domain::transfer::{parse_destination, Transfer, TransferTool};
use crate::store::TransferRow;

pub struct TransferKind;

fn transfer_of(r: &TransferRow) -> &Transfer {
    &r.transfer
}

const FIELDS: &[Field<Transfer, TransferRow>] = &[
    crate::export_only!("id", "Transfer id, stable within the register", |r| r
        .id
        .to_string()),
    crate::export_only!(
        "processor_id",
        "The processor or sub-processor receiving the data (processors.csv)",
        |r| r.processor_id.to_string()
    ),
    crate::field!("country", "Destination", "Destination, ISO 3166-1 alpha-2",
        required("ISO code: US, IN, GB…"), country; transfer_of;
        read = |text, _| parse_destination(text)),
    crate::field!("tool", "Transfer tool",
        "Chapter V ground: inside_eea, adequacy, dpf, scc_m1 … scc_m4, uk_idta, uk_addendum, bcr_c, bcr_p, code, certification, ad_hoc_clauses, admin_arrangement, public_instrument, derogation_49_1_a … derogation_49_1_g, derogation_49_1_2",
        Input::Codes(TransferTool::options), tool; transfer_of),
    crate::field!("dpf_certified", "On the DPF List",
        "yes when the recipient is on the EU-US Data Privacy Framework List",
        Input::YesNo, dpf_certified; transfer_of),
    crate::field!("regular", "Regular", "yes for a regular transfer, no for an occasional one",
        Input::YesNo, regular; transfer_of),
    crate::field!("tia_reference", "TIA reference", "Transfer impact assessment reference",
        line("transfer impact assessment"), tia_reference; transfer_of),
    crate::field!("tia_date", "TIA date", "Date of the transfer impact assessment",
        line("YYYY-MM-DD"), tia_date; transfer_of),
    crate::field!("notes", "Notes", "Free text",
        text("what goes there and why"), notes; transfer_of),
];

crate::record_kind! {
    TransferKind: Transfer, TransferRow; table "transfers", one "transfer",
    fields FIELDS,
    parent Parent::of::<super::processor::ProcessorKind>("processor_id")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{test_context, validate, Draft};

    #[test]
    fn the_transfer_form_needs_a_real_country_and_date() {
        let draft = Draft::default()
            .with("country", "uk")
            .with("tool", "adequacy")
            .with("tia_date", "2026-13-01");
        let errors = validate::<TransferKind>(&draft, &test_context()).unwrap_err();
        errors.assert_says("country", "'uk' is not an ISO");
        errors.assert_says("tia_date", "not a calendar date");
        let draft = draft.with("country", " gb ").with("tia_date", "");
        let transfer = validate::<TransferKind>(&draft, &test_context()).unwrap();
        assert_eq!(
            (transfer.country.as_str(), transfer.tool),
            ("GB", TransferTool::Adequacy)
        );
    }
}
