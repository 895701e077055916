//! Supervisory authorities a breach can be notified to (shared/domain/gdpr-rules.md §5):
//! the EEA authorities the workbench knows, the German federal and Land
//! authorities (a private company notifies its Land's), and the UK's ICO.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority {
    /// Stable code stored with each notification.
    pub code: &'static str,
    pub country: &'static str,
    pub name: &'static str,
    pub website: &'static str,
}

const fn a(
    code: &'static str,
    country: &'static str,
    name: &'static str,
    website: &'static str,
) -> Authority {
    Authority {
        code,
        country,
        name,
        website,
    }
}

pub const AUTHORITIES: &[Authority] = &[
    a(
        "NO",
        "NO",
        "Datatilsynet (Norwegian Data Protection Authority)",
        "https://www.datatilsynet.no",
    ),
    a(
        "SE",
        "SE",
        "Integritetsskyddsmyndigheten, IMY (Sweden)",
        "https://www.imy.se",
    ),
    a(
        "DK",
        "DK",
        "Datatilsynet (Danish Data Protection Agency)",
        "https://www.datatilsynet.dk",
    ),
    a(
        "FI",
        "FI",
        "Tietosuojavaltuutetun toimisto (Finland)",
        "https://tietosuoja.fi",
    ),
    a(
        "IS",
        "IS",
        "Persónuvernd (Iceland)",
        "https://island.is/s/personuvernd",
    ),
    a(
        "IE",
        "IE",
        "Data Protection Commission (Ireland)",
        "https://www.dataprotection.ie",
    ),
    a("FR", "FR", "CNIL (France)", "https://www.cnil.fr"),
    a(
        "NL",
        "NL",
        "Autoriteit Persoonsgegevens (Netherlands)",
        "https://autoriteitpersoonsgegevens.nl",
    ),
    a(
        "GB",
        "GB",
        "Information Commissioner's Office (UK)",
        "https://ico.org.uk",
    ),
    a(
        "DE-BFDI",
        "DE",
        "BfDI (German federal public bodies, telecoms, post)",
        "https://www.bfdi.bund.de",
    ),
    a(
        "DE-BW",
        "DE",
        "LfDI Baden-Württemberg",
        "https://www.baden-wuerttemberg.datenschutz.de",
    ),
    a(
        "DE-BY",
        "DE",
        "BayLDA (Bavaria, private sector)",
        "https://www.lda.bayern.de",
    ),
    a(
        "DE-BE",
        "DE",
        "BlnBDI (Berlin)",
        "https://www.datenschutz-berlin.de",
    ),
    a(
        "DE-BB",
        "DE",
        "LDA Brandenburg",
        "https://www.lda.brandenburg.de",
    ),
    a(
        "DE-HB",
        "DE",
        "LfDI Bremen",
        "https://www.datenschutz.bremen.de",
    ),
    a(
        "DE-HH",
        "DE",
        "HmbBfDI (Hamburg)",
        "https://datenschutz-hamburg.de",
    ),
    a(
        "DE-HE",
        "DE",
        "HBDI (Hesse)",
        "https://datenschutz.hessen.de",
    ),
    a(
        "DE-MV",
        "DE",
        "LfDI Mecklenburg-Vorpommern",
        "https://www.datenschutz-mv.de",
    ),
    a(
        "DE-NI",
        "DE",
        "LfD Niedersachsen",
        "https://www.lfd.niedersachsen.de",
    ),
    a(
        "DE-NW",
        "DE",
        "LDI Nordrhein-Westfalen",
        "https://www.ldi.nrw.de",
    ),
    a(
        "DE-RP",
        "DE",
        "LfDI Rheinland-Pfalz",
        "https://www.datenschutz.rlp.de",
    ),
    a(
        "DE-SL",
        "DE",
        "UDZ Saarland",
        "https://www.datenschutz.saarland.de",
    ),
    a(
        "DE-SN",
        "DE",
        "SDB Sachsen",
        "https://www.datenschutz.sachsen.de",
    ),
    a(
        "DE-ST",
        "DE",
        "LfD Sachsen-Anhalt",
        "https://datenschutz.sachsen-anhalt.de",
    ),
    a(
        "DE-SH",
        "DE",
        "ULD Schleswig-Holstein",
        "https://www.datenschutzzentrum.de",
    ),
    a("DE-TH", "DE", "TLfDI Thüringen", "https://www.tlfdi.de"),
];

pub fn authority(code: &str) -> Option<&'static Authority> {
    AUTHORITIES
        .iter()
        .find(|a| a.code.eq_ignore_ascii_case(code.trim()))
}

/// The authority a register in `jurisdiction` most likely notifies (none for
/// Germany, where it depends on the Land).
pub fn default_authority(jurisdiction: &str) -> Option<&'static Authority> {
    let country = if jurisdiction.starts_with("GB") {
        "GB"
    } else {
        jurisdiction
    };
    if country == "DE" {
        return None;
    }
    AUTHORITIES.iter().find(|a| a.code == country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_found_case_insensitively() {
        for (i, x) in AUTHORITIES.iter().enumerate() {
            assert!(
                AUTHORITIES[i + 1..].iter().all(|y| y.code != x.code),
                "{}",
                x.code
            );
            assert!(x.website.starts_with("https://"));
        }
        assert_eq!(authority("de-be").unwrap().name, "BlnBDI (Berlin)");
        assert!(authority("XX").is_none());
    }

    #[test]
    fn uk_nations_share_the_ico_and_germany_needs_its_land() {
        assert_eq!(default_authority("GB-SCT").unwrap().code, "GB");
        assert_eq!(default_authority("NO").unwrap().code, "NO");
        assert!(default_authority("DE").is_none());
    }
}
