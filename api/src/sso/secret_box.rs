//! Client secrets of identity providers, encrypted at rest with AES-256-GCM (the RustCrypto
//! `aes-gcm` crate): base64 of a random 96-bit nonce followed by the ciphertext and tag. The
//! key is `CC2I_SSO_SECRET_KEY` (64 hex digits), or else derived from the JWT secret.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The key that seals client secrets.
#[derive(Clone)]
pub struct SecretBox(Aes256Gcm);

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

impl SecretBox {
    /// From `CC2I_SSO_SECRET_KEY` when set (64 hex digits), else derived from `jwt_secret`.
    pub fn new(configured: Option<&[u8; 32]>, jwt_secret: &[u8]) -> SecretBox {
        let key: [u8; 32] = match configured {
            Some(key) => *key,
            None => Sha256::new()
                .chain_update(b"cc2i-sso-client-secrets:")
                .chain_update(jwt_secret)
                .finalize()
                .into(),
        };
        SecretBox(Aes256Gcm::new(&Key::<Aes256Gcm>::from(key)))
    }

    /// Seals `plain`.
    pub fn seal(&self, plain: &str) -> Result<String, String> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .0
            .encrypt(&Nonce::from(nonce), plain.as_bytes())
            .map_err(|_| "cannot encrypt".to_string())?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(STANDARD.encode(out))
    }

    /// Opens what [`seal`](Self::seal) made (with the same key).
    pub fn open(&self, sealed: &str) -> Result<String, String> {
        let bytes = STANDARD
            .decode(sealed)
            .map_err(|_| "not a sealed secret".to_string())?;
        if bytes.len() < 12 + 16 {
            return Err("not a sealed secret".into());
        }
        let (nonce, body) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce
            .try_into()
            .map_err(|_| "not a sealed secret".to_string())?;
        let plain = self.0.decrypt(&Nonce::from(nonce), body).map_err(|_| {
            "the SSO secret key has changed: save the client secret again".to_string()
        })?;
        String::from_utf8(plain).map_err(|_| "not text".to_string())
    }
}

/// Parses `CC2I_SSO_SECRET_KEY`: 64 hex digits.
pub fn parse_key(hex: &str) -> Result<[u8; 32], String> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("CC2I_SSO_SECRET_KEY must be 64 hex digits (32 random bytes)".into());
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16)
            .map_err(|_| "CC2I_SSO_SECRET_KEY must be hex".to_string())?;
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_the_same_key_only() {
        let a = SecretBox::new(None, b"one jwt secret of enough length here");
        let sealed = a.seal("client secret").unwrap();
        assert!(!sealed.contains("client secret"));
        assert_ne!(
            sealed,
            a.seal("client secret").unwrap(),
            "a fresh nonce each time"
        );
        assert_eq!(a.open(&sealed).unwrap(), "client secret");
        let key = parse_key(&"ab".repeat(32)).unwrap();
        let b = SecretBox::new(Some(&key), b"one jwt secret of enough length here");
        assert!(b.open(&sealed).is_err());
        assert!(parse_key("xyz").is_err());
    }
}
