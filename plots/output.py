"""Writing output files whole or not at all, under names every filesystem accepts.

Each file is written to a temporary name in its own directory and renamed over the final
name only once complete, so a full disk or an interrupted run leaves either the previous
file or nothing, never a truncated chart or report. A failure is one OutputError naming
the final file and the reason.
"""

import os

import results

MAX_STEM_CHARS = 120  # + ".png" and the temporary prefix stay far below 255 bytes


class OutputError(Exception):
    """A file that could not be written; str() is one line naming it."""


def stem(text):
    """A bounded, file-name-safe stem for a chart (long names cut, kept unique by a hash)."""
    return results.slug(text, limit=MAX_STEM_CHARS)


def write_atomically(path, write):
    """Call write(temporary_path), then rename it to path; OutputError if anything fails."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None
    except BaseException:
        _remove(tmp)
        raise


def write_text(path, text):
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _remove(path):
    try:
        path.unlink()
    except OSError:
        pass  # never created, or the directory went away: nothing left behind either way
