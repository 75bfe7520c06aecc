//! Front matter values that become output paths (`path`, `slug`, `aliases`, taxonomy terms,
//! `paginate_path`): a `..` segment, which would write outside the output folder, is refused
//! as the value is read, so the error points at the value (`path:line:col`).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, de::Error};

use crate::paths::no_parent_segment;

fn checked<E: Error>(value: &str) -> Result<(), E> {
    no_parent_segment(value).map_err(E::custom)
}

pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<String>::deserialize(d)?;
    v.as_deref().map_or(Ok(()), checked)?;
    Ok(v)
}

pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = String::deserialize(d)?;
    checked(&v)?;
    Ok(v)
}

pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    v.iter().try_for_each(|s| checked(s))?;
    Ok(v)
}

pub fn terms<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    let v = BTreeMap::<String, Vec<String>>::deserialize(d)?;
    v.values().flatten().try_for_each(|s| checked(s))?;
    Ok(v)
}
