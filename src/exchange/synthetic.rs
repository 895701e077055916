//! Synthetic registers for benchmarks and for trying the workbench at scale:
//! the demo company with `n` data-subject requests spread over three years,
//! deterministic for a seed, and processors and breaches in proportion.

use chrono::{Duration, NaiveDate};

use super::ExchangeError;
use crate::domain::processor::ProcessorFields;
use crate::domain::request::{Channel, Request, RequestBasics, RequestStatus, Right};
use crate::record::breach::BreachKind;
use crate::record::{validate, Context, Draft};
use crate::store::Register;

/// xorshift64*: the same seed gives the same register (and the same inputs
/// to the never-panics tests, which replay from a seed too).
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index below `n` (0 when `n` is 0).
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
}

const RIGHTS: &[Right] = &[
    Right::Access,
    Right::Access,
    Right::Access,
    Right::Erasure,
    Right::Erasure,
    Right::Rectification,
    Right::Objection,
    Right::Portability,
    Right::Restriction,
];

const CHANNELS: &[Channel] = &[
    Channel::Email,
    Channel::WebForm,
    Channel::Post,
    Channel::Phone,
];

const NOTES: &[&str] = &[
    "Wants a copy of all SIM usage data on the company account",
    "Asks to delete the portal account and newsletter profile",
    "Former employee asks for the personnel file",
    "Complains about marketing e-mails after unsubscribing",
    "Asks which processors received the telemetry",
    "Request sent by a lawyer on behalf of the customer",
    "Correction of the invoice address",
    "Objects to profiling for product analytics",
];

/// Requests received up to three years before `today`: most answered, some
/// refused or withdrawn, those of the last six weeks still open.
pub fn requests(n: usize, seed: u64, today: NaiveDate) -> Vec<Request> {
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|i| {
            let age = rng.below(3 * 365);
            let received_on = today - Duration::days(age as i64);
            let mut r = RequestBasics {
                reference: format!("SYN-{i:07}"),
                subject_ref: format!("Customer {}-{}", 10 + rng.below(90), rng.below(10_000)),
                right: RIGHTS[rng.below(RIGHTS.len() as u64) as usize],
                received_on,
                received_at: String::new(),
                channel: CHANNELS[rng.below(CHANNELS.len() as u64) as usize],
                representative: rng.below(20) == 0,
                notes: NOTES[rng.below(NOTES.len() as u64) as usize].to_string(),
            }
            .into_new_request();
            if age > 45 {
                let closed = received_on + Duration::days(1 + rng.below(28) as i64);
                let pick = rng.below(20);
                r.status = match pick {
                    0..=16 => RequestStatus::Answered,
                    17 | 18 => RequestStatus::Refused,
                    _ => RequestStatus::Withdrawn,
                };
                r.closed_on = Some(closed.min(today));
                if r.status == RequestStatus::Refused {
                    r.refusal_reason = "Manifestly unfounded: repeated identical request".into();
                    r.informed_of_remedies = true;
                }
            } else {
                r.status = RequestStatus::InProgress;
            }
            r
        })
        .collect()
}

/// Fills `register` (made with the demo organisation and content) with `n`
/// synthetic requests, one supplier per 2,000 requests and one closed breach
/// per 5,000. Returns the records written.
pub fn fill(
    register: &mut Register,
    n: usize,
    seed: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, ExchangeError> {
    fill_counting(
        register,
        n,
        seed,
        now,
        &super::progress::Progress::default(),
    )
}

/// As `fill`, counting the requests written in `progress`.
pub fn fill_counting(
    register: &mut Register,
    n: usize,
    seed: u64,
    now: chrono::DateTime<chrono::Utc>,
    progress: &super::progress::Progress,
) -> Result<usize, ExchangeError> {
    progress.set_total(n as u64);
    let zone = register.organisation()?.time_zone;
    let today = crate::platform::clock::date_in(now, &zone);
    let context = Context::new(now, zone);
    let mut count = 0;
    const CHUNK: usize = 50_000;
    let all = requests(n, seed, today);
    for chunk in all.chunks(CHUNK) {
        count += register.insert_requests_bulk(chunk)?;
        progress.advance(chunk.len() as u64);
    }
    for i in 0..n / 2000 {
        register.insert_processor(&ProcessorFields {
            name: format!("Supplier {i:04} AS"),
            country: ["NO", "SE", "DK", "DE", "IE", "US"][i % 6].into(),
            service: "Synthetic supplier".into(),
            ..ProcessorFields::default()
        })?;
        count += 1;
    }
    for i in 0..n / 5000 {
        let day = today - Duration::days(30 + (i as i64 * 7) % 1000);
        let draft = Draft::default()
            .with("title", format!("Synthetic incident {i:04}"))
            .with("confidentiality", "yes")
            .with("aware_at", format!("{day}T09:00"))
            .with("cause", "misdirected")
            .with("risk_level", "none")
            .with("status", "closed")
            .with("art34_exception", "none")
            .with(
                "not_notified_reasoning",
                "One e-mail to a wrong recipient who deleted it",
            );
        let breach = validate::<BreachKind>(&draft, &context)
            .map_err(|e| ExchangeError::row("synthetic", 0, e.to_string()))?;
        register.insert_breach(&breach)?;
        count += 1;
    }
    Ok(count)
}
