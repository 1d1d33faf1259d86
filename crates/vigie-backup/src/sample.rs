//! Choosing the files a restore test restores: a few spread evenly across
//! the backup's listing, without keeping the whole listing in memory (a
//! snapshot can hold a million files).

/// A file of the backup as its listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The path inside the backup, as the tool names it.
    pub path: String,
    pub size: u64,
    /// The backup's own checksum of the content (borg's sha256), when the
    /// listing gives one.
    pub sha256: Option<String>,
}

/// Keeps every `stride`-th candidate; when it holds more than twice the
/// wanted number, drops every other one and doubles the stride. The kept
/// files stay spread over the whole listing, whatever its length.
pub(crate) struct SpreadSampler {
    want: usize,
    stride: u64,
    seen: u64,
    kept: Vec<Entry>,
    /// Every file, while the listing is small enough to restore whole.
    all: Option<Vec<Entry>>,
    whole_max_files: u64,
    whole_max_bytes: u64,
    pub files: u64,
    pub bytes: u64,
}

impl SpreadSampler {
    pub fn new(want: usize, whole_max_files: u64, whole_max_bytes: u64) -> Self {
        SpreadSampler {
            want: want.max(1),
            stride: 1,
            seen: 0,
            kept: Vec::new(),
            all: Some(Vec::new()),
            whole_max_files,
            whole_max_bytes,
            files: 0,
            bytes: 0,
        }
    }

    /// Offers a file of the listing. `candidate`: small enough to be part of
    /// a sample.
    pub fn offer(&mut self, entry: Entry, candidate: bool) {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(entry.size);
        if let Some(all) = &mut self.all {
            if self.files <= self.whole_max_files && self.bytes <= self.whole_max_bytes {
                all.push(entry.clone());
            } else {
                self.all = None;
            }
        }
        if !candidate {
            return;
        }
        if self.seen.is_multiple_of(self.stride) {
            self.kept.push(entry);
            if self.kept.len() > 2 * self.want {
                let mut i = 0;
                self.kept.retain(|_| {
                    i += 1;
                    i % 2 == 1
                });
                self.stride *= 2;
            }
        }
        self.seen += 1;
    }

    /// The whole backup if it is small, else the sample (at most `want`
    /// files, spread evenly).
    pub fn finish(self) -> (Vec<Entry>, bool) {
        if let Some(all) = self.all {
            return (all, true);
        }
        let n = self.kept.len();
        if n <= self.want {
            return (self.kept, false);
        }
        let picked = (0..self.want)
            .map(|k| k * (n - 1) / (self.want - 1).max(1))
            .collect::<std::collections::BTreeSet<_>>();
        let out = self
            .kept
            .into_iter()
            .enumerate()
            .filter(|(i, _)| picked.contains(i))
            .map(|(_, e)| e)
            .collect();
        (out, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(i: u64) -> Entry {
        Entry {
            path: format!("/f{i}"),
            size: 10,
            sha256: None,
        }
    }

    #[test]
    fn small_backups_are_restored_whole() {
        let mut s = SpreadSampler::new(5, 100, 10_000);
        for i in 0..7 {
            s.offer(e(i), true);
        }
        let (files, whole) = s.finish();
        assert!(whole);
        assert_eq!(files.len(), 7);
    }

    #[test]
    fn large_listings_give_a_spread_sample() {
        let mut s = SpreadSampler::new(5, 10, 1_000_000);
        for i in 0..10_000 {
            s.offer(e(i), true);
        }
        let (files, whole) = s.finish();
        assert!(!whole);
        assert_eq!(files.len(), 5);
        assert_eq!(files[0].path, "/f0");
        let last: u64 = files[4].path[2..].parse().unwrap();
        assert!(last > 5000, "{files:?}");
    }

    #[test]
    fn big_files_are_not_candidates() {
        let mut s = SpreadSampler::new(2, 1, 1);
        s.offer(e(1), false);
        s.offer(e(2), true);
        s.offer(e(3), false);
        let (files, whole) = s.finish();
        assert!(!whole);
        assert_eq!(files, vec![e(2)]);
    }
}
