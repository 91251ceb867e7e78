//! Accepted risks and attested answers: which exceptions lifted what, which expired or matched
//! nothing, and which answers expired, so that neither rots unseen.

use std::fmt::{self, Write as _};

use maturity_assess::{Assessment, Exception};

use super::markup::esc;

pub(super) fn render(out: &mut String, assessment: &Assessment) -> fmt::Result {
    let exceptions = &assessment.exceptions;
    let answers = &assessment.answers;
    out.push_str(r#"<section class="card" id="accepted"><h2>Exceptions and answers</h2><p class="lead">Scores are shown with and without exceptions. Expired exceptions cover nothing; expired answers count as unknown.</p>"#);

    write!(out, "<h3>Exceptions applied ({})</h3>", exceptions.applied.len())?;
    if exceptions.applied.is_empty() {
        out.push_str("<p class=\"muted\">None.</p>");
    } else {
        head(out, &["#", "Covers", "Reason", "Owner", "Expires", "Findings", "Controls lifted"])?;
        for used in &exceptions.applied {
            row(out, &used.exception)?;
            write!(out, r#"<td class="num">{}</td><td>{}</td></tr>"#, used.findings, esc(&used.controls.join(", ")))?;
        }
        out.push_str("</tbody></table>");
    }
    for (title, list) in [("Expired exceptions", &exceptions.expired), ("Unused exceptions", &exceptions.unused)] {
        write!(out, "<h3>{title} ({})</h3>", list.len())?;
        if list.is_empty() {
            out.push_str("<p class=\"muted\">None.</p>");
            continue;
        }
        head(out, &["#", "Covers", "Reason", "Owner", "Expires"])?;
        for exception in list {
            row(out, exception)?;
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }

    write!(
        out,
        "<h3>Answers</h3><p>{} answers given; {} decided a control or objective; {} expired; {} declared not applicable; {} disagree with the automated evidence.</p>",
        answers.given,
        answers.used.len(),
        answers.expired.len(),
        answers.not_applicable.len(),
        answers.conflicts.len()
    )?;
    if !answers.not_applicable.is_empty() {
        out.push_str("<h4>Declared not applicable</h4>");
        head(out, &["Control or objective", "Reason", "Owner", "Given", "Valid until"])?;
        for answer in &answers.not_applicable {
            write!(
                out,
                r#"<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class="nw">{}</td><td class="nw">{}</td></tr>"#,
                esc(&answer.id),
                esc(answer.evidence.as_deref().unwrap_or("(no reason given: not used for an objective)")),
                esc(answer.owner.as_deref().unwrap_or("—")),
                answer.date,
                answer.expires
            )?;
        }
        out.push_str("</tbody></table>");
    }
    if !answers.conflicts.is_empty() {
        out.push_str("<h4>Answers the evidence contradicts</h4><p>The automated evidence decided these objectives; see each one's reasons.</p><ul>");
        for id in &answers.conflicts {
            write!(out, "<li><code>{}</code></li>", esc(id))?;
        }
        out.push_str("</ul>");
    }
    if !answers.expired.is_empty() {
        head(out, &["Control or objective", "Answer", "Owner", "Given", "Expired"])?;
        for answer in &answers.expired {
            write!(
                out,
                r#"<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class="nw">{}</td><td class="nw">{}</td></tr>"#,
                esc(&answer.id),
                answer.answer.id(),
                esc(answer.owner.as_deref().unwrap_or("—")),
                answer.date,
                answer.expires
            )?;
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");
    Ok(())
}

fn head(out: &mut String, columns: &[&str]) -> fmt::Result {
    out.push_str(r#"<table class="data"><thead><tr>"#);
    for column in columns {
        write!(out, "<th>{column}</th>")?;
    }
    out.push_str("</tr></thead><tbody>");
    Ok(())
}

/// The opening of an exception's row, with its common cells.
fn row(out: &mut String, exception: &Exception) -> fmt::Result {
    write!(
        out,
        r#"<tr id="exception-{0}"><td class="num">{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td class="nw">{4}</td>"#,
        exception.number,
        esc(&exception.scope()),
        esc(&exception.reason),
        esc(&exception.owner),
        exception.expires
    )
}
