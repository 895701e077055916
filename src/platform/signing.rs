//! Ed25519 signatures of auditor bundles. A user who has a signing key (made
//! with `dpo keygen`) gets `manifest.json.sig` in every bundle; an auditor who
//! knows the public key (published by the organisation, or sent separately)
//! checks with `dpo verify DIR --public-key KEY` that the bundle is the
//! organisation's and unchanged.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::platform::hex::hex;

/// The key file `dpo bundle` uses unless told otherwise: `$DPO_SIGNING_KEY`,
/// else `<config dir>/dpo-workbench/signing.key` when it exists.
pub fn default_key_file() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DPO_SIGNING_KEY").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = directories::BaseDirs::new()?
        .config_dir()
        .join("dpo-workbench")
        .join("signing.key");
    path.is_file().then_some(path)
}

fn unhex<const N: usize>(text: &str, what: &str) -> Result<[u8; N], String> {
    let text = text.trim();
    if text.len() != N * 2 || !text.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("{what}: expected {} hexadecimal digits", N * 2));
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Makes a new key at `path` (never over an existing file; owner only) and
/// returns its public key, hex.
pub fn generate(path: &Path) -> Result<String, String> {
    if path.exists() {
        return Err(format!(
            "{}: exists; a signing key is never overwritten",
            path.display()
        ));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no randomness from the system: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, format!("{}\n", hex(&seed)).as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(hex(key.verifying_key().as_bytes()))
}

/// Reads a key file written by `generate`.
pub fn load(path: &Path) -> Result<SigningKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let seed = unhex::<32>(&text, &format!("{}", path.display()))?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn public_key(key: &SigningKey) -> String {
    hex(key.verifying_key().as_bytes())
}

/// The signature of `message`, hex.
pub fn sign(key: &SigningKey, message: &[u8]) -> String {
    hex(&key.sign(message).to_bytes())
}

/// Whether `signature` (hex) is `public_key`'s (hex) over `message`.
pub fn check(public_key: &str, message: &[u8], signature: &str) -> Result<(), String> {
    let key = VerifyingKey::from_bytes(&unhex::<32>(public_key, "public key")?)
        .map_err(|_| "not an Ed25519 public key".to_string())?;
    let signature = Signature::from_bytes(&unhex::<64>(signature, "signature")?);
    key.verify(message, &signature)
        .map_err(|_| "the signature does not match".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_with_its_key_only_and_over_its_message_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("signing.key");
        let public = generate(&path).unwrap();
        assert!(generate(&path).is_err(), "never overwritten");
        let key = load(&path).unwrap();
        assert_eq!(public_key(&key), public);
        let signature = sign(&key, b"manifest");
        assert_eq!(check(&public, b"manifest", &signature), Ok(()));
        assert!(check(&public, b"manifesT", &signature).is_err());
        let other = generate(&dir.path().join("other.key")).unwrap();
        assert!(check(&other, b"manifest", &signature).is_err());
        assert!(check("xyz", b"manifest", &signature).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_rfc_8032_test_vector_signs_as_published() {
        // RFC 8032 §7.1, TEST 1: empty message.
        let seed = unhex::<32>(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "seed",
        )
        .unwrap();
        let key = SigningKey::from_bytes(&seed);
        assert_eq!(
            public_key(&key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(
            sign(&key, b""),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }
}
