//! The site's values as Tera 2 values, made directly from the site data: each language's
//! `config` once per site (every render's context holds one), and an entry's whole object
//! from its typed light value (`Basic`), without the JSON a Tera 1 render reads. A cache of
//! every entry's value would save little work (about 1 % of a build's instructions) for a
//! fifth more memory.
//!
//! Input: the site data (the same [`SiteData`] the Tera 1 engine reads). Output: the Tera 2
//! value of an entry's whole object, as [`SiteData::object`] gives it in JSON; a language's
//! `config`. Never fails.

use std::collections::HashMap;
use std::sync::Arc;

use tera2::Value;

use super::adapt::from_json;
use crate::site::PageId;
use crate::templates::SiteData;
use crate::templates::context::Shape;

/// The Tera 2 values of one site's data.
pub struct Values {
    data: Arc<SiteData>,
    configs: HashMap<String, Value>,
}

impl Values {
    pub fn new(data: &Arc<SiteData>) -> Values {
        let configs = data.config.iter().map(|(lang, c)| (lang.clone(), from_json(c))).collect();
        Values { data: data.clone(), configs }
    }

    /// Language `lang`'s `config` object, if the site has that language.
    pub fn config(&self, lang: &str) -> Option<&Value> {
        self.configs.get(lang)
    }

    /// Entry `id`'s light object (what `lower` and `higher` show).
    fn basic(&self, id: PageId) -> Value {
        Value::from_serializable(&self.data.basics[id])
    }

    /// Entry `id`'s light object with its `content`.
    fn with_content_map(&self, id: PageId) -> tera2::Map {
        let mut map = self.basic(id).as_map().cloned().unwrap_or_default();
        map.insert("content".into(), Value::from(self.data.contents[id].as_str()));
        map
    }

    fn with_content(&self, id: PageId) -> Value {
        Value::from(self.with_content_map(id))
    }

    /// Entry `id`'s whole object, as [`SiteData::object`] gives it.
    pub fn object(&self, id: PageId) -> Value {
        let mut map = self.with_content_map(id);
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
            Shape::Unknown => {}
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
