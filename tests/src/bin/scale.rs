//! `cargo run -p cc2i-tests --bin scale` (`just test-scale`): three `cc2i serve` replicas
//! over one PostgreSQL under load and a SIGKILL; exits 1 on any broken promise.
//! `scale bench` (`just bench-scale`): pledges per second, one replica vs three.
//!
//! Uses the `cc2i` binary of the same build profile; starts PostgreSQL with
//! `tests/scripts/postgres.sh` unless `TEST_DATABASE_URL` is set.

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("bench") => cc2i_tests::scale::bench::run().await,
        None | Some("test") => {
            let violations = cc2i_tests::scale::scenario::run().await;
            if violations > 0 {
                std::process::exit(1);
            }
        }
        Some(other) => {
            eprintln!("usage: scale [test|bench] (got {other})");
            std::process::exit(2);
        }
    }
}
