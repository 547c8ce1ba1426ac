//! Which districts' results may be published apart without revealing a small group's votes.
//!
//! The published figures are the whole electorate's tally `T` and the tallies `T_d` of the
//! published districts `P` (with their counts of ballots). Districts are disjoint, so the
//! tallies anyone can derive from them are those of the unions of published districts and of
//! their complements: `T − Σ_{d∈A} T_d` for any `A ⊆ P`, the ballots of every unpublished
//! district and of the voters without a district together with the published districts
//! outside `A`. The smallest of those is the *remainder* `R` (every ballot outside `P`). So
//! k-anonymity holds for every derivable tally exactly when each published district has at
//! least `k` ballots and the remainder has none or at least `k`: suppressing a small district
//! alone is not enough when it is the only one left out (total − Nord = Sud).
//!
//! When the remainder is positive but below `k`, the smallest published district joins it
//! (complementary suppression), and so on until the remainder reaches `k` or nothing is
//! published.

/// The districts whose tallies may be computed and published, in the order given, from the
/// counted ballots of each district, the counted ballots without a district (`unassigned`),
/// and the minimum `k` (treated as at least 1).
pub fn publishable_districts<'a>(
    districts: &[(&'a str, u64)],
    unassigned: u64,
    k: u64,
) -> Vec<&'a str> {
    let k = k.max(1);
    let mut published: Vec<(&str, u64)> =
        districts.iter().copied().filter(|(_, n)| *n >= k).collect();
    let total: u64 = districts.iter().map(|(_, n)| n).sum::<u64>() + unassigned;
    loop {
        let shown: u64 = published.iter().map(|(_, n)| n).sum();
        let remainder = total - shown;
        if remainder == 0 || remainder >= k || published.is_empty() {
            break;
        }
        // The smallest published district (the first by name among equals) is suppressed too.
        let smallest = published
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| a.1.cmp(&b.1).then(a.0.cmp(b.0)))
            .map(|(i, _)| i);
        if let Some(i) = smallest {
            published.remove(i);
        }
    }
    districts
        .iter()
        .filter(|(d, _)| published.iter().any(|(p, _)| p == d))
        .map(|(d, _)| *d)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tally a reader can derive from the total and the published districts covers
    /// either no ballot or at least `k`: each non-empty union of published districts, and the
    /// total minus each such union.
    fn assert_k_anonymous(sizes: &[u64], unassigned: u64, k: u64) {
        let names: Vec<String> = (0..sizes.len()).map(|i| format!("d{i}")).collect();
        let districts: Vec<(&str, u64)> = names
            .iter()
            .map(String::as_str)
            .zip(sizes.iter().copied())
            .collect();
        let published = publishable_districts(&districts, unassigned, k);
        let k = k.max(1);
        let total: u64 = sizes.iter().sum::<u64>() + unassigned;
        let published_sizes: Vec<u64> = districts
            .iter()
            .filter(|(d, _)| published.contains(d))
            .map(|(_, n)| *n)
            .collect();
        // The empty union stands for the whole result, published whatever the breakdown (a
        // consultation of fewer than k voters reveals its own total, as any election does).
        for mask in 1u32..(1 << published_sizes.len()) {
            let union: u64 = published_sizes
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, n)| n)
                .sum();
            for derived in [union, total - union] {
                assert!(
                    derived == 0 || derived >= k,
                    "sizes {sizes:?}, unassigned {unassigned}, k {k}: published {published:?} \
                     let a reader derive the tally of {derived} ballots"
                );
            }
        }
    }

    #[test]
    fn the_issues_case_publishes_no_breakdown() {
        // k = 2, Nord 2, Sud 1: total − Nord would be Sud's single ballot.
        assert!(publishable_districts(&[("Nord", 2), ("Sud", 1)], 0, 2).is_empty());
    }

    #[test]
    fn a_remainder_of_k_or_more_keeps_the_others() {
        assert_eq!(
            publishable_districts(&[("Est", 1), ("Nord", 2), ("Sud", 3)], 0, 2),
            ["Sud"],
            "Est's single ballot needs Nord's two beside it"
        );
        assert_eq!(
            publishable_districts(&[("Nord", 5), ("Sud", 5), ("Est", 4)], 0, 3),
            ["Nord", "Sud", "Est"]
        );
        assert_eq!(
            publishable_districts(&[("Nord", 5)], 1, 3),
            Vec::<&str>::new()
        );
        assert_eq!(publishable_districts(&[("Nord", 5)], 3, 3), ["Nord"]);
        assert_eq!(publishable_districts(&[], 7, 3), Vec::<&str>::new());
    }

    /// The property, exhaustively over small electorates: up to four districts of 0 to 6
    /// ballots, 0 to 3 ballots without a district, k from 0 to 6.
    #[test]
    fn no_derivable_tally_covers_fewer_than_k_ballots() {
        let mut sizes = Vec::new();
        for count in 0..=4usize {
            let combinations = 7u64.pow(u32::try_from(count).unwrap());
            for code in 0..combinations {
                sizes.clear();
                let mut c = code;
                for _ in 0..count {
                    sizes.push(c % 7);
                    c /= 7;
                }
                for unassigned in 0..=3 {
                    for k in 0..=6 {
                        assert_k_anonymous(&sizes, unassigned, k);
                    }
                }
            }
        }
    }

    #[test]
    fn it_publishes_as_much_as_it_safely_can() {
        // Nothing is suppressed when the remainder is already safe.
        assert_eq!(
            publishable_districts(&[("a", 4), ("b", 4)], 0, 4),
            ["a", "b"]
        );
        // One more suppression than needed would be a loss: only the smallest goes.
        assert_eq!(
            publishable_districts(&[("a", 9), ("b", 3), ("c", 8), ("d", 1)], 0, 3),
            ["a", "c"]
        );
    }
}
