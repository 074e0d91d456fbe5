"""A unit's report for a period: its task entries, evidence files (checked by content in
`evidence`), revisions and the word-level comparison between them (`diff`), and the review
workflow (draft -> submitted -> accepted, or returned). `queries` reads a report page in a fixed
number of queries; `demo` fills the demo's periods with reports in every state."""
