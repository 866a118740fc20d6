//! A small open-addressing table from an id's bytes to its dense index,
//! built for the loader's hot path: every observation row looks up its
//! metric, entity and source here.
//!
//! Keys of up to 16 bytes are held inline as two `u64` words plus the
//! length, read with fixed-size (overlapping) loads, so a probe compares
//! three integers instead of calling `memcmp`; longer keys keep their bytes
//! past the 16th in an arena, compared only when the first 16 match. The
//! hash is a multiply-fold of those words (plus the tail, for long keys):
//! not flood-resistant, which is fine for ids read from the user's own
//! file (a crafted file can only slow down its own load). It replaced
//! `std`'s SipHash `HashMap<String, u32>`, whose hashing, probing and
//! `memcmp` were ~15 % of ingest in the profile (see BENCHMARKS.md).

/// An empty slot's index.
const EMPTY: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Slot {
    a: u64,
    b: u64,
    len: u32,
    /// The index, or [`EMPTY`].
    id: u32,
    /// Where the bytes past the 16th start in `tails` (long keys only).
    tail: u32,
}

const VACANT: Slot = Slot { a: 0, b: 0, len: 0, id: EMPTY, tail: 0 };

/// Id bytes → dense `u32` index.
#[derive(Debug, Clone)]
pub(crate) struct IdTable {
    slots: Vec<Slot>,
    /// 64 − log2(slots.len()): the hash's top bits pick the slot.
    shift: u32,
    len: usize,
    tails: Vec<u8>,
}

impl Default for IdTable {
    fn default() -> Self {
        IdTable { slots: vec![VACANT; 16], shift: 60, len: 0, tails: Vec::new() }
    }
}

fn word8(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

fn word4(b: &[u8]) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[..4]);
    u64::from(u32::from_le_bytes(w))
}

/// The two words that, with the length, identify a key of up to 16 bytes
/// (and the first 16 bytes of a longer one). Overlapping loads: for a
/// given length every byte lands in a fixed place, so equal words and
/// equal lengths mean equal bytes.
fn head(k: &[u8]) -> (u64, u64) {
    let n = k.len();
    match n {
        16.. => (word8(k), word8(&k[8..])),
        8..=15 => (word8(k), word8(&k[n - 8..])),
        4..=7 => (word4(k) | word4(&k[n - 4..]) << 32, 0),
        1..=3 => (u64::from(k[0]) | u64::from(k[n / 2]) << 8 | u64::from(k[n - 1]) << 16, 0),
        0 => (0, 0),
    }
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;

fn hash(a: u64, b: u64, k: &[u8]) -> u64 {
    let mut h = (a ^ k.len() as u64).wrapping_mul(K1) ^ b.wrapping_mul(K2).rotate_left(29);
    if k.len() > 16 {
        for c in k[16..].chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            h = (h.rotate_left(23) ^ u64::from_le_bytes(w)).wrapping_mul(K1);
        }
    }
    h ^ (h >> 32).wrapping_mul(K2)
}

impl IdTable {
    /// The index of `key`, if present.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<u32> {
        let (a, b) = head(key);
        let mask = self.slots.len() - 1;
        let mut i = (hash(a, b, key) >> self.shift) as usize;
        loop {
            let s = self.slots.get(i)?;
            if s.id == EMPTY {
                return None;
            }
            if s.a == a && s.b == b && s.len as usize == key.len() && self.tail_matches(s, key) {
                return Some(s.id);
            }
            i = (i + 1) & mask;
        }
    }

    fn tail_matches(&self, s: &Slot, key: &[u8]) -> bool {
        key.len() <= 16 || {
            let start = s.tail as usize;
            self.tails.get(start..start + key.len() - 16) == Some(&key[16..])
        }
    }

    /// Adds `key` with index `id`; a key already present keeps its index.
    /// Keys longer than `u32::MAX` bytes, or tails beyond 4 GiB in all,
    /// are refused with `false`.
    pub(crate) fn insert(&mut self, key: &[u8], id: u32) -> bool {
        if self.get(key).is_some() {
            return true;
        }
        let (Ok(len), Ok(tail)) = (u32::try_from(key.len()), u32::try_from(self.tails.len())) else {
            return false;
        };
        if key.len() > 16 {
            if tail.checked_add(len - 16).is_none() {
                return false;
            }
            self.tails.extend_from_slice(&key[16..]);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let (a, b) = head(key);
        self.place(Slot { a, b, len, id, tail }, key);
        self.len += 1;
        true
    }

    fn place(&mut self, slot: Slot, key: &[u8]) {
        let mask = self.slots.len() - 1;
        let mut i = (hash(slot.a, slot.b, key) >> self.shift) as usize;
        while self.slots[i].id != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    fn grow(&mut self) {
        let bigger = vec![VACANT; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        self.shift -= 1;
        let mut key = Vec::new();
        for s in old.into_iter().filter(|s| s.id != EMPTY) {
            key.clear();
            key.extend_from_slice(&self.key_bytes(&s));
            self.place(s, &key);
        }
    }

    /// The bytes of a stored key.
    fn key_bytes(&self, s: &Slot) -> Vec<u8> {
        let n = s.len as usize;
        let mut k = vec![0u8; n];
        match n {
            16.. => {
                k[..8].copy_from_slice(&s.a.to_le_bytes());
                k[8..16].copy_from_slice(&s.b.to_le_bytes());
                let start = s.tail as usize;
                k[16..].copy_from_slice(self.tails.get(start..start + n - 16).unwrap_or_default());
            }
            8..=15 => {
                k[n - 8..].copy_from_slice(&s.b.to_le_bytes());
                k[..8].copy_from_slice(&s.a.to_le_bytes());
            }
            4..=7 => {
                k[n - 4..].copy_from_slice(&((s.a >> 32) as u32).to_le_bytes());
                k[..4].copy_from_slice(&(s.a as u32).to_le_bytes());
            }
            1..=3 => {
                k[n - 1] = (s.a >> 16) as u8;
                k[n / 2] = (s.a >> 8) as u8;
                k[0] = s.a as u8;
            }
            0 => {}
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let keys: Vec<String> = (0..5000)
            .map(|i| match i % 5 {
                0 => format!("{i}"),
                1 => format!("k{i:05}"),
                2 => format!("city_{i:04}_x"),
                3 => format!("biomedicine_market_size_{i}"),
                _ => "x".repeat(i % 40),
            })
            .collect();
        let mut t = IdTable::default();
        let mut first = std::collections::HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            assert!(t.insert(k.as_bytes(), i as u32));
            first.entry(k.clone()).or_insert(i as u32);
        }
        for k in &keys {
            assert_eq!(t.get(k.as_bytes()), first.get(k).copied(), "{k:?}");
        }
        for miss in ["", "k", "biomedicine_market_size_", "city_0002_y", "xx_", "k000010"] {
            assert_eq!(t.get(miss.as_bytes()), first.get(miss).copied(), "{miss:?}");
        }
    }
}
