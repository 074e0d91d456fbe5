"""Importing a directive from its .docx or text: the reader's result matched against the
registry (`plan.py`), reviewed by the Department (`views.py`) and saved as a draft in one
transaction (`services.py`)."""
