//! Organisation identifiers in the org-id.guide scheme, such as `GB-LAE-KIR`.

/// The org-id.guide registers accepted, with what a valid local part looks like.
pub const PREFIXES: &[(&str, &str)] = &[
    ("GB-LAE", "a 3 or 4 letter local authority code, like KIR"),
    ("GB-LAS", "a 3 or 4 letter local authority code"),
    ("GB-LANI", "a 3 or 4 letter local authority code"),
    ("GB-PLA", "a 3 or 4 letter local authority code"),
    (
        "GB-NHS",
        "an ODS code of 3 to 6 letters and digits, like RAX",
    ),
    ("GB-CHC", "a charity number of 6 to 8 digits"),
    ("GB-SC", "a Scottish charity number, like SC012345"),
    ("GB-NIC", "a Northern Ireland charity number of 6 digits"),
    (
        "GB-COH",
        "a Companies House number of 8 letters and digits, like 01234567",
    ),
    ("GB-SHPE", "a social housing provider code, like LH4401"),
    ("GB-EDU", "a URN of 6 or 7 digits"),
    ("GB-UKPRN", "a UK provider reference number of 8 digits"),
    (
        "GB-GOR",
        "a government organisation register code, like D1234",
    ),
    ("GB-MPR", "a mutuals public register number"),
];

/// Normalises (trims, upper-cases) and checks an identifier; returns the canonical form or why not.
pub fn parse_identifier(raw: &str) -> Result<String, String> {
    let id = raw.trim().to_ascii_uppercase();
    let Some((prefix, hint)) = PREFIXES
        .iter()
        .filter(|(p, _)| id.starts_with(p) && id[p.len()..].starts_with('-'))
        .max_by_key(|(p, _)| p.len())
    else {
        return Err(format!(
            "must start with an org-id.guide register prefix, such as GB-LAE, GB-NHS, GB-CHC or GB-COH (got {})",
            if id.is_empty() { "nothing" } else { "an unknown prefix" }
        ));
    };
    let local = &id[prefix.len() + 1..];
    let digits = |min: usize, max: usize| {
        (min..=max).contains(&local.len()) && local.bytes().all(|b| b.is_ascii_digit())
    };
    let alnum = |min: usize, max: usize| {
        (min..=max).contains(&local.len()) && local.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let ok = match *prefix {
        "GB-LAE" | "GB-LAS" | "GB-LANI" | "GB-PLA" => {
            (3..=4).contains(&local.len()) && local.bytes().all(|b| b.is_ascii_uppercase())
        }
        "GB-NHS" => alnum(3, 6),
        "GB-CHC" => digits(6, 8),
        "GB-SC" => {
            local.len() == 8
                && local.starts_with("SC")
                && local[2..].bytes().all(|b| b.is_ascii_digit())
        }
        "GB-NIC" => digits(6, 6),
        "GB-COH" => local.len() == 8 && alnum(8, 8),
        "GB-EDU" => digits(6, 7),
        "GB-UKPRN" => digits(8, 8),
        _ => alnum(2, 20),
    };
    if ok {
        Ok(id)
    } else {
        Err(format!("{prefix} identifiers end in {hint}"))
    }
}

/// Splits an org-id identifier into its register (scheme) and the local id, as OCDS
/// `identifier {scheme, id}` wants it: `GB-LAE-KIR` -> (`GB-LAE`, `KIR`), the longest known
/// register first (`GB-LANI-X` is `GB-LANI`, not `GB-LA...`). An identifier of no known
/// register splits at its second hyphen (`XI-ABC-123` -> (`XI-ABC`, `123`)); `None` if it
/// has no local part at all.
pub fn split_identifier(identifier: &str) -> Option<(&str, &str)> {
    if let Some((prefix, _)) = PREFIXES
        .iter()
        .filter(|(p, _)| identifier.starts_with(p) && identifier[p.len()..].starts_with('-'))
        .max_by_key(|(p, _)| p.len())
    {
        let local = &identifier[prefix.len() + 1..];
        return (!local.is_empty()).then(|| (&identifier[..prefix.len()], local));
    }
    let mut hyphens = identifier.match_indices('-').map(|(i, _)| i);
    let second = hyphens.nth(1)?;
    let local = &identifier[second + 1..];
    (second > 0 && !local.is_empty()).then(|| (&identifier[..second], local))
}

#[cfg(test)]
mod tests {
    use super::{parse_identifier, split_identifier};

    #[test]
    fn splits_into_scheme_and_local_id() {
        assert_eq!(split_identifier("GB-LAE-KIR"), Some(("GB-LAE", "KIR")));
        assert_eq!(split_identifier("GB-NHS-RAX"), Some(("GB-NHS", "RAX")));
        assert_eq!(
            split_identifier("GB-COH-01234567"),
            Some(("GB-COH", "01234567"))
        );
        assert_eq!(split_identifier("GB-LANI-ABC"), Some(("GB-LANI", "ABC")));
        assert_eq!(
            split_identifier("GB-SC-SC012345"),
            Some(("GB-SC", "SC012345"))
        );
        assert_eq!(split_identifier("XI-ABC-1-2"), Some(("XI-ABC", "1-2")));
        assert_eq!(split_identifier("GB-LAE-"), None);
        assert_eq!(split_identifier("GB"), None);
        assert_eq!(split_identifier("GBLAE"), None);
    }

    #[test]
    fn accepts_the_examples_in_product_md() {
        for id in [
            "GB-LAE-KIR",
            "GB-NHS-RAX",
            "GB-CHC-1000147",
            "GB-COH-01234567",
            "GB-SHPE-LH4401",
        ] {
            assert_eq!(parse_identifier(id).as_deref(), Ok(id));
        }
    }

    #[test]
    fn normalises_case_and_whitespace() {
        assert_eq!(
            parse_identifier(" gb-lae-kir ").as_deref(),
            Ok("GB-LAE-KIR")
        );
    }

    #[test]
    fn refuses_unknown_prefixes_and_bad_local_parts() {
        for id in [
            "",
            "KIR",
            "XX-ABC-123",
            "GB-LAE-",
            "GB-LAE-K1R",
            "GB-COH-123",
            "GB-CHC-12AB56",
            "GB-LAEKIR",
        ] {
            assert!(parse_identifier(id).is_err(), "{id} should be refused");
        }
    }
}
