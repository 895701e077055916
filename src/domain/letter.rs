//! Letters drafted from the register (Art. 12(3), 12(4), 12(6), 15, 33(2),
//! 33(3), 34(2)): which kinds there are and what record each is about, the
//! languages they are written in, and the words a letter takes from its
//! language (dates, times, rights, channels, the mark of a gap). Pure.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::activity::{Retention, RetentionUnit};
use super::authorities::Authority;
use super::breach::{Cause, RiskLevel};
use super::jurisdiction::Jurisdiction;
use super::request::{Channel, Right};

crate::code_enum!(
    /// The letters the workbench drafts. The first five answer a
    /// data-subject request, the last three concern a breach.
    LetterKind {
        Acknowledgement => ("acknowledgement", "Acknowledgement of the request"),
        Identity => ("identity", "Request for identity (Art. 12(6))"),
        Extension => ("extension", "Extension notice (Art. 12(3))"),
        Refusal => ("refusal", "Refusal (Art. 12(4))"),
        Answer => ("answer", "Answer to an access request (Art. 15)"),
        Authority => ("authority", "Notification to the supervisory authority (Art. 33)"),
        Subjects => ("subjects", "Communication to the data subjects (Art. 34)"),
        Controller => ("controller", "Notice to the controller (Art. 33(2))"),
    }
);

/// What record a letter is drafted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regarding {
    Request,
    Breach,
}

impl LetterKind {
    pub fn about(self) -> Regarding {
        match self {
            LetterKind::Authority | LetterKind::Subjects | LetterKind::Controller => {
                Regarding::Breach
            }
            _ => Regarding::Request,
        }
    }

    /// The kinds drafted from a request, or from a breach.
    pub fn of(about: Regarding) -> impl Iterator<Item = LetterKind> {
        LetterKind::ALL
            .iter()
            .copied()
            .filter(move |k| k.about() == about)
    }
}

crate::code_enum!(
    /// The languages letters are written in: Norwegian (bokmål), Swedish, English.
    Lang {
        Nb => ("nb", "Norwegian (bokmål)"),
        Sv => ("sv", "Swedish"),
        En => ("en", "English"),
    }
);

impl Lang {
    /// The register's jurisdiction's language; English elsewhere.
    pub fn of_jurisdiction(jurisdiction: Option<Jurisdiction>) -> Lang {
        match jurisdiction.map(Jurisdiction::code) {
            Some("NO") => Lang::Nb,
            Some("SE") => Lang::Sv,
            _ => Lang::En,
        }
    }
}

crate::code_enum!(
    /// How a letter is written out: plain text for e-mail and paper, or the
    /// Markdown its template is written in.
    LetterFormat {
        Text => ("text", "Plain text"),
        Markdown => ("markdown", "Markdown"),
    }
);

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];
const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date as a letter in `lang` writes it: "5. januar 2027", "5 januari
/// 2027", "5 January 2027".
pub fn letter_date(date: NaiveDate, lang: Lang) -> String {
    let month = date.month0() as usize;
    match lang {
        Lang::Nb => format!("{}. {} {}", date.day(), MONTHS_NB[month], date.year()),
        Lang::Sv => format!("{} {} {}", date.day(), MONTHS_SV[month], date.year()),
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
    }
}

/// An instant in the register's zone, with the zone's offset so a reader
/// elsewhere reads it right: "5. januar 2027 kl. 14:30 (UTC+01:00)".
pub fn letter_time(instant: DateTime<Utc>, zone: &Tz, lang: Lang) -> String {
    let local = instant.with_timezone(zone);
    let date = letter_date(local.date_naive(), lang);
    let clock = local.format("%H:%M");
    let offset = local.format("%:z");
    match lang {
        Lang::Nb | Lang::Sv => format!("{date} kl. {clock} (UTC{offset})"),
        Lang::En => format!("{date} at {clock} (UTC{offset})"),
    }
}

/// The mark a missing fact leaves in a draft, naming what to fill in.
pub fn gap_mark(lang: Lang, what: &str) -> String {
    let word = match lang {
        Lang::Nb => "MANGLER",
        Lang::Sv => "SAKNAS",
        Lang::En => "TO FILL IN",
    };
    format!("[{word}: {what}]")
}

