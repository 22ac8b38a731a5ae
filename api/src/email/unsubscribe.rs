//! Unsubscribe tokens: who to unsubscribe, signed with HMAC-SHA256 under a key derived from
//! the token secret, so a link works without signing in and cannot be forged or altered.

use crate::secret::SigningKey;

/// Whom a token unsubscribes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A person with an account, by user id: their cadence becomes `off`.
    User(String),
    /// An address without an account (an invitation): it gets no more email.
    Address(String),
}

impl Recipient {
    fn payload(&self) -> String {
        match self {
            Recipient::User(id) => format!("u:{id}"),
            Recipient::Address(address) => format!("a:{address}"),
        }
    }

    fn parse(payload: &str) -> Option<Self> {
        match payload.split_once(':')? {
            ("u", id) if !id.is_empty() => Some(Recipient::User(id.to_string())),
            ("a", address) if address.contains('@') => Some(Recipient::Address(address.into())),
            _ => None,
        }
    }
}

/// The signing key.
#[derive(Clone)]
pub struct UnsubscribeKey(SigningKey);

impl UnsubscribeKey {
    /// Derives the key from the service's token secret (a separate key per purpose).
    pub fn derive(secret: &[u8]) -> Self {
        UnsubscribeKey(SigningKey::derive(secret, b"cc2i unsubscribe link v1"))
    }

    /// A token for `recipient`.
    pub fn sign(&self, recipient: &Recipient) -> String {
        self.0.sign(&recipient.payload())
    }

    /// The recipient of a genuine token; `None` for anything altered or made up.
    pub fn verify(&self, token: &str) -> Option<Recipient> {
        Recipient::parse(&self.0.verify(token)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_token_verifies_and_an_altered_one_does_not() {
        let key = UnsubscribeKey::derive(b"a secret of at least thirty-two bytes");
        let me = Recipient::User("0190-user".into());
        let token = key.sign(&me);
        assert_eq!(key.verify(&token), Some(me));
        let other = key.sign(&Recipient::User("0190-other".into()));
        let (payload, _) = other.split_once('.').unwrap();
        let (_, tag) = token.split_once('.').unwrap();
        assert_eq!(key.verify(&format!("{payload}.{tag}")), None);
        assert_eq!(key.verify(&token[..token.len() - 1]), None);
        assert_eq!(key.verify("nonsense"), None);
        let elsewhere = UnsubscribeKey::derive(b"another secret of thirty-two bytes!");
        assert_eq!(elsewhere.verify(&token), None);
    }

    #[test]
    fn addresses_round_trip() {
        let key = UnsubscribeKey::derive(b"a secret of at least thirty-two bytes");
        let to = Recipient::Address("someone@council.gov.uk".into());
        assert_eq!(key.verify(&key.sign(&to)), Some(to));
    }
}
