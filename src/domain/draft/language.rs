//! The language of a policy: English, Norwegian or Swedish, as asked or as
//! its most frequent words say.

use super::lexicon::{language, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Nb,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Nb, Lang::Sv];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nb => "nb",
            Lang::Sv => "sv",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nb => "Norwegian",
            Lang::Sv => "Swedish",
        }
    }

    /// `en`, `nb` (also `no`, `nn`: nynorsk shares the Norwegian terms) or `sv`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "sv" | "se" => Some(Lang::Sv),
            _ => None,
        }
    }
}

/// The language the policy is written in: each language's marker words
/// counted, the most frequent wins (English when the text has none).
pub fn detect(text: &str) -> Lang {
    let tokens = words(text);
    let score = |lang: Lang| {
        let markers = &language(lang).file.markers;
        tokens.iter().filter(|t| markers.contains(&t.text)).count()
    };
    Lang::ALL
        .into_iter()
        .map(|lang| (score(lang), lang))
        .max_by_key(|(score, lang)| (*score, std::cmp::Reverse(*lang)))
        .map_or(Lang::En, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_is_told_from_the_others() {
        assert_eq!(
            detect("We process your personal data with care and for the purposes of this policy."),
            Lang::En
        );
        assert_eq!(detect("Vi behandler personopplysninger om deg og lagrer dem ikke lenger enn det som er nødvendig."), Lang::Nb);
        assert_eq!(detect("Vi behandlar personopplysningar om deg og lagrar dei ikkje lenger enn det som er naudsynt."), Lang::Nb);
        assert_eq!(detect("Vi behandlar personuppgifter om dig och sparar dem inte längre än det är nödvändigt för att."), Lang::Sv);
        assert_eq!(detect(""), Lang::En);
    }

    #[test]
    fn codes_read_back() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("nn"), Some(Lang::Nb));
        assert_eq!(Lang::parse("de"), None);
    }
}
