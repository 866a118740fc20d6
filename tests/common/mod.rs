//! Helpers shared by the integration tests.

/// Hands out the bytes `chunk` at a time, like a pipe or a decoder.
pub struct Trickle<'a> {
    /// The bytes not handed out yet.
    pub rest: &'a [u8],
    /// The most bytes one read hands out.
    pub chunk: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.rest.len()).min(self.chunk);
        buf[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
    }
}
