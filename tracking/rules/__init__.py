"""The rules a clerk could recite, as plain functions over values: no database near them.

- `periods`: which periods an item owes and when each is due;
- `period_names`: what a period's name says (once, 2026, 2026-06, 2026-Q3, 2026-H1, adhoc-1): its span and order;
- `states`: the six states of an obligation on a day;
- `ladder`: which stage of the escalation ladder an open obligation has reached;
- `recipients`: who receives each stage;
- `cadence`: on which day of each week chasing reaches an address;
- `dates`: a day as people write it.
"""
