//! Request counts and latency histograms by method, route pattern and status, kept in
//! memory per process (Prometheus adds replicas up). Routes are the matched patterns
//! (`/api/v1/ideas/{id}`), never raw paths, so ids cannot grow the label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::state::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BOUNDS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Route {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BOUNDS.len()],
    sum: f64,
    count: u64,
}

/// What this process has answered, by method then route (looked up by `&str`, so counting
/// a request allocates nothing once its route has been seen).
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, BTreeMap<Arc<str>, Route>>>,
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut methods = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        if !methods.contains_key(method) {
            methods.insert(method.to_string(), BTreeMap::new());
        }
        let Some(routes) = methods.get_mut(method) else {
            return;
        };
        if !routes.contains_key(route) {
            routes.insert(route.into(), Route::default());
        }
        let Some(entry) = routes.get_mut(route) else {
            return;
        };
        *entry.by_status.entry(status).or_default() += 1;
        if let Some(i) = BOUNDS.iter().position(|b| seconds <= *b) {
            entry.buckets[i] += 1;
        }
        entry.sum += seconds;
        entry.count += 1;
    }

    /// The request families in the text format.
    pub fn render(&self) -> String {
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::from(
            "# HELP cc2i_http_requests_total HTTP requests answered, by method, route and status.\n\
             # TYPE cc2i_http_requests_total counter\n",
        );
        let rows = || {
            routes.iter().flat_map(|(method, by_route)| {
                by_route.iter().map(move |(route, r)| (method, route, r))
            })
        };
        for (method, route, r) in rows() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "cc2i_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(method),
                    escape(route)
                );
            }
        }
        out.push_str(
            "# HELP cc2i_http_request_duration_seconds Time to answer, by method and route.\n\
             # TYPE cc2i_http_request_duration_seconds histogram\n",
        );
        for (method, route, r) in rows() {
            let labels = format!("method=\"{}\",route=\"{}\"", escape(method), escape(route));
            let mut cumulative = 0;
            for (bound, n) in BOUNDS.iter().zip(r.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "cc2i_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "cc2i_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n\
                 cc2i_http_request_duration_seconds_sum{{{labels}}} {}\n\
                 cc2i_http_request_duration_seconds_count{{{labels}}} {}",
                r.count, r.sum, r.count
            );
        }
        out
    }
}

/// A label value with `\`, `"` and newlines escaped.
pub fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: times every request and counts it under its matched route.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let res = next.call(req).await?;
    let route = super::routes::pattern(res.request());
    if let Some(state) = res.request().app_data::<web::Data<AppState>>() {
        state.metrics.observe(
            method.as_str(),
            &route,
            res.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets_add_up() {
        let m = Metrics::default();
        m.observe("GET", "/api/v1/ideas", 200, 0.003);
        m.observe("GET", "/api/v1/ideas", 200, 0.2);
        m.observe("GET", "/api/v1/ideas", 304, 20.0);
        let text = m.render();
        assert!(text.contains(
            "cc2i_http_requests_total{method=\"GET\",route=\"/api/v1/ideas\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "cc2i_http_requests_total{method=\"GET\",route=\"/api/v1/ideas\",status=\"304\"} 1"
        ));
        assert!(text.contains("route=\"/api/v1/ideas\",le=\"0.0025\"} 0"));
        assert!(text.contains("route=\"/api/v1/ideas\",le=\"0.005\"} 1"));
        assert!(text.contains("route=\"/api/v1/ideas\",le=\"0.25\"} 2"));
        assert!(text.contains("route=\"/api/v1/ideas\",le=\"10\"} 2"));
        assert!(text.contains("route=\"/api/v1/ideas\",le=\"+Inf\"} 3"));
        assert!(text.contains(
            "cc2i_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/ideas\"} 3"
        ));
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
