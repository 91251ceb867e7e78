//! Checks that read other accounts, judged a batch of accounts at a time all the same.
//!
//! A check whose findings about an account depend on other accounts (the regions any account
//! uses, a delegated administrator's data lake, the organization's analyzers) cannot judge an
//! account alone. Holding every account's facts until the end to judge them together costs
//! gigabytes for a large organization. Such a check is split instead: [`Summarized::summarize`]
//! keeps of each account the little the others' verdicts need (which regions it uses, the lakes
//! it hosts), [`Summarized::context`] makes of all the summaries what the verdicts read (once:
//! an index of the organization's data lakes), and [`Summarized::judge`] judges the accounts of
//! any bundle with it. `maturity assess` summarizes each account as it is read and judges the accounts
//! again at the end, a batch at a time ([`crate::by_account`]); on a whole bundle,
//! [`evaluate`] does both at once, so the check has one way of deciding. The trial
//! `<check>::by_account` holds the two to the same findings.

use std::any::Any;

use maturity_evidence::{AccountEvidence, Bundle};

use crate::Findings;

/// What a check keeps of one account, of a type only the check knows.
pub type Summary = Box<dyn Any + Send + Sync>;

/// What a check made of every account's summary, of a type only the check knows.
pub type Context = Box<dyn Any + Send + Sync>;

/// A check split into a summary of each account and a judgement knowing all of them: the form
/// the registry and `maturity assess` see ([`crate::Check::summarized`]).
pub trait Summarized: Sync {
    /// What the check needs of `account` to judge the other accounts. `head` is the bundle
    /// without its accounts (the organization's facts and the scan's scope), or a bundle whose
    /// accounts must not be read.
    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> Summary;

    /// What judging any account needs of the others, made once from the summaries of every
    /// account of the scan, in its order (a data lake index, the regions in use).
    fn context(&self, head: &Bundle, summaries: Vec<Summary>) -> Context;

    /// Adds the check's findings about the accounts of `bundle` (and the organization, and the
    /// accounts in scope it lacks), knowing the other accounts through `context`, whichever of
    /// them `bundle` holds.
    fn judge(&self, context: &Context, bundle: &Bundle, out: &mut Findings);
}

/// [`Summarized`] with the check's own types: what a check implements.
pub(crate) trait Summarize: Sync {
    /// What is kept of one account.
    type Summary: Any + Send + Sync;
    /// What is made of all of them.
    type Context: Any + Send + Sync;

    /// See [`Summarized::summarize`].
    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> Self::Summary;

    /// See [`Summarized::context`].
    fn context(&self, head: &Bundle, summaries: Vec<Self::Summary>) -> Self::Context;

    /// See [`Summarized::judge`].
    fn judge(&self, context: &Self::Context, bundle: &Bundle, out: &mut Findings);
}

impl<T: Summarize> Summarized for T {
    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> Summary {
        Box::new(Summarize::summarize(self, head, account))
    }

    fn context(&self, head: &Bundle, summaries: Vec<Summary>) -> Context {
        // Summaries of another check's type cannot come from the registry's own calls.
        let typed = summaries.into_iter().filter_map(|s| s.downcast::<T::Summary>().ok()).map(|s| *s);
        Box::new(Summarize::context(self, head, typed.collect()))
    }

    fn judge(&self, context: &Context, bundle: &Bundle, out: &mut Findings) {
        if let Some(context) = context.downcast_ref::<T::Context>() {
            Summarize::judge(self, context, bundle, out);
        }
    }
}

/// The check on a whole bundle: every account summarized, then judged.
pub(crate) fn evaluate<T: Summarize>(check: &T, bundle: &Bundle, out: &mut Findings) {
    let summaries: Vec<T::Summary> = bundle.accounts.iter().map(|a| check.summarize(bundle, a)).collect();
    let context = check.context(bundle, summaries);
    check.judge(&context, bundle, out);
}

/// The [`crate::Check`] of a check split into summaries: on a whole bundle, [`evaluate`]; to
/// `maturity assess`, the split itself.
macro_rules! summarized_check {
    ($name:ident) => {
        impl $crate::Check for $name {
            fn evaluate(&self, bundle: &maturity_evidence::Bundle, out: &mut $crate::Findings) {
                $crate::across::evaluate(self, bundle, out);
            }

            fn summarized(&self) -> Option<&dyn $crate::across::Summarized> {
                Some(self)
            }
        }
    };
}

pub(crate) use summarized_check;
