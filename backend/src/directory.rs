//! Staff and officials sign in with their town hall account: an LDAP directory, typically
//! Active Directory.
//!
//! The flow of [`authenticate`]: connect over LDAPS, or LDAP upgraded with StartTLS (plain LDAP
//! only when `allow_plaintext` says so), bind with the service account, find the person with
//! the configured filter (the login is escaped per RFC 4515 first, so it can only ever be a
//! value), read their groups, then bind *as them* with the password they typed. The password
//! never goes anywhere else and is never stored.
//!
//! The caller ([`crate::routes::auth::directory_login`]) maps groups to a Voix role, creates
//! or updates the account and applies the same session and second-factor rules as a password
//! login.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use ldap3::{LdapConnAsync, LdapConnSettings, Scope, SearchEntry, SearchOptions};
use protocol::api::Role;
use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use serde::Deserialize;

use crate::config::Secret;

/// The Active Directory search filter: account name, `user@domain` or email.
pub const DEFAULT_USER_FILTER: &str = "(&(objectClass=user)(|(sAMAccountName={login})\
                                       (userPrincipalName={login})(mail={login})))";

/// LDAP result code of a bind with a wrong password or an unknown DN (RFC 4511).
const RC_INVALID_CREDENTIALS: u32 = 49;
/// Active Directory's `userAccountControl` bit of a disabled account.
const UAC_ACCOUNTDISABLE: i64 = 0x2;
/// Longest login accepted (AD's UPN limit is far below).
const MAX_LOGIN_CHARS: usize = 256;

/// How a person's groups are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupSearch {
    /// Read the group DNs from an attribute of the person's entry (`memberOf` in Active
    /// Directory, or OpenLDAP with the memberof overlay).
    MemberOf,
    /// Search the groups whose `member` holds the person's DN (`groupOfNames`).
    Member,
}

/// Which directory groups give which Voix role. A person in several gets the highest
/// (admin, then official, then staff); a person in none cannot sign in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRoles {
    pub staff: Vec<String>,
    pub official: Vec<String>,
    pub admin: Vec<String>,
}

/// `[ldap]` settings.
#[derive(Debug, Clone)]
pub struct LdapSettings {
    /// `ldaps://host:636` or `ldap://host:389`.
    pub url: String,
    /// Upgrade an `ldap://` connection with StartTLS (which must succeed).
    pub starttls: bool,
    /// Accept `ldap://` without StartTLS: passwords would cross the network in clear text.
    pub allow_plaintext: bool,
    /// PEM certificate(s) to trust (the domain's CA); the system store otherwise.
    pub ca_file: Option<PathBuf>,
    /// The service account that searches; anonymous search without it.
    pub bind_dn: Option<String>,
    pub bind_password: Option<Secret>,
    pub base_dn: String,
    /// `{login}` is replaced by the RFC 4515-escaped login.
    pub user_filter: String,
    /// The stable identifier of an entry: `objectGUID` (AD, binary: stored in hex) or
    /// `entryUUID` (OpenLDAP).
    pub id_attribute: String,
    pub mail_attribute: String,
    pub display_name_attribute: String,
    pub group_search: GroupSearch,
    pub member_of_attribute: String,
    /// Where `group_search = "member"` looks (default: `base_dn`).
    pub group_base_dn: Option<String>,
    /// `{dn}` is replaced by the escaped DN of the person.
    pub group_filter: String,
    /// An integer attribute whose bit 0x2 means "account disabled" (AD's
    /// `userAccountControl`); an absent attribute means enabled.
    pub account_control_attribute: Option<String>,
    pub groups: GroupRoles,
    /// Slug of the town the directory serves; the default town otherwise.
    pub town: Option<String>,
    /// Connection and per-operation timeout.
    pub timeout: Duration,
}

