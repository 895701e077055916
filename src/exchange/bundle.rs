//! The auditor bundle: every table as CSV in both profiles, read at one
//! moment, with a manifest (organisation, schema, the journal's head hash,
//! each file's SHA-256 and record count), a `SHA256SUMS` that `sha256sum -c`
//! accepts, and a README for the auditor. `verify_bundle` checks one without
//! trusting anything in it but the hashes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

use super::export::{create_private_dir, export_into, write_atomically, ExportOptions};
use super::profile::Profile;
use super::progress::Progress;
use super::tables::Table;
use super::ExchangeError;
use crate::platform::document::sha256_file;
use crate::store::Register;
use ed25519_dalek::SigningKey;

/// The Ed25519 signature of `manifest.json`, hex, when the bundle is signed.
const SIGNATURE: &str = "manifest.json.sig";

/// Subfolders, one per profile.
const PROFILES: &[(Profile, &str)] = &[(Profile::Rfc4180, "rfc4180"), (Profile::Excel, "excel")];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Relative to the bundle, with `/`.
    pub path: String,
    pub sha256: String,
    pub records: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub dir: PathBuf,
    pub files: Vec<BundleFile>,
    pub journal_head: String,
}

fn io(path: &Path, source: std::io::Error) -> ExchangeError {
    ExchangeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the bundle of `register` into `dir` (created, owner only; it must
/// be empty or new, so no stale file can pass for part of it).
pub fn write_bundle(
    register: &Register,
    dir: &Path,
    now: DateTime<Utc>,
    key: Option<&SigningKey>,
    progress: &Arc<Progress>,
) -> Result<Bundle, ExchangeError> {
    if dir.is_dir()
        && std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .next()
            .is_some()
    {
        return Err(io(
            dir,
            std::io::Error::other("is not empty: a bundle goes into a new or empty folder"),
        ));
    }
    create_private_dir(dir)?;
    register.read_snapshot(|register| {
        let organisation = register.organisation()?;
        let journal_head = register.journal_head()?;
        let files = write_tables(register, dir, now, progress)?;
        let manifest = json!({
            "bundle": "dpo-workbench auditor bundle",
            "format": 1,
            "created_at": now.to_rfc3339_opts(SecondsFormat::Secs, true),
            "dpo_version": env!("CARGO_PKG_VERSION"),
            "register": register.path().file_name().map(|n| n.to_string_lossy().into_owned()),
            "schema_version": register.schema_version()?,
            "organisation": organisation.to_json(),
            "journal_head": journal_head,
            "signing_public_key": key.map(crate::platform::signing::public_key),
            "files": files.iter().map(|f| json!({
                "path": f.path, "sha256": f.sha256, "records": f.records,
            })).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&manifest)
            .map_err(|e| ExchangeError::Profile(e.to_string()))?;
        write_text(&dir.join("manifest.json"), &format!("{text}\n"))?;
        let mut extra = vec!["manifest.json", "README.txt", "COLUMNS.md"];
        if let Some(key) = key {
            // The signature covers the manifest's exact bytes, and so every
            // file's checksum in it.
            let manifest_path = dir.join("manifest.json");
            let bytes = std::fs::read(&manifest_path).map_err(|e| io(&manifest_path, e))?;
            let signature = crate::platform::signing::sign(key, &bytes);
            write_text(&dir.join(SIGNATURE), &format!("{signature}\n"))?;
            extra.push(SIGNATURE);
        }
        // What every column means, so the bundle explains itself.
        let columns = format!(
            "# Columns of every table\n\nFrom dpo-workbench {} (docs/csv-format.md).\n\n{}",
            env!("CARGO_PKG_VERSION"),
            super::tables::columns_markdown()
        );
        write_text(&dir.join("COLUMNS.md"), &columns)?;
        let readme = readme_text(&organisation.name, &journal_head, now, key);
        write_text(&dir.join("README.txt"), &readme)?;
        write_sums(dir, &files, &extra)?;
        Ok(Bundle {
            dir: dir.to_path_buf(),
            files,
            journal_head,
        })
    })
}

/// Every table in both profiles, each file with its checksum and records;
/// `progress` follows the records of one profile after the other.
fn write_tables(
    register: &Register,
    dir: &Path,
    now: DateTime<Utc>,
    progress: &Arc<Progress>,
) -> Result<Vec<BundleFile>, ExchangeError> {
    let mut files = Vec::new();
    for &(profile, sub) in PROFILES {
        // Each profile is one pass over the register, counted from nought.
        progress.set_done(0);
        let options = ExportOptions {
            profile,
            delimiter: None,
            now,
        };
        let written = export_into(register, Table::ALL, options, &dir.join(sub), progress)?;
        for (path, records) in written {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(BundleFile {
                path: format!("{sub}/{name}"),
                sha256: sha256_file(&path).map_err(|e| io(&path, e))?,
                records,
            });
        }
    }
    // The auditor's workbook of the same moment, checksummed like the rest.
    let path = dir.join(WORKBOOK);
    let options = super::workbook::WorkbookOptions::at(now);
    let sheets = super::workbook::export_workbook(register, options, &path)?;
    files.push(BundleFile {
        path: WORKBOOK.to_string(),
        sha256: sha256_file(&path).map_err(|e| io(&path, e))?,
        records: sheets.iter().map(|(_, records)| records).sum(),
    });
    Ok(files)
}

/// The workbook's name in a bundle.
const WORKBOOK: &str = "register.xlsx";

/// Writes `text` as the whole of the file at `path`, atomically.
fn write_text(path: &Path, text: &str) -> Result<(), ExchangeError> {
    write_atomically(path, |out| {
        std::io::Write::write_all(out, text.as_bytes()).map_err(|e| io(path, e))
    })
}

/// `SHA256SUMS`: every file but the sums themselves, sorted, as `sha256sum`
/// writes them.
fn write_sums(dir: &Path, files: &[BundleFile], extra: &[&str]) -> Result<(), ExchangeError> {
    let mut sums: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.path.clone(), f.sha256.clone()))
        .collect();
    for name in extra {
        let path = dir.join(name);
        sums.insert(
            name.to_string(),
            sha256_file(&path).map_err(|e| io(&path, e))?,
        );
    }
    let listing: String = sums
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect();
    write_text(&dir.join("SHA256SUMS"), &listing)
}

fn readme_text(
    organisation: &str,
    head: &str,
    now: DateTime<Utc>,
    key: Option<&SigningKey>,
) -> String {
    let signature = match key {
        Some(key) => format!(
            "manifest.json is signed (Ed25519) in manifest.json.sig by the public key
    {}
  Check that this is the key the organisation gave you, then run
  `dpo verify <this folder> --public-key <that key>`.",
            crate::platform::signing::public_key(key)
        ),
        None => "The bundle is not signed.".to_string(),
    };
    format!(
        "Register of processing, processors, requests and breaches of {organisation}
Exported by dpo-workbench on {} (UTC).

Files
  register.xlsx  the registers as one workbook to read: a sheet per register,
            dates as dates, times in the register's time zone (UTC beside them)
  excel/    the tables for Excel or LibreOffice (UTF-8 with BOM, ';' between cells)
  rfc4180/  the same tables for scripts and tools (UTF-8, ',' between cells)
  COLUMNS.md  what every column means. In the CSV files a cell a spreadsheet
            would run as a formula, and in excel/ one it would turn into a
            number or date (924 681 357, 3.2, 0150), starts with a ' put
            there on export; register.xlsx needs none.

Signature
  {signature}

Checking that nothing was changed since the export
  1. In this folder run:   sha256sum -c SHA256SUMS
     (macOS: shasum -a 256 -c SHA256SUMS). Every line must say OK.
  2. manifest.json lists each file with its SHA-256 and record count, and the
     journal head: the hash of the last entry of the register's change journal
     when the bundle was made:
       {head}
     Ask the organisation for this value through another channel (e-mail,
     a signed letter): if it matches, the bundle comes from that state of the
     register. The organisation can show that its register still continues this
     chain with `dpo verify` on the register file.
  3. With dpo-workbench: `dpo verify <this folder>` does step 1 and checks the
     manifest against the files.

What the checksums do not prove: someone who rewrites the files and then
computes new checksums and a new manifest. Compare the journal head with the
organisation, or keep the bundle as you received it.
",
        now.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// What `verify_bundle` found: every file checked, and the problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BundleCheck {
    pub files: usize,
    pub journal_head: String,
    /// The public key whose signature of the manifest checked out.
    pub signed_by: Option<String>,
    pub problems: Vec<String>,
    /// Files the programs that open a bundle leave in it (a spreadsheet's
    /// lock file, a file manager's index): named, not counted as problems.
    pub passed_over: Vec<String>,
}

/// Recomputes every checksum of `SHA256SUMS`, and checks the manifest's list
/// against the files and the sums.
pub fn verify_bundle(dir: &Path) -> Result<BundleCheck, ExchangeError> {
    let sums_path = dir.join("SHA256SUMS");
    let sums = std::fs::read_to_string(&sums_path).map_err(|e| io(&sums_path, e))?;
    let mut check = BundleCheck::default();
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for (n, line) in sums.lines().enumerate() {
        let Some((hash, path)) = line.split_once("  ") else {
            check
                .problems
                .push(format!("SHA256SUMS line {}: not '<hash>  <file>'", n + 1));
            continue;
        };
        // A received list names files inside the bundle only.
        let inside = std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            check.problems.push(format!(
                "SHA256SUMS line {}: '{path}' points outside the bundle",
                n + 1
            ));
            continue;
        }
        listed.insert(path.to_string(), hash.to_string());
        check.files += 1;
        let file = dir.join(path);
        match sha256_file(&file) {
            Ok(actual) if actual == hash => {}
            Ok(_) => check.problems.push(format!(
                "{path}: changed since the bundle was made (checksum differs)"
            )),
            Err(e) => check.problems.push(format!("{path}: cannot be read: {e}")),
        }
    }
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| io(&manifest_path, e))?;
    let manifest: serde_json::Value = match serde_json::from_str(&text) {
        Ok(manifest) => manifest,
        // A manifest its checksum already shows changed: not intact, and why.
        Err(e)
            if check
                .problems
                .iter()
                .any(|p| p.starts_with("manifest.json: changed")) =>
        {
            check
                .problems
                .push(format!("manifest.json is not valid JSON: {e}"));
            return Ok(check);
        }
        Err(e) => {
            return Err(ExchangeError::Profile(format!(
                "manifest.json is not valid JSON: {e}"
            )))
        }
    };
    check.journal_head = manifest["journal_head"].as_str().unwrap_or("").to_string();
    let public_key = manifest["signing_public_key"].as_str().map(str::to_string);
    let sig_path = dir.join(SIGNATURE);
    match (&public_key, std::fs::read_to_string(&sig_path)) {
        (Some(key), Ok(signature)) => {
            let bytes = std::fs::read(&manifest_path).map_err(|e| io(&manifest_path, e))?;
            match crate::platform::signing::check(key, &bytes, &signature) {
                Ok(()) => check.signed_by = Some(key.clone()),
                Err(why) => check.problems.push(format!(
                    "{SIGNATURE}: {why} (manifest.json was changed, or signed by another key)"
                )),
            }
        }
        (Some(_), Err(_)) => check.problems.push(format!(
            "{SIGNATURE}: missing, though manifest.json names a signing key"
        )),
        (None, Ok(_)) => check.problems.push(format!(
            "{SIGNATURE}: present, but manifest.json names no signing key"
        )),
        (None, Err(_)) => {}
    }
    for f in manifest["files"].as_array().into_iter().flatten() {
        let path = f["path"].as_str().unwrap_or("");
        let hash = f["sha256"].as_str().unwrap_or("");
        match listed.get(path) {
            Some(listed_hash) if listed_hash == hash => {}
            Some(_) => check.problems.push(format!(
                "{path}: manifest.json and SHA256SUMS give different checksums"
            )),
            None => check
                .problems
                .push(format!("{path}: in manifest.json but not in SHA256SUMS")),
        }
    }
    // A file slipped into the bundle is not covered by any checksum.
    for entry in walk(dir) {
        let relative = entry
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if relative == "SHA256SUMS" || listed.contains_key(&relative) {
            continue;
        }
        if entry
            .file_name()
            .is_some_and(|n| is_litter(&n.to_string_lossy()))
        {
            check.passed_over.push(relative);
        } else {
            check
                .problems
                .push(format!("{relative}: not part of the bundle (no checksum)"));
        }
    }
    Ok(check)
}

/// A file that opening the bundle leaves beside its files: LibreOffice's
/// lock (`.~lock.processors.csv#`), Microsoft Office's owner file
/// (`~$register.xlsx`), macOS's and Windows' folder files.
fn is_litter(name: &str) -> bool {
    (name.starts_with(".~lock.") && name.ends_with('#'))
        || name.starts_with("~$")
        || name.starts_with("._")
        || matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

/// Every file under `dir`; a link is listed, never followed.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => out.extend(walk(&path)),
                _ => out.push(path),
            }
        }
    }
    out.sort();
    out
}
