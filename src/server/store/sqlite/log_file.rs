//! The write-ahead log's file, written once per commit.
//!
//! SQLite writes a commit to its log one page at a time: a 24-byte frame header, then the page,
//! two system calls per page. A chat message dirties three or four pages, so a batch of a
//! hundred messages made some 700 small writes, each paying the file system's per-call cost
//! (about 4 µs here, unaligned) for a few kilobytes: measured on this machine, 280 pages written
//! so took 2.4 ms, written as one 580 KiB write 0.04 ms. That was half the writer thread's time.
//!
//! So connections that write open their files through a thin layer over SQLite's own (`unix`)
//! one, named [`NAME`]. For the log file only, it gathers writes that follow one another into
//! one buffer and hands them on in a single write before anything that needs them on disk or
//! reads them back: a sync, a read, a truncation, a size query, closing, or a write elsewhere
//! in the file. Every other file, and every other operation, goes straight to SQLite's own.
//!
//! Durability is untouched: SQLite syncs the log before a commit counts (`synchronous=FULL`),
//! and the sync writes the buffer first. Other connections read the log only up to the last
//! commit they were told of, which was synced, so written, before they could be told. A crash
//! with the buffer unwritten is a crash before those writes: the commit had not returned.

use std::cell::Cell;
use std::ffi::{CStr, c_int, c_void};
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};

use rusqlite::ffi;

/// The name connections give to open their files through this layer.
pub const NAME: &CStr = c"chatdesk-log";

/// A buffer this long is written out at once, whatever follows (a transaction too big for
/// the page cache spills pages to the log before its commit).
const WRITE_AT: usize = 4 << 20;

/// The most handed to SQLite's own layer in one call: 31 pages of 4 KiB, under its limit of
/// 128 KiB − 1 bytes per write.
const CHUNK: usize = 31 * 4096;

/// SQLite's own file layer, which this one passes everything to.
static BENEATH: AtomicPtr<ffi::sqlite3_vfs> = AtomicPtr::new(std::ptr::null_mut());
static REGISTER: Once = Once::new();

thread_local! {
    /// Writes handed to the log files on this thread: what the tests count.
    static WRITES: Cell<u64> = const { Cell::new(0) };
}

/// A log file: SQLite's own file, and the writes gathered for it.
#[repr(C)]
struct LogFile {
    /// What SQLite sees: must come first.
    base: ffi::sqlite3_file,
    beneath: *mut ffi::sqlite3_file,
    pending: Vec<u8>,
    pending_at: i64,
}

/// Where SQLite's own file starts inside the memory SQLite gives a log file.
const BENEATH_AT: usize = std::mem::size_of::<LogFile>().next_multiple_of(16);

/// Makes [`NAME`] known to SQLite (once per process). Fails only when SQLite has no file
/// layer of its own, which a build for this platform always has.
pub fn register() -> anyhow::Result<&'static CStr> {
    REGISTER.call_once(|| {
        // SAFETY: asking SQLite for its default file layer; it lives as long as the process.
        let beneath = unsafe { ffi::sqlite3_vfs_find(std::ptr::null()) };
        if beneath.is_null() {
            return;
        }
        // SAFETY: `beneath` is SQLite's own layer, valid for the process; the copy keeps its
        // data and functions (they never look at which layer called them, beyond its data),
        // with this layer's name, file size and `open`.
        let mut layer = unsafe { *beneath };
        let own = usize::try_from(layer.szOsFile).unwrap_or(0);
        layer.szOsFile = c_int::try_from(BENEATH_AT + own).unwrap_or(c_int::MAX);
        layer.zName = NAME.as_ptr();
        layer.pNext = std::ptr::null_mut();
        layer.xOpen = Some(open);
        BENEATH.store(beneath, Ordering::Release);
        let layer = Box::leak(Box::new(layer));
        // SAFETY: the layer is leaked, so it outlives every connection that uses it.
        let rc = unsafe { ffi::sqlite3_vfs_register(layer, 0) };
        if rc != ffi::SQLITE_OK {
            BENEATH.store(std::ptr::null_mut(), Ordering::Release);
        }
    });
    if BENEATH.load(Ordering::Acquire).is_null() {
        anyhow::bail!("SQLite has no file layer to write the database through");
    }
    Ok(NAME)
}