impl LdapSettings {
    /// Settings for `url` and `base_dn` with every other value at its Active Directory default.
    pub fn new(url: impl Into<String>, base_dn: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            starttls: false,
            allow_plaintext: false,
            ca_file: None,
            bind_dn: None,
            bind_password: None,
            base_dn: base_dn.into(),
            user_filter: DEFAULT_USER_FILTER.to_owned(),
            id_attribute: "objectGUID".to_owned(),
            mail_attribute: "mail".to_owned(),
            display_name_attribute: "displayName".to_owned(),
            group_search: GroupSearch::MemberOf,
            member_of_attribute: "memberOf".to_owned(),
            group_base_dn: None,
            group_filter: "(member={dn})".to_owned(),
            account_control_attribute: Some("userAccountControl".to_owned()),
            groups: GroupRoles::default(),
            town: None,
            timeout: Duration::from_secs(10),
        }
    }

    /// Refuses settings that cannot work or would be unsafe; called at start.
    pub fn validate(&self) -> anyhow::Result<()> {
        let scheme = self
            .url
            .split_once("://")
            .map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("ldaps") if self.starttls => {
                bail!("[ldap] starttls applies to ldap:// URLs, not ldaps://")
            }
            Some("ldaps") => {}
            Some("ldap") if self.starttls || self.allow_plaintext => {}
            Some("ldap") => bail!(
                "[ldap] refusing plain LDAP: passwords would cross the network in clear text. \
                 Use ldaps://, or starttls = true, or (only on a trusted link) allow_plaintext = true"
            ),
            _ => bail!("[ldap] url must start with ldaps:// or ldap://"),
        }
        if self.base_dn.trim().is_empty() {
            bail!("[ldap] base_dn is empty");
        }
        if !self.user_filter.contains("{login}") {
            bail!("[ldap] user_filter must contain {{login}}");
        }
        if self.group_search == GroupSearch::Member && !self.group_filter.contains("{dn}") {
            bail!("[ldap] group_filter must contain {{dn}}");
        }
        let g = &self.groups;
        if g.staff.is_empty() && g.official.is_empty() && g.admin.is_empty() {
            bail!("[ldap.groups] maps no group to a role: nobody could sign in");
        }
        if self.bind_dn.is_some() != self.bind_password.is_some() {
            bail!("[ldap] bind_dn and bind_password go together");
        }
        // An empty simple-bind password is an unauthenticated bind, which servers accept.
        if self
            .bind_password
            .as_ref()
            .is_some_and(|p| p.expose().is_empty())
        {
            bail!("[ldap] bind_password must not be empty");
        }
        if self.uses_tls() {
            self.tls_config()?;
        }
        Ok(())
    }

    fn uses_tls(&self) -> bool {
        self.starttls || self.url.to_ascii_lowercase().starts_with("ldaps://")
    }

    /// rustls with the ring provider, trusting `ca_file` or else the system's certificates.
    fn tls_config(&self) -> anyhow::Result<Arc<rustls::ClientConfig>> {
        let mut roots = RootCertStore::empty();
        match &self.ca_file {
            Some(path) => {
                let pem = std::fs::read(path)
                    .with_context(|| format!("cannot read LDAP CA file {}", path.display()))?;
                for cert in CertificateDer::pem_slice_iter(&pem) {
                    roots
                        .add(cert.context("invalid LDAP CA file")?)
                        .context("invalid LDAP CA certificate")?;
                }
                if roots.is_empty() {
                    bail!("LDAP CA file {} holds no certificate", path.display());
                }
            }
            None => {
                for cert in rustls_native_certs::load_native_certs().certs {
                    let _ = roots.add(cert);
                }
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }

    /// Whether the directory serves this town: the one named by `town`, else the default one.
    pub fn serves(&self, slug: &str, is_default: bool) -> bool {
        match &self.town {
            Some(town) => town == slug,
            None => is_default,
        }
    }

    /// The highest role the groups give, if any.
    pub fn role_of(&self, groups: &[String]) -> Option<Role> {
        let groups: Vec<String> = groups.iter().map(|g| normalize_dn(g)).collect();
        let member = |mapped: &[String]| mapped.iter().any(|m| groups.contains(&normalize_dn(m)));
        if member(&self.groups.admin) {
            Some(Role::Admin)
        } else if member(&self.groups.official) {
            Some(Role::Official)
        } else if member(&self.groups.staff) {
            Some(Role::Staff)
        } else {
            None
        }
    }
}

/// Why a directory login failed.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// Unknown login, wrong password, empty password, or a login matching several entries:
    /// one answer for all, so nothing is revealed.
    #[error("invalid directory credentials")]
    InvalidCredentials,
    /// The directory disabled this person (Active Directory `userAccountControl`). Decided
    /// before the password bind, which AD refuses for disabled accounts: the caller disables
    /// the Voix account with that directory id and answers as for invalid credentials.
    #[error("disabled in the directory")]
    DisabledInDirectory { id: String },
    /// The directory cannot be reached, TLS failed, it timed out or refused the service
    /// account. The cause is for the log only.
    #[error("directory unavailable: {0:#}")]
    Unavailable(anyhow::Error),
}

/// What the directory says about the person who just proved their password.
#[derive(Debug, Clone)]
pub struct DirectoryPerson {
    pub dn: String,
    /// Stable across renames: the account is found again by it.
    pub id: String,
    pub mail: Option<String>,
    pub display_name: Option<String>,
    /// DNs of the person's groups.
    pub groups: Vec<String>,
    /// The directory marks the account disabled.
    pub disabled: bool,
}

