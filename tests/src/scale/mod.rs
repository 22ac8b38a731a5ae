//! `just test-scale` and `just bench-scale`: several `cc2i serve` replicas over one
//! PostgreSQL, under load and a SIGKILL, then every promise checked from outside.

pub mod bench;
pub mod closing;
pub mod cluster;
pub mod email;
pub mod http;
pub mod ledger;
pub mod load;
pub mod report;
pub mod scenario;
pub mod seed;
pub mod webhooks;
