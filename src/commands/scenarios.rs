//! `cogov scenarios`: the built-in scenario library. With no action, list it (name, title
//! and description in the language asked for); `export DIR` writes its files to edit.
//!
//! An export is an output folder like any other (ARCHITECTURE.md, "Crash consistency"): the
//! folder is locked, the names to write are recorded in `.cogov-files` before any is
//! written, an `INCOMPLETE` marker stands until every file is written (each whole, through
//! `durable`), and an existing non-empty folder is refused unless `--force`, which
//! replaces only what cogov wrote there.

use std::path::Path;

use anyhow::Result;

use super::{BadInput, say};
use crate::cli::{ScenariosAction, ScenariosArgs};
use crate::{output, owned};
use cogov::i18n::Lang;
use cogov::library;

pub fn run(args: &ScenariosArgs) -> Result<()> {
    match &args.action {
        None => list(args.lang.into()),
        Some(ScenariosAction::Export { dir, force }) => export(dir, *force),
    }
}

fn list(lang: Lang) -> Result<()> {
    let entries = library::entries()?;
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for e in &entries {
        let (title, description) = match lang {
            Lang::Zh if !e.title.zh.is_empty() => (&e.title.zh, &e.description.zh),
            _ => (&e.title.en, &e.description.en),
        };
        out.push_str(&format!("{:width$}  {title}\n", e.name));
        if !description.is_empty() {
            out.push_str(&format!("{:width$}  {description}\n", ""));
        }
    }
    out.push_str(match lang {
        Lang::En => {
            "\nThe first is the baseline. `cogov compare` runs them all; `cogov scenarios export \
             DIR` writes the files to edit.\n"
        }
        Lang::Zh => "\n第一个为基线情景。`cogov compare` 运行以上全部情景;`cogov scenarios export DIR` 导出情景文件以便修改。\n",
    });
    say(&out)
}

/// The files an export writes: every scenario and the list.
fn outputs() -> Vec<String> {
    let mut names: Vec<String> = library::FILES.iter().map(|(f, _)| f.to_string()).collect();
    names.push(library::LIST_FILE.into());
    names
}

fn export(dir: &Path, force: bool) -> Result<()> {
    let names = outputs();
    // The same refusal as `output::prepare` (which checks again under the lock), in the
    // words of an export.
    if !force && dir.is_dir() && !owned::is_empty(dir)? {
        return Err(BadInput(format!(
            "{} already holds files; refusing to write the scenario files into it: choose \
             another folder, or pass --force to replace the files an earlier export wrote \
             there (files cogov did not write are kept)",
            dir.display()
        ))
        .into());
    }
    let (dir, _lock) = output::prepare(Some(dir), "scenarios", force, &names)?;
    for name in &names {
        let text = library::text_of(name)
            .ok_or_else(|| anyhow::anyhow!("internal error: {name} is not a built-in file"))?;
        output::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    output::mark_complete(&dir)?;
    say(&format!(
        "{} files written to {}; name them to use them, e.g. cogov compare {} {}\n",
        names.len(),
        dir.display(),
        dir.join(library::order()[0]).display(),
        dir.join(library::order()[1]).display(),
    ))
}