/// How many writes the log files opened on this thread have handed on so far.
#[cfg(test)]
pub fn writes_on_this_thread() -> u64 {
    WRITES.with(Cell::get)
}

unsafe extern "C" fn open(
    _layer: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let beneath = BENEATH.load(Ordering::Acquire);
    // SAFETY: registered only once `beneath` is set; SQLite's own layer always has `open`.
    let Some(open_beneath) = (unsafe { (*beneath).xOpen }) else {
        return ffi::SQLITE_ERROR;
    };
    if flags & ffi::SQLITE_OPEN_WAL == 0 {
        // Any other file is SQLite's own, opened in place: the memory is big enough for it.
        // SAFETY: as SQLite would call its own layer.
        return unsafe { open_beneath(beneath, name, file, flags, out_flags) };
    }
    // SAFETY: SQLite gives `szOsFile` bytes, aligned for any file; SQLite's own file goes
    // after this layer's fields.
    unsafe {
        let own = file
            .cast::<u8>()
            .add(BENEATH_AT)
            .cast::<ffi::sqlite3_file>();
        (*file).pMethods = std::ptr::null();
        let rc = open_beneath(beneath, name, own, flags, out_flags);
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        let log = file.cast::<LogFile>();
        std::ptr::addr_of_mut!((*log).beneath).write(own);
        std::ptr::addr_of_mut!((*log).pending).write(Vec::new());
        std::ptr::addr_of_mut!((*log).pending_at).write(0);
        (*file).pMethods = &LOG_METHODS;
    }
    ffi::SQLITE_OK
}

static LOG_METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    // Version 1: a log file is never mapped into memory or shared; the database file is.
    iVersion: 1,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: None,
    xShmLock: None,
    xShmBarrier: None,
    xShmUnmap: None,
    xFetch: None,
    xUnfetch: None,
};

/// The log file behind `file`, and SQLite's own functions for it.
///
/// # Safety
/// `file` must have been opened by [`open`] as a log file and not closed yet.
unsafe fn parts<'a>(
    file: *mut ffi::sqlite3_file,
) -> (&'a mut LogFile, &'a ffi::sqlite3_io_methods) {
    // SAFETY: per this function's contract.
    unsafe {
        let log = &mut *file.cast::<LogFile>();
        let methods = &*(*log.beneath).pMethods;
        (log, methods)
    }
}

/// Hands the gathered writes on at once: one write per [`CHUNK`] (SQLite's own layer writes at
/// most 128 KiB − 1 bytes per call). The buffer is emptied even when that fails: SQLite then
/// writes those pages again.
fn write_pending(log: &mut LogFile, methods: &ffi::sqlite3_io_methods) -> c_int {
    if log.pending.is_empty() {
        return ffi::SQLITE_OK;
    }
    let Some(write) = methods.xWrite else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    let mut rc = ffi::SQLITE_OK;
    let mut at = log.pending_at;
    for chunk in log.pending.chunks(CHUNK) {
        // SAFETY: the chunk is `len` bytes; SQLite's own file is open.
        rc = unsafe { write(log.beneath, chunk.as_ptr().cast(), chunk.len() as c_int, at) };
        if rc != ffi::SQLITE_OK {
            break;
        }
        at += chunk.len() as i64;
    }
    log.pending.clear();
    WRITES.with(|w| w.set(w.get() + 1));
    rc
}

/// Writes what is gathered, then runs `then` on SQLite's own file.
///
/// # Safety
/// As for [`parts`].
unsafe fn after_pending(
    file: *mut ffi::sqlite3_file,
    then: impl FnOnce(*mut ffi::sqlite3_file, &ffi::sqlite3_io_methods) -> c_int,
) -> c_int {
    // SAFETY: per this function's contract.
    let (log, methods) = unsafe { parts(file) };
    let rc = write_pending(log, methods);
    if rc != ffi::SQLITE_OK {
        return rc;
    }
    then(log.beneath, methods)
}

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite closes a file it opened through this layer, once.
    let (log, methods) = unsafe { parts(file) };
    let written = write_pending(log, methods);
    let pending = std::mem::take(&mut log.pending);
    drop(pending);
    // SAFETY: SQLite's own file is open; closing it is the last use.
    let closed = match methods.xClose {
        Some(close) => unsafe { close(log.beneath) },
        None => ffi::SQLITE_OK,
    };
    if written != ffi::SQLITE_OK {
        written
    } else {
        closed
    }
}

