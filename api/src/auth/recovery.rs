//! Recovery codes: ten per account, each usable once when the second factor is not to hand,
//! stored only as SHA-256. Made when the first second factor is added.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::RngCore;

use crate::db::schema::recovery_codes;
use crate::db::{new_id, AnyConnection};
use crate::error::ApiError;
use crate::secret::sha256_hex;

/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;

/// Replaces the person's recovery codes with ten new ones (returned once; only their SHA-256
/// is kept).
pub fn replace(
    conn: &mut AnyConnection,
    user_id: &str,
    at: NaiveDateTime,
) -> Result<Vec<String>, ApiError> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let code = new_code();
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::id.eq(new_id()),
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(sha256_hex(&code)),
                recovery_codes::created_at.eq(at),
            ))
            .execute(conn)?;
        codes.push(code);
    }
    Ok(codes)
}

/// A recovery code: 10 characters of an unambiguous alphabet, in two groups of five.
fn new_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 10];
    rand::rng().fill_bytes(&mut bytes);
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// Uses a recovery code once; 422 on `recovery_code` when it is not one of the person's
/// unused codes.
pub fn use_code(
    conn: &mut AnyConnection,
    user_id: &str,
    code: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let normalised = code.trim().to_lowercase();
    let taken = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::code_hash.eq(sha256_hex(&normalised)))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(at)))
    .execute(conn)?;
    if taken == 0 {
        return Err(ApiError::field(
            "recovery_code",
            "Enter one of your recovery codes that you have not used",
        ));
    }
    Ok(())
}

/// How many unused recovery codes the person has left.
pub fn left(conn: &mut AnyConnection, user_id: &str) -> Result<i64, ApiError> {
    Ok(recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_two_groups_of_five() {
        let code = new_code();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        assert_ne!(code, new_code());
    }
}
