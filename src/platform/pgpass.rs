//! The password of a PostgreSQL connection, from where libpq and `psql` take
//! it: `PGPASSWORD`, else the first matching line of the password file
//! (`PGPASSFILE`, else `~/.pgpass`). Never from the command line, where it
//! would show in the process list and the shell's history.

use std::path::{Path, PathBuf};

/// What a password is looked up for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    /// The host name, or `localhost` for a Unix-domain socket (as libpq matches it).
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// Where the password was found, or why the password file was passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Password(String),
    /// No password anywhere (the server may not ask for one).
    None,
    /// The file exists but others may read it: libpq ignores it too.
    FileTooOpen(PathBuf),
}

/// The password for `target`, from the environment or the password file.
pub fn password_for(target: &Target<'_>) -> Found {
    if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Found::Password(p);
    }
    let Some(file) = password_file() else {
        return Found::None;
    };
    if too_open(&file) {
        return Found::FileTooOpen(file);
    }
    match std::fs::read_to_string(&file) {
        Ok(text) => matching_line(&text, target).map_or(Found::None, Found::Password),
        Err(_) => Found::None,
    }
}

fn password_file() -> Option<PathBuf> {
    if let Some(f) = std::env::var_os("PGPASSFILE").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(f));
    }
    Some(directories::BaseDirs::new()?.home_dir().join(".pgpass"))
}

/// Whether the group or others may read or write the file (libpq's rule).
#[cfg(unix)]
fn too_open(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn too_open(_file: &Path) -> bool {
    false
}

/// The password of the first line that matches `target`: fields separated
/// by `:` (host, port, database, user, password; the password ends at the
/// next unescaped `:`), `*` matching anything, `\:` and `\\` standing for
/// themselves (an escaped `\*` is a star, not "anything"); `#` starts a comment.
pub fn matching_line(text: &str, target: &Target<'_>) -> Option<String> {
    let port = target.port.to_string();
    let wanted = [target.host, port.as_str(), target.database, target.user];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(fields)
        .filter(|f| f.len() >= 5)
        .find(|f| {
            f.iter()
                .zip(wanted)
                .all(|(got, want)| got.any || got.text == want)
        })
        .map(|mut f| f.swap_remove(4).text)
}

/// A field as written: its text unescaped, and whether it was a bare `*`.
struct Field {
    text: String,
    any: bool,
}

/// A line's fields, unescaped.
fn fields(line: &str) -> Vec<Field> {
    let mut out = Vec::new();
    let (mut text, mut escaped_any) = (String::new(), false);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    escaped_any = true;
                    text.push(next);
                }
            }
            ':' => {
                out.push(Field {
                    any: text == "*" && !escaped_any,
                    text: std::mem::take(&mut text),
                });
                escaped_any = false;
            }
            _ => text.push(c),
        }
    }
    out.push(Field {
        any: text == "*" && !escaped_any,
        text,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Target<'static> {
        Target {
            host: "db.example.no",
            port: 5432,
            database: "clients",
            user: "kari",
        }
    }

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text = "# team server\n\
                    other.example.no:5432:*:kari:wrong\n\
                    db.example.no:5432:clients:kari:first\n\
                    *:*:*:*:fallback\n";
        assert_eq!(matching_line(text, &acme()).as_deref(), Some("first"));
    }

    #[test]
    fn stars_match_anything_and_a_different_port_does_not_match() {
        assert_eq!(
            matching_line("*:5432:*:kari:star", &acme()).as_deref(),
            Some("star")
        );
        assert_eq!(matching_line("*:5433:*:kari:star", &acme()), None);
        assert_eq!(matching_line("*:5432:*:ola:star", &acme()), None);
    }

    #[test]
    fn escaped_colons_and_backslashes_are_part_of_a_field_and_a_colon_ends_the_password() {
        let text = r"*:*:*:kari:pa\:ss\\word:what follows is not the password";
        assert_eq!(matching_line(text, &acme()).as_deref(), Some(r"pa:ss\word"));
    }

    #[test]
    fn an_escaped_star_is_a_star_not_anything() {
        assert_eq!(matching_line(r"*:*:*:\*:secret", &acme()), None);
        let star = Target {
            user: "*",
            ..acme()
        };
        assert_eq!(
            matching_line(r"*:*:*:\*:secret", &star).as_deref(),
            Some("secret")
        );
    }

    #[test]
    fn a_line_with_too_few_fields_is_passed_over() {
        assert_eq!(matching_line("db.example.no:5432:kari", &acme()), None);
    }
}
