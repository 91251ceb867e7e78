//! The roadmap: the next steps in the order the assessment gives them (the phase or level they
//! unlock, then the accounts they affect), each with why, what to do and the official page.

use std::fmt::{self, Write as _};

use maturity_assess::Assessment;
use maturity_assess::roadmap::ModelId;

use super::markup::{badge, esc, external_link, prose};

pub(super) fn render(out: &mut String, assessment: &Assessment) -> fmt::Result {
    write!(
        out,
        r#"<section class="card" id="roadmap"><h2>Roadmap</h2><p class="lead">{} steps that block the next AWS SMM phase of a capability or the target level of a CSMM category, in order: lowest phase or level first, then the most accounts affected.</p>"#,
        assessment.roadmap.len()
    )?;
    if assessment.roadmap.is_empty() {
        out.push_str("<p>Nothing blocks the next phase or a target level.</p></section>\n");
        return Ok(());
    }
    out.push_str(r#"<table class="data roadmap"><thead><tr><th class="num">#</th><th>Next step</th><th>Unlocks</th><th>Status</th><th class="num">Accounts</th><th>Why</th></tr></thead><tbody>"#);
    for (number, item) in assessment.roadmap.iter().enumerate() {
        write!(
            out,
            r#"<tr data-roadmap-item="{}"><td class="num">{}</td><td class="step">"#,
            esc(&item.item),
            number + 1
        )?;
        external_link(out, &item.url, &item.title)?;
        let (model, unlocks) = match item.model {
            ModelId::AwsSmm => ("AWS SMM", format!("phase {}", item.unlocks)),
            ModelId::Csmm => ("CSMM", format!("level {}", item.unlocks)),
        };
        write!(out, r#"<span class="item-id">{} · {model} · "#, esc(&item.area_name))?;
        if item.model == ModelId::AwsSmm {
            write!(out, r##"<a href="#control-{0}"><code>{0}</code></a>"##, esc(&item.item))?;
        } else {
            write!(out, "<code>{}</code>", esc(&item.item))?;
        }
        write!(out, r#"</span></td><td class="nw">{unlocks}</td><td class="nw">"#)?;
        badge(out, item.status)?;
        write!(out, r#"</td><td class="num">{}</td><td>"#, item.accounts_affected)?;
        prose(out, &item.why)?;
        if !item.what_to_do.is_empty() {
            out.push_str(r#"<details class="todo"><summary>What to do</summary>"#);
            prose(out, &item.what_to_do)?;
            out.push_str("</details>");
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></section>\n");
    Ok(())
}
