//! Decoding a business case version. `BusinessCaseVersion` flattens its content into the
//! version's own fields, and serde decodes a flattened struct through a buffered copy of every
//! value: tens of kilobytes of wasm for the pages that show a business case. This decodes the
//! version's fields and its content separately from the same JSON instead, with the same result.

use std::collections::HashMap;

use cc2i_shared::business_case::{BusinessCase, BusinessCaseVersion};
use chrono::{DateTime, Utc};
use gloo_net::http::Method;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::{send_text, ClientError};

/// The version's own fields (the content's are ignored here).
#[derive(Deserialize)]
struct Meta {
    version: i32,
    #[serde(deserialize_with = "cc2i_shared::wasm_dates::moment")]
    created_at: DateTime<Utc>,
    created_by: String,
    created_by_name: String,
    target_cost_pence: i64,
    material_change: bool,
    change_summary: String,
}

const META_FIELDS: [&str; 7] = [
    "version",
    "created_at",
    "created_by",
    "created_by_name",
    "target_cost_pence",
    "material_change",
    "change_summary",
];

/// Decodes `GET /ideas/{id}/business-case` (or one of its versions).
pub fn decode(text: &str) -> serde_json::Result<BusinessCaseVersion> {
    let meta: Meta = serde_json::from_str(text)?;
    let fields: HashMap<String, &RawValue> = serde_json::from_str(text)?;
    let mut content = String::from("{");
    for (name, value) in fields
        .iter()
        .filter(|(name, _)| !META_FIELDS.contains(&name.as_str()))
    {
        if content.len() > 1 {
            content.push(',');
        }
        content.push_str(&serde_json::to_string(name)?);
        content.push(':');
        content.push_str(value.get());
    }
    content.push('}');
    let content: BusinessCase = serde_json::from_str(&content)?;
    Ok(BusinessCaseVersion {
        version: meta.version,
        created_at: meta.created_at,
        created_by: meta.created_by,
        created_by_name: meta.created_by_name,
        target_cost_pence: meta.target_cost_pence,
        material_change: meta.material_change,
        change_summary: meta.change_summary,
        content,
    })
}

/// GETs a business case version at `path` (under `/api/v1`), with the errors of
/// [`crate::api::request`].
pub async fn get(path: &str) -> Result<BusinessCaseVersion, ClientError> {
    let text = send_text(Method::GET, path).await?;
    decode(&text).map_err(|_| crate::api::failed("the answer was not what was expected"))
}
