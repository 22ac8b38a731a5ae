//! The service's notion of now: the real time, except with `CC2I_TEST_CLOCK=1`, where an
//! offset kept in the database (so every replica agrees) is added. Services take the instant
//! as a parameter; no trigger reads the database's own clock.

use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::clock_offsets;
use crate::db::{utc, AnyConnection, Db};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use cc2i_shared::jobs::{SetTestClock, TestClock};
use cc2i_shared::Problem;

fn offset_ms(conn: &mut AnyConnection) -> Result<i64, ApiError> {
    Ok(clock_offsets::table
        .find(1)
        .select(clock_offsets::offset_ms)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

/// Now, on a connection already held (inside a transaction, say).
pub fn now_on(conn: &mut AnyConnection, test_clock: bool) -> Result<NaiveDateTime, ApiError> {
    let real = crate::db::now();
    if !test_clock {
        return Ok(real);
    }
    Ok(real + TimeDelta::milliseconds(offset_ms(conn)?))
}

/// Now, reading the test clock's offset if it is on.
pub async fn now(db: &Db, test_clock: bool) -> Result<NaiveDateTime, ApiError> {
    if !test_clock {
        return Ok(crate::db::now());
    }
    db.read(move |conn| now_on(conn, true)).await
}

/// Set the test clock (for tests). Only when the service runs with `CC2I_TEST_CLOCK=1`
/// (otherwise this address does not exist: 404), and only for platform admins. From then on
/// expiries (links, sessions, sign-in limits) are judged as if the time were `now`, moving on
/// with the real time.
#[utoipa::path(
    put, path = "/api/v1/admin/test-clock", tag = "operations", operation_id = "set_test_clock",
    security(("bearer" = [])),
    request_body = SetTestClock,
    responses(
        (status = 200, description = "The clock as set", body = TestClock),
        (status = 400, description = "The body is not JSON (platform admins)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The test clock is off", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON (platform admins)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_test_clock(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let set: SetTestClock = test_clock_body(&req, &state, body, "set the clock").await?;
    let wanted = set.now.naive_utc();
    let offset = (wanted - crate::db::now()).num_milliseconds();
    state
        .db
        .write_unlisted(move |conn| {
            diesel::update(clock_offsets::table.find(1))
                .set(clock_offsets::offset_ms.eq(offset))
                .execute(conn)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(TestClock {
        now: utc(wanted),
        offset_ms: offset,
    }))
}

/// For the test-clock operations: without `CC2I_TEST_CLOCK=1` the address does not exist
/// (404), only platform admins may `what` (403), and only they learn anything about the body,
/// which is read last. A test facility: no second factor is asked for (a test moving the
/// clock on would otherwise lose its own step-up).
pub async fn test_clock_body<T: serde::de::DeserializeOwned + validator::Validate + 'static>(
    req: &HttpRequest,
    state: &AppState,
    body: web::Payload,
    what: &str,
) -> Result<T, ApiError> {
    if !state.config.test_clock {
        return Err(ApiError::RouteNotFound);
    }
    let crate::auth::AnyUser(user) = crate::auth::AnyUser::extract(req).await?;
    if !user.is_platform_admin() {
        return Err(ApiError::Forbidden(format!(
            "Only platform admins can {what}."
        )));
    }
    let mut payload = body.into_inner();
    let ValidJson(value) = ValidJson::<T>::from_request(req, &mut payload).await?;
    Ok(value)
}
