//! Key secrets: `cc2i_` and 32 random bytes (URL-safe base64), stored as SHA-256 hex.

use cc2i_shared::api_key::{DISPLAY_PREFIX_CHARS, KEY_PREFIX};

/// A new secret key: 256 bits from the thread's CSPRNG (ChaCha, seeded by the OS).
pub fn generate() -> String {
    format!("{KEY_PREFIX}{}", crate::secret::random_token())
}

/// What is stored and looked up: the SHA-256 of the whole key, in hex. A key has 256
/// random bits, so a fast hash is enough (nothing to guess from).
pub fn hash(key: &str) -> String {
    crate::secret::sha256_hex(key)
}

/// The characters shown to recognise a key.
pub fn display_prefix(key: &str) -> String {
    key.chars().take(DISPLAY_PREFIX_CHARS).collect()
}

/// True if a bearer token is meant as an API key (anything else is a JWT).
pub fn is_api_key(token: &str) -> bool {
    token.starts_with(KEY_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_prefixed_long_url_safe_and_distinct() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(a.starts_with("cc2i_"));
        assert_eq!(a.len(), 5 + 43, "32 bytes are 43 base64 characters");
        assert!(a[5..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert!(is_api_key(&a));
        assert!(!is_api_key("eyJhbGciOiJIUzI1NiJ9.e30.x"));
        assert_eq!(display_prefix(&a).len(), 12);
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(hash(&generate()), hash(&generate()));
    }
}
