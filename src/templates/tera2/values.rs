//! The site's values as Tera 2 values, made once per site rather than once per render: each
//! language's `config`, and each entry's light object with its content, which a page's own
//! render, its section's `pages` and its neighbours' `lower`/`higher` share (Tera 2 values
//! are reference-counted: sharing one is a pointer copy).
//!
//! Input: the site data (the same [`SiteData`] the Tera 1 engine reads). Output: the Tera 2
//! value of an entry's whole object, as [`SiteData::object`] gives it in JSON; a language's
//! `config`. Each is converted the first time a render asks for it. Never fails.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use tera2::Value;

use super::adapt::from_json;
use crate::site::PageId;
use crate::templates::SiteData;
use crate::templates::context::Shape;

/// The Tera 2 values of one site's data.
pub struct Values {
    data: Arc<SiteData>,
    configs: HashMap<String, Value>,
    /// Each entry's light object with its `content`.
    with_content: Vec<OnceLock<Value>>,
    /// Each entry's light object (what `lower` and `higher` show).
    basics: Vec<OnceLock<Value>>,
}

impl Values {
    pub fn new(data: &Arc<SiteData>) -> Values {
        let configs = data.config.iter().map(|(lang, c)| (lang.clone(), from_json(c))).collect();
        let n = data.basics.len();
        Values {
            data: data.clone(),
            configs,
            with_content: (0..n).map(|_| OnceLock::new()).collect(),
            basics: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Language `lang`'s `config` object, if the site has that language.
    pub fn config(&self, lang: &str) -> Option<&Value> {
        self.configs.get(lang)
    }

    fn with_content(&self, id: PageId) -> Value {
        self.with_content[id].get_or_init(|| from_json(&self.data.with_content(id))).clone()
    }

    fn basic(&self, id: PageId) -> Value {
        self.basics[id].get_or_init(|| from_json(&self.data.basics[id].value())).clone()
    }

    /// Entry `id`'s whole object, as [`SiteData::object`] gives it.
    pub fn object(&self, id: PageId) -> Value {
        let own = self.with_content(id);
        let mut map = own.as_map().cloned().unwrap_or_default();
        let mut put = |k: &'static str, v: Value| {
            map.insert(k.into(), v);
        };
        match &self.data.shapes[id] {
            Shape::Page { lower, higher } => {
                put("lower", lower.map_or(Value::none(), |n| self.basic(n)));
                put("higher", higher.map_or(Value::none(), |n| self.basic(n)));
            }
            Shape::Section { pages, subsections } => {
                put("pages", Value::from(pages.iter().map(|&p| self.with_content(p)).collect::<Vec<_>>()));
                put(
                    "subsections",
                    Value::from(subsections.iter().map(|s| Value::from(s.as_str())).collect::<Vec<_>>()),
                );
            }
            Shape::Unknown => return own,
        }
        Value::from(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::context::Basic;
    use crate::templates::tera2::adapt::to_json;

    #[test]
    fn an_object_is_the_one_the_tera_1_engine_reads() {
        let basic =
            |title: &str| Basic { title: Some(title.into()), relative_path: format!("{title}.md"), ..Basic::default() };
        let data = SiteData {
            basics: vec![basic("section"), basic("a"), basic("b")],
            contents: vec!["<p>S</p>".into(), "<p>A</p>".into(), "<p>B</p>".into()],
            shapes: vec![
                Shape::Section { pages: vec![1, 2], subsections: vec!["sub/_index.md".into()] },
                Shape::Page { lower: None, higher: Some(2) },
                Shape::Page { lower: Some(1), higher: None },
            ],
            ..SiteData::default()
        };
        let data = Arc::new(data);
        let values = Values::new(&data);
        for id in 0..3 {
            assert_eq!(to_json(&values.object(id)), data.object(id), "{id}");
        }
    }
}