unsafe extern "C" fn read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: SQLite passes its open file and a buffer of `amount` bytes.
    unsafe {
        after_pending(file, |own, m| match m.xRead {
            Some(read) => read(own, buf, amount, offset),
            None => ffi::SQLITE_IOERR_READ,
        })
    }
}

unsafe extern "C" fn write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: SQLite passes its open file and `amount` bytes to write.
    let (log, methods) = unsafe { parts(file) };
    let follows = log.pending_at + log.pending.len() as i64 == offset;
    if !log.pending.is_empty() && !follows {
        let rc = write_pending(log, methods);
        if rc != ffi::SQLITE_OK {
            return rc;
        }
    }
    if log.pending.is_empty() {
        log.pending_at = offset;
    }
    let amount = usize::try_from(amount).unwrap_or(0);
    // SAFETY: SQLite's buffer holds `amount` bytes for the length of this call.
    let bytes = unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), amount) };
    log.pending.extend_from_slice(bytes);
    if log.pending.len() >= WRITE_AT {
        return write_pending(log, methods);
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn truncate(file: *mut ffi::sqlite3_file, size: ffi::sqlite3_int64) -> c_int {
    // SAFETY: SQLite passes its open file.
    unsafe {
        after_pending(file, |own, m| match m.xTruncate {
            Some(truncate) => truncate(own, size),
            None => ffi::SQLITE_IOERR_TRUNCATE,
        })
    }
}

unsafe extern "C" fn sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    // SAFETY: SQLite passes its open file.
    unsafe {
        after_pending(file, |own, m| match m.xSync {
            Some(sync) => sync(own, flags),
            None => ffi::SQLITE_IOERR_FSYNC,
        })
    }
}

unsafe extern "C" fn file_size(
    file: *mut ffi::sqlite3_file,
    size: *mut ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: SQLite passes its open file and where to put the size.
    unsafe {
        after_pending(file, |own, m| match m.xFileSize {
            Some(file_size) => file_size(own, size),
            None => ffi::SQLITE_IOERR_FSTAT,
        })
    }
}

unsafe extern "C" fn lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    // SAFETY: SQLite passes its open file.
    let (log, m) = unsafe { parts(file) };
    m.xLock
        .map_or(ffi::SQLITE_OK, |lock| unsafe { lock(log.beneath, level) })
}

unsafe extern "C" fn unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    // SAFETY: SQLite passes its open file.
    let (log, m) = unsafe { parts(file) };
    m.xUnlock.map_or(ffi::SQLITE_OK, |unlock| unsafe {
        unlock(log.beneath, level)
    })
}

unsafe extern "C" fn check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    // SAFETY: SQLite passes its open file and where to put the answer.
    let (log, m) = unsafe { parts(file) };
    m.xCheckReservedLock
        .map_or(ffi::SQLITE_OK, |check| unsafe { check(log.beneath, out) })
}

unsafe extern "C" fn file_control(
    file: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: SQLite passes its open file and the argument `op` takes.
    let (log, m) = unsafe { parts(file) };
    m.xFileControl
        .map_or(ffi::SQLITE_NOTFOUND, |control| unsafe {
            control(log.beneath, op, arg)
        })
}

unsafe extern "C" fn sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite passes its open file.
    let (log, m) = unsafe { parts(file) };
    m.xSectorSize
        .map_or(4096, |size| unsafe { size(log.beneath) })
}

unsafe extern "C" fn device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite passes its open file.
    let (log, m) = unsafe { parts(file) };
    m.xDeviceCharacteristics
        .map_or(0, |characteristics| unsafe { characteristics(log.beneath) })
}

#[cfg(test)]
mod tests;
