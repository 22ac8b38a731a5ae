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

/// A key that signs short texts (`payload.tag`, both URL-safe base64) with HMAC-SHA256, derived
/// from the service's token secret with a label of its own per purpose.
#[derive(Clone)]
pub struct SigningKey([u8; 32]);

type HmacSha256 = hmac::Hmac<Sha256>;

impl SigningKey {
    /// The key for `purpose`, derived from `secret`.
    pub fn derive(secret: &[u8], purpose: &[u8]) -> Self {
        use hmac::Mac;
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts any key length");
        mac.update(purpose);
        SigningKey(mac.finalize().into_bytes().into())
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        use hmac::Mac;
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC accepts any key length");
        mac.update(payload);
        mac
    }

    /// `payload` with its signature.
    pub fn sign(&self, payload: &str) -> String {
        use hmac::Mac;
        let tag = self.mac(payload.as_bytes()).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The payload of a genuine signed text; `None` for anything altered or made up.
    pub fn verify(&self, signed: &str) -> Option<String> {
        use hmac::Mac;
        let (payload, tag) = signed.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(&payload).verify_slice(&tag).ok()?;
        String::from_utf8(payload).ok()
    }
}

/// True when two secrets are equal, in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
