//! A per-process cache of the public idea list's pages, the busiest read of the service.
//!
//! A page is the same for every caller, so its serialised body and `ETag` are kept by the
//! request's query string together with the database's write generation read *before* the
//! query ran. Any committed write moves the generation on, so an entry is served only while
//! no write has happened since it was read: never staler than this process's last commit.
//! Each page is gzipped once when it is kept, so a client that accepts gzip is not charged
//! a compression per request.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::http::header::HeaderValue;
use actix_web::web::Bytes;
use flate2::{write::GzEncoder, Compression};

use crate::http_cache::strong_etag;

/// At most this many distinct queries are kept; the cache starts afresh beyond it.
const MAX_ENTRIES: usize = 1024;

/// A cached page: its body and strong `ETag`, and the same gzipped with its own tag, each
/// ready to send (serving one copies no bytes).
pub struct CachedPage {
    /// The quoted entity tag.
    pub etag: HeaderValue,
    /// The JSON body.
    pub body: Bytes,
    /// The gzipped body's entity tag (a different representation, so a different tag).
    pub gzip_etag: HeaderValue,
    /// The JSON body, gzipped.
    pub gzip: Bytes,
}

impl CachedPage {
    /// The page for a JSON `body`, with its tags and its gzipped form.
    pub fn new(body: Vec<u8>) -> std::io::Result<Self> {
        let etag = strong_etag(&body);
        let gzip_etag = format!("{}-gzip\"", etag.trim_end_matches('"'));
        let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 4), Compression::fast());
        encoder.write_all(&body)?;
        let header = |tag: String| HeaderValue::try_from(tag).map_err(std::io::Error::other);
        Ok(CachedPage {
            etag: header(etag)?,
            gzip_etag: header(gzip_etag)?,
            gzip: encoder.finish()?.into(),
            body: body.into(),
        })
    }
}

/// Pages by query string, each with the write generation it was read at.
/// Counts its hits and misses for `/metrics`.
#[derive(Default)]
pub struct ListCache {
    entries: Mutex<HashMap<String, (u64, Arc<CachedPage>)>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ListCache {
    /// The page for `query` if it was read at `generation` (no write since).
    pub fn get(&self, query: &str, generation: u64) -> Option<Arc<CachedPage>> {
        let found = {
            let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries
                .get(query)
                .filter(|(at, _)| *at == generation)
                .map(|(_, page)| page.clone())
        };
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// The hit and miss counters in Prometheus' text format.
    pub fn render(&self, out: &mut String) {
        let _ = write!(
            out,
            "# HELP cc2i_list_cache_lookups_total Public idea list pages looked up in this \
             process's cache, by outcome.\n# TYPE cc2i_list_cache_lookups_total counter\n\
             cc2i_list_cache_lookups_total{{outcome=\"hit\"}} {}\n\
             cc2i_list_cache_lookups_total{{outcome=\"miss\"}} {}\n",
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed)
        );
    }

    /// Keeps the page for `query`, read at `generation`.
    pub fn put(&self, query: String, generation: u64, page: Arc<CachedPage>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&query) {
            entries.retain(|_, (at, _)| *at == generation);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(query, (generation, page));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &'static str) -> Arc<CachedPage> {
        Arc::new(CachedPage::new(text.as_bytes().to_vec()).unwrap())
    }

    #[test]
    fn a_page_keeps_its_body_gzipped_under_its_own_tag() {
        use std::io::Read;
        let page = CachedPage::new(br#"{"items":[1,2,3]}"#.to_vec()).unwrap();
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&page.gzip[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, r#"{"items":[1,2,3]}"#);
        assert_ne!(page.etag, page.gzip_etag);
        let tag = page.gzip_etag.to_str().unwrap();
        assert!(tag.starts_with('"') && tag.ends_with("-gzip\""));
    }

    #[test]
    fn a_page_is_served_only_at_the_generation_it_was_read() {
        let cache = ListCache::default();
        cache.put("limit=20".into(), 7, page("a"));
        assert_eq!(cache.get("limit=20", 7).unwrap().body, "a");
        assert!(cache.get("limit=20", 8).is_none());
        assert!(cache.get("limit=21", 7).is_none());
    }

    #[test]
    fn the_cache_is_bounded() {
        let cache = ListCache::default();
        for i in 0..MAX_ENTRIES + 10 {
            cache.put(format!("q={i}"), i as u64, page("x"));
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
        let last = MAX_ENTRIES + 9;
        assert!(cache.get(&format!("q={last}"), last as u64).is_some());
    }
}
