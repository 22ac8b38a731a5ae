//! The background jobs as of an instant: closing ideas past their deadline, the 48-hour
//! reminders and the email digests. The scheduler runs them every interval as of the real
//! time; with `CC2I_TEST_CLOCK=1` they run only when a platform admin asks, as of the
//! instant asked for, so tests can let days pass without a process-wide clock.

use std::collections::HashSet;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;

use crate::db::schema::{idea_milestones, ideas};
use crate::db::{utc, Db};
use crate::error::ApiError;
use crate::funding::scheduler::close_due;
use crate::pledges::milestones::{remind, DEADLINE_REMINDER, REMINDER_HOURS};
use crate::state::AppState;
use cc2i_shared::jobs::{JobsReport, RunJobs};
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::Problem;

/// Sends the 48-hour reminder for every open idea whose deadline is that close at `now`.
pub async fn reminders(db: &Db, now: NaiveDateTime) -> Result<u32, ApiError> {
    let due: Vec<String> = db
        .read(move |conn| {
            let ids: Vec<String> = ideas::table
                .filter(ideas::status.eq(IdeaStatus::Open.code()))
                .filter(ideas::deadline.gt(now))
                .filter(ideas::deadline.le(now + TimeDelta::hours(REMINDER_HOURS)))
                .select(ideas::id)
                .limit(500)
                .load(conn)?;
            let done: HashSet<String> = idea_milestones::table
                .filter(idea_milestones::milestone.eq(DEADLINE_REMINDER))
                .filter(idea_milestones::idea_id.eq_any(&ids))
                .select(idea_milestones::idea_id)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            Ok(ids.into_iter().filter(|id| !done.contains(id)).collect())
        })
        .await?;
    let mut sent = 0;
    for id in due {
        if db.write(move |conn| remind(conn, &id, now)).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Runs every timed job as of `now` (the email sender runs on its own).
pub async fn run_timed(
    db: &Db,
    now: NaiveDateTime,
    ctx: &crate::audit::Ctx,
) -> Result<JobsReport, ApiError> {
    // Registration and reset requests a crashed process left (normally done at once).
    crate::auth::requests::process_pending(db, now).await?;
    let closed = close_due(db, now, ctx).await? as u32;
    let reminders = reminders(db, now).await?;
    let digests = crate::email::digest::run(db, now).await?;
    Ok(JobsReport {
        now: utc(now),
        closed,
        reminders,
        digests,
        emails_sent: 0,
        webhook_attempts: 0,
    })
}

/// Run the scheduler's jobs now, as of `now` (for tests). Only when the service runs
/// with `CC2I_TEST_CLOCK=1` (otherwise this address does not exist: 404), and only for
/// platform admins. Closes ideas whose deadline is past at `now`, sends due 48-hour
/// reminders and digests as of `now`, then sends every queued email and makes every
/// webhook delivery attempt due at `now`.
#[utoipa::path(
    post, path = "/api/v1/admin/jobs/run", tag = "operations", operation_id = "run_jobs",
    security(("bearer" = [])),
    request_body = RunJobs,
    responses(
        (status = 200, description = "What the jobs did", body = JobsReport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The test clock is off", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn run_jobs(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let run: RunJobs = crate::clock::test_clock_body(&req, &state, body, "run the jobs").await?;
    let now = run.now.unwrap_or_else(Utc::now).naive_utc();
    let mut report = run_timed(&state.db, now, &crate::audit::Ctx::system(&state)).await?;
    report.emails_sent = crate::email::mailer::send_due(&state.db, &state.mailer).await?;
    report.webhook_attempts =
        crate::webhooks::sender::deliver_due(&state.db, state.config.outbound_allow_private, now)
            .await?;
    Ok(HttpResponse::Ok().json(report))
}
