"""corpus_lines: the lines of a corpus file of JSON Lines, read whole or through
zstd -dc when its name ends in .zst; for the Python steps of bench/run.sh (the
conversion for scriptindex and the SQLite FTS5 load), which read the same files."""
import io
import subprocess


def lines(path):
    if path.endswith(".zst"):
        p = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
        yield from io.TextIOWrapper(p.stdout, encoding="utf-8")
        p.wait()
    else:
        with open(path, encoding="utf-8") as f:
            yield from f
