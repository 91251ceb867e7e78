//! Whether a move between two statuses is progress.
//!
//! Statuses are not a single scale: `not_applicable` means nothing is in scope and `unknown`
//! means no usable evidence. Met, partial and not met are ranked in that order; a move that
//! involves either of the other two is judged by whether the control or objective is done
//! (met or not applicable) before and after, so that losing evidence on a met control reads as
//! worse and something coming into scope unmet reads as worse, without pretending `unknown` is
//! a level.

use serde::Serialize;

use crate::status::Status;

/// Which way something moved between two assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Closer to the goal.
    Better,
    /// Further from it.
    Worse,
    /// Different, but neither closer nor further (e.g. `unknown` became `not_met`).
    Neither,
}

impl Direction {
    /// The direction's id, as serialized.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Neither => "neither",
        }
    }

    /// Compares two numbers where more is better (phases, levels, scores).
    #[must_use]
    pub fn of_numbers(before: f64, after: f64) -> Direction {
        if after > before {
            Direction::Better
        } else if after < before {
            Direction::Worse
        } else {
            Direction::Neither
        }
    }

    /// Compares two statuses (see the module documentation for the rule).
    #[must_use]
    pub fn of_statuses(before: Status, after: Status) -> Direction {
        match (rank(before), rank(after)) {
            (Some(b), Some(a)) => Direction::of_numbers(f64::from(b), f64::from(a)),
            _ => match (before.is_done(), after.is_done()) {
                (false, true) => Direction::Better,
                (true, false) => Direction::Worse,
                _ => Direction::Neither,
            },
        }
    }
}

/// Met above partial above not met; the other statuses are not on this scale.
fn rank(status: Status) -> Option<u8> {
    match status {
        Status::Met => Some(2),
        Status::Partial => Some(1),
        Status::NotMet => Some(0),
        Status::NotApplicable | Status::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Direction;
    use crate::status::Status;

    #[test]
    fn ranked_statuses_compare_in_order() {
        assert_eq!(Direction::of_statuses(Status::NotMet, Status::Met), Direction::Better);
        assert_eq!(Direction::of_statuses(Status::Met, Status::Partial), Direction::Worse);
        assert_eq!(Direction::of_statuses(Status::Partial, Status::Partial), Direction::Neither);
    }

    #[test]
    fn unknown_and_not_applicable_are_judged_by_being_done() {
        assert_eq!(Direction::of_statuses(Status::Met, Status::Unknown), Direction::Worse);
        assert_eq!(Direction::of_statuses(Status::Unknown, Status::Met), Direction::Better);
        assert_eq!(Direction::of_statuses(Status::Unknown, Status::NotMet), Direction::Neither);
        assert_eq!(Direction::of_statuses(Status::NotApplicable, Status::NotMet), Direction::Worse);
        assert_eq!(Direction::of_statuses(Status::NotMet, Status::NotApplicable), Direction::Better);
        assert_eq!(Direction::of_statuses(Status::NotApplicable, Status::Met), Direction::Neither);
    }
}
