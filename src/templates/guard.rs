//! A recursion that only ends too late: a macro that calls itself inside an `if` with a huge
//! argument, or under a condition that stays true. [`super::recursion`] refuses the loops
//! that can never end; these it cannot tell from a tree menu, so they are stopped while
//! rendering, before the thread's stack runs out.
//!
//! Input: the loaded templates. Output: each macro's body starts with a call of
//! [`GUARD`], which is an error once less than [`MARGIN`] of the rendering thread's stack is
//! left (Tera's AST is changed, not the template's text, so error places stay true).
//! Failure: the render error names the macro and its template file.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

/// The function each macro body starts with; not a name a template can collide with.
pub const GUARD: &str = "__cahier_macro_depth_guard";

/// Stack left below which a macro call is refused: many times what one level of a macro
/// uses, and well under the stack of any thread that renders (2 MiB at the least).
pub const MARGIN: usize = 512 << 10;

/// Puts the guard at the start of every macro of every template; `shown` gives a template's
/// file for messages.
pub fn install(tera: &mut Tera, shown: &BTreeMap<String, (String, PathBuf)>) {
    for (name, tpl) in tera.templates.iter_mut() {
        let file = shown.get(name).map_or_else(|| format!("templates/{name}"), |(_, p)| p.display().to_string());
        for (macro_name, def) in tpl.macros.iter_mut() {
            let text = |s: &str| Expr::new(ExprVal::String(s.to_string()));
            let args = HashMap::from([("name".to_string(), text(macro_name)), ("file".to_string(), text(&file))]);
            let call = Expr::new(ExprVal::FunctionCall(FunctionCall { name: GUARD.to_string(), args }));
            def.body.insert(0, Node::VariableBlock(WS::default(), call));
        }
    }
    tera.register_function(GUARD, guard);
}

/// An empty string, or the error that stops a macro recursing too deep.
fn guard(args: &HashMap<String, Value>) -> tera::Result<Value> {
    if stacker::remaining_stack().is_some_and(|left| left < MARGIN) {
        let arg = |k: &str| args.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
        return Err(tera::Error::msg(format!(
            "the macro `{}` of {} calls macros too deeply (it calls itself without end, or with too large an \
             argument): give the `if` around its call a condition that becomes false sooner",
            arg("name"),
            arg("file")
        )));
    }
    Ok(Value::String(String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(macros: &str, page: &str) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![("macros.html", macros), ("page.html", page)]).unwrap();
        install(&mut tera, &BTreeMap::new());
        tera
    }

    /// Renders on a thread with 2 MiB of stack, the smallest any render runs on.
    fn render(tera: Tera) -> Result<String, String> {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || tera.render("page.html", &tera::Context::new()).map_err(|e| super::super::error_chain(&e)))
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn a_macro_recursing_inside_an_if_is_stopped_with_its_name_and_file() {
        let macros = "{% macro f(n) %}{% if n > 0 %}{{ self::f(n=n-1) }}{% endif %}{% endmacro %}";
        let e = render(tera(macros, "{% import \"macros.html\" as m %}{{ m::f(n=100000000) }}")).unwrap_err();
        assert!(e.contains("the macro `f` of templates/macros.html calls macros too deeply"), "{e}");
        let e = render(tera(
            "{% macro g() %}{% if true %}{{ self::g() }}{% endif %}{% endmacro %}",
            "{% import \"macros.html\" as m %}{{ m::g() }}",
        ))
        .unwrap_err();
        assert!(e.contains("the macro `g`"), "{e}");
    }

    #[test]
    fn a_bounded_recursion_renders_as_before() {
        let macros = "{% macro f(n) %}{{ n }}{% if n > 0 %},{{ self::f(n=n-1) }}{% endif %}{% endmacro %}";
        let out = render(tera(macros, "{% import \"macros.html\" as m %}[{{ m::f(n=10) }}]")).unwrap();
        assert_eq!(out, "[10,9,8,7,6,5,4,3,2,1,0]");
    }
}
