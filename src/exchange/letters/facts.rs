//! The facts a letter is drafted from, read from the register and worded in
//! the letter's language. A fact the register does not hold is `null`, so the
//! template names it as a gap (`x or gap("…")`) instead of inventing it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::domain::authorities::default_authority;
use crate::domain::letter::{
    authority_in_letter, breach_type_words, cause_words, channel_words, count_words,
    deadline_rule_words, letter_date, letter_time, retention_words, right_words, risk_words, Lang,
};
use crate::domain::organisation::Organisation;
use crate::domain::request::{DeadlineSettings, IdModel, RequestStatus};
use crate::domain::transfer::TransferTool;
use crate::exchange::tool_words;
use crate::store::{ActivityRow, BreachRow, RequestRow};

/// Text the register holds, or `null` where it holds none.
pub(super) fn given(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        Value::Null
    } else {
        Value::from(text)
    }
}

/// A "where applicable" text: `null` also when it says there is none (the
/// register's way of recording that the point was considered).
fn applicable(text: &str) -> Value {
    let none = ["none", "ingen", "inga", "n/a", "-"];
    if none.iter().any(|n| text.trim().eq_ignore_ascii_case(n)) {
        Value::Null
    } else {
        given(text)
    }
}

fn maybe<T>(value: Option<T>, word: impl FnOnce(T) -> String) -> Value {
    value.map_or(Value::Null, |v| Value::from(word(v)))
}

/// The organisation, its DPO and the authority of its jurisdiction.
pub(super) fn sender(org: &Organisation, lang: Lang, today: chrono::NaiveDate) -> Value {
    let dpo = [&org.dpo_name, &org.dpo_email, &org.dpo_phone]
        .iter()
        .any(|s| !s.trim().is_empty())
        .then(|| {
            json!({
                "name": given(&org.dpo_name),
                "email": given(&org.dpo_email),
                "phone": given(&org.dpo_phone),
            })
        });
    // Where people reach the organisation about their data: its DPO, else
    // its general address.
    let contact = [
        &org.dpo_email,
        &org.contact_email,
        &org.dpo_phone,
        &org.contact_phone,
    ]
    .into_iter()
    .map(|s| s.trim())
    .find(|s| !s.is_empty())
    .map_or(Value::Null, Value::from);
    let authority = default_authority(org.jurisdiction_code()).map(|a| {
        let a = authority_in_letter(a);
        json!({
            "name": a.name,
            "website": a.website,
            "postal": a.postal,
            "complaints": a.complaints,
        })
    });
    json!({
        "lang": lang.code(),
        "today": letter_date(today, lang),
        "org": {
            "name": given(&org.name),
            "org_number": given(&org.org_number),
            "address": given(&org.address),
            "email": given(&org.contact_email),
            "phone": given(&org.contact_phone),
            "website": given(&org.website),
            "dpo": dpo,
            "contact": contact,
            // Transfers are "outside the UK" under the UK GDPR, else outside the EU/EEA.
            "uk": org.jurisdiction.is_some_and(|j| j.is_uk()),
        },
        "authority": authority,
        "courts": crate::domain::letter::courts_words(lang),
    })
}

/// A request with the dates the register computed for it and the rule behind them.
pub(super) fn request(
    row: &RequestRow,
    settings: &DeadlineSettings,
    lang: Lang,
    today: chrono::NaiveDate,
) -> Value {
    let r = &row.request;
    let date = |d| letter_date(d, lang);
    // The days the clock stood still, as the deadline engine counted them.
    let counted_on = |day| r.deadlines(settings, day).map_or(0, |d| d.paused_days);
    let paused_days = counted_on(today);
    // An open pause the engine counts (not a UK restart, not one opened too
    // late): each day more moves the dates, which the letter says.
    let moving = today
        .succ_opt()
        .is_some_and(|tomorrow| counted_on(tomorrow) > paused_days);
    let waiting_since = r
        .pauses
        .iter()
        .find(|p| p.answered_on.is_none())
        .filter(|_| moving)
        .map(|p| (date(p.requested_on), date(today)));
    let extended = r.status == RequestStatus::Extended || r.extension_notice_sent_on.is_some();
    let channel = channel_words(r.channel, lang);
    json!({
        "reference": r.reference,
        "subject": given(&r.subject_ref),
        "right": right_words(r.right, lang),
        "right_code": r.right.code(),
        "received": date(r.received_on),
        "channel": given(channel),
        "deadline": date(row.deadline),
        "extension_notice_by": date(row.extension_notice_by),
        "extended_deadline": date(row.extended_deadline),
        "due": date(row.due_on),
        "promised": maybe(row.promised_on, date),
        "rule": deadline_rule_words(
            lang,
            settings.jurisdiction.is_none(),
            paused_days,
            waiting_since
                .as_ref()
                .map(|(since, on)| (since.as_str(), on.as_str())),
        ),
        "register_rule": row.rule,
        "extended": extended,
        "extension_reason": given(&r.extension_reason),
        "notice_sent_on": maybe(r.extension_notice_sent_on, date),
        "refusal_reason": given(&r.refusal_reason),
        "identity_requested_on": maybe(r.identity_requested_on, date),
        // Identity received restarts the month (UK Art. 12A) rather than
        // ending a pause (the register's setting).
        "id_restarts": settings.id_model == IdModel::Restart,
        "status": r.status.code(),
        "representative": r.representative,
    })
}

