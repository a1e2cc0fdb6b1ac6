//! What was agreed: programmes counted by integration mode and by sector.

use std::collections::BTreeMap;

use crate::Agenda;
use crate::programme::{IntegrationMode, Programme, Sector};

impl Agenda {
    /// The number of programmes of each integration mode, every mode listed
    /// (with 0 where none), in [`IntegrationMode`] order; programmes whose
    /// mode is not given are counted by [`Agenda::count_without_mode`].
    /// O(V).
    ///
    /// # Example: the seed article's count
    ///
    /// ```
    /// use union_state::IntegrationMode::*;
    /// let counts = union_state::dataset().count_by_mode();
    /// assert_eq!(counts[&Harmonisation], 7);
    /// assert_eq!(counts.values().sum::<usize>(), 28);
    /// ```
    pub fn count_by_mode(&self) -> BTreeMap<IntegrationMode, usize> {
        let mut counts: BTreeMap<IntegrationMode, usize> =
            IntegrationMode::ALL.iter().map(|&m| (m, 0)).collect();
        for mode in self.programmes.iter().filter_map(|p| p.mode) {
            *counts.entry(mode).or_default() += 1;
        }
        counts
    }

    /// The number of programmes whose integration mode is not given. O(V).
    ///
    /// ```
    /// assert_eq!(union_state::dataset().count_without_mode(), 0);
    /// ```
    pub fn count_without_mode(&self) -> usize {
        self.programmes.iter().filter(|p| p.mode.is_none()).count()
    }

    /// The number of programmes in each sector, by sector label. O(V log V).
    pub fn count_by_sector(&self) -> BTreeMap<&Sector, usize> {
        let mut counts = BTreeMap::new();
        for p in &self.programmes {
            *counts.entry(&p.sector).or_default() += 1;
        }
        counts
    }

    /// The programmes of one integration mode, by id.
    pub fn programmes_with_mode(
        &self,
        mode: IntegrationMode,
    ) -> impl Iterator<Item = &Programme> + '_ {
        self.programmes.iter().filter(move |p| p.mode == Some(mode))
    }
}
