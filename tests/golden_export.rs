//! `dpo export --all` of the demo register at a fixed moment, byte for byte,
//! in both profiles: a refactoring of how records are described must not
//! change a single byte an auditor receives. After an intended change of the
//! export, regenerate with `DPO_WRITE_GOLDEN=1 cargo test --test golden_export`
//! and review the diff.

mod common;

use std::path::Path;

use common::{dpo_with, said};

/// Every file of `dir`, in name order, as one text: a header line per file,
/// then its bytes (BOM and CRLF as written).
fn folder_as_text(dir: &Path) -> Vec<u8> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        out.extend_from_slice(format!("==== {name} ====\n").as_bytes());
        out.extend(std::fs::read(dir.join(&name)).unwrap());
        out.push(b'\n');
    }
    out
}

fn golden(profile: &str) {
    let dir = tempfile::tempdir().unwrap();
    let o = dpo_with(dir.path(), &[], &["init", "demo.dpo", "--demo"]);
    assert!(o.status.success(), "{}", said(&o));
    let o = dpo_with(
        dir.path(),
        &[],
        &[
            "export",
            "demo.dpo",
            "--all",
            "--profile",
            profile,
            "-o",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", said(&o));
    let got = folder_as_text(&dir.path().join("out"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("export-{profile}.txt"));
    if std::env::var_os("DPO_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let expected = std::fs::read(&path).expect("the golden file: DPO_WRITE_GOLDEN=1 writes it");
    if got != expected {
        let first = got
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(expected.len()));
        let context = |b: &[u8]| {
            String::from_utf8_lossy(&b[first.saturating_sub(200)..(first + 200).min(b.len())])
                .into_owned()
        };
        panic!(
            "the {profile} export changed at byte {first}:\n--- expected\n{}\n--- got\n{}",
            context(&expected),
            context(&got)
        );
    }
}

#[test]
fn the_rfc4180_export_of_the_demo_is_byte_identical() {
    golden("rfc4180");
}

#[test]
fn the_excel_export_of_the_demo_is_byte_identical() {
    golden("excel");
}