/// How to find every gap a draft still holds.
pub fn gap_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => "[MANGLER: ",
        Lang::Sv => "[SAKNAS: ",
        Lang::En => "[TO FILL IN: ",
    }
}

/// The right a request exercises, as a letter names it.
pub fn right_words(right: Right, lang: Lang) -> &'static str {
    use Right as R;
    match (lang, right) {
        (Lang::En, R::Access) => "the right of access (Article 15)",
        (Lang::En, R::Rectification) => "the right to rectification (Article 16)",
        (Lang::En, R::Erasure) => "the right to erasure (Article 17)",
        (Lang::En, R::Restriction) => "the right to restriction of processing (Article 18)",
        (Lang::En, R::Notification) => "notification of the recipients (Article 19)",
        (Lang::En, R::Portability) => "the right to data portability (Article 20)",
        (Lang::En, R::Objection) => "the right to object (Article 21)",
        (Lang::En, R::AutomatedDecision) => {
            "the right not to be subject to a decision based solely on automated processing (Article 22)"
        }
        (Lang::En, R::WithdrawConsent) => "the withdrawal of your consent (Article 7(3))",
        (Lang::Nb, R::Access) => "retten til innsyn (artikkel 15)",
        (Lang::Nb, R::Rectification) => "retten til retting (artikkel 16)",
        (Lang::Nb, R::Erasure) => "retten til sletting (artikkel 17)",
        (Lang::Nb, R::Restriction) => "retten til begrensning av behandlingen (artikkel 18)",
        (Lang::Nb, R::Notification) => "underretning av mottakerne (artikkel 19)",
        (Lang::Nb, R::Portability) => "retten til dataportabilitet (artikkel 20)",
        (Lang::Nb, R::Objection) => "retten til å protestere (artikkel 21)",
        (Lang::Nb, R::AutomatedDecision) => {
            "retten til ikke å være gjenstand for en avgjørelse som utelukkende er basert på automatisert behandling (artikkel 22)"
        }
        (Lang::Nb, R::WithdrawConsent) => "tilbaketrekking av samtykket ditt (artikkel 7 nr. 3)",
        (Lang::Sv, R::Access) => "rätten till tillgång (artikel 15)",
        (Lang::Sv, R::Rectification) => "rätten till rättelse (artikel 16)",
        (Lang::Sv, R::Erasure) => "rätten till radering (artikel 17)",
        (Lang::Sv, R::Restriction) => "rätten till begränsning av behandling (artikel 18)",
        (Lang::Sv, R::Notification) => "underrättelse till mottagarna (artikel 19)",
        (Lang::Sv, R::Portability) => "rätten till dataportabilitet (artikel 20)",
        (Lang::Sv, R::Objection) => "rätten att göra invändningar (artikel 21)",
        (Lang::Sv, R::AutomatedDecision) => {
            "rätten att inte bli föremål för ett beslut som enbart grundas på automatiserad behandling (artikel 22)"
        }
        (Lang::Sv, R::WithdrawConsent) => "återkallandet av ditt samtycke (artikel 7.3)",
    }
}

/// The channel a request came by, as a letter names it ("by e-mail").
pub fn channel_words(channel: Channel, lang: Lang) -> &'static str {
    use Channel as C;
    match (lang, channel) {
        (Lang::En, C::Email) => "by e-mail",
        (Lang::En, C::WebForm) => "through our web form",
        (Lang::En, C::Post) => "by post",
        (Lang::En, C::Phone) => "by telephone",
        (Lang::En, C::InPerson) => "in person",
        (Lang::En, C::Other) => "",
        (Lang::Nb, C::Email) => "på e-post",
        (Lang::Nb, C::WebForm) => "gjennom nettskjemaet vårt",
        (Lang::Nb, C::Post) => "per brev",
        (Lang::Nb, C::Phone) => "på telefon",
        (Lang::Nb, C::InPerson) => "ved personlig oppmøte",
        (Lang::Nb, C::Other) => "",
        (Lang::Sv, C::Email) => "via e-post",
        (Lang::Sv, C::WebForm) => "via vårt webbformulär",
        (Lang::Sv, C::Post) => "per brev",
        (Lang::Sv, C::Phone) => "per telefon",
        (Lang::Sv, C::InPerson) => "vid ett personligt besök",
        (Lang::Sv, C::Other) => "",
    }
}

