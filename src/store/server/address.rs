//! Where a register on a PostgreSQL server is:
//! `postgres://USER@HOST:PORT/DB?register=NAME`, one schema per register.
//! The password never in the address (see `platform::pgpass`); TLS as libpq
//! names its modes (`sslmode=disable|prefer|require|verify-ca|verify-full`).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};

use crate::platform::pgpass::{self, Found, Target};

/// Where libpq looks for the server's socket when no host is named.
const DEFAULT_SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// Words PostgreSQL reserves: a schema of that name would need quoting in
/// every statement, so no register is called so.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "current_catalog",
    "current_date",
    "current_role",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "grant",
    "group",
    "having",
    "in",
    "initially",
    "intersect",
    "into",
    "lateral",
    "leading",
    "limit",
    "localtime",
    "localtimestamp",
    "not",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "placing",
    "primary",
    "references",
    "returning",
    "select",
    "session_user",
    "some",
    "symmetric",
    "table",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "when",
    "where",
    "window",
    "with",
];

/// The server's address `path` names, `None` for a file (an address that
/// does not read is refused, saying why).
pub fn address_in(path: &Path) -> Result<Option<ServerAddress>, crate::store::StoreError> {
    match path.to_str().filter(|p| is_server_address(p)) {
        Some(text) => ServerAddress::parse(text)
            .map(Some)
            .map_err(crate::store::StoreError::BadAddress),
        None => Ok(None),
    }
}

/// Whether `text` names a register on a server rather than a file.
pub fn is_server_address(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// How the connection is encrypted and what is checked of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    Disable,
    /// Encrypted when the server offers it, its certificate not checked (libpq's default).
    Prefer,
    /// Encrypted, the certificate not checked.
    Require,
    /// Encrypted, the certificate checked against `root` (else the system's
    /// authorities), and with `host_name` its name against the host's too.
    Verify {
        root: Option<PathBuf>,
        host_name: bool,
    },
}

/// A parsed server address.
#[derive(Debug, Clone)]
pub struct ServerAddress {
    pub(super) config: postgres::Config,
    /// The register's schema on the server.
    pub register: String,
    pub(super) tls: Tls,
    /// The address as given, for messages (it holds no password).
    shown: String,
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// A register's name: the schema that holds it.
pub fn valid_register_name(name: &str) -> Result<(), String> {
    let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !starts_with_letter || !rest_ok || name.len() > 55 {
        return Err(format!(
            "register={name:?}: a register's name on a server is 1 to 55 small letters a–z, \
             digits and _, starting with a letter (it names its schema), e.g. register=acme_as"
        ));
    }
    if RESERVED.contains(&name) {
        return Err(format!(
            "register={name}: a word PostgreSQL reserves; choose another name (e.g. {name}_as)"
        ));
    }
    if name.starts_with("pg_") || name == "public" || name == "information_schema" {
        return Err(format!(
            "register={name}: a name PostgreSQL keeps for itself"
        ));
    }
    Ok(())
}

impl ServerAddress {
    pub fn parse(text: &str) -> Result<ServerAddress, String> {
        let text = text.trim();
        if !is_server_address(text) {
            return Err(format!("{text}: not a postgres:// address"));
        }
        let (base, query) = text.split_once('?').unwrap_or((text, ""));
        refuse_password(base)?;
        let mut register = None;
        let mut mode = None;
        let mut root = None;
        let mut passed = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value)?;
            match key {
                "register" => register = Some(value),
                "sslmode" => mode = Some(value),
                "sslrootcert" => root = Some(PathBuf::from(value)),
                "password" => return Err(password_message()),
                _ => passed.push(pair),
            }
        }
        let register = register.ok_or_else(|| {
            format!("{text}: which register? add ?register=NAME (one schema per client register)")
        })?;
        valid_register_name(&register)?;
        let rest = if passed.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", passed.join("&"))
        };
        let mut config = postgres::Config::from_str(&rest)
            .map_err(|e| format!("{text}: not a PostgreSQL address: {e}"))?;
        let on_socket = !config.get_hosts().is_empty()
            && config
                .get_hosts()
                .iter()
                .all(|h| matches!(h, Host::Unix(_)));
        // Over a Unix socket there is nothing to encrypt (libpq ignores sslmode there).
        let tls = if on_socket {
            Tls::Disable
        } else {
            tls_of(mode.as_deref(), root)?
        };
        config.ssl_mode(match tls {
            Tls::Disable => SslMode::Disable,
            Tls::Prefer => SslMode::Prefer,
            _ => SslMode::Require,
        });
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .map_err(|_| format!("{text}: whose connection? write USER@ before the host"))?;
            config.user(&user);
        }
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("dpo");
        Ok(ServerAddress {
            config,
            register,
            tls,
            shown: text.to_string(),
        })
    }

    /// The address of another register on the same server and database.
    pub fn with_register(&self, name: &str) -> Result<ServerAddress, String> {
        valid_register_name(name)?;
        let shown = match self.shown.split_once("register=") {
            Some((head, tail)) => {
                let after = tail.find('&').map_or("", |i| &tail[i..]);
                format!("{head}register={name}{after}")
            }
            None => self.shown.clone(),
        };
        Ok(ServerAddress {
            register: name.to_string(),
            shown,
            ..self.clone()
        })
    }

    /// How the status bar names it: the register, the database and its host.
    pub fn label(&self) -> String {
        format!("{} · {}", self.register, self.place())
    }

    /// Where its registers are: the database and its host.
    pub fn place(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            _ => "this machine".to_string(),
        };
        let database = self.config.get_dbname().unwrap_or(self.user());
        format!("{database} on {host}")
    }

    /// The connection's user (the journal's actor is the role it logs in as).
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The password from `PGPASSWORD` or the password file, set on the
    /// connection; a note when the file was passed over.
    pub(super) fn with_password(&self) -> (postgres::Config, Option<String>) {
        let mut config = self.config.clone();
        // libpq matches a socket in its default folder as "localhost", any
        // other by the folder's path.
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            Some(Host::Unix(dir)) if !DEFAULT_SOCKET_DIRS.iter().any(|d| dir == Path::new(d)) => {
                dir.display().to_string()
            }
            _ => "localhost".to_string(),
        };
        let target = Target {
            host: &host,
            port: config.get_ports().first().copied().unwrap_or(5432),
            database: config.get_dbname().unwrap_or(self.user()),
            user: self.user(),
        };
        match pgpass::password_for(&target) {
            Found::Password(p) => {
                config.password(p);
                (config, None)
            }
            Found::None => (config, None),
            Found::FileTooOpen(file) => (
                config,
                Some(format!(
                    "{} was not read: others may read it (chmod 600 it)",
                    file.display()
                )),
            ),
        }
    }
}

