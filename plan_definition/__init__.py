"""The plan as data: schema, YAML files, timeframes, working days. Imports no other dondoc package."""