/// The courts, as a refusal names the judicial remedy (Art. 79).
pub fn courts_words(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => "de alminnelige domstolene",
        Lang::Sv => "allmän domstol",
        Lang::En => "the courts",
    }
}

/// The rule behind a request's one-month deadline, in words a data subject
/// reads: the month, how non-working days move it, days the clock stood
/// still, and while it stands still (`waiting`: since when, and the letter's
/// day, written out) that the dates hold if the answer comes that day and
/// move on after.
pub fn deadline_rule_words(
    lang: Lang,
    weekends_only: bool,
    paused_days: i64,
    waiting: Option<(&str, &str)>,
) -> String {
    let month = match lang {
        Lang::Nb => "Fristen er én måned fra vi mottok henvendelsen (personvernforordningen artikkel 12 nr. 3)",
        Lang::Sv => "Tidsfristen är en månad från det att vi tog emot begäran (dataskyddsförordningen artikel 12.3)",
        Lang::En => "The time limit is one month from the day we received your request (Article 12(3) GDPR)",
    };
    let roll = match (lang, weekends_only) {
        (Lang::Nb, false) => {
            "; faller den på en lørdag, søndag eller helligdag, flyttes den til neste virkedag."
        }
        (Lang::Nb, true) => "; faller den på en lørdag eller søndag, flyttes den til mandag.",
        (Lang::Sv, false) => {
            "; infaller den på en lördag, söndag eller helgdag, flyttas den till nästa vardag."
        }
        (Lang::Sv, true) => "; infaller den på en lördag eller söndag, flyttas den till måndagen.",
        (Lang::En, false) => {
            "; if it falls on a weekend or public holiday, it moves to the next working day."
        }
        (Lang::En, true) => "; if it falls on a weekend, it moves to the Monday.",
    };
    let paused = match (lang, paused_days) {
        (_, 0) => String::new(),
        (Lang::Nb, 1) => {
            " Fristen sto stille én dag mens vi ventet på opplysninger fra deg.".into()
        }
        (Lang::Nb, n) => {
            format!(" Fristen sto stille i {n} dager mens vi ventet på opplysninger fra deg.")
        }
        (Lang::Sv, 1) => {
            " Tidsfristen stod stilla en dag medan vi väntade på uppgifter från dig.".into()
        }
        (Lang::Sv, n) => {
            format!(" Tidsfristen stod stilla i {n} dagar medan vi väntade på uppgifter från dig.")
        }
        (Lang::En, 1) => {
            " The clock stood still for one day while we waited for information from you.".into()
        }
        (Lang::En, n) => {
            format!(" The clock stood still for {n} days while we waited for information from you.")
        }
    };
    let waiting = waiting.map_or(String::new(), |(since, on)| waiting_words(lang, since, on));
    format!("{month}{roll}{paused}{waiting}")
}

/// The clock standing still since `since` until the data subject answers:
/// the dates hold if the answer comes `on` (the letter's day).
fn waiting_words(lang: Lang, since: &str, on: &str) -> String {
    match lang {
        Lang::Nb => format!(" Den står stille fra {since} til opplysningene kommer fram til oss: datoene i dette brevet gjelder om de kommer {on}, og flyttes én dag for hver dag etter det."),
        Lang::Sv => format!(" Den står stilla från {since} tills uppgifterna når oss: datumen i detta brev gäller om de når oss {on} och flyttas en dag för varje dag därefter."),
        Lang::En => format!(" It stands still from {since} until that information reaches us: the dates in this letter hold if it arrives on {on}, and move on by one day for each day after."),
    }
}

