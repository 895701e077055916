//! The registers opened lately, most recent first, kept in the user's config
//! folder (`~/.config/dpo-workbench/recent` on Linux) so the register switcher
//! can offer them. Losing the file loses nothing but the list.

use std::path::{Path, PathBuf};

/// How many registers the list remembers.
pub const MAX: usize = 20;

/// `<config dir>/dpo-workbench/recent`, when the system has a config dir.
pub fn default_file() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("dpo-workbench").join("recent"))
}

/// The path as the status bar shows it: with ~ for the home directory.
pub fn display(path: &Path) -> String {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// The remembered registers that still exist, most recent first.
pub fn load(file: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(file)
        .map(|text| {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(PathBuf::from)
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// `opened` first, then the others in their order, without repeats, at most `MAX`.
pub fn with_opened(list: &[PathBuf], opened: &Path) -> Vec<PathBuf> {
    std::iter::once(opened.to_path_buf())
        .chain(list.iter().filter(|p| p.as_path() != opened).cloned())
        .take(MAX)
        .collect()
}

/// Puts `opened` (made absolute) at the top of the list in `file`. The list is
/// written under a temporary name and renamed, readable by the owner only.
pub fn remember(file: &Path, opened: &Path) -> std::io::Result<()> {
    let opened = std::fs::canonicalize(opened)?;
    let list = with_opened(&load(file), &opened);
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let temp = file.with_extension(format!("{}.tmp", std::process::id()));
    let text: String = list.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&temp)?, text.as_bytes())?;
    std::fs::rename(&temp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opened_register_goes_to_the_top_once_and_the_list_is_capped() {
        let list: Vec<PathBuf> = (0..MAX)
            .map(|i| PathBuf::from(format!("/c/{i}.dpo")))
            .collect();
        let again = with_opened(&list, Path::new("/c/5.dpo"));
        assert_eq!(again[0], PathBuf::from("/c/5.dpo"));
        assert_eq!(again.len(), MAX);
        assert_eq!(again.iter().filter(|p| p.ends_with("5.dpo")).count(), 1);
        let new = with_opened(&list, Path::new("/c/new.dpo"));
        assert_eq!(new.len(), MAX, "the oldest falls off");
        assert_eq!(new.last(), Some(&PathBuf::from("/c/18.dpo")));
    }

    #[test]
    fn remembering_writes_a_private_file_and_forgets_files_that_are_gone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config").join("recent");
        let a = dir.path().join("a.dpo");
        let b = dir.path().join("b.dpo");
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        remember(&file, &a).unwrap();
        remember(&file, &b).unwrap();
        assert_eq!(
            load(&file),
            [b.canonicalize().unwrap(), a.canonicalize().unwrap()]
        );
        std::fs::remove_file(&a).unwrap();
        assert_eq!(load(&file), [b.canonicalize().unwrap()]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
