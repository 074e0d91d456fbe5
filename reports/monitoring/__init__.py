"""Monitoring (theo dõi, đôn đốc): every figure (`stats`, the one source the pages, exports and
the consolidated report share), a period's dashboard and task x unit matrix, the trend across
periods (`charts`, SVG drawn on the server), exports, reminders (`reminders`: how they are chosen
and sent), the Standing Committee's summary and each user's home page (`home`)."""
