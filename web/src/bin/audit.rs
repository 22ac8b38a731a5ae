//! The audit bundle of the CC2i app (see `cc2i_web::bundles`).

fn main() {
    cc2i_web::start(cc2i_web::bundles::AUDIT);
}