/// The activities an access answer draws on, each with what Art. 15(1)(a)–(h)
/// and 15(2) ask for.
pub(super) fn activities(rows: &[ActivityRow], lang: Lang) -> Value {
    let list: Vec<Value> = rows.iter().map(|row| activity(row, lang)).collect();
    Value::from(list)
}

fn activity(row: &ActivityRow, lang: Lang) -> Value {
    let a = &row.activity;
    let data: Vec<Value> = a
        .data_categories
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "special": c.special.is_some(),
                "criminal": c.criminal,
                "retention": maybe(c.retention.as_ref(), |r| retention_words(r, lang)),
            })
        })
        .collect();
    let recipients: Vec<Value> = row
        .processors
        .iter()
        .map(|(_, name, country)| json!({"name": name, "country": country_words(country)}))
        .collect();
    let transfers: Vec<Value> = row
        .transfers
        .iter()
        .filter(|(_, _, tool)| *tool != TransferTool::InsideEea)
        .map(|(name, country, tool)| {
            json!({
                "recipient": name,
                "country": country_words(country),
                "tool": tool_in(*tool, lang),
            })
        })
        .collect();
    json!({
        "name": a.name,
        "purposes": given(&a.purposes),
        "subjects": given(&a.subject_categories),
        "data": data,
        "recipients": recipients,
        "other_recipients": applicable(&a.other_recipients),
        "transfers": transfers,
        "other_transfers": applicable(&a.other_transfers),
        "source": given(&a.source),
        // WP248's criterion "automated decisions with legal or similarly
        // significant effect" (Art. 22), as the register records it.
        "automated_decisions": a.dpia_criteria[1],
    })
}

fn country_words(code: &str) -> String {
    crate::domain::country::country_name(code)
        .map_or_else(|| code.to_string(), |name| format!("{name} ({code})"))
}

fn tool_in(tool: TransferTool, lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => tool_words::norwegian(tool),
        Lang::Sv => tool_words::swedish(tool),
        Lang::En => tool.label(),
    }
}

/// A breach with its 72-hour clock, whether (and why) notice came late, and
/// for a breach as processor the controller to tell.
pub(super) fn breach(row: &BreachRow, zone: &Tz, lang: Lang, now: DateTime<Utc>) -> Value {
    let b = &row.breach;
    let time = |t: DateTime<Utc>| letter_time(t, zone, lang);
    let count = |n: Option<i64>| maybe(n, |n| count_words(n, lang));
    let types = breach_type_words(lang);
    let kinds: Vec<&str> = [b.confidentiality, b.integrity, b.availability]
        .iter()
        .zip(types)
        .filter_map(|(on, word)| on.then_some(word))
        .collect();
    let deadline = b.deadline();
    let first_notice = row.notifications.iter().map(|n| n.sent_at).min();
    // Late is judged when the authority was told, or now while it is not.
    let judged_at = first_notice.unwrap_or(now);
    let hours_late = (judged_at > deadline).then(|| (judged_at - deadline).num_hours().max(1));
    // The first given of a text the notifications hold.
    let first_given = |text: fn(&crate::domain::breach::Notification) -> &str| {
        row.notifications
            .iter()
            .map(|n| text(n).trim())
            .find(|t| !t.is_empty())
            .map_or(Value::Null, Value::from)
    };
    let delay_reason = first_given(|n| &n.delay_reason);
    // The authority's case number, once it gave one: what a further letter cites.
    let their_reference = first_given(|n| &n.reference);
    let notifications: Vec<Value> = row
        .notifications
        .iter()
        .map(|n| {
            json!({
                "authority": n.authority,
                "sent_at": time(n.sent_at),
                "reference": given(&n.reference),
            })
        })
        .collect();
    let controller = row.controller.as_ref().map(|c| {
        json!({
            "name": given(&c.name),
            "within_hours": c.within_hours,
            "contact": Value::Null,
            "deadline": maybe(c.deadline(b.aware_at), time),
        })
    });
    json!({
        "id": row.id,
        "title": b.title,
        "types": kinds,
        "aware_at": time(b.aware_at),
        "detected_at": maybe(b.detected_at, time),
        "occurred": given(&b.occurred),
        "ongoing": b.ongoing,
        "cause": cause_words(b.cause, lang),
        "discovered_how": given(&b.discovered_how),
        "description": given(&b.description),
        "systems": given(&b.systems),
        "data_categories": given(&b.data_categories),
        "special_categories": b.special_categories,
        "criminal_data": b.criminal_data,
        "approx_records": count(b.approx_records),
        "approx_subjects": count(b.approx_subjects),
        "subject_categories": given(&b.subject_categories),
        "consequences": given(&b.likely_consequences),
        "risk": b.risk_level.code(),
        "risk_words": risk_words(b.risk_level, lang),
        "risk_rationale": given(&b.risk_rationale),
        "measures_before": given(&b.measures_before),
        "containment": given(&b.containment),
        "mitigation": given(&b.mitigation),
        "deadline": time(deadline),
        "hours_late": hours_late,
        "delay_reason": delay_reason,
        "notifications": notifications,
        "their_reference": their_reference,
        "subjects_told_at": maybe(b.subjects_told_at, time),
        "subjects_told_how": given(&b.subjects_told_how),
        "as_processor": b.as_processor(),
        "processor": row.processor_name.as_deref().map_or(Value::Null, given),
        "controller": controller,
        "activities": row.activities.iter().map(|(_, name)| name.clone()).collect::<Vec<_>>(),
    })
}
