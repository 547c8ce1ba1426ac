//! `voix serve --demo`: a small demo town with a staff member, an elected official, an
//! administrator and three residents, all with confirmed addresses, a census to verify
//! against ([`crate::demo::census`]), service requests in every state
//! ([`crate::demo::requests`]), a published consultation and an open one
//! ([`crate::demo::consultations`]). Their generated passwords
//! are printed once, at the first start; later starts leave the accounts alone.

pub mod census;
pub mod consultations;
pub mod requests;

use protocol::api::{Language, Role};

use crate::auth::{password, token};
use crate::config::Settings;
use crate::db::Db;
use crate::repo::{towns, users};

/// Demo accounts: email, display name, role.
pub const ACCOUNTS: [(&str, &str, Role); 6] = [
    ("admin@demo.voix.test", "Alice Administratrice", Role::Admin),
    ("agent@demo.voix.test", "Bruno Agent", Role::Staff),
    ("elue@demo.voix.test", "Chantal Élue", Role::Official),
    ("camille@demo.voix.test", "Camille Martin", Role::Resident),
    ("karim@demo.voix.test", "Karim Benali", Role::Resident),
    ("lea@demo.voix.test", "Léa Dubois", Role::Resident),
];

/// Seeds the demo into the default town. Returns the created logins (email, role, password),
/// empty when the demo already exists.
pub async fn seed(db: &Db, settings: &Settings) -> anyhow::Result<Vec<(String, Role, String)>> {
    let mut tx = db.begin().await?;
    let town = towns::ensure_default(&mut tx, "Ville de Démo-sur-Loire").await?;
    if users::by_email(&mut tx, &town.id, ACCOUNTS[0].0)
        .await?
        .is_some()
    {
        return Ok(Vec::new());
    }
    towns::update_branding(
        &mut tx,
        &town.id,
        Some("Ville de Démo-sur-Loire"),
        None,
        None,
        None,
    )
    .await?;
    let mut created = Vec::new();
    let mut accounts = Vec::new();
    for (email, name, role) in ACCOUNTS {
        let pass = token::random_password();
        let hash = password::hash(pass.clone()).await?;
        let user = users::insert(
            &mut tx,
            &users::NewUser {
                town_id: &town.id,
                email,
                display_name: name,
                password_hash: &hash,
                language: Language::Fr,
                role,
                verified: true,
            },
        )
        .await?;
        accounts.push(user);
        created.push((email.to_owned(), role, pass));
    }
    let residents: Vec<_> = accounts
        .iter()
        .filter(|u| u.role() == Role::Resident)
        .cloned()
        .collect();
    let staff = accounts
        .iter()
        .find(|u| u.role() == Role::Staff)
        .ok_or_else(|| anyhow::anyhow!("the demo has a staff account"))?;
    census::seed(&mut tx, &town).await?;
    requests::seed(&mut tx, settings, &town, &residents, staff).await?;
    tx.commit().await?;
    consultations::seed(db, settings, &town, &residents, staff).await?;
    Ok(created)
}
