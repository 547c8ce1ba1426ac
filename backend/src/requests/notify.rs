//! Who is emailed about a request, in which language, with which `Reply-To`.
//!
//! Public events reach the reporter and the followers, each in their own language; internal
//! notes reach nobody. When inbound email is configured, the messages to the reporter carry a
//! `Reply-To` with the request's reply token so that an answer becomes a comment.

use protocol::api::Language;
use protocol::requests::RequestStatus;

use super::Ctx;
use crate::db::Tx;
use crate::email::outbox::{self, Recipient, ReplyTo};
use crate::email::time;
use crate::email::{messages::EmailContent, request_messages as m};
use crate::repo::categories;
use crate::repo::requests::{self as repo, Request};
use crate::repo::users::{self, User};

/// One person to notify.
struct Person {
    user_id: Option<String>,
    email: String,
    name: String,
    language: Language,
    /// The person filed the request (otherwise they follow it).
    reporter: bool,
    /// The reporter may answer by email; followers may not (they cannot comment).
    can_reply: bool,
}

async fn reporter(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
) -> Result<Option<Person>, sqlx::Error> {
    if let Some(id) = &request.reporter_id {
        let user = users::by_id(tx, &ctx.town.id, id).await?;
        return Ok(user.filter(|u| !u.disabled).map(|u| Person {
            user_id: Some(u.id.clone()),
            email: u.email.clone(),
            name: u.display_name.clone(),
            language: u.language(),
            reporter: true,
            can_reply: true,
        }));
    }
    // An Open311 filing with a contact address: no account, so no reply by email.
    Ok(request.contact_email.as_ref().map(|email| Person {
        user_id: None,
        email: email.clone(),
        name: request.contact_name.clone().unwrap_or_default(),
        language: Language::parse(&request.language).unwrap_or_default(),
        reporter: true,
        can_reply: false,
    }))
}

async fn send(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    to: &Person,
    content: &EmailContent,
) -> anyhow::Result<()> {
    let recipient = Recipient {
        address: &to.email,
        language: to.language,
        user_id: to.user_id.as_deref(),
    };
    match (&ctx.settings.imap, to.can_reply) {
        (Some(imap), true) => {
            let reply_to = ReplyTo {
                address: imap.reply_address_for(&request.reply_token),
                token: request.reply_token.clone(),
            };
            outbox::enqueue_with_reply_to(
                tx,
                ctx.town,
                recipient,
                content,
                ctx.mail_domain,
                &reply_to,
            )
            .await
        }
        _ => outbox::enqueue(tx, ctx.town, recipient, content, ctx.mail_domain).await,
    }
}

fn about<'a>(
    ctx: Ctx<'a>,
    request: &'a Request,
    person: &'a Person,
    link: &'a str,
) -> m::About<'a> {
    m::About {
        lang: person.language,
        town: &ctx.town.name,
        name: &person.name,
        number: &request.number,
        link,
        reporter: person.reporter,
        can_reply: person.can_reply && ctx.settings.imap.is_some(),
    }
}

/// The confirmation of a filing, to the reporter.
pub async fn filed(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    category: &categories::Row,
) -> anyhow::Result<()> {
    let Some(person) = reporter(tx, ctx, request).await? else {
        return Ok(());
    };
    let link = ctx.link(&request.number);
    let content = m::filed(
        &about(ctx, request, &person, &link),
        category.name().get(person.language),
    );
    send(tx, ctx, request, &person, &content).await
}

/// A status change (`Some(status)`, with its reason) or a public message, to the reporter and
/// every follower; `reopen_until` (a resolved or closed request) is told to the reporter.
pub async fn public_update(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    new_status: Option<RequestStatus>,
    message: &str,
    reopen_until: Option<i64>,
) -> anyhow::Result<()> {
    let mut people = Vec::new();
    if let Some(p) = reporter(tx, ctx, request).await? {
        people.push(p);
    }
    for (id, email, name, language) in repo::followers(tx, &request.id).await? {
        if request.reporter_id.as_deref() == Some(id.as_str()) {
            continue;
        }
        people.push(Person {
            user_id: Some(id),
            email,
            name,
            language: Language::parse(&language).unwrap_or_default(),
            reporter: false,
            can_reply: false,
        });
    }
    for person in &people {
        let reopen_until =
            reopen_until.map(|t| time::format(t, person.language, &ctx.town.time_zone));
        let link = ctx.link(&request.number);
        let content = m::updated(
            &about(ctx, request, person, &link),
            new_status,
            message,
            reopen_until.as_deref(),
        );
        send(tx, ctx, request, person, &content).await?;
    }
    Ok(())
}

fn person_of(user: &User) -> Person {
    Person {
        user_id: Some(user.id.clone()),
        email: user.email.clone(),
        name: user.display_name.clone(),
        language: user.language(),
        reporter: false,
        can_reply: false,
    }
}

/// Tells the author that moderation hid their content.
pub async fn content_hidden(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    author: &User,
    reason: &str,
) -> anyhow::Result<()> {
    let person = Person {
        reporter: request.reporter_id.as_deref() == Some(author.id.as_str()),
        ..person_of(author)
    };
    let link = ctx.link(&request.number);
    let content = m::content_hidden(&about(ctx, request, &person, &link), reason);
    send(tx, ctx, request, &person, &content).await
}

/// Tells a resident they were blocked (`Some(reason)`) or unblocked.
pub async fn blocked(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    user: &User,
    reason: Option<&str>,
) -> anyhow::Result<()> {
    let person = person_of(user);
    let content = m::blocked(
        person.language,
        &ctx.town.name,
        &person.name,
        reason,
        &format!("{}/requests", ctx.town.public_base(ctx.settings)),
    );
    let recipient = Recipient {
        address: &person.email,
        language: person.language,
        user_id: person.user_id.as_deref(),
    };
    outbox::enqueue(tx, ctx.town, recipient, &content, ctx.mail_domain).await
}
