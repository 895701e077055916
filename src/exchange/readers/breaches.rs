//! Breaches, their notifications and the activities they touch.

use super::*;
use crate::domain::breach::{notification_order_problem, with_notification};
use crate::domain::breach_clock::parse_zone;

/// A breach: its times are read in the zone the row names (`aware_zone`),
/// as they were given.
pub(super) fn read_breaches(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Problems> {
    let id = c.id("id");
    let zone = parse_zone(c.text("aware_zone").trim()).unwrap_or_else(|e| {
        c.problem("aware_zone", e.to_string());
        chrono_tz::UTC
    });
    // Times read in a zone that is not the row's would add errors of their
    // own: the zone's is the one to fix first.
    c.check()?;
    let breach = validated::<BreachKind>(c, &Context::new(now, zone))?;
    tx.breach(id, &breach)
        .map(Some)
        .map_err(|e| store_problem(e, "id"))
}

/// A notification of a breach already read: the first of each breach in the
/// file says why it is late, when it is.
pub(super) fn read_breach_notifications(
    c: &mut Cells<'_, '_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Problems> {
    let breach_id = c.reference("breach_id");
    c.check()?;
    let aware_at = tx
        .breach_aware_at(breach_id)
        .map_err(|e| store_problem(e, "breach_id"))?
        .ok_or_else(|| {
            vec![Problem::new(
                "breach_id",
                format!("no breach with id {breach_id}"),
            )]
        })?;
    let context = Context::new(now, chrono_tz::UTC);
    let n = validated::<BreachNotificationKind>(c, &context)?;
    let earlier = state.notified.entry(breach_id).or_default();
    let mut errors = FieldErrors::default();
    // A notification read back is history: one sent late without its reasons
    // is a finding of `dpo check` (breach-late-without-reason), not a reason
    // to refuse the register's own export (an awareness time corrected after
    // the notification can make it late). Recording one now asks for them.
    let recording_now = false;
    check_notification(&n, aware_at, recording_now, &context.zone, &mut errors);
    let all = with_notification(earlier, &n);
    if let Some(problem) = notification_order_problem(&all, &state.time_zone) {
        errors.push("kind", problem);
    }
    c.field_errors(errors);
    c.check()?;
    *earlier = all;
    tx.notification(breach_id, &n)
        .map(Some)
        .map_err(|e| store_problem(e, "breach_id"))
}
