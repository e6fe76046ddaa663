//! Writing a large output file past the page cache.
//!
//! A million-event study writes gigabytes of CSV. Written the usual way, every byte is first
//! copied into pages of the system's file cache, which the system must find, clear and
//! (on a virtual machine) often have backed by the host first: on a 2-core machine that
//! cost more time than making the text. [`DirectWriter`] sends whole aligned blocks straight
//! to the disk (`O_DIRECT` on Linux) from one reused buffer, and the last partial block the
//! usual way. Where the file system refuses direct writes (tmpfs, some network file
//! systems) or the system is not Linux, it writes through the page cache as before: the
//! bytes are the same either way.

use std::fs::File;
use std::io::{self, Write};

/// Alignment of direct writes: buffer address, file offset and length (4096 covers every
/// common logical block size).
const ALIGN: usize = 4096;

/// Bytes sent per write.
const BLOCK: usize = 4 << 20;

/// A buffered writer of a new file (written from its start) that bypasses the page cache
/// where it can. Call [`finish`](Self::finish): dropping it unfinished loses the buffered
/// tail.
pub struct DirectWriter<'a> {
    file: &'a mut File,
    /// `BLOCK + ALIGN` bytes, of which `start..start + BLOCK` is aligned.
    buf: Vec<u8>,
    start: usize,
    len: usize,
    /// Bytes written to the file so far.
    offset: u64,
    direct: bool,
}

impl<'a> DirectWriter<'a> {
    /// A writer of `file`, direct when it is an empty regular file on a file system that
    /// accepts it; anything else (a pipe, `/dev/stdout`) is written in order the usual way.
    pub fn new(file: &'a mut File) -> DirectWriter<'a> {
        Self::with_direct(file, true)
    }

    /// A writer that tries direct writes only when `try_direct`.
    fn with_direct(file: &'a mut File, try_direct: bool) -> DirectWriter<'a> {
        let buf = vec![0u8; BLOCK + ALIGN];
        let start = buf.as_ptr().align_offset(ALIGN);
        let empty_file = file.metadata().is_ok_and(|m| m.is_file() && m.len() == 0);
        let direct = try_direct && empty_file && set_direct(file, true);
        DirectWriter {
            file,
            buf,
            start,
            len: 0,
            offset: 0,
            direct,
        }
    }

    /// Whether whole blocks go past the page cache.
    pub fn is_direct(&self) -> bool {
        self.direct
    }

    /// Writes what is buffered: whole aligned blocks directly, then the rest the usual way.
    ///
    /// # Errors
    /// I/O failure.
    pub fn finish(mut self) -> io::Result<()> {
        let whole = self.len / ALIGN * ALIGN;
        self.write_out(whole)?;
        if self.direct && self.len > 0 {
            self.direct = !set_direct(self.file, false);
        }
        let n = self.len;
        self.write_out(n)
    }

    /// Writes the first `n` buffered bytes (a multiple of [`ALIGN`] when direct) at the
    /// file's end so far and moves the rest to the front.
    fn write_out(&mut self, n: usize) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        let s = self.start;
        let mut done = 0;
        if !self.direct && self.offset == 0 {
            // Never direct: plain writes in order (a pipe has no offsets).
            self.file.write_all(&self.buf[s..s + n])?;
            done = n;
        }
        while done < n {
            match self.file.write_at(&self.buf[s + done..s + n], self.offset) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(k) => {
                    done += k;
                    self.offset += k as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Blocks larger than ALIGN, or a short direct write that left the offset
                // unaligned: the usual way from here on.
                Err(e) if self.direct && e.raw_os_error() == Some(libc::EINVAL) => {
                    if !set_direct(self.file, false) {
                        return Err(e);
                    }
                    self.direct = false;
                }
                Err(e) => return Err(e),
            }
        }
        self.buf.copy_within(s + n..s + self.len, s);
        self.len -= n;
        Ok(())
    }
}

impl Write for DirectWriter<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.len == BLOCK {
            self.write_out(BLOCK)?;
        }
        let n = data.len().min(BLOCK - self.len);
        let at = self.start + self.len;
        self.buf[at..at + n].copy_from_slice(&data[..n]);
        self.len += n;
        Ok(n)
    }

    /// Buffered bytes stay until a block is full or [`finish`](DirectWriter::finish).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Turns direct writes on or off; whether the file is now in the asked mode.
#[cfg(target_os = "linux")]
fn set_direct(file: &File, on: bool) -> bool {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: F_GETFL/F_SETFL on a descriptor the File owns; no memory is passed.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 {
            return !on;
        }
        let want = if on {
            flags | libc::O_DIRECT
        } else {
            flags & !libc::O_DIRECT
        };
        libc::fcntl(fd, libc::F_SETFL, want) == 0
    }
}

#[cfg(not(target_os = "linux"))]
fn set_direct(_file: &File, on: bool) -> bool {
    !on
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn bytes(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 4096) as u8).collect()
    }

    /// Writes `data` in pieces of `piece` bytes (directly where it can when `direct`) and
    /// reads the file back.
    fn round_trip(
        dir: &std::path::Path,
        data: &[u8],
        piece: usize,
        direct: bool,
    ) -> (Vec<u8>, bool) {
        let path = dir.join(format!("f{}-{piece}-{direct}", data.len()));
        let mut f = File::create(&path).unwrap();
        let mut w = DirectWriter::with_direct(&mut f, direct);
        let direct = w.is_direct();
        for c in data.chunks(piece.max(1)) {
            w.write_all(c).unwrap();
        }
        w.finish().unwrap();
        drop(f);
        let mut back = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut back).unwrap();
        (back, direct)
    }

    #[test]
    fn every_length_comes_back_whole() {
        // A folder on the disk (the build folder's file system), where direct writes work
        // on Linux, and the system's temporary folder (tmpfs on some machines).
        let here = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let mut directs = Vec::new();
        for dir in [here.path(), tmp.path()] {
            for n in [
                0,
                1,
                ALIGN - 1,
                ALIGN,
                ALIGN + 1,
                BLOCK - 1,
                BLOCK,
                BLOCK + 1,
                3 * BLOCK + 12_345,
            ] {
                let data = bytes(n);
                for piece in [1_000, 65_536, BLOCK + 7] {
                    if n > 100_000 && piece == 1_000 {
                        continue;
                    }
                    for try_direct in [true, false] {
                        let (back, direct) = round_trip(dir, &data, piece, try_direct);
                        assert_eq!(back.len(), n, "length {n}, pieces of {piece}");
                        assert!(back == data, "bytes of length {n}, pieces of {piece}");
                        assert!(try_direct || !direct);
                        directs.push(direct);
                    }
                }
            }
        }
        #[cfg(target_os = "linux")]
        assert!(
            directs.iter().any(|&d| d),
            "no file system here took direct writes"
        );
    }

    /// A file that is not an empty regular file (here a character device) is written in
    /// order the usual way.
    #[test]
    fn a_device_is_written_through() {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/null")
            .unwrap();
        let mut w = DirectWriter::new(&mut f);
        assert!(!w.is_direct());
        w.write_all(&bytes(3 * BLOCK + 5)).unwrap();
        w.finish().unwrap();
    }
}