fn password_message() -> String {
    "a password does not go in the address (the process list and the shell's history \
     would show it): set PGPASSWORD or put it in ~/.pgpass"
        .to_string()
}

/// Refuses `user:password@` in the address.
fn refuse_password(base: &str) -> Result<(), String> {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let authority = after_scheme.split('/').next().unwrap_or_default();
    match authority.rsplit_once('@') {
        Some((user_info, _)) if user_info.contains(':') => Err(password_message()),
        _ => Ok(()),
    }
}

/// libpq's modes. The authorities a certificate is checked against: the
/// `sslrootcert` file, else `~/.postgresql/root.crt`; `sslrootcert=system`
/// takes the system's and, as libpq, needs `verify-full` (any public
/// authority vouches for some host, so the host's name must be checked too).
fn tls_of(mode: Option<&str>, root: Option<PathBuf>) -> Result<Tls, String> {
    let system = root.as_deref() == Some(std::path::Path::new("system"));
    let mode = mode.unwrap_or(if system { "verify-full" } else { "prefer" });
    if system && mode != "verify-full" {
        return Err(format!(
            "sslrootcert=system checks the server against every public authority: \
             it needs sslmode=verify-full (not {mode})"
        ));
    }
    let root = if system {
        None
    } else {
        root.or_else(default_root)
    };
    Ok(match mode {
        "disable" => Tls::Disable,
        "allow" | "prefer" => Tls::Prefer,
        "require" if root.is_none() => Tls::Require,
        "require" | "verify-ca" => Tls::Verify {
            root: Some(root.ok_or_else(|| {
                "sslmode=verify-ca checks the server's certificate against your own authority: \
                 name it with sslrootcert=FILE (or put it in ~/.postgresql/root.crt)"
                    .to_string()
            })?),
            host_name: false,
        },
        "verify-full" if root.is_none() && !system => {
            return Err(
                "sslmode=verify-full needs the authority that signed the server's certificate: \
                 sslrootcert=FILE, ~/.postgresql/root.crt, or sslrootcert=system for a public one"
                    .to_string(),
            )
        }
        "verify-full" => Tls::Verify {
            root,
            host_name: true,
        },
        other => {
            return Err(format!(
                "sslmode={other}: one of disable, prefer, require, verify-ca, verify-full"
            ))
        }
    })
}

