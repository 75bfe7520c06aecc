//! The integration tests' fixtures: the crate's own fixture builder ([`cahier::testing`]),
//! shared with the unit tests.
#![allow(dead_code, unused_imports)]

pub use cahier::testing::{Fixture, SiteBuilder, copy_dir, list};
