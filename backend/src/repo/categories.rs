//! Request categories (Open311 "services"), scoped by town.

use protocol::requests::{AttributeDef, Category, CategoryInput, CategoryRef, Localized};

use crate::db::Tx;
use crate::on_db;
use crate::time::now;

/// A category row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: String,
    pub town_id: String,
    pub code: String,
    pub group_name: String,
    pub name_fr: String,
    pub name_en: String,
    pub description_fr: String,
    pub description_en: String,
    pub keywords: String,
    pub attributes: String,
    pub active: bool,
}

impl Row {
    /// The stored attribute definitions; the server validated them before storing.
    pub fn attributes(&self) -> Vec<AttributeDef> {
        serde_json::from_str(&self.attributes).unwrap_or_default()
    }

    pub fn name(&self) -> Localized {
        Localized {
            fr: self.name_fr.clone(),
            en: self.name_en.clone(),
        }
    }

    pub fn reference(&self) -> CategoryRef {
        CategoryRef {
            code: self.code.clone(),
            name: self.name(),
        }
    }

    pub fn to_wire(&self) -> Category {
        Category {
            code: self.code.clone(),
            group: self.group_name.clone(),
            name: self.name(),
            description: Localized {
                fr: self.description_fr.clone(),
                en: self.description_en.clone(),
            },
            keywords: self.keywords.clone(),
            attributes: self.attributes(),
            active: self.active,
        }
    }
}

const COLUMNS: &str = "id, town_id, code, group_name, name_fr, name_en, description_fr, \
                       description_en, keywords, attributes, active";

/// The town's categories, by group then French name; `active_only` hides retired ones.
pub async fn list(tx: &mut Tx, town_id: &str, active_only: bool) -> Result<Vec<Row>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from categories where town_id = $1 and (active or not $2)
         order by group_name, name_fr"
    );
    on_db!(tx, |c| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .bind(active_only)
    .fetch_all(c)
    .await)
}

pub async fn by_code(tx: &mut Tx, town_id: &str, code: &str) -> Result<Option<Row>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from categories where town_id = $1 and code = $2");
    on_db!(tx, |c| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .bind(code)
    .fetch_optional(c)
    .await)
}

pub async fn by_id(tx: &mut Tx, id: &str) -> Result<Option<Row>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from categories where id = $1");
    on_db!(tx, |c| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Inserts a category (validated by the caller). A taken code is a unique violation on
/// `categories_town_code_key`.
pub async fn insert(tx: &mut Tx, town_id: &str, input: &CategoryInput) -> Result<(), sqlx::Error> {
    let attributes = serde_json::to_string(&input.attributes).unwrap_or_else(|_| "[]".into());
    let now = now();
    on_db!(tx, |c| {
        sqlx::query(
        "insert into categories (id, town_id, code, group_name, name_fr, name_en, description_fr,
                                 description_en, keywords, attributes, active, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(town_id)
    .bind(&input.code)
    .bind(&input.group)
    .bind(&input.name.fr)
    .bind(&input.name.en)
    .bind(&input.description.fr)
    .bind(&input.description.en)
    .bind(&input.keywords)
    .bind(&attributes)
    .bind(input.active)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Replaces a category's definition (its code stays). Returns false when there is none.
pub async fn update(
    tx: &mut Tx,
    town_id: &str,
    code: &str,
    input: &CategoryInput,
) -> Result<bool, sqlx::Error> {
    let attributes = serde_json::to_string(&input.attributes).unwrap_or_else(|_| "[]".into());
    let n = on_db!(tx, |c| {
        sqlx::query(
        "update categories set group_name = $3, name_fr = $4, name_en = $5, description_fr = $6,
                description_en = $7, keywords = $8, attributes = $9, active = $10, updated_at = $11
         where town_id = $1 and code = $2"
    )
    .bind(town_id)
    .bind(code)
    .bind(&input.group)
    .bind(&input.name.fr)
    .bind(&input.name.en)
    .bind(&input.description.fr)
    .bind(&input.description.en)
    .bind(&input.keywords)
    .bind(&attributes)
    .bind(input.active)
    .bind(now())
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}
