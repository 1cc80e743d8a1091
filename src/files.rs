//! Reading the files agsec loads whole (policies, `agsec.yaml`, skill files) so that loading
//! fails closed and never hangs: only a regular file is read (a link to one is followed; a
//! dangling link, a FIFO, a socket, a device or a directory is an error told before anything is
//! opened, so nothing blocks), and at most a size cap: a larger file is an error naming the cap,
//! never a silent cut. The file is checked again once open, so one swapped in meanwhile is
//! refused too (the remaining window, a FIFO swapped in between the check and the open, is
//! closed by opening without blocking on Unix).

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Largest policy file, in bytes.
pub(crate) const MAX_POLICY_BYTES: u64 = 4 * 1024 * 1024;

/// Largest settings file (`agsec.yaml`), in bytes.
pub(crate) const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// Largest agent settings file agsec edits or inspects (`.claude/settings.json`,
/// `.codex/hooks.json` …), in bytes.
pub(crate) const MAX_AGENT_SETTINGS_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Nothing at the path (not even a link).
    NotFound,
    /// A link whose target does not exist.
    DanglingLink,
    /// Not a regular file: what it is instead (`a FIFO`, `a directory` …).
    NotRegular(&'static str),
    /// Larger than the cap.
    TooLarge {
        /// The file's size in bytes.
        len: u64,
        /// The cap in bytes.
        max: u64,
    },
    /// Not UTF-8 text.
    NotUtf8,
    /// Any other error of the operating system.
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::DanglingLink => f.write_str("a symbolic link to nothing"),
            ReadError::NotRegular(kind) => write!(f, "{kind}, not a regular file"),
            ReadError::TooLarge { len, max } => {
                write!(f, "{len} bytes, over agsec's limit of {max} bytes")
            }
            ReadError::NotUtf8 => f.write_str("not UTF-8 text"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a file that is not regular is, for messages: `None` for a kind without a name here (the
/// caller words it). The one naming of file kinds for every loader (policies, audit store).
pub(crate) fn kind_name(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    None
}

/// What a file that is not regular is, for messages.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    kind_name(&meta.file_type()).unwrap_or("a special file")
}

/// Checks that the metadata is a regular file of at most `max` bytes.
fn check(meta: &std::fs::Metadata, max: u64) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(meta)));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            len: meta.len(),
            max,
        });
    }
    Ok(())
}

/// The UTF-8 text of the regular file at `path`, at most `max` bytes.
pub(crate) fn read_text(path: &Path, max: u64) -> Result<String, ReadError> {
    String::from_utf8(read_bytes(path, max)?).map_err(|_| ReadError::NotUtf8)
}

/// The regular file at `path` opened for reading, and its length: refused at once when it is not
/// a regular file (a FIFO, a device, a folder) or is over `max` bytes.
pub(crate) fn open_regular(path: &Path, max: u64) -> Result<(std::fs::File, u64), ReadError> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if path.symlink_metadata().is_ok() {
                ReadError::DanglingLink
            } else {
                ReadError::NotFound
            });
        }
        Err(e) => return Err(ReadError::Io(e)),
    };
    check(&meta, max)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO swapped in after the check returns at once.
        options.custom_flags(0o4000);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let opened = file.metadata().map_err(ReadError::Io)?;
    check(&opened, max)?;
    Ok((file, opened.len()))
}

/// The bytes of the regular file at `path`, at most `max`.
pub(crate) fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, max)?;
    // Sized from the opened file's length (a file that grew still reads to its end, up to the
    // cap): one read instead of a doubling series of small ones.
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(max)).map_or(0, |n| n + 1));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let len = bytes.len() as u64;
    if len > max {
        return Err(ReadError::TooLarge { len, max });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_small_regular_file_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.yaml");
        std::fs::write(&file, "a: 1\n").unwrap();
        assert_eq!(read_text(&file, 10).unwrap(), "a: 1\n");
        assert!(matches!(
            read_text(&file, 3),
            Err(ReadError::TooLarge { len: 5, max: 3 })
        ));
        assert!(matches!(
            read_text(&dir.path().join("none"), 10),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            read_text(dir.path(), 10),
            Err(ReadError::NotRegular("a directory"))
        ));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path().join("gone"), &link).unwrap();
            assert!(matches!(read_text(&link, 10), Err(ReadError::DanglingLink)));
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            assert!(made.unwrap().success());
            assert!(matches!(
                read_text(&fifo, 10),
                Err(ReadError::NotRegular("a FIFO"))
            ));
            assert!(matches!(
                read_text(Path::new("/dev/zero"), 10),
                Err(ReadError::NotRegular("a device"))
            ));
        }
        std::fs::write(&file, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&file, 10), Err(ReadError::NotUtf8)));
    }
}