/// How long data are kept, in the letter's language: "5 år etter
/// kontraktens slutt" (the event as the register words it).
pub fn retention_words(retention: &Retention, lang: Lang) -> String {
    let period = retention.period.map(|(n, unit)| {
        let one = n == 1;
        let word = match (lang, unit) {
            (Lang::En, _) => return retention_period_en(n, unit),
            (Lang::Nb, RetentionUnit::Days) => {
                if one {
                    "dag"
                } else {
                    "dager"
                }
            }
            (Lang::Nb, RetentionUnit::Weeks) => {
                if one {
                    "uke"
                } else {
                    "uker"
                }
            }
            (Lang::Nb, RetentionUnit::Months) => {
                if one {
                    "måned"
                } else {
                    "måneder"
                }
            }
            (Lang::Nb, RetentionUnit::Years) => "år",
            (Lang::Sv, RetentionUnit::Days) => {
                if one {
                    "dag"
                } else {
                    "dagar"
                }
            }
            (Lang::Sv, RetentionUnit::Weeks) => {
                if one {
                    "vecka"
                } else {
                    "veckor"
                }
            }
            (Lang::Sv, RetentionUnit::Months) => {
                if one {
                    "månad"
                } else {
                    "månader"
                }
            }
            (Lang::Sv, RetentionUnit::Years) => "år",
        };
        format!("{n} {word}")
    });
    let (after, until) = match lang {
        Lang::Nb => ("etter", "inntil"),
        Lang::Sv => ("efter", "till dess"),
        Lang::En => ("after", "until"),
    };
    match (period, &retention.trigger) {
        (Some(p), Some(event)) => format!("{p} {after} {event}"),
        (Some(p), None) => p,
        (None, Some(event)) => format!("{until} {event}"),
        (None, None) => String::new(),
    }
}

fn retention_period_en(n: u32, unit: RetentionUnit) -> String {
    Retention {
        period: Some((n, unit)),
        trigger: None,
    }
    .to_string()
}

/// What caused a breach, in the letter's language.
pub fn cause_words(cause: Cause, lang: Lang) -> &'static str {
    use Cause as C;
    match (lang, cause) {
        (Lang::En, c) => c.label(),
        (Lang::Nb, C::MisdirectedMail) => "sendt til feil mottaker",
        (Lang::Nb, C::Hacking) => "hacking eller uautorisert tilgang",
        (Lang::Nb, C::Malware) => "skadevare eller løsepengevirus",
        (Lang::Nb, C::LostDevice) => "tapt eller stjålet enhet eller papir",
        (Lang::Nb, C::Insider) => "feil eller misbruk av ansatte",
        (Lang::Nb, C::Processor) => "hos en databehandler",
        (Lang::Nb, C::SystemFault) => "systemfeil eller driftsavbrudd",
        (Lang::Nb, C::Other) => "annet",
        (Lang::Sv, C::MisdirectedMail) => "skickat till fel mottagare",
        (Lang::Sv, C::Hacking) => "intrång eller obehörig åtkomst",
        (Lang::Sv, C::Malware) => "skadlig kod eller utpressningsprogram",
        (Lang::Sv, C::LostDevice) => "förlorad eller stulen enhet eller papper",
        (Lang::Sv, C::Insider) => "fel eller missbruk av anställda",
        (Lang::Sv, C::Processor) => "hos ett personuppgiftsbiträde",
        (Lang::Sv, C::SystemFault) => "systemfel eller driftavbrott",
        (Lang::Sv, C::Other) => "annat",
    }
}

/// The risk a breach poses to people (Art. 33(1), 34(1)), in the letter's language.
pub fn risk_words(risk: RiskLevel, lang: Lang) -> &'static str {
    match (lang, risk) {
        (Lang::En, RiskLevel::NoRisk) => "unlikely to result in a risk",
        (Lang::En, RiskLevel::Risk) => "a risk",
        (Lang::En, RiskLevel::High) => "a high risk",
        (Lang::Nb, RiskLevel::NoRisk) => "sannsynligvis ingen risiko",
        (Lang::Nb, RiskLevel::Risk) => "risiko",
        (Lang::Nb, RiskLevel::High) => "høy risiko",
        (Lang::Sv, RiskLevel::NoRisk) => "sannolikt ingen risk",
        (Lang::Sv, RiskLevel::Risk) => "risk",
        (Lang::Sv, RiskLevel::High) => "hög risk",
    }
}

/// The kinds of breach (confidentiality, integrity, availability), as the
/// authorities' forms name them.
pub fn breach_type_words(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Nb => [
            "brudd på konfidensialitet",
            "brudd på integritet",
            "brudd på tilgjengelighet",
        ],
        Lang::Sv => [
            "brist i konfidentialitet",
            "brist i riktighet",
            "brist i tillgänglighet",
        ],
        Lang::En => [
            "confidentiality breach",
            "integrity breach",
            "availability breach",
        ],
    }
}

