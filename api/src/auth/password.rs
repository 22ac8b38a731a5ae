//! Password hashing with argon2id at OWASP's recommended parameters.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Hashes and verifies passwords; holds a dummy hash so unknown accounts cost the same time.
pub struct PasswordHasher {
    argon: Argon2<'static>,
    dummy_hash: String,
}

impl PasswordHasher {
    /// argon2id, m = 19 MiB, t = 2, p = 1 (OWASP Password Storage Cheat Sheet).
    pub fn new() -> Result<Self, String> {
        let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| e.to_string())?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut hasher = PasswordHasher {
            argon,
            dummy_hash: String::new(),
        };
        hasher.dummy_hash = hasher.hash("a dummy password nobody has")?;
        Ok(hasher)
    }

    /// A PHC-format hash with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String, String> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| format!("password hashing failed: {e}"))
    }

    /// True when `password` matches `hash`; with no hash, spends the same time and says no.
    pub fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let target = hash.unwrap_or(&self.dummy_hash);
        let ok = PasswordHash::new(target)
            .map(|parsed| {
                self.argon
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && hash.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordHasher;

    #[test]
    fn verifies_only_the_right_password() {
        let hasher = PasswordHasher::new().unwrap();
        let hash = hasher.hash("purple monkey dishwasher").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("purple monkey dishwasher", Some(&hash)));
        assert!(!hasher.verify("purple monkey dishwasheR", Some(&hash)));
        assert!(!hasher.verify("a dummy password nobody has", None));
    }
}
