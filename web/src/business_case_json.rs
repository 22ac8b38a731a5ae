//! Loading a business case version. `BusinessCaseVersion` flattens its content into the
//! version's own fields; serde's derived decoders for it (flattened or not) cost every bundle
//! that shows or edits a business case tens of kilobytes of wasm, so the version is read by
//! hand from the parsed JSON (`cc2i_shared::business_case::wasm_decode`).

use cc2i_shared::business_case::wasm_decode::decode;
use cc2i_shared::business_case::BusinessCaseVersion;
use gloo_net::http::Method;

use crate::api::{send_text, ClientError};

/// GETs a business case version at `path` (under `/api/v1`), with the errors of
/// [`crate::api::request`].
pub async fn get(path: &str) -> Result<BusinessCaseVersion, ClientError> {
    let text = send_text(Method::GET, path).await?;
    decode(&text).ok_or_else(|| crate::api::failed("the answer was not what was expected"))
}