/// A count as a letter writes it: "2 300" in Norwegian and Swedish, "2,300" in English.
pub fn count_words(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let separator = if lang == Lang::En { ',' } else { ' ' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// An authority as a letter names it and where a complaint to it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityInLetter {
    pub name: &'static str,
    pub website: &'static str,
    /// Its postal address where the stored sources give one (Datatilsynet's
    /// complaints address, shared/domain/letters-and-layouts.md §2.4).
    pub postal: Option<&'static str>,
    /// The page on which a person complains to it.
    pub complaints: &'static str,
}

/// The authority `a` as letters name it: the name people know it by, and its
/// complaints page (the authorities' own pages, sources S23, S24, S27).
pub fn authority_in_letter(a: &Authority) -> AuthorityInLetter {
    let (name, postal, complaints) = match a.code {
        "NO" => (
            "Datatilsynet",
            Some("Postboks 458 Sentrum, 0105 Oslo"),
            "https://www.datatilsynet.no/om-datatilsynet/kontakt-oss/klage-til-datatilsynet",
        ),
        "SE" => (
            "Integritetsskyddsmyndigheten (IMY)",
            None,
            "https://www.imy.se/privatperson/utfora-arenden/lamna-ett-klagomal/",
        ),
        "GB" => (
            "the Information Commissioner's Office (ICO)",
            None,
            "https://ico.org.uk/make-a-complaint/",
        ),
        _ => (a.name, None, a.website),
    };
    AuthorityInLetter {
        name,
        website: a.website,
        postal,
        complaints,
    }
}

/// A Markdown draft as plain text: headings underlined, emphasis marks
/// dropped, lists and paragraphs kept.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let (level, title) = heading(line);
        if level > 0 {
            let title = title.replace("**", "");
            let rule = if level == 1 { "=" } else { "-" };
            let width = unicode_width::UnicodeWidthStr::width(title.as_str());
            out.push_str(&title);
            out.push('\n');
            out.push_str(&rule.repeat(width.max(1)));
        } else {
            out.push_str(&line.replace("**", ""));
        }
        out.push('\n');
    }
    out
}

/// (level, title) of a Markdown heading line; level 0 when not one.
fn heading(line: &str) -> (usize, &str) {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    match line[hashes..].strip_prefix(' ') {
        Some(title) if (1..=6).contains(&hashes) => (hashes, title.trim()),
        _ => (0, line),
    }
}

