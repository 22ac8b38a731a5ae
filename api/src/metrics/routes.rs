//! The route pattern a request path matched (`/api/v1/ideas/{id}`), remembered per path.
//!
//! actix-web finds a request's pattern by matching its path against every route again, one
//! regular expression after another; with 160 routes that cost more than serving a cached
//! page. A path always matches the same pattern, so each process remembers it, up to a
//! bound beyond which it starts afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use actix_web::HttpRequest;

/// Distinct paths remembered (ids make paths many; the bound keeps memory flat).
const MAX_PATHS: usize = 4096;

/// The pattern of a path that matched no route.
pub const UNMATCHED: &str = "unmatched";

fn known() -> &'static Mutex<HashMap<String, Arc<str>>> {
    static KNOWN: OnceLock<Mutex<HashMap<String, Arc<str>>>> = OnceLock::new();
    KNOWN.get_or_init(Default::default)
}

/// The route pattern `req`'s path matches, or [`UNMATCHED`].
pub fn pattern(req: &HttpRequest) -> Arc<str> {
    let path = req.path();
    if let Some(found) = known().lock().unwrap_or_else(|e| e.into_inner()).get(path) {
        return found.clone();
    }
    let found: Arc<str> = req.match_pattern().as_deref().unwrap_or(UNMATCHED).into();
    let mut map = known().lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_PATHS {
        map.clear();
    }
    map.insert(path.to_string(), found.clone());
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{test, web, App, HttpResponse};

    #[actix_web::test]
    async fn a_path_gives_the_pattern_it_matched_every_time() {
        let app = test::init_service(
            App::new()
                .route(
                    "/things/{id}",
                    web::get().to(|req: HttpRequest| async move {
                        HttpResponse::Ok().body(pattern(&req).to_string())
                    }),
                )
                .default_service(web::to(|req: HttpRequest| async move {
                    HttpResponse::NotFound().body(pattern(&req).to_string())
                })),
        )
        .await;
        for _ in 0..2 {
            let res = test::call_and_read_body(
                &app,
                test::TestRequest::get().uri("/things/7").to_request(),
            )
            .await;
            assert_eq!(res, "/things/{id}");
        }
        let res = test::call_and_read_body(
            &app,
            test::TestRequest::get().uri("/nothing/here").to_request(),
        )
        .await;
        assert_eq!(res, UNMATCHED);
    }
}
