//! The database half of a scrape: pledges by status, queue depths and pool use.

use std::fmt::Write;

use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::schema::{email_outbox, pledges, webhook_deliveries};
use crate::db::{AnyConnection, PoolState};
use crate::error::ApiError;
use cc2i_shared::webhook::DeliveryStatus;

/// Reads one figure of a pool.
type PoolFigure = fn(&PoolState) -> u32;

/// The whole scrape: `requests` (this process's families) then the database's.
pub fn scrape(
    conn: &mut AnyConnection,
    requests: &str,
    pools: &[PoolState],
) -> Result<String, ApiError> {
    let mut out = String::from(requests);
    let by_status: Vec<(String, i64)> = pledges::table
        .group_by(pledges::status)
        .select((pledges::status, count_star()))
        .order(pledges::status)
        .load(conn)?;
    out.push_str("# HELP cc2i_pledges Pledges by status.\n# TYPE cc2i_pledges gauge\n");
    for (status, n) in by_status {
        let _ = writeln!(
            out,
            "cc2i_pledges{{status=\"{}\"}} {n}",
            super::recorder::escape(&status)
        );
    }
    let emails: i64 = email_outbox::table
        .filter(email_outbox::sent_at.is_null())
        .filter(email_outbox::failed_at.is_null())
        .count()
        .get_result(conn)?;
    let deliveries: i64 = webhook_deliveries::table
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.code()))
        .count()
        .get_result(conn)?;
    let _ = write!(
        out,
        "# HELP cc2i_email_queue Emails waiting to be sent.\n# TYPE cc2i_email_queue gauge\n\
         cc2i_email_queue {emails}\n\
         # HELP cc2i_webhook_queue Webhook deliveries waiting for their first or next attempt.\n\
         # TYPE cc2i_webhook_queue gauge\ncc2i_webhook_queue {deliveries}\n"
    );
    let families: [(&str, &str, PoolFigure); 3] = [
        ("connections", "Open connections, by pool.", |p| {
            p.connections
        }),
        ("idle_connections", "Idle connections, by pool.", |p| p.idle),
        (
            "max_connections",
            "The most connections a pool opens.",
            |p| p.max,
        ),
    ];
    for (name, help, value) in families {
        let _ = writeln!(
            out,
            "# HELP cc2i_db_pool_{name} {help}\n# TYPE cc2i_db_pool_{name} gauge"
        );
        for p in pools {
            let _ = writeln!(
                out,
                "cc2i_db_pool_{name}{{pool=\"{}\"}} {}",
                p.name,
                value(p)
            );
        }
    }
    Ok(out)
}
