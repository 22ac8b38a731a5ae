//! Password hashing with argon2id at OWASP's recommended parameters.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::hashing_pool::HashingPool;

/// A hash with the same parameters as every real one, checked when an account does not
/// exist so that costs the same time. A constant, so start-up does not spend an argon2 run
/// on it; `verify` never accepts it whatever the password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$Bcr/7fGPwYv8CuGcoJFvAg$vow8s5GM74jo8azO6BaAXd65vwhgGYWD962pTzt1F1c";

/// Hashes and verifies passwords.
pub struct PasswordHasher {
    argon: Argon2<'static>,
    /// Where hashes run: half the CPUs' worth of threads (at least one) at a lower
    /// priority, so a burst of sign-ins queues there instead of taking every core (and
    /// 19 MiB each) from other requests.
    pub pool: HashingPool,
}

/// Concurrent hashes allowed on a machine with `cpus` CPUs.
pub fn hash_slots(cpus: usize) -> usize {
    (cpus / 2).max(1)
}

impl PasswordHasher {
    /// argon2id, m = 19 MiB, t = 2, p = 1 (OWASP Password Storage Cheat Sheet).
    pub fn new() -> Result<Self, String> {
        let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| e.to_string())?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(PasswordHasher {
            argon,
            pool: HashingPool::new(hash_slots(cpus)).map_err(|e| e.to_string())?,
        })
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
        let target = hash.unwrap_or(DUMMY_HASH);
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
    use super::{hash_slots, PasswordHasher};

    #[test]
    fn half_the_cpus_hash_at_once_and_never_none() {
        assert_eq!(hash_slots(1), 1);
        assert_eq!(hash_slots(2), 1);
        assert_eq!(hash_slots(3), 1);
        assert_eq!(hash_slots(8), 4);
    }

    #[test]
    fn verifies_only_the_right_password() {
        let hasher = PasswordHasher::new().unwrap();
        let hash = hasher.hash("purple monkey dishwasher").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("purple monkey dishwasher", Some(&hash)));
        assert!(!hasher.verify("purple monkey dishwasheR", Some(&hash)));
        assert!(!hasher.verify("a dummy password nobody has", None));
        assert!(!hasher.verify(
            "no account has this password: it is only ever compared with None",
            None
        ));
        // The dummy costs what a real hash costs: the same algorithm and parameters.
        let (real, dummy) = (
            argon2::PasswordHash::new(&hash).unwrap(),
            argon2::PasswordHash::new(super::DUMMY_HASH).unwrap(),
        );
        assert_eq!(real.algorithm, dummy.algorithm);
        assert_eq!(real.version, dummy.version);
        assert_eq!(real.params, dummy.params);
    }
}
