"""State: the database, obligations, submissions, status as of a date, escalation decisions."""