/// A rendered draft made tidy: no trailing spaces, at most one blank line in
/// a row (conditions leave more), one line break at the end.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim_start_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The gaps a draft still holds, each as it names what to fill in, in order.
pub fn gaps_in(text: &str, lang: Lang) -> Vec<String> {
    let prefix = gap_prefix(lang);
    let mut gaps = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        let after = &rest[start + prefix.len()..];
        let Some(end) = after.find(']') else { break };
        let what = after[..end].to_string();
        if !gaps.contains(&what) {
            gaps.push(what);
        }
        rest = &after[end..];
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        assert_eq!(letter_date(day(2027, 1, 5), Lang::Nb), "5. januar 2027");
        assert_eq!(letter_date(day(2027, 5, 31), Lang::Sv), "31 maj 2027");
        assert_eq!(letter_date(day(2027, 12, 1), Lang::En), "1 December 2027");
    }

    #[test]
    fn times_are_shown_in_the_registers_zone_with_its_offset() {
        let instant = Utc.with_ymd_and_hms(2027, 1, 5, 23, 30, 0).unwrap();
        let oslo = chrono_tz::Europe::Oslo;
        // 23:30 UTC is already the 6th in Oslo.
        assert_eq!(
            letter_time(instant, &oslo, Lang::Nb),
            "6. januar 2027 kl. 00:30 (UTC+01:00)"
        );
        let summer = Utc.with_ymd_and_hms(2027, 7, 1, 8, 0, 0).unwrap();
        assert_eq!(
            letter_time(summer, &chrono_tz::Europe::London, Lang::En),
            "1 July 2027 at 09:00 (UTC+01:00)"
        );
    }

    #[test]
    fn the_language_follows_the_jurisdiction() {
        let j = |c: &str| Some(Jurisdiction::parse(c).unwrap());
        assert_eq!(Lang::of_jurisdiction(j("NO")), Lang::Nb);
        assert_eq!(Lang::of_jurisdiction(j("SE")), Lang::Sv);
        assert_eq!(Lang::of_jurisdiction(j("DK")), Lang::En);
        assert_eq!(Lang::of_jurisdiction(None), Lang::En);
    }

    #[test]
    fn request_and_breach_letters_are_told_apart() {
        let of = |a| LetterKind::of(a).map(LetterKind::code).collect::<Vec<_>>();
        assert_eq!(
            of(Regarding::Request),
            [
                "acknowledgement",
                "identity",
                "extension",
                "refusal",
                "answer"
            ]
        );
        assert_eq!(
            of(Regarding::Breach),
            ["authority", "subjects", "controller"]
        );
    }

    #[test]
    fn plain_text_underlines_headings_by_their_display_width() {
        let text = plain_text("# Innsyn – svar\n\nTekst med **vekt**.\n## Tiltak\n- ett\n");
        assert_eq!(
            text,
            "Innsyn – svar\n=============\n\nTekst med vekt.\nTiltak\n------\n- ett\n"
        );
        // Not a heading without the space after the marks.
        assert_eq!(plain_text("#3 on the list"), "#3 on the list\n");
    }

    #[test]
    fn tidy_keeps_one_blank_line_and_one_final_break() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n\n"), "a\n\nb\n");
    }

    #[test]
    fn gaps_are_found_once_each_in_order() {
        let text = format!(
            "{} and {} and {}",
            gap_mark(Lang::Sv, "dataskyddsombudets e-post"),
            gap_mark(Lang::Sv, "källan"),
            gap_mark(Lang::Sv, "dataskyddsombudets e-post")
        );
        assert_eq!(
            gaps_in(&text, Lang::Sv),
            ["dataskyddsombudets e-post", "källan"]
        );
        assert!(gaps_in(&text, Lang::En).is_empty());
    }

    #[test]
    fn retention_and_counts_read_in_each_language() {
        let kept =
            crate::domain::activity::parse_retention("5 years after end of contract").unwrap();
        assert_eq!(
            retention_words(&kept, Lang::Nb),
            "5 år etter end of contract"
        );
        assert_eq!(
            retention_words(&kept, Lang::En),
            "5 years after end of contract"
        );
        let month = crate::domain::activity::parse_retention("1 month").unwrap();
        assert_eq!(retention_words(&month, Lang::Sv), "1 månad");
        let until =
            crate::domain::activity::parse_retention("until the account is closed").unwrap();
        assert_eq!(
            retention_words(&until, Lang::Sv),
            "till dess the account is closed"
        );
        assert_eq!(count_words(2300, Lang::Nb), "2 300");
        assert_eq!(count_words(1_234_567, Lang::En), "1,234,567");
        assert_eq!(count_words(999, Lang::Sv), "999");
    }

    #[test]
    fn the_rule_names_the_month_the_rolling_and_the_pause() {
        let en = deadline_rule_words(Lang::En, false, 3, None);
        assert!(en.contains("one month") && en.contains("public holiday") && en.contains("3 days"));
        let nb = deadline_rule_words(Lang::Nb, true, 0, None);
        assert!(
            nb.contains("lørdag eller søndag")
                && !nb.contains("helligdag")
                && !nb.contains("stille")
        );
        assert!(deadline_rule_words(Lang::Sv, false, 1, None).contains("en dag"));
    }

    #[test]
    fn while_the_clock_stands_still_the_rule_says_since_when_and_that_the_dates_move() {
        let waiting = Some(("6 December 2026", "7 December 2026"));
        let en = deadline_rule_words(Lang::En, false, 2, waiting);
        assert!(
            en.contains("stood still for 2 days")
                && en.contains("stands still from 6 December 2026")
                && en.contains("if it arrives on 7 December 2026")
                && en.contains("move on by one day"),
            "{en}"
        );
        let waiting = Some(("6. desember 2026", "7. desember 2026"));
        let nb = deadline_rule_words(Lang::Nb, false, 2, waiting);
        assert!(
            nb.contains("fra 6. desember 2026") && nb.contains("kommer 7. desember 2026"),
            "{nb}"
        );
        let waiting = Some(("6 december 2026", "7 december 2026"));
        let sv = deadline_rule_words(Lang::Sv, false, 2, waiting);
        assert!(
            sv.contains("från 6 december 2026") && sv.contains("når oss 7 december 2026"),
            "{sv}"
        );
    }
}
