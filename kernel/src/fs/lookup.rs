//! Path lookup, as Linux's namei does it on a file system with no mounts:
//! absolute paths start at the root, relative ones at a directory (the
//! working directory, or an `*at` call's descriptor); empty components
//! and `.` are skipped, `..` goes up (and stays at the root); symbolic
//! links are followed in the middle of a path always and at its end when
//! asked, at most [`MAXSYMLINKS`] in one lookup (`ELOOP`). A component
//! longer than `NAME_MAX` is `ENAMETOOLONG`; one under something that is
//! not a directory, or a trailing slash after one, is `ENOTDIR`. Search
//! permission is not checked: every task runs as root, which may search
//! any directory.

use alloc::vec::Vec;

use linux_abi::errno::{ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR};
use linux_abi::fs::{MAXSYMLINKS, NAME_MAX};

use super::inode::{Fs, Ino, Kind, ROOT};

/// What a lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The path names this inode.
    Node(Ino),
    /// Everything but the last component exists, and `parent` has no
    /// entry `name` (what `O_CREAT` would create).
    Missing {
        /// The directory the name would be in.
        parent: Ino,
        /// The missing name.
        name: Vec<u8>,
        /// The path ended in a slash: only a directory could be made.
        dir_only: bool,
    },
}

/// Looks `path` up starting at directory `start`. `follow` says whether a
/// symbolic link at the end is followed (a trailing slash follows it
/// anyway, as on Linux).
pub fn lookup(fs: &Fs, start: Ino, path: &[u8], follow: bool) -> Result<Found, i64> {
    if path.is_empty() {
        return Err(ENOENT);
    }
    let mut links = 0u32;
    let mut cur = if path[0] == b'/' { ROOT } else { start };
    // What is left to walk, as components in reverse order (the next one
    // last), so that a link's target is spliced in by pushing.
    let mut todo: Vec<Vec<u8>> = Vec::new();
    let mut must_be_dir = push_components(&mut todo, path);
    while let Some(name) = todo.pop() {
        if name.len() > NAME_MAX {
            return Err(ENAMETOOLONG);
        }
        if !fs.node(cur).is_dir() {
            return Err(ENOTDIR);
        }
        let last = todo.is_empty();
        let next = match name.as_slice() {
            b"." => cur,
            b".." => fs.parent(cur),
            _ => match fs.child(cur, &name) {
                Some(i) => i,
                None if last => {
                    return Ok(Found::Missing {
                        parent: cur,
                        name,
                        dir_only: must_be_dir,
                    })
                }
                None => return Err(ENOENT),
            },
        };
        if let Kind::Symlink(target) = &fs.node(next).kind {
            if !last || follow || must_be_dir {
                links += 1;
                if links > MAXSYMLINKS {
                    return Err(ELOOP);
                }
                if target.is_empty() {
                    return Err(ENOENT);
                }
                if target[0] == b'/' {
                    cur = ROOT;
                }
                // The target's own trailing slash counts only if the link
                // was the last component.
                let slash = push_components(&mut todo, target);
                if last {
                    must_be_dir |= slash;
                }
                if todo.is_empty() {
                    // A target of only slashes: the root.
                    return finish(fs, cur, must_be_dir);
                }
                continue;
            }
        }
        cur = next;
    }
    finish(fs, cur, must_be_dir)
}

fn finish(fs: &Fs, ino: Ino, must_be_dir: bool) -> Result<Found, i64> {
    if must_be_dir && !fs.node(ino).is_dir() {
        return Err(ENOTDIR);
    }
    Ok(Found::Node(ino))
}

/// Pushes `path`'s non-empty components in reverse order; returns whether
/// it ends in a slash (or in `.`/`..`, which name directories).
fn push_components(todo: &mut Vec<Vec<u8>>, path: &[u8]) -> bool {
    let at = todo.len();
    for c in path.split(|&b| b == b'/').filter(|c| !c.is_empty()) {
        todo.insert(at, c.to_vec());
    }
    path.ends_with(b"/")
}

/// Looks `path` up and requires that it exists.
pub fn lookup_existing(fs: &Fs, start: Ino, path: &[u8], follow: bool) -> Result<Ino, i64> {
    match lookup(fs, start, path, follow)? {
        Found::Node(i) => Ok(i),
        Found::Missing { .. } => Err(ENOENT),
    }
}