/// Escapes a value for an LDAP search filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become
/// `\2a`, `\28`, `\29`, `\5c` and `\00`, so the value can only ever match itself.
pub fn escape_filter_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '*' => out.push_str("\\2a"),
            '(' => out.push_str("\\28"),
            ')' => out.push_str("\\29"),
            '\\' => out.push_str("\\5c"),
            '\0' => out.push_str("\\00"),
            c => out.push(c),
        }
    }
    out
}

/// A DN in a comparable form: lowercase, no spaces around `,` and `=`. Enough for the DNs a
/// directory hands back and an administrator types (not a full RFC 4514 canonicalisation).
pub fn normalize_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| rdn.split('=').map(str::trim).collect::<Vec<_>>().join("="))
        .collect::<Vec<_>>()
        .join(",")
        .to_lowercase()
}

fn unavailable(e: impl Into<anyhow::Error>) -> DirectoryError {
    DirectoryError::Unavailable(e.into())
}

/// The values of `name` (attribute names are case-insensitive).
fn values<'a>(entry: &'a SearchEntry, name: &str) -> Option<&'a Vec<String>> {
    entry
        .attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn first(entry: &SearchEntry, name: &str) -> Option<String> {
    values(entry, name)
        .and_then(|v| v.first())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The stable id: binary values (AD's objectGUID) in hex, text values as they are.
fn stable_id(entry: &SearchEntry, name: &str) -> Option<String> {
    let binary = entry
        .bin_attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.first())
        .map(hex::encode);
    let text = || {
        first(entry, name).map(|s| {
            if name.eq_ignore_ascii_case("objectGUID") {
                hex::encode(s.as_bytes())
            } else {
                s
            }
        })
    };
    binary.or_else(text)
}

/// Checks `login` and `password` against the directory and returns the person.
pub async fn authenticate(
    settings: &LdapSettings,
    login: &str,
    password: &str,
) -> Result<DirectoryPerson, DirectoryError> {
    let login = login.trim();
    // An empty password would make a simple bind "unauthenticated" (RFC 4513 §5.1.2), which
    // many servers accept: never send one.
    if login.is_empty() || password.is_empty() || login.chars().count() > MAX_LOGIN_CHARS {
        return Err(DirectoryError::InvalidCredentials);
    }
    let timeout = settings.timeout;
    let mut conn_settings = LdapConnSettings::new()
        .set_conn_timeout(timeout)
        .set_starttls(settings.starttls);
    if settings.uses_tls() {
        conn_settings = conn_settings.set_config(settings.tls_config().map_err(unavailable)?);
    }
    let (conn, mut ldap) = LdapConnAsync::with_settings(conn_settings, &settings.url)
        .await
        .map_err(|e| {
            unavailable(anyhow!(e).context(format!("cannot connect to {}", settings.url)))
        })?;
    ldap3::drive!(conn);

    // 1. The service account (or anonymous) searches.
    let (bind_dn, bind_password) = match (&settings.bind_dn, &settings.bind_password) {
        (Some(dn), Some(pw)) => (dn.as_str(), pw.expose()),
        _ => ("", ""),
    };
    let bound = ldap
        .with_timeout(timeout)
        .simple_bind(bind_dn, bind_password)
        .await
        .map_err(unavailable)?;
    if bound.rc != 0 {
        return Err(unavailable(anyhow!(
            "the directory refused the service account {bind_dn:?} (result {}: {})",
            bound.rc,
            bound.text
        )));
    }

    let filter = settings
        .user_filter
        .replace("{login}", &escape_filter_value(login));
    let mut attrs = vec![
        settings.id_attribute.as_str(),
        settings.mail_attribute.as_str(),
        settings.display_name_attribute.as_str(),
    ];
    if settings.group_search == GroupSearch::MemberOf {
        attrs.push(settings.member_of_attribute.as_str());
    }
    if let Some(uac) = &settings.account_control_attribute {
        attrs.push(uac.as_str());
    }
    let found = ldap
        .with_timeout(timeout)
        .with_search_options(SearchOptions::new().sizelimit(2))
        .search(&settings.base_dn, Scope::Subtree, &filter, attrs)
        .await
        .map_err(unavailable)?;
    // 4 = sizeLimitExceeded: the login matches several people; 32 = noSuchObject (none).
    match found.1.rc {
        0 | 4 | 32 => {}
        rc => {
            return Err(unavailable(anyhow!(
                "user search failed (result {rc}: {})",
                found.1.text
            )));
        }
    }
    let mut entries: Vec<SearchEntry> = found
        .0
        .into_iter()
        .filter(|e| !e.is_ref() && !e.is_intermediate())
        .map(SearchEntry::construct)
        .collect();
    if entries.len() > 1 {
        tracing::warn!(
            matches = entries.len(),
            "a directory login matches several entries; refused"
        );
        return Err(DirectoryError::InvalidCredentials);
    }
    let Some(entry) = entries.pop() else {
        let _ = ldap.unbind().await;
        return Err(DirectoryError::InvalidCredentials);
    };
    let id = stable_id(&entry, &settings.id_attribute).ok_or_else(|| {
        unavailable(anyhow!(
            "the directory entry has no {} (id_attribute)",
            settings.id_attribute
        ))
    })?;
    let disabled = settings
        .account_control_attribute
        .as_deref()
        .and_then(|a| first(&entry, a))
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|uac| uac & UAC_ACCOUNTDISABLE != 0);

    let groups = match settings.group_search {
        GroupSearch::MemberOf => values(&entry, &settings.member_of_attribute)
            .cloned()
            .unwrap_or_default(),
        GroupSearch::Member => {
            let filter = settings
                .group_filter
                .replace("{dn}", &escape_filter_value(&entry.dn));
            let base = settings
                .group_base_dn
                .as_deref()
                .unwrap_or(&settings.base_dn);
            let result = ldap
                .with_timeout(timeout)
                .search(base, Scope::Subtree, &filter, vec!["1.1"])
                .await
                .map_err(unavailable)?;
            if result.1.rc != 0 && result.1.rc != 32 {
                return Err(unavailable(anyhow!(
                    "group search failed (result {}: {})",
                    result.1.rc,
                    result.1.text
                )));
            }
            result
                .0
                .into_iter()
                .filter(|e| !e.is_ref() && !e.is_intermediate())
                .map(|e| SearchEntry::construct(e).dn)
                .collect()
        }
    };

    if disabled {
        let _ = ldap.unbind().await;
        return Err(DirectoryError::DisabledInDirectory { id });
    }

    // 2. The person proves their password by binding as themselves.
    let proof = ldap
        .with_timeout(timeout)
        .simple_bind(&entry.dn, password)
        .await
        .map_err(unavailable)?;
    let _ = ldap.unbind().await;
    match proof.rc {
        0 => {}
        RC_INVALID_CREDENTIALS => return Err(DirectoryError::InvalidCredentials),
        rc => {
            return Err(unavailable(anyhow!(
                "the user bind failed (result {rc}: {})",
                proof.text
            )));
        }
    }
    Ok(DirectoryPerson {
        id,
        mail: first(&entry, &settings.mail_attribute),
        display_name: first(&entry, &settings.display_name_attribute),
        dn: entry.dn,
        groups,
        disabled,
    })
}

