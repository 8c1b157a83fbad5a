"""The composition root (settings, engine, calendar, mail sender) and the use cases every edge shares."""
