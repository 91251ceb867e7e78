//! [`Head`]: a saved assessment without its findings, for what shows scores and statuses only.
//!
//! A 1,000-account organization's assessment holds over a million findings: tens of megabytes of
//! compressed JSON and seconds to parse. Its scores, control and objective results, roadmap and
//! reports on answers and exceptions are a few hundred kilobytes. The store keeps that part apart
//! (`head_gz`, schema version 4) so that the dashboard's overview, grid, chart, roadmap and status
//! history never parse the findings.

use maturity_assess::Assessment;

/// A saved assessment without its findings, and how many findings it has.
///
/// Deliberately not an [`Assessment`] (no `Deref` to one): the assessment inside has an empty
/// `findings`, which is not "no findings". It is reached through [`Head::without_findings`],
/// whose name says what is missing, and the count through [`Head::findings`].
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    assessment: Assessment,
    findings: usize,
}

impl Head {
    /// The head of `assessment`: everything but its findings, copied (its findings are not).
    #[must_use]
    pub fn of(assessment: &Assessment) -> Head {
        // Every field named, so that a field added to `Assessment` has to be placed here: kept in
        // the head, or left to the whole like the findings.
        let Assessment {
            schema_version,
            tool,
            as_of,
            evidence,
            aws_smm,
            csmm,
            without_exceptions,
            roadmap,
            findings,
            exceptions,
            answers,
        } = assessment;
        Head {
            assessment: Assessment {
                schema_version: *schema_version,
                tool: tool.clone(),
                as_of: *as_of,
                evidence: evidence.clone(),
                aws_smm: aws_smm.clone(),
                csmm: csmm.clone(),
                without_exceptions: without_exceptions.clone(),
                roadmap: roadmap.clone(),
                findings: Vec::new(),
                exceptions: exceptions.clone(),
                answers: answers.clone(),
            },
            findings: findings.len(),
        }
    }

    /// A head read back from the store: `assessment` must have no findings.
    pub(crate) fn from_parts(assessment: Assessment, findings: usize) -> Option<Head> {
        assessment.findings.is_empty().then_some(Head { assessment, findings })
    }

    /// The assessment with its `findings` left empty: everything else is the saved assessment's
    /// own (scores, control and objective results, roadmap, answers and exceptions). Read its
    /// findings count from [`Head::findings`], never from this.
    #[must_use]
    pub fn without_findings(&self) -> &Assessment {
        &self.assessment
    }

    /// How many findings the saved assessment has.
    #[must_use]
    pub fn findings(&self) -> usize {
        self.findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_the_assessment_without_its_findings_but_with_their_count() -> Result<(), Box<dyn std::error::Error>> {
        let assessment = maturity_demo::assessment()?;
        assert!(!assessment.findings.is_empty());
        let head = Head::of(&assessment);
        assert_eq!(head.findings(), assessment.findings.len());
        assert!(head.without_findings().findings.is_empty());
        let mut whole = head.without_findings().clone();
        whole.findings.clone_from(&assessment.findings);
        assert_eq!(whole, assessment, "nothing else is left out");
        assert!(Head::from_parts(assessment, 1).is_none(), "a head holds no findings");
        Ok(())
    }
}
