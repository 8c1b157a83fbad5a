"""Outbound mail: the outbox, Jinja2 templates, digests, .ics files and delivery through yagmail."""
