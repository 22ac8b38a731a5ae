//! Random secrets and their stored form: tokens sent to people (API keys, emailed links,
//! recovery codes) are kept only as SHA-256, which is enough for 256 random bits.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 bits from the thread's CSPRNG (ChaCha, seeded by the OS), as 43 URL-safe base64
/// characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of `text`, in lower-case hex: what is stored and looked up.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
