"""The published version's date and the git facts a build depends on."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .. import history
from ..model import Project


def version_date(root: Path, project: Project) -> dt.date:
    """The published version's date: settings, then SOURCE_DATE_EPOCH, then the last git commit."""
    if project.settings.version_date:
        return project.settings.version_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return git_date(root) or dt.date.today()


def _git_output(root: Path, *args: str) -> str:
    """What a git command prints in ``root``; empty when it fails or ``root`` is no git checkout."""
    try:
        return history.git(root, *args, timeout=10).decode()
    except history.HistoryError:
        return ""


def git_date(root: Path) -> dt.date | None:
    """Date of the last commit, when the project is a git checkout."""
    try:
        return dt.date.fromisoformat(_git_output(root, "log", "-1", "--format=%cs").strip())
    except ValueError:
        return None


def git_tags(root: Path) -> str:
    """The tags and what they point at: a new release tag changes the announcements page."""
    return _git_output(root, "show-ref", "--tags")
