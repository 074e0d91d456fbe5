"""Reading a directive back from its .docx or its text: header, task tree, units as written,
deadlines, "Nơi nhận" and signature.

`read_text(str)` and `read_docx(bytes)` return a `ReadDocument`; both feed one line-by-line
parser (`structure.py`), so a pasted text and a Word file of the same directive read the same.
Bad input raises `ReadError`, whose message is Vietnamese and meant for the user. Which registry
unit a name means is not known here (this package imports no app): `units/matching.py` does that.
"""

from .docx import read_docx
from .model import Deadline, ReadDocument, ReadError, ReadTask
from .structure import read_text

__all__ = ["Deadline", "ReadDocument", "ReadError", "ReadTask", "read_docx", "read_text"]
