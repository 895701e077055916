//! The Chapter V transfer tools in Norwegian and Swedish, for the
//! authorities' layouts (the GDPR's own terms: "standard
//! personvernbestemmelser" / "standardavtalsklausuler", "bindende
//! virksomhetsregler" / "bindande företagsbestämmelser").

use crate::domain::transfer::TransferTool;

/// A transfer tool in Norwegian (bokmål).
pub fn norwegian(tool: TransferTool) -> &'static str {
    use TransferTool as T;
    match tool {
        T::InsideEea => "innenfor EØS (ingen overføring etter kapittel V)",
        T::Adequacy => "beslutning om tilstrekkelig beskyttelsesnivå (art. 45)",
        T::Dpf => "EU–US Data Privacy Framework (art. 45)",
        T::SccModule1 => "standard personvernbestemmelser 2021/914 modul 1 (behandlingsansvarlig til behandlingsansvarlig)",
        T::SccModule2 => "standard personvernbestemmelser 2021/914 modul 2 (behandlingsansvarlig til databehandler)",
        T::SccModule3 => "standard personvernbestemmelser 2021/914 modul 3 (databehandler til databehandler)",
        T::SccModule4 => "standard personvernbestemmelser 2021/914 modul 4 (databehandler til behandlingsansvarlig)",
        T::UkIdta => "britisk IDTA",
        T::UkAddendum => "britisk tillegg til EUs standard personvernbestemmelser",
        T::BcrController => "bindende virksomhetsregler for behandlingsansvarlige (art. 47)",
        T::BcrProcessor => "bindende virksomhetsregler for databehandlere (art. 47)",
        T::Code => "atferdsnorm (art. 46 nr. 2 e)",
        T::Certification => "sertifisering (art. 46 nr. 2 f)",
        T::AdHocClauses => "avtaleklausuler godkjent av tilsynsmyndigheten (art. 46 nr. 3 a)",
        T::AdminArrangement => "administrativ ordning (art. 46 nr. 3 b)",
        T::PublicInstrument => "instrument mellom offentlige myndigheter (art. 46 nr. 2 a)",
        T::Derogation49a => "art. 49 nr. 1 a (uttrykkelig samtykke)",
        T::Derogation49b => "art. 49 nr. 1 b (avtale med den registrerte)",
        T::Derogation49c => "art. 49 nr. 1 c (avtale i den registrertes interesse)",
        T::Derogation49d => "art. 49 nr. 1 d (viktige allmenne interesser)",
        T::Derogation49e => "art. 49 nr. 1 e (rettskrav)",
        T::Derogation49f => "art. 49 nr. 1 f (vitale interesser)",
        T::Derogation49g => "art. 49 nr. 1 g (offentlig register)",
        T::Derogation49Residual => "art. 49 nr. 1 annet ledd (tvingende berettigede interesser)",
    }
}

/// A transfer tool in Swedish.
pub fn swedish(tool: TransferTool) -> &'static str {
    use TransferTool as T;
    match tool {
        T::InsideEea => "inom EES (ingen överföring enligt kapitel V)",
        T::Adequacy => "beslut om adekvat skyddsnivå (art. 45)",
        T::Dpf => "EU–US Data Privacy Framework (art. 45)",
        T::SccModule1 => "standardavtalsklausuler 2021/914 modul 1 (personuppgiftsansvarig till personuppgiftsansvarig)",
        T::SccModule2 => "standardavtalsklausuler 2021/914 modul 2 (personuppgiftsansvarig till personuppgiftsbiträde)",
        T::SccModule3 => "standardavtalsklausuler 2021/914 modul 3 (personuppgiftsbiträde till personuppgiftsbiträde)",
        T::SccModule4 => "standardavtalsklausuler 2021/914 modul 4 (personuppgiftsbiträde till personuppgiftsansvarig)",
        T::UkIdta => "brittiskt IDTA",
        T::UkAddendum => "brittiskt tillägg till EU:s standardavtalsklausuler",
        T::BcrController => "bindande företagsbestämmelser för personuppgiftsansvariga (art. 47)",
        T::BcrProcessor => "bindande företagsbestämmelser för personuppgiftsbiträden (art. 47)",
        T::Code => "uppförandekod (art. 46.2 e)",
        T::Certification => "certifiering (art. 46.2 f)",
        T::AdHocClauses => "avtalsklausuler godkända av tillsynsmyndigheten (art. 46.3 a)",
        T::AdminArrangement => "administrativt arrangemang (art. 46.3 b)",
        T::PublicInstrument => "instrument mellan offentliga myndigheter (art. 46.2 a)",
        T::Derogation49a => "art. 49.1 a (uttryckligt samtycke)",
        T::Derogation49b => "art. 49.1 b (avtal med den registrerade)",
        T::Derogation49c => "art. 49.1 c (avtal i den registrerades intresse)",
        T::Derogation49d => "art. 49.1 d (viktigt allmänintresse)",
        T::Derogation49e => "art. 49.1 e (rättsliga anspråk)",
        T::Derogation49f => "art. 49.1 f (grundläggande intressen)",
        T::Derogation49g => "art. 49.1 g (offentligt register)",
        T::Derogation49Residual => "art. 49.1 andra stycket (tvingande berättigade intressen)",
    }
}
