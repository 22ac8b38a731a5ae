//! oEmbed 1.0 (https://oembed.com): a `rich` answer whose html is the widget's iframe.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::snapshot::{escape, is_idea_id, Snapshot};

/// The widget's natural size.
pub const WIDTH: u32 = 480;
/// Its natural height.
pub const HEIGHT: u32 = 190;

/// The consumer's question.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OembedQuery {
    /// The idea page's URL, e.g. `https://cc2i.example/ideas/{id}`.
    #[validate(length(min = 1, max = 2000))]
    #[param(min_length = 1, max_length = 2000)]
    pub url: String,
    /// `json` (the default); `xml` is not offered (501, as oEmbed 1.0 asks).
    #[param(pattern = "^(json|xml)$", max_length = 4)]
    #[validate(length(max = 4))]
    pub format: Option<String>,
    /// The most width the consumer can give.
    #[validate(range(min = 1, max = 10000))]
    #[param(minimum = 1, maximum = 10000)]
    pub maxwidth: Option<u32>,
    /// The most height the consumer can give.
    #[validate(range(min = 1, max = 10000))]
    #[param(minimum = 1, maximum = 10000)]
    pub maxheight: Option<u32>,
}

/// An oEmbed `rich` response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Oembed {
    /// Always "1.0".
    pub version: String,
    /// Always "rich".
    #[serde(rename = "type")]
    pub kind: String,
    /// The idea's title.
    pub title: String,
    /// The proposing organisation.
    pub author_name: String,
    /// "CC2i".
    pub provider_name: String,
    /// This service.
    pub provider_url: String,
    /// Seconds a consumer may cache this.
    pub cache_age: u32,
    /// The iframe to embed.
    pub html: String,
    /// Width of the iframe.
    pub width: u32,
    /// Height of the iframe.
    pub height: u32,
}

/// The idea id in an idea page URL of this service, if it is one.
pub fn idea_id<'a>(public_url: &str, url: &'a str) -> Option<&'a str> {
    let rest = url.strip_prefix(public_url.trim_end_matches('/'))?;
    let id = rest.strip_prefix("/ideas/")?;
    let id = id.split(['?', '#']).next()?.trim_end_matches('/');
    is_idea_id(id).then_some(id)
}

/// The answer for an idea, fitted within the consumer's limits.
pub fn answer(s: &Snapshot, public_url: &str, q: &OembedQuery) -> Oembed {
    let base = public_url.trim_end_matches('/');
    let width = q.maxwidth.map_or(WIDTH, |m| m.min(WIDTH));
    let height = q.maxheight.map_or(HEIGHT, |m| m.min(HEIGHT));
    let title = escape(&format!("Funding progress for {} on CC2i", s.title));
    Oembed {
        version: "1.0".into(),
        kind: "rich".into(),
        title: s.title.clone(),
        author_name: s.proposer.clone(),
        provider_name: "CC2i".into(),
        provider_url: base.to_string(),
        cache_age: 300,
        html: format!(
            "<iframe src=\"{base}/embed/ideas/{id}\" title=\"{title}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
            id = s.id
        ),
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::idea_id;

    #[test]
    fn recognises_only_this_services_idea_pages() {
        let base = "https://cc2i.example";
        assert_eq!(
            idea_id(base, "https://cc2i.example/ideas/abc-123"),
            Some("abc-123")
        );
        assert_eq!(
            idea_id(base, "https://cc2i.example/ideas/abc-123/?x=1"),
            Some("abc-123")
        );
        assert_eq!(idea_id(base, "https://evil.example/ideas/abc"), None);
        assert_eq!(idea_id(base, "https://cc2i.example/ideas/"), None);
        assert_eq!(idea_id(base, "https://cc2i.example/ideas/a/b"), None);
        assert_eq!(idea_id(base, "https://cc2i.example.evil/ideas/a"), None);
    }
}
