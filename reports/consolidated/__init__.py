"""The consolidated report of a period: drafted from the units' reports (`drafting`, which
builds a `documents.document.PartyDocument`), edited section by section, issued with the next
number of the term, frozen as a PDF (`services.generate_consolidated_pdf`, a background task)
and downloaded by the people on its "Nơi nhận" list (`access`)."""
