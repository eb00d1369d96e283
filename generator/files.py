"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from . import scratch

# Why a file could not be read or written, in the clerk's words (the system's message is English)
OS_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录", errno.EISDIR: "这是一个目录，不是文件", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读文件系统", errno.EEXIST: "已经存在", errno.ENAMETOOLONG: "文件名过长",
    errno.EADDRINUSE: "端口已被占用", errno.EADDRNOTAVAIL: "本机没有这个地址",
}


def os_reason(e: OSError) -> str:
    """The reason of an OSError in Chinese; the system's own words (and errno) when no translation is known."""
    return OS_REASONS.get(e.errno, e.strerror or type(e).__name__)


def write_atomically(path: Path, data: bytes, make_parents: bool = True) -> Path:
    """Write via a temporary file in the same folder, then rename it into place. The file keeps the
    mode it had, or gets the usual one for a new file (0666 less the umask; mkstemp's own is 0600)."""
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    # the temporary name says whose it is: after a kill, the next build removes it (scratch.sweep_files)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=scratch.temp_name(path.name))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user named (``-o FILE``, ``--report FILE``) as a shell redirection would: into
    a device or a FIFO (or a link to one), in place; a regular file (or a new one) is replaced in one
    step, through any symbolic link (the link stays a link). The folder must exist: a report into a
    folder that does not is a mistyped path, and nothing is created."""
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "是一个目录", str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as f:
            f.write(data)
        return
    write_atomically(Path(os.path.realpath(path)), data, make_parents=False)
