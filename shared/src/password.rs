//! The password policy (NCSC / Cyber Essentials): long enough, no composition rules,
//! and not one that attackers try first.

/// Fewest characters a password may have.
pub const MIN_CHARS: usize = 12;
/// Most characters a password may have.
pub const MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a password against the policy; the error is a message for a person.
pub fn check_password(password: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err("must be at least 12 characters");
    }
    if chars > MAX_CHARS {
        return Err("must be 128 characters or fewer");
    }
    let lower = password.to_lowercase();
    if COMMON.lines().any(|common| common == lower) {
        return Err("is too common: choose a longer phrase that is hard to guess");
    }
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err("repeats too few characters: choose a longer phrase that is hard to guess");
    }
    Ok(())
}

/// `validator` adapter for [`check_password`].
pub fn validate_password(password: &str) -> Result<(), validator::ValidationError> {
    check_password(password).map_err(|message| {
        let mut e = validator::ValidationError::new("password_policy");
        e.message = Some(message.into());
        e
    })
}

#[cfg(test)]
mod tests {
    use super::check_password;

    #[test]
    fn accepts_a_long_passphrase_without_composition_rules() {
        assert!(check_password("purple monkey dishwasher").is_ok());
        assert!(check_password("alllowercaseletters").is_ok());
    }

    #[test]
    fn refuses_short_long_common_and_repetitive_passwords() {
        assert!(check_password("short").is_err());
        assert!(check_password(&"ab".repeat(65)).is_err());
        assert!(check_password("Password1234").is_err());
        assert!(check_password("aaaaaaaaaaaaaaaa").is_err());
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(check_password("ééééééaéébécd").is_ok());
    }
}