/// A string or a list of strings (`staff = "CN=…"` or `staff = ["CN=…", "CN=…"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s],
            Self::Many(v) => v,
        }
    }
}

/// `[ldap.groups]` of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileGroups {
    pub staff: Option<OneOrMany>,
    pub official: Option<OneOrMany>,
    pub admin: Option<OneOrMany>,
}

/// `[ldap]` section of the configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLdap {
    pub url: String,
    pub starttls: Option<bool>,
    pub allow_plaintext: Option<bool>,
    pub ca_file: Option<PathBuf>,
    pub bind_dn: Option<String>,
    pub bind_password: Option<Secret>,
    pub base_dn: String,
    pub user_filter: Option<String>,
    pub id_attribute: Option<String>,
    pub mail_attribute: Option<String>,
    pub display_name_attribute: Option<String>,
    pub group_search: Option<GroupSearch>,
    pub member_of_attribute: Option<String>,
    pub group_base_dn: Option<String>,
    pub group_filter: Option<String>,
    /// `""` turns the disabled-account check off.
    pub account_control_attribute: Option<String>,
    pub town: Option<String>,
    pub timeout_seconds: Option<u64>,
    #[serde(default)]
    pub groups: FileGroups,
}

impl FileLdap {
    pub fn into_settings(self) -> LdapSettings {
        let mut s = LdapSettings::new(self.url, self.base_dn);
        s.starttls = self.starttls.unwrap_or(false);
        s.allow_plaintext = self.allow_plaintext.unwrap_or(false);
        s.ca_file = self.ca_file;
        s.bind_dn = self.bind_dn;
        s.bind_password = self.bind_password;
        if let Some(v) = self.user_filter {
            s.user_filter = v;
        }
        if let Some(v) = self.id_attribute {
            s.id_attribute = v;
        }
        if let Some(v) = self.mail_attribute {
            s.mail_attribute = v;
        }
        if let Some(v) = self.display_name_attribute {
            s.display_name_attribute = v;
        }
        if let Some(v) = self.group_search {
            s.group_search = v;
        }
        if let Some(v) = self.member_of_attribute {
            s.member_of_attribute = v;
        }
        s.group_base_dn = self.group_base_dn;
        if let Some(v) = self.group_filter {
            s.group_filter = v;
        }
        if let Some(v) = self.account_control_attribute {
            s.account_control_attribute = (!v.is_empty()).then_some(v);
        }
        s.town = self.town;
        if let Some(secs) = self.timeout_seconds {
            s.timeout = Duration::from_secs(secs.max(1));
        }
        let list = |g: Option<OneOrMany>| g.map(OneOrMany::into_vec).unwrap_or_default();
        s.groups = GroupRoles {
            staff: list(self.groups.staff),
            official: list(self.groups.official),
            admin: list(self.groups.admin),
        };
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_are_escaped_per_rfc_4515() {
        assert_eq!(escape_filter_value("amartin"), "amartin");
        assert_eq!(escape_filter_value("*"), "\\2a");
        assert_eq!(escape_filter_value("("), "\\28");
        assert_eq!(escape_filter_value(")"), "\\29");
        assert_eq!(escape_filter_value("\\"), "\\5c");
        assert_eq!(escape_filter_value("\0"), "\\00");
        assert_eq!(
            escape_filter_value("*)(uid=*))(|(uid=*"),
            "\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a"
        );
        // Non-ASCII text passes through as UTF-8, as RFC 4515 allows.
        assert_eq!(escape_filter_value("élodie"), "élodie");
        let filter = DEFAULT_USER_FILTER.replace("{login}", &escape_filter_value("a*)(x=1"));
        assert!(filter.contains("(sAMAccountName=a\\2a\\29\\28x=1)"));
    }

    #[test]
    fn the_highest_mapped_group_gives_the_role() {
        let mut s = LdapSettings::new("ldaps://dc", "DC=mairie,DC=local");
        s.groups.staff = vec!["CN=Voix-Agents,OU=Groups,DC=mairie,DC=local".into()];
        s.groups.official = vec!["CN=Elus, OU=Groups, DC=mairie, DC=local".into()];
        let agent = vec!["cn=voix-agents,ou=groups,dc=mairie,dc=local".to_owned()];
        assert_eq!(s.role_of(&agent), Some(Role::Staff));
        let both = vec![
            "CN=Voix-Agents,OU=Groups,DC=mairie,DC=local".to_owned(),
            "CN=Elus,OU=Groups,DC=mairie,DC=local".to_owned(),
        ];
        assert_eq!(s.role_of(&both), Some(Role::Official));
        assert_eq!(s.role_of(&["CN=Other,DC=mairie,DC=local".into()]), None);
        assert_eq!(s.role_of(&[]), None);
    }

    #[test]
    fn plain_ldap_is_refused_unless_allowed() {
        let mut s = LdapSettings::new("ldap://dc:389", "DC=mairie,DC=local");
        s.groups.staff = vec!["CN=Voix-Agents,DC=mairie,DC=local".into()];
        let err = s.validate().unwrap_err().to_string();
        assert!(err.contains("refusing plain LDAP"), "{err}");
        s.allow_plaintext = true;
        s.validate().unwrap();
        s.url = "ldaps://dc:636".into();
        s.starttls = true;
        assert!(s.validate().is_err());
        s.url = "http://dc".into();
        s.starttls = false;
        assert!(s.validate().is_err());
    }

    #[test]
    fn file_section_parses_an_active_directory_example() {
        let file: FileLdap = toml::from_str(
            r#"
            url = "ldaps://dc1.mairie.local:636"
            base_dn = "DC=mairie,DC=local"
            bind_dn = "CN=svc-voix,OU=Services,DC=mairie,DC=local"
            bind_password = "hunter2"
            [groups]
            staff = "CN=Voix-Agents,OU=Groups,DC=mairie,DC=local"
            official = ["CN=Elus,OU=Groups,DC=mairie,DC=local", "CN=Adjoints,OU=Groups,DC=mairie,DC=local"]
            "#,
        )
        .unwrap();
        let s = file.into_settings();
        assert_eq!(s.groups.official.len(), 2);
        assert_eq!(s.user_filter, DEFAULT_USER_FILTER);
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(toml::from_str::<FileLdap>("url = \"x\"\nbase_dn = \"y\"\nbogus = 1").is_err());
    }
}
