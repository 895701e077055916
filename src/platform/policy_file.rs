//! A privacy policy read from a file for `dpo draft` and the workbench's
//! "draft from a policy": UTF-8 text (a byte-order mark dropped), no larger
//! than a policy can be; what is wrong said in a sentence.

use std::path::Path;

/// A policy larger than this is not a privacy policy: the longest seen are
/// ~60 KB; the draft of one at this size takes ~0.5 s (docs/performance.md).
const MAX_POLICY_BYTES: u64 = 1024 * 1024;

pub fn read(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read the policy {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("the policy {shown} is not a file"));
    }
    if meta.len() > MAX_POLICY_BYTES {
        return Err(format!(
            "the policy {shown} is {} bytes: a privacy policy is text of at most 1 MiB (save the page as text or HTML)",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the policy {shown}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "the policy {shown} is not UTF-8 text (byte {}): save it as UTF-8 text, Markdown or HTML (a PDF or Word file must be saved as text first)",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_reads_as_text_without_its_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.txt");
        std::fs::write(&path, "\u{feff}Privacy policy").unwrap();
        assert_eq!(read(&path).unwrap(), "Privacy policy");
    }

    #[test]
    fn what_is_not_a_policy_is_refused_with_why() {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("policy.pdf");
        std::fs::write(&binary, [0x25, 0x50, 0xff, 0xfe]).unwrap();
        assert!(read(&binary)
            .unwrap_err()
            .contains("not UTF-8 text (byte 2)"));
        assert!(read(dir.path()).unwrap_err().contains("is not a file"));
        assert!(read(&dir.path().join("missing.txt"))
            .unwrap_err()
            .contains("cannot read the policy"));
    }
}
