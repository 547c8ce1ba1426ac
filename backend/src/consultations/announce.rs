//! The opening announcement. A consultation opened before its `opens_at` mails credentials at
//! once (saying when voting opens); when `opens_at` arrives, the maintenance job
//! ([`announce_due`]) tells every voter that voting is open — once: each voter's
//! `consultation_voters.announced_at` is set in the transaction that queues their mail. A
//! consultation opened at or after `opens_at` has its credential mail as announcement
//! (`announced_at` set at opening), so this job sends it nothing.
//!
//! The mails go out in throttled batches like every bulk consultation mail
//! ([`super::mail::Batches`]).

use crate::config::Settings;
use crate::db::Db;
use crate::email::consultation_messages::{self, About};
use crate::email::time;
use crate::repo::consultations as repo;
use crate::repo::towns;

use super::mail::{self, To};
use super::voting::{TownMail, language_of, title_in};

/// Queues the opening announcement of every open consultation whose `opens_at` is at or
/// before `now`, for the voters not yet told; returns how many mails were queued. Each
/// consultation is one transaction that first takes its row in status `open`, so two nodes
/// running this job at once serialise and the second finds nobody left to announce to.
pub async fn announce_due(db: &Db, settings: &Settings, now: i64) -> anyhow::Result<usize> {
    let due = {
        let mut tx = db.read().await?;
        repo::announcements_due(&mut tx, now).await?
    };
    let mut queued = 0;
    for (town_id, id) in due {
        let mut tx = db.begin().await?;
        if !repo::lock_in_status(&mut tx, &town_id, &id, "open").await? {
            continue;
        }
        let (Some(town), Some(row)) = (
            towns::by_id(&mut tx, &town_id).await?,
            repo::by_id(&mut tx, &town_id, &id).await?,
        ) else {
            continue;
        };
        let town_mail = TownMail::new(settings, &town);
        let ctx = &town_mail;
        let voters = repo::unannounced_voters(&mut tx, &id).await?;
        let (link, vote_link) = (ctx.link(&id), ctx.plain_vote_link(&id));
        for (index, v) in voters.iter().enumerate() {
            let lang = language_of(v.language.as_deref());
            let closes = time::format(row.closes_at, lang, &town.time_zone);
            let about = About {
                lang,
                town: &town.name,
                name: v.display_name.as_deref().unwrap_or(""),
                title: title_in(&row, lang),
                link: &link,
            };
            let content = consultation_messages::voting_open(&about, &closes, &vote_link);
            let to = To {
                address: &v.email,
                language: lang,
                user_id: v.user_id.as_deref(),
            };
            let at = ctx.batches.due(now, index);
            mail::enqueue_at(
                &mut tx,
                &town,
                to,
                &content,
                &ctx.mail_domain,
                now,
                at,
                false,
            )
            .await?;
        }
        repo::mark_announced(&mut tx, &id, now).await?;
        tx.commit().await?;
        tracing::info!(consultation = %id, voters = voters.len(), "opening announced");
        queued += voters.len();
    }
    Ok(queued)
}
