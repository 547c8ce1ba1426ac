//! Registration and the confirmation of an email address.
//!
//! A registration answers the same whether or not the address has an account: a new address
//! gets the confirmation link, a known one a mail to its owner saying so.

use protocol::ErrorCode;
use protocol::api::{Language, Role};

use crate::auth::token;
use crate::config::Settings;
use crate::db::Db;
use crate::domain::{DisplayName, EmailAddress};
use crate::email::messages;
use crate::email::outbox::{self, Recipient};
use crate::error::ApiError;
use crate::repo::auth_tokens::{self, Purpose};
use crate::repo::towns::Town;
use crate::repo::users::{self, NewUser};

const VERIFY_TTL_SECS: i64 = 48 * 3600;

/// A resident's registration, checked.
#[derive(Debug)]
pub struct Registration<'a> {
    pub email: &'a EmailAddress,
    pub name: &'a DisplayName,
    /// The password's argon2 hash, computed whether or not the address is known so that both
    /// answers take the same time.
    pub password_hash: &'a str,
    pub language: Language,
}

/// Creates the account and mails its confirmation link, or mails the owner of an address that
/// has an account already. A concurrent registration of the same address counts as that.
pub async fn register(
    db: &Db,
    settings: &Settings,
    town: &Town,
    r: Registration<'_>,
) -> Result<(), ApiError> {
    let domain = settings.mail_domain();
    let mut tx = db.begin().await?;
    match users::by_email(&mut tx, &town.id, r.email.as_str()).await? {
        Some(existing) => {
            let lang = existing.language();
            let reset_link = format!("{}/forgot-password", town.public_base(settings));
            let content =
                messages::already_registered(lang, &town.name, &existing.display_name, &reset_link);
            let to = Recipient {
                address: &existing.email,
                language: lang,
                user_id: Some(&existing.id),
            };
            outbox::enqueue(&mut tx, town, to, &content, domain).await?;
        }
        None => {
            let user = users::insert(
                &mut tx,
                &NewUser {
                    town_id: &town.id,
                    email: r.email.as_str(),
                    display_name: r.name.as_str(),
                    password_hash: r.password_hash,
                    language: r.language,
                    role: Role::Resident,
                    verified: false,
                },
            )
            .await;
            let user = match user {
                Ok(user) => user,
                // A concurrent registration of the same address won the race: it sends its
                // own mail.
                Err(e) if crate::db::is_unique_violation(&e, "users_town_email_key") => {
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            let link_token = token::random_token();
            auth_tokens::insert(
                &mut tx,
                &token::digest(&link_token),
                &user.id,
                Purpose::VerifyEmail,
                VERIFY_TTL_SECS,
            )
            .await?;
            let link = town.link(settings, "verify-email", &link_token);
            let content = messages::verify_email(r.language, &town.name, r.name.as_str(), &link);
            let to = Recipient {
                address: r.email.as_str(),
                language: r.language,
                user_id: Some(&user.id),
            };
            outbox::enqueue(&mut tx, town, to, &content, domain).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Confirms the address of the account a verification link's `token` was made for; 400
/// `invalid_token` when it is unknown, spent or expired.
pub async fn verify_email(db: &Db, town: &Town, link_token: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    let user_id = auth_tokens::consume(
        &mut tx,
        &token::digest(link_token),
        Purpose::VerifyEmail,
        &town.id,
    )
    .await?
    .ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    users::mark_verified(&mut tx, &user_id).await?;
    tx.commit().await?;
    Ok(())
}
