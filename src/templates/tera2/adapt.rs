//! Zola's functions and filters, one implementation for both engines: each is written once
//! over plain data (arguments as a map of `serde_json` values, a `serde_json` value back,
//! the interface of the Tera 1 structs in [`crate::templates::functions`] and
//! [`crate::templates::filters`]); this module adapts them to Tera 2's API.
//!
//! Input: a Tera 2 call (its keyword arguments, and the value for a filter). Output: the
//! shared implementation's value, converted to a Tera 2 value, safe when the implementation
//! says its output is HTML. Failure: the implementation's message, as a Tera 2 error (Tera 2
//! adds the template and the place).

use std::collections::HashMap;

use serde_json::Value as Json;
use tera2::{Kwargs, State, TeraResult, Value};

/// A Tera 1 value or error message from a Tera 2 value.
pub fn to_json(value: &Value) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// A Tera 2 value from a JSON one, built directly (as serde would build it, without going
/// through a serializer: every render's context is converted).
pub fn from_json(value: &Json) -> Value {
    match value {
        Json::Null => Value::none(),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Value::from(u),
            (None, Some(i)) => Value::from(i),
            (None, None) => Value::from(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::from(items.iter().map(from_json).collect::<Vec<_>>()),
        Json::Object(entries) => {
            let mut map = tera2::Map::with_capacity(entries.len());
            for (k, v) in entries {
                map.insert(k.clone().into(), from_json(v));
            }
            Value::from(map)
        }
    }
}

/// The keyword arguments as the shared implementations take them. `renames` maps a Tera 2
/// (Zola 0.23) argument name to the one the implementation reads, when the call does not
/// give that one itself (`get_taxonomy_url(term=…)` is Zola 0.22's `name`).
pub fn args(kwargs: &Kwargs, renames: &[(&str, &str)]) -> HashMap<String, Json> {
    let mut out: HashMap<String, Json> =
        kwargs.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), to_json(v))).collect();
    for (new, old) in renames {
        if !out.contains_key(*old)
            && let Some(v) = out.remove(*new)
        {
            out.insert((*old).to_string(), v);
        }
    }
    out
}

/// A Tera 1 error, with its causes, as a Tera 2 error.
fn error(e: &tera::Error) -> tera2::Error {
    tera2::Error::message(crate::templates::error_chain(e))
}

/// A value the shared implementation gave: a string it marks safe is HTML.
fn output(value: Json, safe: bool) -> Value {
    match (&value, safe) {
        (Json::String(s), true) => Value::safe_string(s),
        _ => from_json(&value),
    }
}

/// A shared function, for Tera 2, with Zola 0.23's arguments.
pub struct Function<F> {
    pub inner: F,
    /// Zola 0.23 argument names and the Zola 0.22 ones the implementation reads ([`args`]).
    pub renames: &'static [(&'static str, &'static str)],
    /// Zola 0.23 gives a function that takes `lang` the template's own `lang` when the call
    /// does not give one (Zola 0.22 gave the default language).
    pub lang: bool,
    /// `get_page` and `get_section`: `path` names a page whatever its language (a language
    /// suffix, `x.fr.md`, is dropped: `lang` says which translation), and `allow_missing`
    /// gives nothing instead of an error. The config tells the suffixes.
    pub canonical: Option<std::sync::Arc<crate::config::Config>>,
}

impl<F: tera::Function + 'static> Function<F> {
    /// A function whose arguments are Zola 0.22's.
    pub fn new(inner: F) -> Self {
        Function { inner, renames: &[], lang: false, canonical: None }
    }

    /// A function that takes `lang`, defaulting to the template's.
    pub fn with_lang(inner: F) -> Self {
        Function { inner, renames: &[], lang: true, canonical: None }
    }
}

impl<F: tera::Function + 'static> tera2::Function<TeraResult<Value>> for Function<F> {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let mut args = args(&kwargs, self.renames);
        if self.lang
            && !args.contains_key("lang")
            && let Some(lang) = state.get::<String>("lang")?
        {
            args.insert("lang".into(), Json::String(lang));
        }
        let mut allow_missing = false;
        if let Some(config) = &self.canonical {
            if let Some(Json::String(path)) = args.get("path") {
                let key = crate::key::split(path.trim_start_matches("@/"), config).0;
                args.insert("path".into(), Json::String(key));
            }
            allow_missing = args.get("allow_missing").and_then(Json::as_bool).unwrap_or(false);
        }
        match self.inner.call(&args) {
            Ok(out) => Ok(output(out, self.inner.is_safe())),
            Err(_) if allow_missing => Ok(Value::none()),
            Err(e) => Err(error(&e)),
        }
    }

    fn is_safe(&self) -> bool {
        self.inner.is_safe()
    }
}

/// A shared filter, for Tera 2.
pub struct Filter<F>(pub F);

impl<F: tera::Filter + 'static> tera2::Filter<&Value, TeraResult<Value>> for Filter<F> {
    fn call(&self, value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
        let out = self.0.filter(&to_json(value), &args(&kwargs, &[])).map_err(|e| error(&e))?;
        Ok(output(out, self.0.is_safe()))
    }

    fn is_safe(&self) -> bool {
        self.0.is_safe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_go_both_ways_unchanged() {
        let v = json!({"a": [1, -2, 2.5, u64::MAX, "x", "a string longer than twenty-one bytes", null, true], "b": {"c": "d"}});
        assert_eq!(to_json(&from_json(&v)), v);
        assert_eq!(from_json(&v), Value::from_serializable(&v), "as serde builds it");
    }

    #[test]
    fn a_zola_023_argument_name_reaches_the_shared_implementation_under_its_022_name() {
        let kwargs = Kwargs::from([("kind", Value::from("tags")), ("term", Value::from("rust"))]);
        let a = args(&kwargs, &[("term", "name")]);
        assert_eq!(a.get("name"), Some(&json!("rust")));
        assert!(!a.contains_key("term"));
        let both = Kwargs::from([("name", Value::from("a")), ("term", Value::from("b"))]);
        assert_eq!(args(&both, &[("term", "name")]).get("name"), Some(&json!("a")));
    }
}
