"""`dondoc simulate`: replay the plan day by day with simulated agencies."""