/// libpq's default authority file, when there is one.
fn default_root() -> Option<PathBuf> {
    let file = directories::BaseDirs::new()?
        .home_dir()
        .join(".postgresql")
        .join("root.crt");
    file.is_file().then_some(file)
}

/// `%XX` decoded (a path to a certificate may hold spaces).
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("{text}: a % not followed by two hexadecimal digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{text}: not UTF-8 once decoded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_s_address_names_user_host_port_database_and_register() {
        let a = ServerAddress::parse("postgres://dpo@db.example.no:5432/clients?register=acme")
            .unwrap();
        assert_eq!(a.register, "acme");
        assert_eq!(a.user(), "dpo");
        assert_eq!(a.config.get_dbname(), Some("clients"));
        assert_eq!(a.config.get_ports(), &[5432]);
        assert_eq!(a.tls, Tls::Prefer);
    }

    #[test]
    fn a_password_in_the_address_is_refused() {
        for text in [
            "postgres://dpo:secret@db/clients?register=acme",
            "postgres://dpo@db/clients?register=acme&password=secret",
        ] {
            let e = ServerAddress::parse(text).unwrap_err();
            assert!(e.contains("PGPASSWORD"), "{e}");
        }
    }

    #[test]
    fn the_register_is_required_and_must_name_a_schema() {
        assert!(ServerAddress::parse("postgres://dpo@db/clients")
            .unwrap_err()
            .contains("register=NAME"));
        for bad in [
            "Acme", "1acme", "acme-as", "pg_acme", "a;drop", "user", "order",
        ] {
            let text = format!("postgres://dpo@db/clients?register={bad}");
            assert!(ServerAddress::parse(&text).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_label_names_register_database_and_host() {
        let a = ServerAddress::parse("postgres://kari@db.example.no:5432/clients?register=acme")
            .unwrap();
        assert_eq!(a.label(), "acme · clients on db.example.no");
    }

    #[test]
    fn tls_modes_are_libpq_s() {
        let mode = |m: &str| {
            ServerAddress::parse(&format!("postgres://dpo@db/c?register=a&sslmode={m}"))
                .map(|a| a.tls)
        };
        assert_eq!(mode("disable").unwrap(), Tls::Disable);
        assert!(mode("sometimes").unwrap_err().contains("verify-full"));
        if default_root().is_none() {
            assert_eq!(mode("require").unwrap(), Tls::Require);
            // Checking against no authority of one's own is refused, not weakened.
            assert!(mode("verify-ca").unwrap_err().contains("sslrootcert=FILE"));
            assert!(mode("verify-full")
                .unwrap_err()
                .contains("sslrootcert=system"));
        }
        let with = |m: &str, root: &str| {
            ServerAddress::parse(&format!(
                "postgres://dpo@db/c?register=a&sslmode={m}&sslrootcert={root}"
            ))
            .map(|a| a.tls)
        };
        assert_eq!(
            with("verify-ca", "/etc/team-ca.crt").unwrap(),
            Tls::Verify {
                root: Some(PathBuf::from("/etc/team-ca.crt")),
                host_name: false
            }
        );
        assert_eq!(
            with("verify-full", "system").unwrap(),
            Tls::Verify {
                root: None,
                host_name: true
            }
        );
        assert!(with("verify-ca", "system")
            .unwrap_err()
            .contains("verify-full"));
    }

    #[test]
    fn other_parameters_reach_postgres_and_a_socket_folder_is_a_host() {
        let a = ServerAddress::parse(
            "postgres://dpo@/clients?host=%2Ftmp%2Fpg&port=54329&register=acme_as",
        )
        .unwrap();
        assert_eq!(a.register, "acme_as");
        assert_eq!(a.config.get_ports(), &[54329]);
        assert!(matches!(a.config.get_hosts().first(), Some(Host::Unix(_))));
    }

    #[test]
    fn another_register_on_the_same_server_keeps_the_rest_of_the_address() {
        let a = ServerAddress::parse("postgres://dpo@db/c?register=acme&sslmode=require").unwrap();
        let b = a.with_register("beta").unwrap();
        assert_eq!(
            b.to_string(),
            "postgres://dpo@db/c?register=beta&sslmode=require"
        );
    }
}
